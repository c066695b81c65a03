"""Drives one POP3 session with Python's poplib, for pop3d's end-to-end tests.

Usage: pop3_session.py HOST PORT USER PASSWORD OUTDIR STEP...
Steps: stat, list, uidl, retr-all (writes OUTDIR/<n>.eml as poplib hands the lines back, joined
with CRLF), top:N:LINES (writes OUTDIR/top-<n>.eml), dele:N, rset, quit, drop (close the socket
without QUIT). Prints one line per answer, "<step> <answer>", and exits 0.
"""
import os
import poplib
import sys


def main():
    host, port, user, password, outdir = sys.argv[1:6]
    steps = sys.argv[6:]
    pop = poplib.POP3(host, int(port), timeout=20)
    out("welcome", pop.getwelcome())
    out("capa", " ".join(sorted(pop.capa().keys())))
    pop.user(user)
    out("pass", pop.pass_(password))
    for step in steps:
        if step == "stat":
            out("stat", "%d %d" % pop.stat())
        elif step == "list":
            for line in pop.list()[1]:
                out("list", line)
        elif step == "uidl":
            for line in pop.uidl()[1]:
                out("uidl", line)
        elif step == "retr-all":
            count = pop.stat()[0]
            for n in range(1, count + 1):
                _, lines, _ = pop.retr(n)
                write(outdir, "%d.eml" % n, lines)
        elif step.startswith("top:"):
            _, n, count = step.split(":")
            _, lines, _ = pop.top(int(n), int(count))
            write(outdir, "top-%s.eml" % n, lines)
        elif step.startswith("dele:"):
            out("dele", pop.dele(int(step[5:])))
        elif step == "rset":
            out("rset", pop.rset())
        elif step == "quit":
            out("quit", pop.quit())
        elif step == "drop":
            pop.sock.close()
            out("drop", "closed")
        else:
            raise SystemExit("unknown step " + step)


def out(step, answer):
    if isinstance(answer, bytes):
        answer = answer.decode("ascii")
    print(step, answer, flush=True)


def write(outdir, name, lines):
    with open(os.path.join(outdir, name), "wb") as f:
        f.write(b"".join(line + b"\r\n" for line in lines))


if __name__ == "__main__":
    main()
