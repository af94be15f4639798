"""exchangelib against oxkit's EWS endpoint, the core beyond
exchangelib_ews.py: file and item attachments (on a draft and on mail
received from another user), pull and streaming subscriptions,
incremental SyncFolderItems and SyncFolderHierarchy, availability of
another user, scheduled out-of-office.

usage: exchangelib_core.py BASE_URL   (https://localhost:PORT)

Every step asserts what the client sees; the first failure exits non-zero.
"""
import datetime
import sys
import time

from exchangelib import (Account, BASIC, CalendarItem, Configuration, Credentials, DELEGATE, EWSDateTime,
                         EWSTimeZone, FileAttachment, ItemAttachment, Mailbox, Message, OofSettings)
from exchangelib.folders import Folder
from exchangelib.properties import CreatedEvent, DeletedEvent, ModifiedEvent, NewMailEvent

import exlib
from exlib import check, steps


base = sys.argv[1].rstrip("/")
endpoint = base + "/EWS/Exchange.asmx"


def account(user, password):
    return exlib.account(endpoint, user, password)


a1 = account("user1@example.com", "secret")
a2 = account("user2@example.com", "secret2")
tag = "core-%d" % int(time.time())

# --- File attachments on a draft ------------------------------------------
payload = bytes(range(256)) * 40 + "Grüße ✓".encode("utf-8")
draft = Message(account=a1, folder=a1.drafts, subject=tag + " attach", body="with attachments",
                to_recipients=[Mailbox(email_address="user2@example.com")])
draft.save()
ck0 = draft.changekey
fa = FileAttachment(name="Résumé ünïcode ✓.bin", content=payload, content_type="application/octet-stream",
                    content_id="part1@oxkit", is_inline=True)
draft.attach(fa)
check(fa.attachment_id is not None and fa.attachment_id.id, "CreateAttachment gave an AttachmentId")
check(draft.changekey and draft.changekey != ck0, "parent ChangeKey changed after CreateAttachment")
txt = FileAttachment(name="notes.txt", content=b"plain text\r\n")
draft.attach(txt)

got = a1.drafts.get(id=draft.id)
check(got.has_attachments is True, "HasAttachments true")
byname = {a.name: a for a in got.attachments}
check(set(byname) == {"Résumé ünïcode ✓.bin", "notes.txt"}, "attachment names read back: %s" % sorted(byname))
g = byname["Résumé ünïcode ✓.bin"]
check(isinstance(g, FileAttachment), "file attachment type")
check(g.content_id == "part1@oxkit" and g.is_inline is True, "ContentId/IsInline read back: %r %r" % (g.content_id, g.is_inline))
check(g.size == len(payload), "Size read back: %s (want %d)" % (g.size, len(payload)))
check(g.content == payload, "GetAttachment content byte-exact (%d bytes)" % len(g.content or b""))
check(byname["notes.txt"].content == b"plain text\r\n", "second attachment content byte-exact")
check(byname["notes.txt"].content_type == "text/plain", "content type read back: %s" % byname["notes.txt"].content_type)

# Delete one attachment.
draft.detach(fa)
got = a1.drafts.get(id=draft.id)
check([a.name for a in got.attachments] == ["notes.txt"], "DeleteAttachment left one: %s" % [a.name for a in got.attachments])

# --- Item attachment -------------------------------------------------------
inner = Message(subject=tag + " inner", body="the embedded message",
                to_recipients=[Mailbox(email_address="someone@example.net")])
ia = ItemAttachment(name="forwarded message", item=inner)
draft.attach(ia)
check(ia.attachment_id is not None, "item attachment created")
got = a1.drafts.get(id=draft.id)
items = [a for a in got.attachments if isinstance(a, ItemAttachment)]
check(len(items) == 1 and items[0].name == "forwarded message", "item attachment listed: %s" % [a.name for a in got.attachments])
emb = items[0].item
check(emb is not None and emb.subject == tag + " inner", "embedded subject read back: %r" % (emb and emb.subject))
check("the embedded message" in str(emb.body), "embedded body read back: %r" % emb.body)
check([r.email_address for r in emb.to_recipients or []] == ["someone@example.net"], "embedded recipients read back")
draft.delete()

# --- Attachment on mail from user1 to user2, with a pull subscription -----
sub_id, watermark = a2.inbox.subscribe_to_pull(event_types=["NewMailEvent", "CreatedEvent", "ModifiedEvent", "DeletedEvent"])
check(bool(sub_id) and bool(watermark), "pull subscription on user2's Inbox")
sent = Message(account=a1, folder=a1.sent, subject=tag + " with file", body="see attached",
               to_recipients=[Mailbox(email_address="user2@example.com")],
               attachments=[FileAttachment(name="data ✓.bin", content=payload)])
