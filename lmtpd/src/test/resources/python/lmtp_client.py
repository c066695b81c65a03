"""Python's own LMTP client (smtplib.LMTP) against our server; prints one line per observed reply.

smtplib.LMTP.sendmail reads a single reply after DATA, which is right for one recipient only, so
the multi-recipient transaction is driven with smtplib's lower-level calls and reads one reply per
accepted recipient, as RFC 2033 requires.
"""
import smtplib
import sys

host, port = sys.argv[1], int(sys.argv[2])
lmtp = smtplib.LMTP(host, port)
code, _ = lmtp.ehlo("python.client")  # LMTP.ehlo_msg is "lhlo"
print("lhlo", code, "pipelining" if lmtp.has_extn("pipelining") else "-", "size" if lmtp.has_extn("size") else "-",
      "8bitmime" if lmtp.has_extn("8bitmime") else "-", "chunking" if lmtp.has_extn("chunking") else "-")

refused = lmtp.sendmail("alice@example.org", ["one@python.test"],
                        b"Subject: from python\r\n\r\nhello\r\n.leading dot\r\n", mail_options=["BODY=8BITMIME"])
print("sendmail refused", sorted(refused))

print("mail", lmtp.mail("alice@example.org")[0])
for r in ["one@python.test", "nobody@python.test", "two@python.test"]:
    code, text = lmtp.rcpt(r)
    print("rcpt", r, code, text.decode())
code, _ = lmtp.docmd("DATA")
print("data", code)
lmtp.send(b"Subject: to two\r\n\r\nfor both\r\n.\r\n")
for _ in range(2):
    code, text = lmtp.getreply()
    print("delivery", code, text.decode())
print("quit", lmtp.quit()[0])
