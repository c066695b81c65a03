"""Logs in with Python's imaplib and poplib through SASL, for the server's end-to-end authentication test.

Usage: sasl_clients.py HOST IMAP_PORT POP3_PORT USER PASSWORD
imaplib has AUTHENTICATE but no SCRAM, and poplib has no AUTH at all, so SCRAM-SHA-256 (RFC 5802, RFC 7677) is
written out here from the RFC, on hashlib's PBKDF2, and POP3 AUTH (RFC 5034) is driven through poplib's command
helpers. Prints one line per result, "<step> <answer>", and exits 0.
"""
import base64
import hashlib
import hmac
import imaplib
import os
import poplib
import sys


class Scram:
    """The client side of SCRAM-SHA-256 without channel binding; ASCII passwords, where SASLprep changes nothing."""

    def __init__(self, user, password):
        self.user = user
        self.password = password.encode("utf-8")
        self.nonce = base64.b64encode(os.urandom(18)).decode("ascii")
        self.bare = "n=%s,r=%s" % (user.replace("=", "=3D").replace(",", "=2C"), self.nonce)
        self.server_signature = None

    def first(self):
        return ("n,," + self.bare).encode("utf-8")

    def final(self, server_first):
        server_first = server_first.decode("utf-8")
        fields = dict(f.split("=", 1) for f in server_first.split(","))
        if not fields["r"].startswith(self.nonce):
            raise ValueError("server nonce does not extend ours")
        salted = hashlib.pbkdf2_hmac("sha256", self.password, base64.b64decode(fields["s"]), int(fields["i"]))
        client_key = hmac.digest(salted, b"Client Key", "sha256")
        without_proof = "c=biws,r=" + fields["r"]
        auth_message = ",".join([self.bare, server_first, without_proof]).encode("utf-8")
        signature = hmac.digest(hashlib.sha256(client_key).digest(), auth_message, "sha256")
        proof = bytes(a ^ b for a, b in zip(client_key, signature))
        server_key = hmac.digest(salted, b"Server Key", "sha256")
        self.server_signature = b"v=" + base64.b64encode(hmac.digest(server_key, auth_message, "sha256"))
        return (without_proof + ",p=" + base64.b64encode(proof).decode("ascii")).encode("utf-8")

    def verify(self, server_final):
        if not hmac.compare_digest(server_final, self.server_signature):
            raise ValueError("the server did not prove it holds the ServerKey")
        return b""


def imap_scram(host, port, user, password):
    scram = Scram(user, password)
    steps = iter([lambda _: scram.first(), scram.final, scram.verify])
    imap = imaplib.IMAP4(host, port, timeout=20)
    try:
        typ, data = imap.authenticate("SCRAM-SHA-256", lambda challenge: next(steps)(challenge))
        typ, data = imap.select("INBOX")
        return "OK %s messages" % data[0].decode("ascii")
    except imaplib.IMAP4.error as e:
        return "error " + str(e)
    finally:
        imap.shutdown()


def pop3_auth(host, port, mechanism, user, password):
    pop = poplib.POP3(host, port, timeout=20)
    try:
        if mechanism == "PLAIN":
            ir = base64.b64encode(("\0%s\0%s" % (user, password)).encode("utf-8")).decode("ascii")
            pop._putcmd("AUTH PLAIN " + ir)
            answer = pop._getresp()
        elif mechanism == "LOGIN":
            pop._putcmd("AUTH LOGIN")
            for value in (user, password):
                challenge = pop._getresp()
                if not challenge.startswith(b"+ "):
                    raise ValueError(challenge)
                pop._putcmd(base64.b64encode(value.encode("utf-8")).decode("ascii"))
            answer = pop._getresp()
        else:
            scram = Scram(user, password)
            pop._putcmd("AUTH SCRAM-SHA-256 " + base64.b64encode(scram.first()).decode("ascii"))
            server_first = base64.b64decode(pop._getresp()[2:])
            pop._putcmd(base64.b64encode(scram.final(server_first)).decode("ascii"))
            scram.verify(base64.b64decode(pop._getresp()[2:]))
            pop._putcmd("")
            answer = pop._getresp()
        return "%s stat %d %d" % (answer.decode("ascii"), *pop.stat())
    except poplib.error_proto as e:
        return "error " + e.args[0].decode("ascii", "replace")
    finally:
        pop.close()


def main():
    host, imap_port, pop3_port, user, password = sys.argv[1:6]
    print("imap-scram", imap_scram(host, int(imap_port), user, password))
    print("imap-scram-wrong", imap_scram(host, int(imap_port), user, password + "x"))
    for mechanism in ("SCRAM-SHA-256", "PLAIN", "LOGIN"):
        print("pop3-" + mechanism.lower(), pop3_auth(host, int(pop3_port), mechanism, user, password))
    print("pop3-scram-wrong", pop3_auth(host, int(pop3_port), "SCRAM-SHA-256", user, password + "x"))


if __name__ == "__main__":
    main()
