"""DavMail (an EWS client that serves IMAP and SMTP) in front of oxkit's
EWS endpoint, driven over IMAP and SMTP with Python's imaplib/smtplib:
login, list, select, append, search, fetch, flags, copy, delete/expunge,
and sending a message through DavMail's SMTP to another local user.

usage: davmail_imap.py IMAP_PORT SMTP_PORT
"""
import email
import imaplib
import smtplib
import sys
import time

imap_port, smtp_port = int(sys.argv[1]), int(sys.argv[2])
steps = 0


def check(cond, what):
    global steps
    if not cond:
        print("FAIL:", what)
        sys.exit(1)
    steps += 1
    print("ok:", what)


def login(user, password):
    m = imaplib.IMAP4("127.0.0.1", imap_port)
    typ, _ = m.login(user, password)
    check(typ == "OK", "IMAP login " + user)
    return m


m = login("user1@example.com", "secret")
typ, boxes = m.list()
names = [b.decode() for b in boxes]
check(typ == "OK" and any('"INBOX"' in n or n.endswith(" INBOX") for n in names), "LIST has INBOX")
check(any("Sent" in n for n in names) and any("Drafts" in n for n in names), "LIST has Sent and Drafts")

typ, data = m.select("INBOX")
check(typ == "OK", "SELECT INBOX (%s messages)" % data[0].decode())
before = int(data[0])

msg = (b"From: Alice <alice@example.net>\r\nTo: user1@example.com\r\nSubject: oxkit imap check\r\n"
       b"Message-ID: <davmail-1@example.net>\r\nDate: Mon, 02 Jan 2006 15:04:05 +0000\r\n"
       b"MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nappended through IMAP\r\n")
typ, _ = m.append("INBOX", None, None, msg)
check(typ == "OK", "APPEND")
m.select("INBOX")
typ, data = m.search(None, "SUBJECT", '"oxkit imap check"')
ids = data[0].split()
check(typ == "OK" and len(ids) == 1, "SEARCH SUBJECT finds the message: %s" % data)
typ, data = m.fetch(ids[0], "(RFC822)")
body = email.message_from_bytes(data[0][1])
check(body["Subject"] == "oxkit imap check" and "appended through IMAP" in body.get_payload(decode=True).decode(), "FETCH RFC822")
typ, _ = m.store(ids[0], "+FLAGS", "\\Seen \\Flagged")
typ, data = m.fetch(ids[0], "(FLAGS)")
flags = data[0].decode()
check("\\Seen" in flags, "STORE +FLAGS \\Seen: %s" % flags)
typ, _ = m.copy(ids[0], "Drafts")
check(typ == "OK", "COPY to Drafts")
m.select("Drafts")
typ, data = m.search(None, "SUBJECT", '"oxkit imap check"')
check(len(data[0].split()) == 1, "copy is in Drafts")
m.select("INBOX")
typ, data = m.search(None, "SUBJECT", '"oxkit imap check"')
m.store(data[0].split()[0], "+FLAGS", "\\Deleted")
m.expunge()
typ, data = m.search(None, "SUBJECT", '"oxkit imap check"')
check(data[0].split() == [], "deleted and expunged")
m.logout()

# SMTP through DavMail (CreateItem SendAndSaveCopy with MIME content).
s = smtplib.SMTP("127.0.0.1", smtp_port)
s.login("user1@example.com", "secret")
s.sendmail("user1@example.com", ["user2@example.com"],
           b"From: user1@example.com\r\nTo: user2@example.com\r\nSubject: oxkit smtp check\r\n\r\nhello two\r\n")
s.quit()
check(True, "SMTP send accepted")
m2 = login("user2@example.com", "secret2")
found = []
for _ in range(20):
    m2.select("INBOX")
    typ, data = m2.search(None, "SUBJECT", '"oxkit smtp check"')
    found = data[0].split()
    if found:
        break
    time.sleep(0.5)
check(len(found) == 1, "user2 received the SMTP message")
m2.logout()
print("davmail: %d passed, 0 failed" % steps)
