"""Python's own TLS clients against mailstore serve: imaplib STARTTLS and IMAP4_SSL, poplib STLS and POP3_SSL.

Arguments: host imap-port imaps-port pop3-port pop3s-port cafile user password. Prints one line per step;
the Java test compares them exactly. The CA file is the server's self-signed certificate, so the
certificate and host name are verified as a careful client would.
"""
import imaplib
import poplib
import ssl
import sys

host, imap, imaps, pop3, pop3s, cafile, user, password = sys.argv[1:9]
ctx = ssl.create_default_context(cafile=cafile)

m = imaplib.IMAP4(host, int(imap))
print("imap capabilities", " ".join(sorted(m.capabilities)))
try:
    m.login(user, password)
    print("imap login before tls: accepted")
except imaplib.IMAP4.error as e:
    print("imap login before tls:", e)
m.starttls(ssl_context=ctx)
print("imap capabilities after starttls", " ".join(sorted(m.capabilities)))
print("imap login", m.login(user, password)[0])
print("imap tls", m.sock.version())
m.logout()

m = imaplib.IMAP4_SSL(host, int(imaps), ssl_context=ctx)
print("imaps login", m.login(user, password)[0])
print("imaps select", m.select("INBOX"))
m.logout()

p = poplib.POP3(host, int(pop3))
print("pop3 capa", " ".join(sorted(p.capa().keys())))
try:
    p.user(user)
    print("pop3 user before tls: accepted")
except poplib.error_proto as e:
    print("pop3 user before tls:", e)
p.stls(context=ctx)
print("pop3 capa after stls", " ".join(sorted(p.capa().keys())))
p.user(user)
print("pop3 pass", p.pass_(password))
print("pop3 stat", p.stat())
p.quit()

p = poplib.POP3_SSL(host, int(pop3s), context=ctx)
p.user(user)
print("pop3s pass", p.pass_(password))
p.quit()
