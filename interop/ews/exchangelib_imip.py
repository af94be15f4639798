"""exchangelib against oxkit's EWS endpoint: meetings that arrive as iMIP
(RFC 6047) over SMTP from an external organizer, processed by the
calendar assistant on delivery. An iMIP REQUEST for a weekly series is
sent to the server's SMTP port for user2; exchangelib sees the
MeetingRequest and the tentative recurring calendar item (before any
answer), accepts it; a REQUEST with a higher SEQUENCE moves the meeting
and outdates the first request; a CANCEL marks it cancelled. Then
user1 organizes a meeting with an external attendee, whose iMIP REPLY
arrives over SMTP and shows as Accept in user1's attendee list.

usage: exchangelib_imip.py BASE_URL SMTP_ADDR   (https://localhost:PORT 127.0.0.1:PORT)

Every step asserts what the client sees; the first failure exits non-zero.
"""
import datetime
import smtplib
import sys
import time

from exchangelib import Account, BASIC, CalendarItem, Configuration, Credentials, DELEGATE, EWSDateTime, EWSTimeZone
from exchangelib.items import MeetingCancellation, MeetingRequest, SEND_TO_ALL_AND_SAVE_COPY
from exchangelib.properties import Attendee, Mailbox

import exlib
from exlib import check, steps


base = sys.argv[1].rstrip("/")
smtp_host, smtp_port = sys.argv[2].rsplit(":", 1)
endpoint = base + "/EWS/Exchange.asmx"


def account(user, password):
    return exlib.account(endpoint, user, password)


def deliver(sender, rcpt, raw):
    with smtplib.SMTP(smtp_host, int(smtp_port), timeout=30) as s:
        s.ehlo("partner.example")
        refused = s.sendmail(sender, [rcpt], raw.replace("\n", "\r\n").encode())
    check(not refused, "SMTP accepted the message for %s" % rcpt)


a1 = account("user1@example.com", "secret")
a2 = account("user2@example.com", "secret2")
tag = "imip-%d" % int(time.time())
uid = tag + "@partner.example"
berlin = EWSTimeZone("Europe/Berlin")

VTIMEZONE = """BEGIN:VTIMEZONE
TZID:Europe/Berlin
BEGIN:DAYLIGHT
TZOFFSETFROM:+0100
TZOFFSETTO:+0200
TZNAME:CEST
DTSTART:19700329T020000
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU
END:DAYLIGHT
BEGIN:STANDARD
TZOFFSETFROM:+0200
TZOFFSETTO:+0100
TZNAME:CET
DTSTART:19701025T030000
RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU
END:STANDARD
END:VTIMEZONE"""


def imip(method, seq, subject, start_local, extra=""):
    return """From: Olga Organizer <olga@partner.example>
To: User Two <user2@example.com>
Subject: {subject}
Message-ID: <{tag}-{method}-{seq}@partner.example>
MIME-Version: 1.0
Content-Type: multipart/alternative; boundary="b1"

--b1
Content-Type: text/plain; charset=utf-8

{subject}

--b1
Content-Type: text/calendar; charset=utf-8; method={method}

BEGIN:VCALENDAR
PRODID:-//partner.example//iMIP interop//EN
VERSION:2.0
METHOD:{method}
{tz}
BEGIN:VEVENT
UID:{uid}
SEQUENCE:{seq}
DTSTAMP:20310101T080000Z
SUMMARY:{subject}
DTSTART;TZID=Europe/Berlin:{start}
DTEND;TZID=Europe/Berlin:{end}
RRULE:FREQ=WEEKLY;COUNT=6;BYDAY=TU
{extra}ORGANIZER;CN=Olga Organizer:mailto:olga@partner.example
ATTENDEE;CN=User Two;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:user2@example.com
END:VEVENT
END:VCALENDAR

--b1--
""".format(subject=subject, tag=tag, method=method, seq=seq, tz=VTIMEZONE, uid=uid,
           start=start_local.strftime("%Y%m%dT%H%M%S"), end=(start_local + datetime.timedelta(hours=1)).strftime("%Y%m%dT%H%M%S"),
           extra=extra)


def my_items():
    return [i for i in a2.calendar.all() if i.uid == uid]


def requests(acct):
    return [i for i in acct.inbox.all() if isinstance(i, MeetingRequest) and i.subject.startswith(tag)]


# 1. The external organizer's REQUEST arrives over SMTP: the tentative
# recurring item is in user2's calendar before she answers.
t0 = datetime.datetime(2031, 6, 3, 10, 0)  # a Tuesday, Berlin time
deliver("olga@partner.example", "user2@example.com", imip("REQUEST", 0, tag, t0, "LOCATION:Video call\n"))
reqs = requests(a2)
check(len(reqs) == 1 and reqs[0].subject == tag, "user2 sees the MeetingRequest: %s" % [i.subject for i in reqs])
req = reqs[0]
check(req.organizer is not None and req.organizer.email_address == "olga@partner.example", "request organizer: %s" % req.organizer)
check(req.meeting_request_type == "NewMeetingRequest", "a new meeting: %s" % req.meeting_request_type)
items = my_items()
check(len(items) == 1, "one calendar item with the meeting's UID: %d" % len(items))
item = items[0]
check(req.associated_calendar_item_id is not None and req.associated_calendar_item_id.id == item.id,
      "the request's AssociatedCalendarItemId is that item: %s" % req.associated_calendar_item_id)
