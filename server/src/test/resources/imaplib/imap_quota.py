#!/usr/bin/env python3
"""RFC 9208 QUOTA driven by Python's imaplib (getquota, getquotaroot, setquota), printing one 'label value' line per step.

Usage: imap_quota.py HOST PORT USER PASSWORD PHASE [OTHER]
PHASE admin: a quota administrator sees QUOTASET and limits OTHER's account to one message by its address.
PHASE user: an ordinary account reads its quota root "", is refused APPEND over quota and SETQUOTA.
PHASE storage: the administrator replaces OTHER's limits with one KiB of storage (the message limit goes).
"""
import imaplib
import sys


def text(data):
    flat = []
    for d in data:
        if isinstance(d, list):
            flat.append(text(d))
        elif d is not None:
            flat.append(d.decode() if isinstance(d, bytes) else repr(d))
    return " | ".join(flat)


def attempt(label, call):
    try:
        typ, data = call()
        print(label, typ, text(data))
    except imaplib.IMAP4.error as e:
        print(label, str(e))


def main():
    host, port, user, password, phase = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5]
    other = sys.argv[6] if len(sys.argv) > 6 else None
    m = imaplib.IMAP4(host, port)
    print("capabilities", all(c in m.capabilities for c in ["QUOTA", "QUOTA=RES-STORAGE", "QUOTA=RES-MESSAGE"]),
          "QUOTASET" in m.capabilities)
    print("login", m.login(user, password)[0])
    print("quotaset", "QUOTASET" in m.capability()[1][0].decode().split())
    if phase == "admin":
        attempt("own-quota", lambda: m.getquota('""'))
        attempt("setquota", lambda: m.setquota(other, "(MESSAGE 1)"))
        attempt("getquota", lambda: m.getquota(other))
    elif phase == "user":
        attempt("getquotaroot", lambda: m.getquotaroot("INBOX"))
        attempt("getquota", lambda: m.getquota('""'))
        attempt("append", lambda: m.append("INBOX", None, None, b"Subject: one too many\r\n\r\nbody\r\n"))
        attempt("setquota", lambda: m.setquota('""', "(MESSAGE 100)"))
    elif phase == "storage":
        attempt("setquota", lambda: m.setquota(other, "(STORAGE 1)"))
    print("logout", m.logout()[0])


if __name__ == "__main__":
    main()
