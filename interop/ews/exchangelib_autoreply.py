"""exchangelib against oxkit's example server: outbound transport and
automatic replies.

- A message to a remote address on a server without -smarthost is
  accepted and answered by a non-delivery report in the sender's Inbox
  ("Undeliverable: ...", naming the recipient).
- Out of Office: with user2's OOF on, user1 (same organization) gets the
  InternalReply once ("Automatic reply: ..."), not again for a second
  message in the same OOF period; with OOF off, nothing.

usage: exchangelib_autoreply.py BASE_URL   (https://localhost:PORT)

Every step asserts what the client sees; the first failure exits non-zero.
The OOF state and the messages made are cleaned up for later scenarios.
"""
import logging
import sys
import uuid

from exchangelib import Account, BASIC, Configuration, Credentials, DELEGATE, Mailbox, Message, OofSettings
from exchangelib.protocol import BaseProtocol, NoVerifyHTTPAdapter

BaseProtocol.HTTP_ADAPTER_CLS = NoVerifyHTTPAdapter
logging.basicConfig(level=logging.ERROR)

base = sys.argv[1].rstrip("/")
endpoint = base + "/EWS/Exchange.asmx"
token = uuid.uuid4().hex[:8]
steps = 0


def check(cond, what):
    global steps
    if not cond:
        print("FAIL:", what)
        sys.exit(1)
    steps += 1
    print("ok:", what)


def account(user, pw):
    cfg = Configuration(service_endpoint=endpoint, credentials=Credentials(user, pw), auth_type=BASIC)
    return Account(user, config=cfg, autodiscover=False, access_type=DELEGATE)


a1 = account("user1@example.com", "secret")
a2 = account("user2@example.com", "secret2")


def cleanup():
    for acct in (a1, a2):
        acct.oof_settings = OofSettings(state=OofSettings.DISABLED, external_audience="All", internal_reply="", external_reply="")
        for folder in (acct.inbox, acct.sent):
            items = list(folder.filter(subject__contains=token))
            if items:
                acct.bulk_delete(ids=items, delete_type="HardDelete")


try:
    # 1. No smarthost: a remote recipient gets a non-delivery report back.
    remote = "nobody-%s@remote.example" % token
    Message(account=a1, subject="far away " + token, body="hello",
            to_recipients=[Mailbox(email_address=remote)]).send()
    ndr = list(a1.inbox.filter(subject="Undeliverable: far away " + token))
    check(len(ndr) == 1, "sender got one non-delivery report (%d)" % len(ndr))
    body = str(ndr[0].body or "")
    check(remote in body, "the report names the recipient")
    check(ndr[0].sender is not None and ndr[0].sender.email_address.lower().startswith("mailer-daemon@"),
          "the report comes from MAILER-DAEMON (%s)" % ndr[0].sender)

    # 2. Out of Office: the internal reply, once per period.
    a2.oof_settings = OofSettings(state=OofSettings.ENABLED, external_audience="None",
                                  internal_reply="Away until Monday " + token, external_reply="external " + token)
    check(a2.oof_settings.state == OofSettings.ENABLED, "user2 is out of office")
    Message(account=a1, subject="lunch " + token, body="?", to_recipients=[Mailbox(email_address="user2@example.com")]).send()
    replies = list(a1.inbox.filter(subject="Automatic reply: lunch " + token))
    check(len(replies) == 1, "user1 got the automatic reply (%d)" % len(replies))
    check("Away until Monday " + token in str(replies[0].body or ""), "the reply carries the InternalReply")
    check(replies[0].sender.email_address == "user2@example.com", "the reply is from user2")
    got = list(a2.inbox.filter(subject="lunch " + token))
    check(len(got) == 1, "user2 still received the message")
    Message(account=a1, subject="dinner " + token, body="?", to_recipients=[Mailbox(email_address="user2@example.com")]).send()
    check(a1.inbox.filter(subject="Automatic reply: dinner " + token).count() == 0,
          "no second automatic reply to the same sender in one OOF period")

    # 3. OOF off: no reply.
    a2.oof_settings = OofSettings(state=OofSettings.DISABLED, external_audience="All", internal_reply="", external_reply="")
    Message(account=a1, subject="breakfast " + token, body="?", to_recipients=[Mailbox(email_address="user2@example.com")]).send()
    check(a1.inbox.filter(subject="Automatic reply: breakfast " + token).count() == 0, "no automatic reply with OOF off")
finally:
    cleanup()

print("exchangelib autoreply: %d passed, 0 failed" % steps)
