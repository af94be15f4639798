"""exchangelib against oxkit's EWS endpoint: soft-deleted folders and
items, UniqueBody, TextBody of an HTML mail in a legacy charset, and
GroupSummary.

FindFolder Traversal=SoftDeleted through exchangelib's SOFT_DELETED folder
depth (a folder soft-deleted with a subfolder and an item; the item found
with SOFT_DELETED item depth under the deleted folder), GetItem of a
soft-deleted item by its ID (Account.fetch), item.unique_body of Gmail and
Outlook replies without the quoted original, item.text_body of an
HTML-only windows-1252 mail (links as "text <url>", lists, entities), and
FindItem DistinguishedGroupBy's GroupSummary (raw SOAP through
exchangelib's authenticated session: exchangelib has no GroupBy API).

usage: exchangelib_search2.py BASE_URL   (https://localhost:PORT)

Every step asserts what the client sees; the first failure exits non-zero.
"""
import sys
import uuid

from exchangelib import Message
from exchangelib.folders import SOFT_DELETED, Folder
from exchangelib.folders.queryset import SingleFolderQuerySet
from exchangelib.items import SOFT_DELETED as ITEMS_SOFT_DELETED

import exlib
from exlib import check, steps

base = sys.argv[1].rstrip("/")
endpoint = exlib.ews_endpoint(base)
M = "{http://schemas.microsoft.com/exchange/services/2006/messages}"
T = "{http://schemas.microsoft.com/exchange/services/2006/types}"

a1 = exlib.account(endpoint, "user1@example.com", "secret")
tag = uuid.uuid4().hex[:8]
# Everything happens in a work folder, hard-deleted at the end (which
# purges what it retained), so later scenarios see an unchanged mailbox.
wf = Folder(parent=a1.inbox, name="search2-work-" + tag)
wf.save()


def soft_folders(folder):
    """The folders FindFolder Traversal=SoftDeleted lists under folder
    (exchangelib follows up with GetFolder of each for the complex fields,
    which opens soft-deleted folders too)."""
    return list(SingleFolderQuerySet(account=a1, folder=folder).depth(SOFT_DELETED).all())


# 1. A folder soft-deleted with a subfolder and an item.
proj = Folder(parent=wf, name="search2-projects-" + tag)
proj.save()
sub = Folder(parent=proj, name="search2-old-" + tag)
sub.save()
Message(account=a1, folder=proj, subject="search2 plan " + tag, body="the plan").save()
proj_id = proj.id  # delete() forgets it
proj.delete(delete_type="SoftDelete")
live = [f.name for f in SingleFolderQuerySet(account=a1, folder=wf).all()]
check(proj.name not in live, "a soft-deleted folder is gone from FindFolder Shallow")
listed = [f for f in soft_folders(wf) if f.name == proj.name]
check(len(listed) == 1 and listed[0].id == proj_id, "FindFolder SoftDeleted lists it with its FolderId")
check(listed[0].child_folder_count == 1, "its ChildFolderCount counts the subfolder deleted with it")
check([f.name for f in soft_folders(listed[0])] == [sub.name], "its subfolder is listed under it")
items = list(listed[0].all().depth(ITEMS_SOFT_DELETED))
check([i.subject for i in items] == ["search2 plan " + tag], "FindItem SoftDeleted of its ID lists its item")
hard = Folder(parent=wf, name="search2-hard-" + tag)
hard.save()
hard.delete(delete_type="HardDelete")
check(all(f.name != hard.name for f in soft_folders(wf)), "a hard-deleted folder is not listed")

# 2. GetItem of a soft-deleted item by its ID.
m = Message(account=a1, folder=wf, subject="search2 recover " + tag, body="recover me")
m.save()
mid, ck = m.id, m.changekey
# Not m.soft_delete(): it then looks up the Recoverable Items folder,
# which oxkit's mailboxes do not have.
a1.bulk_delete(ids=[(mid, ck)], delete_type="SoftDelete")
check(not list(wf.filter(subject="search2 recover " + tag)), "the soft-deleted item is gone from its folder")
got = list(a1.fetch(ids=[(mid, ck)]))
check(len(got) == 1 and isinstance(got[0], Message) and got[0].subject == "search2 recover " + tag and
      "recover me" in str(got[0].body), "GetItem still opens it by its ID (Recoverable Items)")

