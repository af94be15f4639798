"""exchangelib against oxkit's EWS endpoint: Send As and the principal's
Sent Items copy. The server (started by exchangelib_sendas.sh) knows a
shared mailbox, support@example.com, grants user1 Send As for it
(-sendas) and saves a copy of what is sent as a mailbox in that
mailbox's Sent Items (-principal-sent-copy).

user1 sends as support (Message.author = support: CreateItem
SendAndSaveCopy, a draft sent with SendItem, a ReplyToItem with a From);
user2 receives each one with From = support, Sender = support and no
Sender: header in the MIME; user1's and support's Sent Items hold the
copies; user2, who holds no Send As, gets ErrorSendAsDenied and nothing
is sent.

usage: exchangelib_sendas.py BASE_URL   (https://localhost:PORT)

Every step asserts what the client sees; the first failure exits non-zero.
"""
import email
import email.policy
import sys
import time

import urllib3
from exchangelib import Mailbox, Message
from exchangelib.errors import ErrorSendAsDenied

import exlib
from exlib import check, steps

urllib3.disable_warnings()

endpoint = exlib.ews_endpoint(sys.argv[1])
USER1, USER2, SUPPORT = "user1@example.com", "user2@example.com", "support@example.com"
a1 = exlib.account(endpoint, USER1, "secret")
a2 = exlib.account(endpoint, USER2, "secret2")
sup = exlib.account(endpoint, SUPPORT, "secret3")
stamp = str(int(time.time()))


def wait_for(folder, subject, n=1):
    """The items of folder with subject, once there are n of them."""
    for _ in range(50):
        items = list(folder.filter(subject=subject))
        if len(items) >= n:
            return items
        time.sleep(0.1)
    return list(folder.filter(subject=subject))


def seen_as_support(item, what):
    """Checks that item (as its recipient sees it) comes from support
    without a trace of user1: EWS From and Sender, MIME From and no
    Sender."""
    check(item.author is not None and item.author.email_address.lower() == SUPPORT,
          "%s: From is support: %r" % (what, item.author))
    check(item.sender is not None and item.sender.email_address.lower() == SUPPORT,
          "%s: Sender is support, not user1: %r" % (what, item.sender))
    mime = email.message_from_bytes(item.mime_content, policy=email.policy.default)
    check(mime["From"] is not None and mime["From"].addresses[0].addr_spec.lower() == SUPPORT,
          "%s: MIME From: %s" % (what, mime["From"]))
    check(mime["Sender"] is None, "%s: no MIME Sender: %s" % (what, mime["Sender"]))


# 1. CreateItem SendAndSaveCopy with From = support.
subj = "support answer " + stamp
Message(account=a1, folder=a1.sent, subject=subj, body="as support",
        author=Mailbox(email_address=SUPPORT), to_recipients=[USER2]).send_and_save()
got = wait_for(a2.inbox, subj)
check(len(got) == 1, "user2 received the message sent as support (%d)" % len(got))
seen_as_support(got[0], "CreateItem")
mine = wait_for(a1.sent, subj)
check(len(mine) == 1 and mine[0].author.email_address.lower() == SUPPORT,
      "user1's Sent Items holds the copy, From support: %r" % [m.author for m in mine])
theirs = wait_for(sup.sent, subj)
check(len(theirs) == 1 and theirs[0].author.email_address.lower() == SUPPORT and theirs[0].is_read,
      "support's Sent Items holds a read copy (-principal-sent-copy): %d" % len(theirs))

# 2. A draft with From = support, sent with SendItem.
subj2 = "support draft " + stamp
draft = Message(account=a1, folder=a1.drafts, subject=subj2, body="drafted",
                author=Mailbox(email_address=SUPPORT), to_recipients=[USER2])
draft.save()
draft.send()
got = wait_for(a2.inbox, subj2)
check(len(got) == 1, "user2 received the draft sent as support (%d)" % len(got))
seen_as_support(got[0], "SendItem")
check(len(wait_for(sup.sent, subj2)) == 1, "support's Sent Items holds the draft's copy")

# 3. A reply from user1's Inbox with From = support (ReplyToItem).
subj3 = "question " + stamp
Message(account=a2, subject=subj3, body="help?", to_recipients=[USER1]).send()
q = wait_for(a1.inbox, subj3)
check(len(q) == 1, "user1 received user2's question")
reply = q[0].create_reply("RE: " + subj3, "answered by support")
reply.author = Mailbox(email_address=SUPPORT)
reply.send()
got = wait_for(a2.inbox, "RE: " + subj3)
check(len(got) == 1, "user2 received the reply sent as support (%d)" % len(got))
seen_as_support(got[0], "ReplyToItem")

# 4. user2 holds no Send As: refused, nothing sent, no copy.
subj4 = "not allowed " + stamp
try:
    Message(account=a2, folder=a2.sent, subject=subj4, body="x",
            author=Mailbox(email_address=SUPPORT), to_recipients=[USER1]).send_and_save()
    refused = False
except ErrorSendAsDenied:
    refused = True
check(refused, "user2 sending as support raises ErrorSendAsDenied")
time.sleep(0.3)
check(list(a1.inbox.filter(subject=subj4)) == [], "nothing reached user1")
check(list(sup.sent.filter(subject=subj4)) == [], "nothing reached support's Sent Items")
check(list(a2.sent.filter(subject=subj4)) == [], "nothing was saved in user2's Sent Items")

print("exchangelib Send As: %d steps passed" % steps())
