"""exchangelib against oxkit's EWS endpoint: meetings and single
occurrences. user1 invites user2, user2 sees the MeetingRequest and
accepts it, user1's item shows user2 as Accept; one occurrence of a
weekly series is modified and another deleted, and view() shows both;
the meeting is cancelled and user2 sees the cancellation.

usage: exchangelib_meetings.py BASE_URL   (https://localhost:PORT)

Every step asserts what the client sees; the first failure exits non-zero.
"""
import datetime
import sys
import time

from exchangelib import (Account, BASIC, CalendarItem, Configuration, Credentials, DELEGATE, EWSDateTime,
                         EWSTimeZone)
from exchangelib.fields import MONDAY
from exchangelib.items import MeetingCancellation, MeetingRequest, MeetingResponse, SEND_TO_ALL_AND_SAVE_COPY
from exchangelib.properties import Attendee, Mailbox
from exchangelib.recurrence import Recurrence, WeeklyPattern

import exlib
from exlib import check, steps


base = sys.argv[1].rstrip("/")
endpoint = base + "/EWS/Exchange.asmx"


def account(user, password):
    return exlib.account(endpoint, user, password)


a1 = account("user1@example.com", "secret")
a2 = account("user2@example.com", "secret2")
tag = "mtg-%d" % int(time.time())
berlin = EWSTimeZone("Europe/Berlin")


def inbox_items(acct, cls, subject):
    return [i for i in acct.inbox.all() if isinstance(i, cls) and i.subject == subject]


# 1. user1 invites user2.
start = EWSDateTime(2031, 5, 6, 14, 0, tzinfo=berlin)
meeting = CalendarItem(account=a1, folder=a1.calendar, subject=tag, start=start, end=start + datetime.timedelta(hours=1),
                       location="Room 4", body="agenda",
                       required_attendees=[Attendee(mailbox=Mailbox(email_address="user2@example.com"), response_type="Unknown")])
meeting.save(send_meeting_invitations=SEND_TO_ALL_AND_SAVE_COPY)
org = a1.calendar.get(id=meeting.id)
check(org.is_meeting and org.my_response_type == "Organizer" and org.meeting_request_was_sent,
      "organizer's item: is_meeting=%s my_response_type=%s sent=%s" % (org.is_meeting, org.my_response_type, org.meeting_request_was_sent))
check(org.uid, "the meeting has a UID: %s" % org.uid)

# 2. user2 sees the MeetingRequest and a tentative item in her calendar.
reqs = inbox_items(a2, MeetingRequest, tag)
check(len(reqs) == 1, "user2 has the meeting request: %s" % [(type(i).__name__, i.subject) for i in a2.inbox.all()])
req = reqs[0]
check(req.meeting_request_type == "NewMeetingRequest" and req.start == start and req.location == "Room 4",
      "request fields: %s %s %s" % (req.meeting_request_type, req.start, req.location))
check(req.organizer is not None and req.organizer.email_address == "user1@example.com", "request organizer: %s" % req.organizer)
check(req.associated_calendar_item_id is not None, "request has an AssociatedCalendarItemId")
mine = [i for i in a2.calendar.view(start=start - datetime.timedelta(hours=1), end=start + datetime.timedelta(hours=2)) if i.subject == tag]
check(len(mine) == 1 and mine[0].my_response_type == "NoResponseReceived" and mine[0].legacy_free_busy_status == "Tentative",
      "tentative item in user2's calendar: %s" % [(i.my_response_type, i.legacy_free_busy_status) for i in mine])

# 3. user2 accepts; user1 receives the response and sees user2 as Accept.
req.accept(body="I will be there")
mine = a2.calendar.get(id=mine[0].id)
check(mine.my_response_type == "Accept" and mine.legacy_free_busy_status == "Busy",
      "user2's item after accepting: %s %s" % (mine.my_response_type, mine.legacy_free_busy_status))
resps = inbox_items(a1, MeetingResponse, "Accepted: " + tag)
check(len(resps) == 1 and resps[0].response_type == "Accept", "user1 received the acceptance: %s" %
      [(type(i).__name__, i.subject) for i in a1.inbox.all()])
org = a1.calendar.get(id=meeting.id)
att = {a.mailbox.email_address: a.response_type for a in (org.required_attendees or [])}
check(att == {"user2@example.com": "Accept"}, "user1's item shows user2 as Accept: %s" % att)

