"""exchangelib against oxkit's EWS endpoint: meeting messages for single
occurrences. user1 invites user2 to a weekly series that user2 accepts;
user1 moves one occurrence and user2 gets a request for that occurrence
only, applied as an exception of her series; user2 declines another
occurrence and user1 sees that answer on that occurrence while the
series keeps Accept; user2 proposes a new time for a third occurrence
(TentativelyAcceptItem with ProposedStart/ProposedEnd) and user1 reads
the proposal from the MeetingResponse; user1 deletes an occurrence with
cancellations and user2 loses only that occurrence; user2 reads the
conflicting and adjacent meetings of an occurrence.

usage: exchangelib_meetings2.py BASE_URL   (https://localhost:PORT)

Every step asserts what the client sees; the first failure exits non-zero.
"""
import datetime
import sys
import time

from exchangelib import CalendarItem, EWSDateTime, EWSTimeZone
from exchangelib.fields import MONDAY
from exchangelib.items import (MeetingCancellation, MeetingRequest, MeetingResponse, SEND_TO_ALL_AND_SAVE_COPY,
                               TentativelyAcceptItem)
from exchangelib.properties import Attendee, Mailbox, ReferenceItemId
from exchangelib.recurrence import Recurrence, WeeklyPattern

import exlib
from exlib import check, steps


endpoint = exlib.ews_endpoint(sys.argv[1])
a1 = exlib.account(endpoint, "user1@example.com", "secret")
a2 = exlib.account(endpoint, "user2@example.com", "secret2")
tag = "occ-%d" % int(time.time())
berlin = EWSTimeZone("Europe/Berlin")


def inbox_of(acct, cls):
    return {i.id: i for i in acct.inbox.all() if isinstance(i, cls) and tag in (i.subject or "")}


def occurrences(acct):
    return [o for o in acct.calendar.view(**window) if (o.subject or "").startswith(tag)]


def fmt(t):
    return t.astimezone(berlin).strftime("%m-%d %H:%M")


# 1. A weekly series of four Mondays at 10:00 Berlin with user2, accepted.
s0 = EWSDateTime(2031, 9, 1, 10, 0, tzinfo=berlin)
window = dict(start=s0 - datetime.timedelta(days=1), end=s0 + datetime.timedelta(days=30))
series = CalendarItem(account=a1, folder=a1.calendar, subject=tag, start=s0, end=s0 + datetime.timedelta(hours=1),
                      location="Room 1",
                      recurrence=Recurrence(pattern=WeeklyPattern(interval=1, weekdays=[MONDAY]), start=s0.date(), number=4),
                      required_attendees=[Attendee(mailbox=Mailbox(email_address="user2@example.com"), response_type="Unknown")])
series.save(send_meeting_invitations=SEND_TO_ALL_AND_SAVE_COPY)
reqs = list(inbox_of(a2, MeetingRequest).values())
check(len(reqs) == 1 and reqs[0].is_recurring, "user2 got the series' request: %s" % [(r.subject, r.is_recurring) for r in reqs])
reqs[0].accept()
check(len(occurrences(a2)) == 4, "user2's calendar shows the four occurrences")

# 2. user1 moves the second occurrence two hours later into Room 9: user2
# gets one request, for that occurrence only.
seen = set(inbox_of(a2, MeetingRequest))
second = occurrences(a1)[1]
second.start = second.start + datetime.timedelta(hours=2)
second.end = second.end + datetime.timedelta(hours=2)
second.location = "Room 9"
second.save(update_fields=["start", "end", "location"], send_meeting_invitations=SEND_TO_ALL_AND_SAVE_COPY)
new = [r for i, r in inbox_of(a2, MeetingRequest).items() if i not in seen]
check(len(new) == 1, "user2 got one new request: %d" % len(new))
req = a2.inbox.get(id=new[0].id)
check(req.meeting_request_type == "FullUpdate" and not req.is_recurring and req.recurrence is None
      and fmt(req.start) == "09-08 12:00" and req.location == "Room 9",
      "the request is for the occurrence: type=%s recurring=%s recurrence=%s start=%s location=%s" %
      (req.meeting_request_type, req.is_recurring, req.recurrence, fmt(req.start), req.location))
got = [(fmt(o.start), o.type, o.location) for o in occurrences(a2)]
want = [("09-01 10:00", "Occurrence", "Room 1"), ("09-08 12:00", "Exception", "Room 9"),
        ("09-15 10:00", "Occurrence", "Room 1"), ("09-22 10:00", "Occurrence", "Room 1")]
check(got == want, "user2's series has the exception, the rest unchanged: %s" % got)
masters = [i for i in a2.calendar.all() if i.subject == tag]
check(len(masters) == 1 and masters[0].type == "RecurringMaster" and masters[0].my_response_type == "Accept",
      "user2 still has one series, accepted: %s" % [(m.type, m.my_response_type) for m in masters])