# 3. UniqueBody of replies, TextBody of an HTML-only windows-1252 mail.
def deliver(subject, ctype, body):
    mime = ("From: Bob <bob@example.net>\r\nTo: user1@example.com\r\nSubject: " + subject + "\r\n"
            "Message-ID: <" + uuid.uuid4().hex + "@example.net>\r\nMIME-Version: 1.0\r\nContent-Type: " + ctype + "\r\n\r\n").encode() + body
    Message(account=a1, folder=wf, mime_content=mime).save()
    return wf.get(subject=subject)


gmail = deliver("RE: lunch " + tag, "text/html; charset=windows-1252",
                b'<div dir="ltr">Caf\xe9 at <a href="https://example.com/map">the corner</a>?</div><br>'
                b'<div class="gmail_quote"><div class="gmail_attr">On Mon, Jan 6, 2025 at 9:14 AM Alice wrote:<br></div>'
                b'<blockquote class="gmail_quote">Lunch tomorrow?</blockquote></div>\r\n')
ub = str(gmail.unique_body)
check("Caf\u00e9" in ub and "Lunch tomorrow" not in ub and "gmail_quote" not in ub,
      "unique_body of a Gmail reply has the new text only: %r" % ub[:120])
check("Lunch tomorrow" in str(gmail.body), "body still has the quoted original")
check(gmail.text_body.startswith("Caf\u00e9 at the corner <https://example.com/map>?") and "> Lunch tomorrow?" in gmail.text_body,
      "text_body renders the HTML (windows-1252 decoded, link as text <url>, quote prefixed): %r" % gmail.text_body)
outlook = deliver("RE: meeting " + tag, "text/plain; charset=utf-8",
                  b"Thursday works.\r\n\r\n-----Original Message-----\r\nFrom: Alice\r\nSent: Monday\r\nSubject: meeting\r\n\r\nCan we meet?\r\n")
check(str(outlook.unique_body).strip() == "Thursday works.", "unique_body of an Outlook text reply drops the original message")
listmail = deliver("news " + tag, "text/html; charset=utf-8",
                   b"<h1>News</h1><ul><li>one &amp; two</li><li>three</li></ul><table><tr><td>a</td><td>b</td></tr></table>")
check(listmail.text_body == "News\r\n\r\n* one & two\r\n* three\r\n\r\na\tb", "text_body lays out headings, lists and tables: %r" % listmail.text_body)


# 4. GroupSummary of a grouped FindItem.
def soap(body):
    return exlib.soap(a1, body, "Exchange2013")[1]


gf = Folder(parent=wf, name="search2-groups-" + tag)
gf.save()
for subject, read in (("Plan", True), ("RE: Plan", False), ("Other", False)):
    Message(account=a1, folder=gf, subject=subject, is_read=read).save()
doc = soap('<m:FindItem Traversal="Shallow"><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape></m:ItemShape>'
           '<m:DistinguishedGroupBy Order="Ascending"><t:StandardGroupBy>ConversationTopic</t:StandardGroupBy></m:DistinguishedGroupBy>'
           '<m:ParentFolderIds><t:FolderId Id="' + gf.id + '"/></m:ParentFolderIds></m:FindItem>')
summaries = {}
for g in doc.iter(T + "GroupedItems"):
    s = g.find(T + "GroupSummary")
    summaries[g.findtext(T + "GroupIndex")] = None if s is None else (s.findtext(T + "GroupCount"), s.findtext(T + "UnreadCount"), s.findtext(T + "GroupByValue"))
check(summaries == {"Plan": ("2", "1", "Plan"), "Other": ("1", "1", "Other")}, "GroupSummary counts each group's items and unread items: %r" % summaries)
gf.delete()
wf_id = wf.id
wf.delete()
check(all(f.id != wf_id for f in soft_folders(a1.inbox)), "the hard-deleted work folder left nothing behind")

print("exchangelib search2 scenario: %d steps passed" % steps())
