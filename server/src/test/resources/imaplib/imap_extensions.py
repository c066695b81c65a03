#!/usr/bin/env python3
"""The IMAP extensions of issue 9 driven by Python's imaplib, printing one 'label value' line per step.

Usage: imap_extensions.py HOST PORT USER PASSWORD
Expects an INBOX holding two messages, delivered just before the run (so they are younger than an hour).
imaplib knows none of these extensions by name: plain commands go through imaplib's own methods where it has
one, and UNAUTHENTICATE is added to its command table, as a client library would; MULTIAPPEND puts all but the
last message into the arguments as LITERAL+ literals.
"""
import imaplib
import re
import sys

imaplib.Commands.setdefault("UNAUTHENTICATE", ("AUTH", "SELECTED"))


def text(data):
    return " ".join(d.decode() if isinstance(d, bytes) else repr(d) for d in data if d is not None)


def ids(data, name):
    return re.findall(name + r" \(([A-Za-z0-9_-]+)\)", text(data))


def condstore(m):
    """RFC 7162 CONDSTORE while INBOX is selected: MODSEQ values vary, so the lines compare them."""
    # STATUS HIGHESTMODSEQ enables CONDSTORE (ENABLE is for the authenticated state), so the selected mailbox's
    # HIGHESTMODSEQ arrives at once as a response code
    typ, data = m.status("INBOX", "(HIGHESTMODSEQ)")
    highest = int(re.search(r"HIGHESTMODSEQ (\d+)", text(data)).group(1))
    announced = int(m.response("HIGHESTMODSEQ")[1][0])
    print("highestmodseq", typ, announced == highest)
    typ, data = m._simple_command("UID", "STORE", "1", "(UNCHANGEDSINCE %d)" % highest, "+FLAGS", "(\\Flagged)")
    changed = [int(n) for n in re.findall(r"MODSEQ \((\d+)\)", text(m.response("FETCH")[1]))]
    print("store-unchangedsince", typ, text(data), changed == [highest + 1])
    typ, data = m._simple_command("UID", "STORE", "1:2", "(UNCHANGEDSINCE %d)" % highest, "-FLAGS.SILENT", "(\\Flagged)")
    print("store-modified", typ, text(data))
    typ, data = m.uid("FETCH", "1:*", "(FLAGS)", "(CHANGEDSINCE %d)" % highest)
    print("changedsince", typ, re.sub(r"MODSEQ \(\d+\)", "MODSEQ (m)", text(data)))
    typ, data = m.search(None, "MODSEQ", str(highest + 1))
    print("search-modseq", typ, text(data) == "1 (MODSEQ %d)" % (highest + 1))
    return int(m.response("UIDVALIDITY")[1][0]), highest


def qresync(m, uidvalidity, modseq):
    """RFC 7162 QRESYNC on a fresh login: resync to a MODSEQ seen before, then an expunge reported as VANISHED."""
    typ, data = m.enable("QRESYNC")
    print("enable-qresync", typ, text(m.response("ENABLED")[1]))
    typ, data = m._simple_command("SELECT", "INBOX", "(QRESYNC (%d %d))" % (uidvalidity, modseq))
    m.state = "SELECTED"
    print("select-qresync", typ, re.sub(r"MODSEQ \(\d+\)", "MODSEQ (m)", text(m.response("FETCH")[1])))
    m.store("2", "+FLAGS.SILENT", "(\\Deleted)")
    typ, data = m.expunge()
    print("vanished", typ, text(m.response("VANISHED")[1]))