# 3. user2 declines the third occurrence: user1 sees the answer on that
# occurrence, the series keeps Accept.
third = occurrences(a2)[2]
third.decline()
check(len(occurrences(a2)) == 3, "the declined occurrence left user2's calendar")
resps = [r for r in inbox_of(a1, MeetingResponse).values() if r.subject == "Declined: " + tag]
check(len(resps) == 1, "user1 received the decline: %s" % [r.subject for r in inbox_of(a1, MeetingResponse).values()])
occ1 = occurrences(a1)
o3 = a1.calendar.get(id=occ1[2].id)
att3 = {a.mailbox.email_address: a.response_type for a in (o3.required_attendees or [])}
check(att3 == {"user2@example.com": "Decline"}, "user1's third occurrence shows user2 as Decline: %s" % att3)
master = a1.calendar.get(id=series.id)
attm = {a.mailbox.email_address: a.response_type for a in (master.required_attendees or [])}
check(attm == {"user2@example.com": "Accept"}, "user1's series still shows user2 as Accept: %s" % attm)

# 4. user2 proposes a new time for the last occurrence.
check(a2.version.build.major_version >= 15, "the server speaks Exchange 2013 or later: %s" % a2.version)
last = occurrences(a2)[-1]
ps = EWSDateTime(2031, 9, 22, 15, 0, tzinfo=berlin)
TentativelyAcceptItem(account=a2, reference_item_id=ReferenceItemId(id=last.id, changekey=last.changekey),
                      proposed_start=ps, proposed_end=ps + datetime.timedelta(minutes=30)).send()
props = [r for r in inbox_of(a1, MeetingResponse).values() if r.subject == "New Time Proposed: " + tag]
check(len(props) == 1, "user1 received the proposal: %s" % [r.subject for r in inbox_of(a1, MeetingResponse).values()])
p = a1.inbox.get(id=props[0].id)
check(p.response_type == "Tentative" and p.proposed_start == ps and p.proposed_end == ps + datetime.timedelta(minutes=30),
      "the MeetingResponse carries the proposed times: %s %s %s" % (p.response_type, p.proposed_start, p.proposed_end))
o4 = a1.calendar.get(id=occurrences(a1)[-1].id)
att4 = {a.mailbox.email_address: a.response_type for a in (o4.required_attendees or [])}
check(att4 == {"user2@example.com": "Tentative"}, "user1's last occurrence shows user2 as Tentative: %s" % att4)

# 5. user1 deletes the first occurrence with cancellations: user2 gets
# a cancellation for it and loses that occurrence only.
seen = set(inbox_of(a2, MeetingCancellation))
occurrences(a1)[0].delete(send_meeting_cancellations="SendOnlyToAll")
new = [c for i, c in inbox_of(a2, MeetingCancellation).items() if i not in seen]
check(len(new) == 1 and new[0].subject == "Canceled: " + tag,
      "user2 got the occurrence's cancellation: %s" % [c.subject for c in new])
got = [(fmt(o.start), o.type) for o in occurrences(a2)]
check(got == [("09-08 12:00", "Exception"), ("09-22 10:00", "Exception")], "user2's remaining occurrences: %s" % got)
master2 = [i for i in a2.calendar.all() if i.subject == tag][0]
check(not master2.is_cancelled, "user2's series is not cancelled")

# 6. Conflicting and adjacent meetings of user2's exception.
clash = CalendarItem(account=a2, folder=a2.calendar, subject=tag + " clash", start=EWSDateTime(2031, 9, 8, 12, 30, tzinfo=berlin),
                     end=EWSDateTime(2031, 9, 8, 14, 0, tzinfo=berlin))
clash.save()
before = CalendarItem(account=a2, folder=a2.calendar, subject=tag + " before", start=EWSDateTime(2031, 9, 8, 11, 0, tzinfo=berlin),
                      end=EWSDateTime(2031, 9, 8, 12, 0, tzinfo=berlin))
before.save()
exc = a2.calendar.get(id=[o for o in occurrences(a2) if o.type == "Exception"][0].id)
check(exc.conflicting_meeting_count == 1 and [m.subject for m in exc.conflicting_meetings or []] == [tag + " clash"],
      "conflicting meetings: %s %s" % (exc.conflicting_meeting_count, [m.subject for m in exc.conflicting_meetings or []]))
check(exc.adjacent_meeting_count == 1 and [m.subject for m in exc.adjacent_meetings or []] == [tag + " before"],
      "adjacent meetings: %s %s" % (exc.adjacent_meeting_count, [m.subject for m in exc.adjacent_meetings or []]))
clash.delete()
before.delete()
series.delete(send_meeting_cancellations="SendToNone")
print("exchangelib meetings2: %d steps passed" % steps())