# 4. A weekly meeting series with user2: modify one occurrence, delete
# another; both calendars show the effects.
s0 = EWSDateTime(2031, 3, 3, 9, 0, tzinfo=berlin)
series = CalendarItem(account=a1, folder=a1.calendar, subject=tag + " weekly", start=s0, end=s0 + datetime.timedelta(minutes=30),
                      recurrence=Recurrence(pattern=WeeklyPattern(interval=1, weekdays=[MONDAY]), start=s0.date(), number=4),
                      required_attendees=[Attendee(mailbox=Mailbox(email_address="user2@example.com"), response_type="Unknown")])
series.save(send_meeting_invitations=SEND_TO_ALL_AND_SAVE_COPY)
window = dict(start=s0 - datetime.timedelta(days=1), end=s0 + datetime.timedelta(days=30))
occ = [o for o in a1.calendar.view(**window) if o.subject == tag + " weekly"]
check(len(occ) == 4 and all(o.type == "Occurrence" for o in occ), "4 occurrences: %s" % [(o.start, o.type) for o in occ])
second = occ[1]
second.subject = tag + " moved"
second.start = second.start + datetime.timedelta(hours=2)
second.end = second.end + datetime.timedelta(hours=2)
second.location = "Room 9"
second.save(update_fields=["subject", "start", "end", "location"], send_meeting_invitations=SEND_TO_ALL_AND_SAVE_COPY)
third = series.occurrence(3)
third.delete(send_meeting_cancellations="SendOnlyToAll")
seen = [(o.subject, o.start.astimezone(berlin).strftime("%m-%d %H:%M"), o.type) for o in a1.calendar.view(**window)
        if o.subject.startswith(tag + " ")]
want = [(tag + " weekly", "03-03 09:00", "Occurrence"), (tag + " moved", "03-10 11:00", "Exception"),
        (tag + " weekly", "03-24 09:00", "Occurrence")]
check(seen == want, "view() shows the modified and the deleted occurrence: %s" % seen)
seen2 = [(o.subject, o.start.astimezone(berlin).strftime("%m-%d %H:%M"), o.type) for o in a2.calendar.view(**window)
         if o.subject.startswith(tag + " ")]
check(seen2 == want, "the attendee's view() shows them too: %s" % seen2)
master = a1.calendar.get(id=series.id)
check(master.modified_occurrences is not None and len(master.modified_occurrences) == 1 and
      master.deleted_occurrences is not None and len(master.deleted_occurrences) == 1,
      "master lists one modified and one deleted occurrence: %s %s" % (master.modified_occurrences, master.deleted_occurrences))
check(master.deleted_occurrences[0].start.astimezone(berlin).strftime("%m-%d %H:%M") == "03-17 09:00",
      "deleted occurrence start: %s" % master.deleted_occurrences[0].start)
exc = a1.calendar.get(id=master.modified_occurrences[0].id)
check(exc.subject == tag + " moved" and exc.location == "Room 9" and exc.type == "Exception",
      "GetItem of the exception: %s %s %s" % (exc.subject, exc.location, exc.type))
series.delete()

# 5. user1 cancels the meeting; user2 sees the cancellation and removes it.
org.cancel(body="cancelled, sorry")
check(not [i for i in a1.calendar.view(start=start - datetime.timedelta(hours=1), end=start + datetime.timedelta(hours=2))
           if i.subject == tag], "the cancelled meeting left user1's calendar")
cancels = inbox_items(a2, MeetingCancellation, "Canceled: " + tag)
check(len(cancels) == 1, "user2 received the cancellation: %s" %
      [(type(i).__name__, i.subject) for i in a2.inbox.all()])
mine = a2.calendar.get(id=mine.id)
check(mine.is_cancelled, "user2's item is marked cancelled")
# exchangelib has no RemoveItem call: the attendee cleans up by deleting.
cancels[0].move_to_trash()
mine.delete()
check(not [i for i in a2.calendar.view(start=start - datetime.timedelta(hours=1), end=start + datetime.timedelta(hours=2))
           if i.subject.endswith(tag)], "user2 removed the cancelled meeting")
print("exchangelib meetings: %d steps passed" % steps())