def main():
    host, port, user, password = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
    m = imaplib.IMAP4(host, port)
    wanted = ["WITHIN", "SAVEDATE", "OBJECTID", "LIST-STATUS", "STATUS=SIZE", "UNAUTHENTICATE", "CREATE-SPECIAL-USE",
              "ESEARCH", "SEARCHRES", "CONDSTORE", "QRESYNC", "MULTIAPPEND", "BINARY", "SORT", "SORT=DISPLAY",
              "THREAD=ORDEREDSUBJECT", "THREAD=REFERENCES"]
    print("capabilities", all(c in m.capabilities for c in wanted),
          any(c.startswith("APPENDLIMIT=") for c in m.capabilities))
    print("login", m.login(user, password)[0])
    typ, data = m.select("INBOX")
    print("select", typ, text(data))
    print("younger", text(m.search(None, "YOUNGER", "3600")[1]))
    print("older", text(m.search(None, "OLDER", "3600")[1]))
    print("savedsince", text(m.search(None, "SAVEDSINCE", "1-Jan-2000")[1]))
    print("savedbefore", text(m.search(None, "SAVEDBEFORE", "1-Jan-2000")[1]))
    typ, data = m.fetch("1:2", "(SAVEDATE)")
    print("savedate", typ, len(re.findall(r'SAVEDATE "[ 0-9]\d-\w{3}-\d{4} \d\d:\d\d:\d\d [+-]\d{4}"', text(data))))
    typ, data = m.fetch("1:2", "(EMAILID THREADID)")
    emailids = ids(data, "EMAILID")
    print("emailid", typ, len(emailids), len(set(emailids)), "THREADID NIL" in text(data))
    print("search-emailid", text(m.search(None, "EMAILID", emailids[1])[1]))
    typ, data = m.fetch("1", "(BINARY.SIZE[1] BINARY.PEEK[1])")
    size = int(re.search(rb"BINARY\.SIZE\[1\] (\d+)", data[0][0]).group(1))
    print("binary", typ, size > 0 and size == len(data[0][1]))
    typ, data = m.status("INBOX", "(MESSAGES SIZE MAILBOXID APPENDLIMIT)")
    inbox_id = ids(data, "MAILBOXID")
    sizes = sum(int(n) for n in re.findall(r"RFC822.SIZE (\d+)", text(m.fetch("1:2", "(RFC822.SIZE)")[1])))
    status = re.sub(r"\(F[0-9a-f]+\)", "(id)", text(data)).replace("SIZE %d " % sizes, "SIZE (sum of RFC822.SIZE) ")
    print("status", typ, status)
    typ, data = m.list('""', "INBOX RETURN (STATUS (MESSAGES MAILBOXID))")
    print("list-status", typ, ids(m.response("STATUS")[1], "MAILBOXID") == inbox_id)
    typ, data = m.uid("SEARCH", "RETURN", "(MIN MAX COUNT)", "ALL")
    print("esearch", typ, re.sub(r'\(TAG "[^"]+"\)', "(TAG t)", text(m.response("ESEARCH")[1])))
    typ, data = m.search(None, "RETURN", "(SAVE)", "YOUNGER", "3600")
    print("searchres", typ, text(m.fetch("$", "(UID)")[1]))
    print("sort", *m.sort("(REVERSE FROM)", "UTF-8", "ALL"))
    typ, data = m.uid("SORT", "(DISPLAYFROM)", "UTF-8", "$")
    print("uid-sort", typ, text(data))
    typ, data = m.thread("REFERENCES", "UTF-8", "ALL")
    print("thread", typ, text(data))
    typ, data = m.uid("THREAD", "ORDEREDSUBJECT", "US-ASCII", "SUBJECT", "second")
    print("uid-thread", typ, text(data))
    uidvalidity, modseq = condstore(m)
    print("delete-drafts", m.delete("Drafts")[0])
    typ, data = m.create("MyDrafts (USE (\\Drafts))")
    print("create-special-use", typ, bool(re.match(r"\[MAILBOXID \(F[0-9a-f]{24}\)\]", text(data))))
    typ, data = m.create("Outbox (USE (\\Sent))")
    print("create-taken", typ, text(data))
    typ, data = m.list('(SPECIAL-USE) ""', '"My*"')
    print("list-special-use", typ, text(data))
    # MULTIAPPEND: imaplib sends one literal per command, so the first message goes as a LITERAL+ literal among the
    # arguments and the last as imaplib's own literal
    two = "Subject: two\r\n\r\ntwo\r\n"
    m.literal = b"Subject: three\r\n\r\nthree\r\n"
    typ, data = m._simple_command("APPEND", "MyDrafts", "(\\Seen) {%d+}\r\n%s" % (len(two), two), "(\\Draft)")
    print("multiappend", typ, re.sub(r"APPENDUID \d+", "APPENDUID v", text(data)))
    print("multiappend-status", text(m.status("MyDrafts", "(MESSAGES)")[1]))
    typ, data = m._simple_command("UNAUTHENTICATE")
    print("unauthenticate", typ)
    # imaplib keeps its own idea of the state; pretend to be still logged in to see the server refuse
    m.state = "AUTH"
    try:
        m.status("INBOX", "(MESSAGES)")
        print("status-after", "answered")
    except imaplib.IMAP4.error as e:
        print("status-after", str(e))
    m.state = "NONAUTH"
    print("login-again", m.login(user, password)[0])
    qresync(m, uidvalidity, modseq)
    print("logout", m.logout()[0])


if __name__ == "__main__":
    main()
