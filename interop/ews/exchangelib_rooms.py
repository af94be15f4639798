"""exchangelib against oxkit's EWS endpoint: room lists and rooms
(ews/rooms.go), as the example server's -rooms file declares them
(exchangelib_rooms.sh).

Protocol.get_roomlists() lists the two room lists, Protocol.get_rooms()
the rooms of each, a plain address is no room list
(ErrorNameResolutionNoResults), a room's free/busy is answered like
anyone's (Account.protocol.get_free_busy_info), and the room books
itself: a CalendarItem with the room among its resources is accepted,
an overlapping one from user2 declined.

usage: exchangelib_rooms.py BASE_URL   (https://localhost:PORT)

Every step asserts what the client sees; the first failure exits non-zero.
"""
import datetime
import sys

from exchangelib import DELEGATE, Account, Attendee, CalendarItem, EWSTimeZone, Mailbox
from exchangelib.errors import ErrorNameResolutionNoResults

import exlib
from exlib import check, steps

base = sys.argv[1].rstrip("/")
a1 = exlib.account(exlib.ews_endpoint(base), "user1@example.com", "secret")
proto = a1.protocol

lists = sorted((r.name, r.email_address) for r in proto.get_roomlists())
check(lists == [("Annexes", "annexes@example.com"), ("Building A", "building-a@example.com")], "get_roomlists: %r" % lists)
rooms = [(r.name, r.email_address) for r in proto.get_rooms("building-a@example.com")]
check(rooms == [("Board Room", "board@example.com"), ("Lab", "lab@example.com")], "get_rooms(Building A): %r" % rooms)
rooms = [(r.name, r.email_address) for r in proto.get_rooms("annexes@example.com")]
check(rooms == [("Garden Shed", "shed@example.com")], "get_rooms(Annexes): %r" % rooms)
try:
    list(proto.get_rooms("user1@example.com"))
    check(False, "a user is no room list")
except ErrorNameResolutionNoResults:
    check(True, "a user is no room list")

tz = EWSTimeZone("UTC")
start = datetime.datetime(2030, 1, 7, 8, 0, tzinfo=tz)
end = start + datetime.timedelta(hours=8)
# Only the room's address reaches GetUserAvailability: an Account object
# on user1's configuration stands for it (nobody logs in as a room).
room = Account("board@example.com", config=a1.protocol.config, autodiscover=False, access_type=DELEGATE)
info = list(a1.protocol.get_free_busy_info(accounts=[(room, "Room", False)], start=start, end=end))
check(len(info) == 1 and info[0].merged == "0" * 16 and not info[0].calendar_events,
      "the room's free/busy answers, free: %r" % info)

# The room books itself: the first request for a slot is accepted, an
# overlapping one declined (ews/booking.go).
a2 = exlib.account(exlib.ews_endpoint(base), "user2@example.com", "secret2")
slot = (datetime.datetime.now(tz) + datetime.timedelta(days=3)).replace(minute=0, second=0, microsecond=0)


def invite(acct, subject, start):
    item = CalendarItem(account=acct, folder=acct.calendar, subject=subject, start=start, end=start + datetime.timedelta(hours=1),
                        resources=[Attendee(mailbox=Mailbox(email_address="board@example.com"), response_type="Unknown")])
    item.save(send_meeting_invitations="SendToAllAndSaveCopy")
    return item


def room_answer(acct, item):
    got = acct.calendar.get(id=item.id)
    return [r.response_type for r in (got.resources or []) if r.mailbox.email_address == "board@example.com"]


first = invite(a1, "Room booking", slot)
check(room_answer(a1, first) == ["Accept"], "the room accepts a free slot: %r" % room_answer(a1, first))
second = invite(a2, "Room clash", slot + datetime.timedelta(minutes=30))
check(room_answer(a2, second) == ["Decline"], "the room declines an overlapping request: %r" % room_answer(a2, second))
for acct, item in ((a1, first), (a2, second)):
    acct.calendar.get(id=item.id).delete(send_meeting_cancellations="SendToNone")
print("exchangelib rooms scenario: %d steps passed" % steps())
