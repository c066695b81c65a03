#!/usr/bin/env python3
"""One scripted IMAP session with Python's imaplib, printing one 'label value' line per step.

Usage: imap_session.py HOST PORT USER PASSWORD
Expects an INBOX holding three messages with subjects 'first', 'second', 'third' (in that order).
"""
import imaplib
import sys


def text(data):
    return " ".join(d.decode() if isinstance(d, bytes) else repr(d) for d in data)


def main():
    host, port, user, password = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
    m = imaplib.IMAP4(host, port)
    # imaplib upper-cases the capability names it keeps.
    print("capability", "IMAP4REV1" in m.capabilities, "IDLE" in m.capabilities, "MOVE" in m.capabilities)
    print("login", m.login(user, password)[0])
    typ, data = m.select("INBOX")
    print("select", typ, text(data))
    print("search-all", text(m.search(None, "ALL")[1]))
    print("search-subject", text(m.search(None, '(SUBJECT "SECOND")')[1]))
    typ, data = m.fetch("1", "(UID RFC822.SIZE)")
    print("fetch", typ, text(data))
    typ, data = m.fetch("2", "(BODY.PEEK[TEXT])")
    print("text", typ, repr(data[0][1]))
    typ, data = m.fetch("3", "(BODY.PEEK[HEADER.FIELDS (SUBJECT)])")
    print("header", typ, repr(data[0][1]))
    print("store", m.store("1", "+FLAGS", "(\\Flagged)")[0])
    print("search-flagged", text(m.search(None, "FLAGGED")[1]))
    print("search-unflagged", text(m.search(None, "UNFLAGGED")[1]))
    print("move", m.uid("MOVE", "3", "Archive")[0])
    print("search-after-move", text(m.search(None, "ALL")[1]))
    print("store-deleted", m.store("2", "+FLAGS.SILENT", "(\\Deleted)")[0])
    typ, data = m.expunge()
    print("expunge", typ, text(data))
    print("status", text(m.status("Archive", "(MESSAGES)")[1]))
    m.close()
    print("logout", m.logout()[0])


if __name__ == "__main__":
    main()
