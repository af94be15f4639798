"""exchangelib against oxkit's EWS endpoint: folders, message CRUD, move,
FindItem with restrictions, send between two users, sync, ResolveNames.

usage: exchangelib_ews.py BASE_URL   (https://localhost:PORT)

Every step asserts what the client sees; the first failure exits non-zero.
"""
import datetime
import sys

from exchangelib import (Account, BASIC, CalendarItem, Configuration, Credentials, DELEGATE, EWSDateTime,
                         EWSTimeZone, Mailbox, Message, OofSettings, Contact)
from exchangelib.fields import MONDAY
from exchangelib.recurrence import Recurrence, WeeklyPattern
from exchangelib.indexed_properties import EmailAddress, PhoneNumber

import exlib
from exlib import check, steps


base = sys.argv[1].rstrip("/")
endpoint = base + "/EWS/Exchange.asmx"


def account(user, password):
    return exlib.account(endpoint, user, password)


a1 = account("user1@example.com", "secret")
a2 = account("user2@example.com", "secret2")

# Version detection (ConvertId probe) and the ServerVersionInfo header.
check(a1.version is not None and a1.version.build.major_version == 15, "server version %s" % a1.version)

# Folders.
names = {f.name for f in a1.msg_folder_root.walk()}
check({"Inbox", "Drafts", "Sent Items", "Deleted Items"} <= names, "folder tree has the special folders")
inbox_count = a1.inbox.total_count
check(isinstance(inbox_count, int) and inbox_count == a1.inbox.all().count(), "inbox TotalCount matches FindItem (%s)" % inbox_count)
sub = a1.inbox.__class__(parent=a1.inbox, name="oxkit-interop")
sub.save()
check(any(f.name == "oxkit-interop" for f in a1.inbox.children), "created a subfolder")

# Create, read, update a draft.
m = Message(account=a1, folder=a1.drafts, subject="oxkit interop", body="hello from exchangelib",
            to_recipients=[Mailbox(email_address="user2@example.com")])
m.save()
check(m.id is not None and m.changekey is not None, "draft saved with an ID")
got = a1.drafts.get(id=m.id)
check(got.subject == "oxkit interop", "subject read back: %r" % got.subject)
check("hello from exchangelib" in str(got.body), "body read back: %r" % got.body)
check([r.email_address for r in got.to_recipients] == ["user2@example.com"], "recipients read back")
check(got.is_draft is True, "is a draft")
m.subject = "oxkit updated"
m.save(update_fields=["subject"])
check(a1.drafts.get(id=m.id).subject == "oxkit updated", "subject updated")

# Move, then find with restrictions.
m.move(sub)
check(sub.filter(subject="oxkit updated").count() == 1, "moved message found by subject")
check(sub.filter(subject__contains="updated").count() == 1, "FindItem Contains restriction")
check(sub.filter(subject__contains="nothing").count() == 0, "FindItem restriction with no match")
check(a1.drafts.filter(subject="oxkit updated").count() == 0, "gone from Drafts")

# Sync the folder.
changes = list(sub.sync_items())
check(len(changes) == 1 and changes[0][0] == "create", "SyncFolderItems reports the message: %s" % [c[0] for c in changes])

# Delete.
item = sub.get(subject="oxkit updated")
item.delete()
check(sub.all().count() == 0, "message deleted")
sub.delete()
check(not any(f.name == "oxkit-interop" for f in a1.inbox.children), "subfolder deleted")

# Send to another local user.
Message(account=a1, subject="hello two", body="sent via EWS",
        to_recipients=[Mailbox(email_address="user2@example.com")]).send_and_save()
inbox2 = list(a2.inbox.filter(subject="hello two"))
check(len(inbox2) == 1, "user2 received the message")
check(inbox2[0].sender.email_address == "user1@example.com", "sender is user1")
check(a1.sent.filter(subject="hello two").count() == 1, "copy in user1's Sent Items")

# Calendar: a single appointment, read back and found through a
# CalendarView.
tz = EWSTimeZone("UTC")
start = EWSDateTime(2031, 3, 4, 10, 0, tzinfo=tz)
appt = CalendarItem(account=a1, folder=a1.calendar, subject="oxkit meeting", start=start,
                    end=start + datetime.timedelta(hours=1), location="Room 7", legacy_free_busy_status="Tentative")
