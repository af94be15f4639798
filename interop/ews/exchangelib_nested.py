"""exchangelib against oxkit's EWS endpoint: attachments of attached
items (ews/nested.go).

A message forwarding, as an attachment, a message that forwards another
(each with a text file) is saved from MIME; exchangelib opens the item
attachment (GetAttachment), sees the embedded message's own attachments,
reads the file of the first level and opens the second-level item
attachment and its file through the nested attachment IDs.

usage: exchangelib_nested.py BASE_URL   (https://localhost:PORT)

Every step asserts what the client sees; the first failure exits non-zero.
"""
import sys
import uuid

from exchangelib import FileAttachment, ItemAttachment, Message

import exlib
from exlib import check, steps

base = sys.argv[1].rstrip("/")
a1 = exlib.account(exlib.ews_endpoint(base), "user1@example.com", "secret")
tag = uuid.uuid4().hex[:8]


def part(subject, body, fname, fbody, inner=None):
    b = "b" + uuid.uuid4().hex[:8]
    s = ("From: x@example.org\r\nTo: user1@example.com\r\nSubject: %s\r\nMIME-Version: 1.0\r\n"
         "Content-Type: multipart/mixed; boundary=\"%s\"\r\n\r\n--%s\r\nContent-Type: text/plain\r\n\r\n%s\r\n"
         "--%s\r\nContent-Type: text/plain; name=\"%s\"\r\nContent-Disposition: attachment; filename=\"%s\"\r\n\r\n%s\r\n"
         % (subject, b, b, body, b, fname, fname, fbody))
    if inner:
        s += "--%s\r\nContent-Type: message/rfc822\r\nContent-Disposition: attachment\r\n\r\n%s" % (b, inner)
    return s + "--%s--\r\n" % b


mime = part("outer " + tag, "see attached", "outer.txt", "outer file",
            part("middle " + tag, "middle body", "middle.txt", "middle file",
                 part("inner " + tag, "inner body", "inner.txt", "inner file")))
Message(account=a1, folder=a1.inbox, mime_content=mime.encode()).save()
m = a1.inbox.get(subject="outer " + tag)
items = [a for a in m.attachments if isinstance(a, ItemAttachment)]
check(len(items) == 1, "the outer message has one item attachment")
middle = items[0].item
check(middle.subject == "middle " + tag, "exchangelib opens it: %r" % middle.subject)
names = sorted(a.name for a in middle.attachments)
check(len(middle.attachments) == 2 and "middle.txt" in names, "the embedded message lists its own attachments: %r" % names)
mf = [a for a in middle.attachments if isinstance(a, FileAttachment)][0]
check(mf.content == b"middle file", "a file attached to the attached message reads back: %r" % mf.content)
mi = [a for a in middle.attachments if isinstance(a, ItemAttachment)][0]
inner = mi.item
check(inner.subject == "inner " + tag, "the second-level item attachment opens: %r" % inner.subject)
inf = [a for a in inner.attachments if isinstance(a, FileAttachment)]
check(len(inf) == 1 and inf[0].content == b"inner file", "and its file reads back")
m.delete()
print("exchangelib nested attachments scenario: %d steps passed" % steps())
