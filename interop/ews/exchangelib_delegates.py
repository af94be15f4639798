"""exchangelib against oxkit's EWS endpoint: delegate access. user2 opens
user1's mailbox (Account(primary_smtp_address=user1, credentials of
user2, access_type=DELEGATE)) and is refused; user1 makes user2 a
delegate (AddDelegate, sent as SOAP: exchangelib has no call for it) and
exchangelib reads the delegates back (GetDelegate); user2 then reads and
writes user1's calendar; a folder PermissionSet is written and read back
with exchangelib; RemoveDelegate takes the access away.

usage: exchangelib_delegates.py BASE_URL   (https://localhost:PORT)

Every step asserts what the client sees; the first failure exits non-zero.
"""
import datetime
import sys

import urllib3
from exchangelib import (Account, BASIC, CalendarItem, Configuration, Credentials, DELEGATE, EWSDateTime,
                         EWSTimeZone, Folder)
from exchangelib.errors import ErrorAccessDenied
from exchangelib.properties import Permission, PermissionSet, UserId

import exlib
from exlib import check, steps

urllib3.disable_warnings()

base = sys.argv[1].rstrip("/")
endpoint = base + "/EWS/Exchange.asmx"
USER1, USER2 = "user1@example.com", "user2@example.com"
PASSWORDS = {USER1: "secret", USER2: "secret2"}


def account(mailbox, login):
    cfg = Configuration(service_endpoint=endpoint, credentials=Credentials(login, PASSWORDS[login]), auth_type=BASIC)
    return Account(primary_smtp_address=mailbox, config=cfg, autodiscover=False, access_type=DELEGATE)




def soap(login, body):
    """POSTs one operation as login and returns the response codes of its
    DelegateUserResponseMessageType elements."""
    status, root = exlib.soap_as(endpoint, login, PASSWORDS[login], body)
    check(status == 200, "HTTP %d for %s" % (status, body[:40]))
    return exlib.response_codes(root, "DelegateUserResponseMessageType")


def refused(fn):
    try:
        fn()
    except ErrorAccessDenied:
        return True
    return False


tz = EWSTimeZone("UTC")
a1 = account(USER1, USER1)

# Before: user2 cannot open user1's calendar.
check(refused(lambda: account(USER1, USER2).calendar), "user2 is refused user1's calendar before any grant")
check(a1.delegates == [], "user1 has no delegates: %r" % a1.delegates)

# user1 makes user2 a delegate: Editor on the calendar.
codes = soap(USER1, '<m:AddDelegate><m:Mailbox><t:EmailAddress>%s</t:EmailAddress></m:Mailbox><m:DelegateUsers>'
             '<t:DelegateUser><t:UserId><t:PrimarySmtpAddress>%s</t:PrimarySmtpAddress></t:UserId>'
             '<t:DelegatePermissions><t:CalendarFolderPermissionLevel>Editor</t:CalendarFolderPermissionLevel></t:DelegatePermissions>'
             '<t:ReceiveCopiesOfMeetingMessages>false</t:ReceiveCopiesOfMeetingMessages><t:ViewPrivateItems>false</t:ViewPrivateItems>'
             '</t:DelegateUser></m:DelegateUsers><m:DeliverMeetingRequests>DelegatesAndMe</m:DeliverMeetingRequests></m:AddDelegate>'
             % (USER1, USER2))
check(codes == ["NoError"], "AddDelegate: %r" % codes)
dl = a1.delegates
check(len(dl) == 1 and dl[0].user_id.primary_smtp_address == USER2, "exchangelib reads the delegate back")
check(dl[0].delegate_permissions.calendar_folder_permission_level == "Editor", "calendar level %s" % dl[0].delegate_permissions.calendar_folder_permission_level)
check(dl[0].delegate_permissions.inbox_folder_permission_level == "None", "inbox level None")

# user1 has an appointment; user2, as a delegate, sees it and adds one.
start = EWSDateTime(2031, 5, 6, 9, 0, tzinfo=tz)
CalendarItem(account=a1, folder=a1.calendar, subject="boss meeting", start=start, end=start + datetime.timedelta(hours=1)).save()
a2 = account(USER1, USER2)
cal = a2.calendar
check(cal.name == "Calendar", "user2 opens user1's calendar: %s" % cal.name)
subjects = {i.subject for i in cal.view(start=start - datetime.timedelta(days=1), end=start + datetime.timedelta(days=1))}
check("boss meeting" in subjects, "user2 sees user1's appointment: %r" % subjects)
item = CalendarItem(account=a2, folder=cal, subject="booked by user2", start=start + datetime.timedelta(hours=2),
                    end=start + datetime.timedelta(hours=3))
item.save(send_meeting_invitations="SendToNone")
check(item.id is not None, "user2 created an appointment in user1's calendar")
mine = {i.subject for i in a1.calendar.all()}
check("booked by user2" in mine, "user1 sees it: %r" % mine)
item.subject = "booked by user2, moved"
item.save(update_fields=["subject"], send_meeting_invitations="SendToNone")
check(a1.calendar.get(subject="booked by user2, moved") is not None, "user2 updated it")
check(refused(lambda: list(a2.inbox.all()[:1])), "user2 is still refused user1's inbox")

# A folder PermissionSet written and read back with exchangelib.
shared = Folder(parent=a1.inbox, name="xl-shared")
shared.save()
shared.permission_set = PermissionSet(permissions=[
    Permission(user_id=UserId(primary_smtp_address=USER2), permission_level="Custom", read_items="FullDetails",
               is_folder_visible=True, can_create_items=True, edit_items="Owned", delete_items="None"),
])
shared.save(update_fields=["permission_set"])
fresh = a1.inbox / "xl-shared"
fresh.refresh()
ps = fresh.permission_set
rows = [p for p in (ps.permissions or []) if p.user_id and p.user_id.primary_smtp_address == USER2]
check(len(rows) == 1, "permission row read back (%d rows)" % len(ps.permissions or []))
check(rows[0].read_items == "FullDetails" and rows[0].is_folder_visible and rows[0].can_create_items and rows[0].edit_items == "Owned",
      "permission fields read back")
defaults = [p for p in (ps.permissions or []) if p.user_id and p.user_id.distinguished_user == "Default"]
check(len(defaults) == 1 and defaults[0].read_items == "None", "the Default row is there with no rights")
fresh.delete()

# RemoveDelegate: the access is gone.
codes = soap(USER1, '<m:RemoveDelegate><m:Mailbox><t:EmailAddress>%s</t:EmailAddress></m:Mailbox><m:UserIds>'
             '<t:UserId><t:PrimarySmtpAddress>%s</t:PrimarySmtpAddress></t:UserId></m:UserIds></m:RemoveDelegate>' % (USER1, USER2))
check(codes == ["NoError"], "RemoveDelegate: %r" % codes)
check(a1.delegates == [], "no delegates after removal")
check(refused(lambda: account(USER1, USER2).calendar), "user2 is refused user1's calendar again")
for i in a1.calendar.filter(subject__startswith="boss meeting"):
    i.delete()
for i in a1.calendar.filter(subject__startswith="booked by user2"):
    i.delete()

print("exchangelib delegates: %d steps passed" % steps())
