"""exchangelib against oxkit's EWS endpoint: another user's mailbox and
sending on behalf. user1 makes user2 a delegate (AddDelegate as SOAP:
exchangelib has no call for it; Editor on Calendar and Inbox); user2,
with an Account of user1's mailbox (access_type=DELEGATE), then
synchronizes user1's folder hierarchy (only the folders she may see),
moves and copies items between the two mailboxes, subscribes to user1's
Inbox and sees the event of a new message there, and sends a message on
behalf of user1 that user1 receives with Sender user2 and From user1.
Without the delegation the send is refused (ErrorSendAsDenied).
Everything created is removed again, and the delegation too.

usage: exchangelib_other.py BASE_URL   (https://localhost:PORT)

Every step asserts what the client sees; the first failure exits non-zero.
"""
import sys
import time

import urllib3
from exchangelib import Account, BASIC, Configuration, Credentials, DELEGATE, Folder, Mailbox, Message
from exchangelib.errors import ErrorSendAsDenied
from exchangelib.properties import CreatedEvent, NewMailEvent

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
    """POSTs one operation as login; the ResponseCodes of its delegate
    response messages."""
    status, root = exlib.soap_as(endpoint, login, PASSWORDS[login], body)
    check(status == 200, "HTTP %d for %s" % (status, body[:40]))
    return exlib.response_codes(root, "DelegateUserResponseMessageType")


def add_delegate():
    codes = soap(USER1, '<m:AddDelegate><m:Mailbox><t:EmailAddress>%s</t:EmailAddress></m:Mailbox><m:DelegateUsers>'
                 '<t:DelegateUser><t:UserId><t:PrimarySmtpAddress>%s</t:PrimarySmtpAddress></t:UserId>'
                 '<t:DelegatePermissions><t:CalendarFolderPermissionLevel>Editor</t:CalendarFolderPermissionLevel>'
                 '<t:InboxFolderPermissionLevel>Editor</t:InboxFolderPermissionLevel></t:DelegatePermissions>'
                 '<t:ReceiveCopiesOfMeetingMessages>false</t:ReceiveCopiesOfMeetingMessages><t:ViewPrivateItems>false</t:ViewPrivateItems>'
                 '</t:DelegateUser></m:DelegateUsers><m:DeliverMeetingRequests>DelegatesAndMe</m:DeliverMeetingRequests></m:AddDelegate>'
                 % (USER1, USER2))
    check(codes == ["NoError"], "AddDelegate user2 on user1: %r" % codes)


def remove_delegate():
    codes = soap(USER1, '<m:RemoveDelegate><m:Mailbox><t:EmailAddress>%s</t:EmailAddress></m:Mailbox><m:UserIds>'
                 '<t:UserId><t:PrimarySmtpAddress>%s</t:PrimarySmtpAddress></t:UserId></m:UserIds></m:RemoveDelegate>' % (USER1, USER2))
    check(codes == ["NoError"], "RemoveDelegate: %r" % codes)


def subjects(folder, prefix="xo-"):
    return sorted(i.subject for i in folder.filter(subject__startswith=prefix))


a1 = account(USER1, USER1)     # user1's own mailbox
mine = account(USER2, USER2)   # user2's own mailbox

# Without a delegation user2 may not send on behalf of user1.
m = Message(account=mine, folder=mine.sent, subject="xo-refused", body="no", author=Mailbox(email_address=USER1),
            to_recipients=[Mailbox(email_address=USER1)])
try:
    m.send_and_save()
    check(False, "sending on behalf without delegation was refused")
except ErrorSendAsDenied:
    check(True, "sending on behalf without delegation is ErrorSendAsDenied")

add_delegate()
hidden = Folder(parent=a1.inbox, name="xo-hidden")
hidden.save()
a2 = account(USER1, USER2)     # user1's mailbox, as user2

# 1. SyncFolderHierarchy of user1's mailbox: the folders user2 may see.
root = a2.msg_folder_root
names = {f.name for change, f in root.sync_hierarchy() if change == "create"}
check({"Inbox", "Calendar"} <= names, "user2 syncs user1's Inbox and Calendar: %r" % sorted(names))
check("Drafts" not in names and "xo-hidden" not in names, "folders user2 may not see are not listed: %r" % sorted(names))
state = root.folder_sync_state
check(state, "a sync state is returned")
again = [c for c in root.sync_hierarchy(sync_state=state)]
check(again == [], "no changes since: %r" % again)

