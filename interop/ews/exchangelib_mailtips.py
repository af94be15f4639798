"""exchangelib against oxkit's EWS endpoint: MailTips (ews/mailtips.go).

user2 turns her automatic replies on (Account.oof_settings); user1's
GetMailTips (exchangelib's GetMailTips service, as Account.mail_tips
uses it) for user2 shows her internal reply, for an unknown address of
the organization's domain InvalidRecipient, for an outside address an
external recipient; Account.mail_tips (the caller's own) parses. user2's
automatic replies are switched off again at the end.

usage: exchangelib_mailtips.py BASE_URL   (https://localhost:PORT)

Every step asserts what the client sees; the first failure exits non-zero.
"""
import sys

from exchangelib import Mailbox, OofSettings
from exchangelib.properties import SendingAs
from exchangelib.services import GetMailTips

import exlib
from exlib import check, steps

base = sys.argv[1].rstrip("/")
endpoint = exlib.ews_endpoint(base)
a1 = exlib.account(endpoint, "user1@example.com", "secret")
a2 = exlib.account(endpoint, "user2@example.com", "secret2")

a2.oof_settings = OofSettings(state=OofSettings.ENABLED, external_audience="None",
                              internal_reply="Back on Monday.", external_reply="Away.")
try:
    tips = list(GetMailTips(protocol=a1.protocol).call(
        sending_as=SendingAs(email_address="user1@example.com"),
        recipients=[Mailbox(email_address="user2@example.com"), Mailbox(email_address="nobody@example.com"),
                    Mailbox(email_address="someone@elsewhere.test")],
        mail_tips_requested="All"))
    check(len(tips) == 3, "one MailTips per recipient: %d" % len(tips))
    t2, nobody, outside = tips
    check(t2.recipient_address.email_address == "user2@example.com", "the first is user2's")
    check(t2.out_of_office is not None and t2.out_of_office.reply_body == "Back on Monday.",
          "user2's automatic reply shows: %r" % (t2.out_of_office and t2.out_of_office.reply_body))
    check(t2.mailbox_full is False and t2.total_member_count == 1 and t2.invalid_recipient is False,
          "user2: not full, one recipient, valid")
    check(nobody.invalid_recipient is True, "an unknown address of the organization is an invalid recipient")
    check(outside.invalid_recipient is False and outside.external_member_count == 1,
          "an outside address is valid and external")
    own = a1.mail_tips
    check(own.recipient_address.email_address == "user1@example.com" and own.out_of_office is not None and not own.out_of_office.reply_body,
          "Account.mail_tips: user1 has no automatic reply on")
finally:
    a2.oof_settings = OofSettings(state=OofSettings.DISABLED, external_audience="All", internal_reply="", external_reply="")
print("exchangelib mailtips scenario: %d steps passed" % steps())