sent.send_and_save()
rcv = list(a2.inbox.filter(subject=tag + " with file"))
check(len(rcv) == 1, "user2 received the mail")
r = rcv[0]
check(r.has_attachments is True and [a.name for a in r.attachments] == ["data ✓.bin"],
      "received attachment listed: %s" % [a.name for a in r.attachments])
check(r.attachments[0].content == payload, "received attachment byte-exact")
saved = list(a1.sent.filter(subject=tag + " with file"))
check(len(saved) == 1 and [a.name for a in saved[0].attachments] == ["data ✓.bin"], "sent copy keeps the attachment")

events = []
for n in a2.inbox.get_events(sub_id, watermark):
    events.extend(n.events)
kinds = [type(e).__name__ for e in events]
newmail = [e for e in events if isinstance(e, NewMailEvent)]
created = [e for e in events if isinstance(e, CreatedEvent)]
check(len(newmail) == 1 and newmail[0].item_id.id == r.id, "GetEvents: NewMail with the item's id (%s)" % kinds)
check(any(e.item_id is not None and e.item_id.id == r.id for e in created), "GetEvents: Created with the item's id")
check(newmail[0].parent_folder_id.id == a2.inbox.id, "NewMail parent folder is the Inbox")
last = events[-1].watermark
# A read-flag change and a delete are seen on the next poll.
r.is_read = True
r.save(update_fields=["is_read"])
later = []
for n in a2.inbox.get_events(sub_id, last):
    later.extend(n.events)
check(any(isinstance(e, ModifiedEvent) and e.item_id and e.item_id.id == r.id for e in later),
      "GetEvents: Modified after the read flag (%s)" % [type(e).__name__ for e in later])
check(a2.inbox.unsubscribe(sub_id) is True, "Unsubscribe")
try:
    list(a2.inbox.get_events(sub_id, last))
    check(False, "GetEvents after Unsubscribe fails")
except Exception as e:  # ErrorSubscriptionNotFound
    check("Subscription" in type(e).__name__ or "ubscription" in str(e), "GetEvents after Unsubscribe: %s" % type(e).__name__)

# --- Streaming subscription ------------------------------------------------
sid = a2.inbox.subscribe_to_streaming()
check(bool(sid), "streaming subscription")
Message(account=a1, subject=tag + " streamed", body="x", to_recipients=[Mailbox(email_address="user2@example.com")]).send()
t0 = time.time()
seen = []
for n in a2.inbox.get_streaming_events(sid, connection_timeout=1, max_notifications_returned=1):
    seen.extend(n.events)
check(time.time() - t0 < 30, "streaming notification came at once (%.1fs)" % (time.time() - t0))
streamed = list(a2.inbox.filter(subject=tag + " streamed"))
check(len(streamed) == 1, "streamed mail delivered")
check(any(isinstance(e, NewMailEvent) and e.item_id.id == streamed[0].id for e in seen),
      "GetStreamingEvents: NewMail with the item's id (%s)" % [type(e).__name__ for e in seen])
check(a2.inbox.unsubscribe(sid) is True, "streaming Unsubscribe")

# --- SyncFolderItems incremental -------------------------------------------
folder = Folder(parent=a1.inbox, name=tag + " sync")
folder.save()
check(list(folder.sync_items()) == [], "initial sync of an empty folder")
state0 = folder.item_sync_state
check(bool(state0), "sync state returned")
m = Message(account=a1, folder=folder, subject=tag + " s1", body="b", is_read=False)
m.save()
ch = list(folder.sync_items())
check([(c, i.id) for c, i in ch] == [("create", m.id)], "sync: create (%s)" % [c for c, _ in ch])
check(ch[0][1].subject == tag + " s1", "sync create carries the subject")
m.is_read = True
m.save(update_fields=["is_read"])
ch = list(folder.sync_items())
check([c for c, _ in ch] == ["read_flag_change"] and ch[0][1][0].id == m.id and ch[0][1][1] is True,
      "sync: read flag change (%s)" % ch)
m.subject = tag + " s1 changed"
m.save(update_fields=["subject"])
ch = list(folder.sync_items())
check([c for c, _ in ch] == ["update"] and ch[0][1].subject == tag + " s1 changed", "sync: update (%s)" % [c for c, _ in ch])
mid = m.id
m.delete()
ch = list(folder.sync_items())
check([c for c, _ in ch] == ["delete"] and ch[0][1].id == mid, "sync: delete (%s)" % ch)
check(list(folder.sync_items()) == [], "sync: nothing more")
# An old state replays the net change: nothing (created then deleted).
check(list(folder.sync_items(sync_state=state0)) == [], "sync from the first state: created-and-deleted item not reported")
# MaxChangesReturned pages.
for i in range(5):
    Message(account=a1, folder=folder, subject="%s p%d" % (tag, i), body="b").save()