check(item.my_response_type == "NoResponseReceived" and item.legacy_free_busy_status == "Tentative",
      "tentative, unanswered: %s %s" % (item.my_response_type, item.legacy_free_busy_status))
check(item.type == "RecurringMaster" and item.recurrence is not None and item.recurrence.boundary.number == 6,
      "recurring master, 6 occurrences: %s %s" % (item.type, item.recurrence))
check(item.start == EWSDateTime(2031, 6, 3, 10, 0, tzinfo=berlin) and item.location == "Video call",
      "start and location: %s %s" % (item.start, item.location))
view = [o for o in a2.calendar.view(start=EWSDateTime(2031, 6, 1, tzinfo=berlin), end=EWSDateTime(2031, 7, 31, tzinfo=berlin))
        if o.uid == uid]
check(len(view) == 6, "view() expands the series: %d occurrences" % len(view))

# 2. user2 accepts (the REPLY goes to the organizer by the server's
# transport; the example server has no smarthost, so it is logged).
req.accept(body="see you")
item = a2.calendar.get(id=item.id)
check(item.my_response_type == "Accept" and item.legacy_free_busy_status == "Busy",
      "accepted: %s %s" % (item.my_response_type, item.legacy_free_busy_status))
check(not requests(a2), "the answered request left the Inbox")

# 3. An update with SEQUENCE 1 moves the meeting; the first request
# (now in Deleted Items) does not matter, the new one is current.
deliver("olga@partner.example", "user2@example.com", imip("REQUEST", 1, tag + " (moved)", t0 + datetime.timedelta(hours=4), "LOCATION:Room 7\n"))
items = my_items()
check(len(items) == 1, "still one calendar item: %d" % len(items))
item = items[0]
check(item.subject == tag + " (moved)" and item.start == EWSDateTime(2031, 6, 3, 14, 0, tzinfo=berlin) and item.location == "Room 7",
      "the update moved it: %s %s %s" % (item.subject, item.start, item.location))
check(item.my_response_type == "NoResponseReceived", "new times need a new answer: %s" % item.my_response_type)
reqs = requests(a2)
check(len(reqs) == 1 and not reqs[0].is_out_of_date and reqs[0].meeting_request_type == "FullUpdate",
      "the update is a current full update: %s" % [(r.subject, r.is_out_of_date, r.meeting_request_type) for r in reqs])

# 4. A stale REQUEST (SEQUENCE 0) arrives late: it changes nothing and
# is out of date itself.
deliver("olga@partner.example", "user2@example.com", imip("REQUEST", 0, tag, t0, "LOCATION:Video call\n"))
item = my_items()[0]
check(item.subject == tag + " (moved)", "a stale request changes nothing: %s" % item.subject)
late = [r for r in requests(a2) if r.subject == tag]
check(len(late) == 1 and late[0].is_out_of_date, "the late request is out of date: %s" % [(r.subject, r.is_out_of_date) for r in late])

# 5. CANCEL marks the item cancelled.
deliver("olga@partner.example", "user2@example.com",
        imip("CANCEL", 2, "Cancelled: " + tag, t0 + datetime.timedelta(hours=4), "STATUS:CANCELLED\n"))
cancels = [i for i in a2.inbox.all() if isinstance(i, MeetingCancellation) and i.subject.endswith(tag)]
check(len(cancels) == 1, "user2 sees the MeetingCancellation: %s" % [(type(i).__name__, i.subject) for i in a2.inbox.all()])
item = my_items()[0]
check(item.is_cancelled and item.legacy_free_busy_status == "Free", "cancelled and free: %s %s" % (item.is_cancelled, item.legacy_free_busy_status))
for r in [i for i in a2.inbox.all() if i.subject.endswith(tag) or i.subject.startswith(tag)]:
    r.delete()
item.delete()

# 6. user1 organizes a meeting with an external attendee; the attendee's
# iMIP REPLY arrives by SMTP and updates user1's attendee tracking.
s1 = EWSDateTime(2031, 6, 10, 9, 0, tzinfo=berlin)
m = CalendarItem(account=a1, folder=a1.calendar, subject=tag + " review", start=s1, end=s1 + datetime.timedelta(hours=1),
                 required_attendees=[Attendee(mailbox=Mailbox(email_address="guest@remote.example"), response_type="Unknown")])
m.save(send_meeting_invitations=SEND_TO_ALL_AND_SAVE_COPY)
org = a1.calendar.get(id=m.id)
reply = """From: Guest <guest@remote.example>
To: user1@example.com
Subject: Accepted: {tag} review
MIME-Version: 1.0
Content-Type: text/calendar; charset=utf-8; method=REPLY

BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//remote.example//iMIP interop//EN
METHOD:REPLY
BEGIN:VEVENT
UID:{uid}
SEQUENCE:0
DTSTAMP:20310601T100000Z
DTSTART:20310610T070000Z
DTEND:20310610T080000Z
SUMMARY:{tag} review
ORGANIZER:mailto:user1@example.com
ATTENDEE;PARTSTAT=ACCEPTED;CN=Guest:mailto:guest@remote.example
END:VEVENT
END:VCALENDAR
""".format(tag=tag, uid=org.uid)
deliver("guest@remote.example", "user1@example.com", reply)
org = a1.calendar.get(id=m.id)
att = {a.mailbox.email_address: a.response_type for a in (org.required_attendees or [])}
check(att == {"guest@remote.example": "Accept"}, "user1 sees the external attendee's answer: %s" % att)
org.delete()
print("exchangelib iMIP: %d steps passed" % steps())
