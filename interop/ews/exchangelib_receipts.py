"""exchangelib against oxkit's EWS endpoint: read receipts
(ews/readreceipt.go).

user1 sends user2 a message asking for a read receipt
(is_read_receipt_requested). user2 marks it read with
Account.bulk_update(suppress_read_receipts=False): user1 receives one
"Read:" report (item class REPORT.IPM.Note.IPNRN) naming the message;
marking it unread and read again sends no second one. A second message
marked read the way exchangelib's Item.save does (SuppressReadReceipts
true) sends none. Deleting an unread one with Account.bulk_delete
(suppress_read_receipts=False) sends a "Not read:" report
(REPORT.IPM.Note.IPNNRN); Item.delete() (which suppresses) none.

usage: exchangelib_receipts.py BASE_URL   (https://localhost:PORT)

Every step asserts what the client sees; the first failure exits non-zero.
"""
import sys
import time
import uuid

from exchangelib import Mailbox, Message

import exlib
from exlib import check, steps

base = sys.argv[1].rstrip("/")
endpoint = exlib.ews_endpoint(base)
a1 = exlib.account(endpoint, "user1@example.com", "secret")
a2 = exlib.account(endpoint, "user2@example.com", "secret2")
tag = uuid.uuid4().hex[:8]


def wait_for(account, subject):
    for _ in range(50):
        got = list(account.inbox.filter(subject=subject))
        if got:
            return got
        time.sleep(0.1)
    return []


def receipts():
    return [m for m in a1.inbox.filter(subject__startswith="Read: ") if tag in m.subject]


subj = "receipt wanted " + tag
Message(account=a1, subject=subj, body="please confirm",
        to_recipients=[Mailbox(email_address="user2@example.com")], is_read_receipt_requested=True).send()
got = wait_for(a2, subj)
check(len(got) == 1 and got[0].is_read_receipt_requested, "user2 sees the receipt request")
m = got[0]
m.is_read = True
a2.bulk_update(items=[(m, ["is_read"])], suppress_read_receipts=False)
rs = receipts()
check(len(rs) == 1, "user1 gets one read receipt: %r" % [r.subject for r in rs])
check(rs[0].item_class == "REPORT.IPM.Note.IPNRN", "it is a read report: %r" % rs[0].item_class)
check(rs[0].subject == "Read: " + subj, "its subject names the message: %r" % rs[0].subject)
check("was read on" in (rs[0].text_body or rs[0].body or ""), "its text says when it was read")
m = a2.inbox.get(id=m.id)
m.is_read = False
a2.bulk_update(items=[(m, ["is_read"])], suppress_read_receipts=False)
m = a2.inbox.get(id=m.id)
m.is_read = True
a2.bulk_update(items=[(m, ["is_read"])], suppress_read_receipts=False)
check(len(receipts()) == 1, "reading it again sends no second receipt")

subj2 = "receipt suppressed " + tag
Message(account=a1, subject=subj2, body="quiet",
        to_recipients=[Mailbox(email_address="user2@example.com")], is_read_receipt_requested=True).send()
m2 = wait_for(a2, subj2)[0]
m2.is_read = True
m2.save(update_fields=["is_read"])  # exchangelib sends SuppressReadReceipts="true"
check(len(receipts()) == 1, "a read with SuppressReadReceipts sends none")

# Deleting an unread message that asks for a receipt: a non-read receipt,
# unless suppressed (exchangelib's Item.delete() suppresses).
subj3 = "receipt on delete " + tag
Message(account=a1, subject=subj3, body="unread",
        to_recipients=[Mailbox(email_address="user2@example.com")], is_read_receipt_requested=True).send()
m3 = wait_for(a2, subj3)[0]
a2.bulk_delete(ids=[m3], suppress_read_receipts=False)
nrn = [m for m in a1.inbox.filter(subject="Not read: " + subj3)]
check(len(nrn) == 1 and nrn[0].item_class == "REPORT.IPM.Note.IPNNRN", "deleting it unread sends a non-read receipt: %r" % [(m.subject, m.item_class) for m in nrn])
subj4 = "receipt on quiet delete " + tag
Message(account=a1, subject=subj4, body="unread",
        to_recipients=[Mailbox(email_address="user2@example.com")], is_read_receipt_requested=True).send()
wait_for(a2, subj4)[0].delete()
check(not list(a1.inbox.filter(subject="Not read: " + subj4)), "Item.delete() (SuppressReadReceipts) sends none")
for r in receipts() + nrn:
    r.delete()
print("exchangelib read receipts scenario: %d steps passed" % steps())
