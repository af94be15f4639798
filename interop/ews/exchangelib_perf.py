"""exchangelib against oxkit's EWS endpoint on the paths bench/ews
measures: 40 messages created in one CreateItem, read back in one GetItem
(Default shape) and one FindItem page, with text that exercises the
response escaping (markup characters, entities, non-ASCII, control
characters, long runs) and requests that go through the one-pass request
parser; then the same user authenticating many times (the credential
cache) and a wrong password still refused.

usage: exchangelib_perf.py BASE_URL   (https://localhost:PORT)

Every step asserts what the client sees; the first failure exits non-zero.
"""
import sys

import requests
from exchangelib import Account, BASIC, Configuration, Credentials, DELEGATE, Message, Mailbox
from exchangelib.errors import UnauthorizedError, TransportError

import exlib
from exlib import check, steps


base = sys.argv[1].rstrip("/")
endpoint = base + "/EWS/Exchange.asmx"


def account(user, password):
    return exlib.account(endpoint, user, password)


a1 = account("user1@example.com", "secret")
folder = a1.inbox.__class__(parent=a1.inbox, name="oxkit-perf")
folder.save()

# Text that the response writer must escape, and runs long enough for its
# eight-byte fast path, with the special characters at every offset.
tricky = [
    "plain subject %d",
    "a<b>&c \"quoted\" 'single' %d",
    "caf\u00e9 \u65e5\u672c\u8a9e \U0001F600 %d",
    "tab\there %d and ]]> too",
    "abcdefgh<ijklmnop&qrstuvwx>yz0123456 %d",
]
msgs = []
for i in range(40):
    subject = tricky[i % len(tricky)] % i
    body = ("line one of %d & <more>\n" % i) * (3 + i % 7) + "\u00fcnicode \u2603 end"
    msgs.append(Message(account=a1, folder=folder, subject=subject, body=body,
                        to_recipients=[Mailbox(email_address="user2@example.com")]))
ids = a1.bulk_create(folder=folder, items=msgs)
check(len(ids) == 40 and all(getattr(r, "id", None) for r in ids), "40 messages created in one CreateItem")
want = {m.subject: m.body for m in msgs}

got = list(a1.fetch(ids=ids))
check(len(got) == 40, "GetItem returned 40 items")
check(all(g.subject in want for g in got), "every subject read back exactly")
check(all(str(g.body) == want[g.subject] for g in got), "every body read back exactly")
check(all(g.to_recipients and g.to_recipients[0].email_address == "user2@example.com" for g in got),
      "every recipient read back")

rows = list(folder.all().only("subject", "datetime_received", "is_read", "size"))
check(len(rows) == 40, "FindItem listed 40 rows")
check(sorted(r.subject for r in rows) == sorted(want), "FindItem subjects match exactly")
check(all(isinstance(r.size, int) and r.size > 0 for r in rows), "FindItem rows carry sizes")

page = list(folder.all().order_by("subject")[10:20])
check([p.subject for p in page] == sorted(want)[10:20], "a FindItem page in subject order")

# Many authenticated requests in a row: the verified-credential cache
# answers them, and they keep working.
for i in range(20):
    if folder.all().count() != 40:
        check(False, "count on request %d" % i)
check(True, "20 more authenticated requests answered")

# A wrong password is refused even though the right one is cached.
r = requests.post(endpoint, data=b"<x/>", auth=("user1@example.com", "wrong"), verify=False,
                  headers={"Content-Type": "text/xml; charset=utf-8"}, timeout=30)
check(r.status_code == 401, "wrong password answered 401 (got %d)" % r.status_code)

a1.bulk_delete(ids=ids)
folder.delete()
check(True, "cleaned up")
print("exchangelib perf: %d passed, 0 failed" % steps())