appt.save()
got = a1.calendar.get(id=appt.id)
check(got.subject == "oxkit meeting" and got.location == "Room 7", "calendar item read back")
check(got.start == start and got.end == start + datetime.timedelta(hours=1), "start/end read back: %s %s" % (got.start, got.end))
check(got.legacy_free_busy_status == "Tentative", "free/busy read back")
seen = [i.subject for i in a1.calendar.view(start=start - datetime.timedelta(days=1), end=start + datetime.timedelta(days=1))]
check(seen == ["oxkit meeting"], "CalendarView: %s" % seen)
# A weekly series at 10:00 Berlin time across the start of DST.
berlin = EWSTimeZone("Europe/Berlin")
s0 = EWSDateTime(2030, 3, 25, 10, 0, tzinfo=berlin)
series = CalendarItem(account=a1, folder=a1.calendar, subject="oxkit weekly", start=s0, end=s0 + datetime.timedelta(minutes=30),
                      recurrence=Recurrence(pattern=WeeklyPattern(interval=1, weekdays=[MONDAY]), start=s0.date(), number=3))
series.save()
occ = [(o.start.astimezone(berlin).hour, o.start.astimezone(berlin).day) for o in
       a1.calendar.view(start=s0 - datetime.timedelta(days=1), end=s0 + datetime.timedelta(days=30)) if o.subject == "oxkit weekly"]
check(occ == [(10, 25), (10, 1), (10, 8)], "weekly series keeps 10:00 local across DST: %s" % occ)
master = a1.calendar.get(id=series.id)
check(master.type == "RecurringMaster" and master.recurrence is not None and master.recurrence.boundary.number == 3,
      "series read back: %s %s" % (master.type, master.recurrence))
series.delete()

# user2 sees user1's busy time.
fb = list(a2.protocol.get_free_busy_info(accounts=[(a1, "Required", False)], start=start - datetime.timedelta(hours=2),
                                         end=start + datetime.timedelta(hours=2), requested_view="Detailed"))
events = fb[0].calendar_events or []
# Exchange (and oxkit) answer in the request's time zone without an offset.
check(len(events) == 1 and events[0].busy_type == "Tentative" and events[0].start.timetuple()[:5] == (2031, 3, 4, 10, 0),
      "GetUserAvailability: %s" % [(e.start, e.busy_type) for e in events])
appt.delete()
check(a1.calendar.filter(subject="oxkit meeting").count() == 0, "calendar item deleted")

# Contacts.
ct = Contact(account=a1, folder=a1.contacts, given_name="Jane", surname="Doe", display_name="Jane Doe",
             company_name="Acme", email_addresses=[EmailAddress(email="jane@example.net", label="EmailAddress1")],
             phone_numbers=[PhoneNumber(label="MobilePhone", phone_number="+1 555 0101")])
ct.save()
got = a1.contacts.get(id=ct.id)
check(got.display_name == "Jane Doe" and got.given_name == "Jane" and got.surname == "Doe", "contact names read back")
check([e.email for e in got.email_addresses or []] == ["jane@example.net"], "contact email read back")
check([p.phone_number for p in got.phone_numbers or []] == ["+1 555 0101"], "contact phone read back")
got.company_name = "Acme Corp"
got.save(update_fields=["company_name"])
check(a1.contacts.get(id=ct.id).company_name == "Acme Corp", "contact updated")
got.delete()

# Out of office.
check(a1.oof_settings.state == OofSettings.DISABLED, "OOF disabled by default")
a1.oof_settings = OofSettings(state=OofSettings.ENABLED, external_audience="All",
                              internal_reply="Away (internal)", external_reply="Away")
oof = a1.oof_settings
check(oof.state == OofSettings.ENABLED and oof.internal_reply == "Away (internal)", "OOF set and read back: %s" % oof)
# Off again: with OOF on, every later scenario's mail to user1 would get
# an automatic reply.
a1.oof_settings = OofSettings(state=OofSettings.DISABLED, external_audience="All",
                              internal_reply="Away (internal)", external_reply="Away")
check(a1.oof_settings.state == OofSettings.DISABLED, "OOF disabled again")

# ResolveNames.
res = a1.protocol.resolve_names(["user2"])
check(len(res) == 1 and res[0].email_address == "user2@example.com", "ResolveNames: %s" % res)

print("exchangelib: %d passed, 0 failed" % steps())