# 2. Moving and copying between the two mailboxes.
Message(account=a1, folder=a1.inbox, subject="xo-move", body="between mailboxes").save()
Message(account=a1, folder=a1.inbox, subject="xo-copy", body="copied").save()
item = a2.inbox.get(subject="xo-move")
item.move(to_folder=mine.inbox)
check(subjects(a1.inbox) == ["xo-copy"], "the moved item left user1's Inbox: %r" % subjects(a1.inbox))
check(subjects(mine.inbox) == ["xo-move"], "it is in user2's Inbox: %r" % subjects(mine.inbox))
a2.inbox.get(subject="xo-copy").copy(to_folder=mine.drafts)
check(subjects(mine.drafts) == ["xo-copy"], "the copy is in user2's Drafts: %r" % subjects(mine.drafts))
check(subjects(a1.inbox) == ["xo-copy"], "the original stays in user1's Inbox")
mine.inbox.get(subject="xo-move").move(to_folder=a2.inbox)
check(subjects(a1.inbox) == ["xo-copy", "xo-move"], "moved back into user1's Inbox: %r" % subjects(a1.inbox))
check(a1.inbox.get(subject="xo-move").body == "between mailboxes", "the body travelled along")
check(subjects(mine.inbox) == [], "user2's Inbox is empty again")

# 3. A pull subscription to user1's Inbox.
sub_id, watermark = a2.inbox.subscribe_to_pull(event_types=["NewMailEvent", "CreatedEvent"])
check(sub_id, "user2 subscribed to user1's Inbox")
Message(account=a1, folder=a1.inbox, subject="xo-event", body="watched").save()
seen = []
for _ in range(20):
    for n in a2.inbox.get_events(sub_id, watermark):
        watermark = n.events[-1].watermark if n.events else watermark
        seen += [e for e in n.events if isinstance(e, (CreatedEvent, NewMailEvent))]
    if seen:
        break
    time.sleep(0.2)
check(seen, "user2 sees an event in user1's Inbox")
got = list(a2.fetch(ids=[seen[0].item_id]))
check(len(got) == 1 and got[0].subject == "xo-event", "the event's item is user1's new message: %r" % [getattr(g, "subject", g) for g in got])
a2.inbox.unsubscribe(sub_id)

# 4. Sending on behalf of user1.
m = Message(account=mine, folder=mine.sent, subject="xo-onbehalf", body="for the boss", author=Mailbox(email_address=USER1),
            to_recipients=[Mailbox(email_address=USER1)])
m.send_and_save()
rcvd = None
for _ in range(20):
    got = list(a1.inbox.filter(subject="xo-onbehalf").only("subject", "author", "sender"))
    if got:
        rcvd = got[0]
        break
    time.sleep(0.2)
check(rcvd is not None, "user1 received the message sent on her behalf")
check(rcvd.author.email_address == USER1, "From is user1: %s" % rcvd.author.email_address)
check(rcvd.sender.email_address == USER2, "Sender is user2: %s" % rcvd.sender.email_address)
sent = mine.sent.filter(subject="xo-onbehalf").only("subject", "author", "sender")
check(sent.count() == 1, "the copy is in user2's Sent Items")
check(a1.sent.filter(subject="xo-onbehalf").count() == 0, "and not in user1's")

# Clean up: items, folder, delegation.
for f in (a1.inbox, mine.inbox, mine.drafts, mine.sent, a1.sent):
    for i in f.filter(subject__startswith="xo-"):
        i.delete()
hidden.delete()
remove_delegate()
m = Message(account=mine, folder=mine.sent, subject="xo-refused", body="no", author=Mailbox(email_address=USER1),
            to_recipients=[Mailbox(email_address=USER1)])
try:
    m.send_and_save()
    check(False, "sending on behalf after RemoveDelegate was refused")
except ErrorSendAsDenied:
    check(True, "sending on behalf after RemoveDelegate is ErrorSendAsDenied")

print("exchangelib other mailbox: %d steps passed" % steps())