page = list(folder.sync_items(max_changes_returned=2))
check(len(page) == 5 and all(c == "create" for c, _ in page), "sync paged by 2 returns 5 creates (%d)" % len(page))

# --- SyncFolderHierarchy ---------------------------------------------------
list(a1.root.sync_hierarchy())
check(bool(a1.root.folder_sync_state), "hierarchy sync state")
hf = Folder(parent=a1.inbox, name=tag + " hier")
hf.save()
ch = list(a1.root.sync_hierarchy())
check([(c, f.name, f.id) for c, f in ch] == [("create", tag + " hier", hf.id)],
      "hierarchy: create (%s)" % [(c, getattr(f, "name", None)) for c, f in ch])
hf.name = tag + " renamed"
hf.save(update_fields=["name"])
ch = list(a1.root.sync_hierarchy())
check(("update", tag + " renamed") in [(c, getattr(f, "name", None)) for c, f in ch],
      "hierarchy: update (%s)" % [(c, getattr(f, "name", None)) for c, f in ch])
hid = hf.id
hf.delete()
ch = list(a1.root.sync_hierarchy())
check(any(c == "delete" and f.id == hid for c, f in ch), "hierarchy: delete (%s)" % [c for c, _ in ch])
folder.delete()

# --- Availability: user2's busy time as user1 sees it ----------------------
berlin = EWSTimeZone("Europe/Berlin")
b0 = EWSDateTime(2032, 3, 27, 14, 0, tzinfo=berlin)  # the Saturday before DST starts
busy = CalendarItem(account=a2, folder=a2.calendar, subject=tag + " busy", start=b0, end=b0 + datetime.timedelta(hours=2),
                    legacy_free_busy_status="Busy", location="Lab")
busy.save()
b1 = EWSDateTime(2032, 3, 29, 9, 0, tzinfo=berlin)  # Monday after the change, summer time
busy2 = CalendarItem(account=a2, folder=a2.calendar, subject=tag + " oof", start=b1, end=b1 + datetime.timedelta(hours=1),
                     legacy_free_busy_status="OOF")
busy2.save()
info = list(a1.protocol.get_free_busy_info(accounts=[(a2, "Required", False)], start=b0 - datetime.timedelta(hours=4),
                                          end=b1 + datetime.timedelta(hours=4), requested_view="DetailedMerged",
                                          merged_free_busy_interval=60))
check(len(info) == 1, "one FreeBusyView")
mine = [e for e in info[0].calendar_events or [] if e.details and (e.details.subject or "").startswith(tag)]
ev = [(e.start.timetuple()[:5], e.end.timetuple()[:5], e.busy_type) for e in mine]
# exchangelib sends the zone of `start` (Europe/Berlin, with its DST rule
# from GetServerTimeZones); the answer is in that zone without an offset:
# the wall-clock times on both sides of the change (13:00Z and 07:00Z).
want = [((2032, 3, 27, 14, 0), (2032, 3, 27, 16, 0), "Busy"), ((2032, 3, 29, 9, 0), (2032, 3, 29, 10, 0), "OOF")]
check(ev == want, "availability events %s" % ev)
det = [e.details for e in mine]
check(det[0] is not None and det[0].subject == tag + " busy" and det[0].location == "Lab", "Detailed view has subject and location")
merged = info[0].merged
check(merged is not None and merged[:5] == "00002" and "3" in merged[5:], "MergedFreeBusy %s" % merged)
check(info[0].working_hours is not None or info[0].working_hours_timezone is not None, "WorkingHours present")
busy.delete()
busy2.delete()

# --- Out of office, scheduled ----------------------------------------------
utc = EWSTimeZone("UTC")
s = EWSDateTime.now(tz=utc).replace(microsecond=0) + datetime.timedelta(days=1)
s = s.replace(second=0)
e = s + datetime.timedelta(days=7)
a2.oof_settings = OofSettings(state=OofSettings.SCHEDULED, external_audience="Known", start=s, end=e,
                              internal_reply="Back next week ✓", external_reply="<p>Away</p>")
oof = a2.oof_settings
check(oof.state == OofSettings.SCHEDULED, "OOF state Scheduled: %s" % oof.state)
check(oof.start == s and oof.end == e, "OOF duration read back: %s..%s" % (oof.start, oof.end))
check(oof.external_audience == "Known", "OOF external audience")
check(oof.internal_reply == "Back next week ✓" and "Away" in oof.external_reply, "OOF replies read back")
a2.oof_settings = OofSettings(state=OofSettings.DISABLED)
check(a2.oof_settings.state == OofSettings.DISABLED, "OOF disabled again")

print("exchangelib core: %d passed, 0 failed" % steps())
