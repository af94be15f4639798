"""exchangelib against oxkit's EWS endpoint: the Recoverable Items
folders, as an admin script uses them to find and restore deleted mail.
Soft-deletes items (Item.soft_delete(), a folder's soft delete), lists
them in account.recoverable_items_deletions (filter, order, paging,
counts), restores one with .move(account.inbox) and one with .copy(),
purges one with .delete() there, checks the empty Versions and Purges
and the root's children, and that another user cannot reach them.

usage: exchangelib_recover.py BASE_URL   (https://localhost:PORT)

Every step asserts what the client sees; the first failure exits non-zero.
"""
import sys
import time

from exchangelib import Message
from exchangelib.errors import ErrorAccessDenied, ErrorFolderNotFound, ErrorItemNotFound
from exchangelib.folders import Folder, FolderCollection, RecoverableItemsDeletions, RecoverableItemsRoot

import exlib
from exlib import check, steps

base = sys.argv[1].rstrip("/")
endpoint = exlib.ews_endpoint(base)
a1 = exlib.account(endpoint, "user1@example.com", "secret")
a2 = exlib.account(endpoint, "user2@example.com", "secret2")
tag = "recover-%d" % int(time.time())

deletions = a1.recoverable_items_deletions
check(isinstance(deletions, RecoverableItemsDeletions) and deletions.name == "Deletions",
      "account.recoverable_items_deletions resolves: %r" % (deletions.name,))
root = a1.recoverable_items_root
check(isinstance(root, RecoverableItemsRoot) and root.name == "Recoverable Items", "recoverable_items_root: %r" % root.name)
check(deletions.parent_folder_id.id == root.id, "Deletions' parent is the Recoverable Items root")
check(root.parent_folder_id.id == a1.root.id, "the Recoverable Items root's parent is the mailbox root")
base_count = deletions.all().count()

# --- Soft-delete some items ------------------------------------------------
items = {}
for s in ("alpha", "bravo", "charlie", "delta"):
    m = Message(account=a1, folder=a1.inbox, subject="%s %s" % (tag, s), body="body of " + s)
    m.save()
    items[s] = m
keep = Message(account=a1, folder=a1.inbox, subject="%s keep" % tag, body="stays")
keep.save()
for s in ("alpha", "bravo", "charlie"):
    items[s].soft_delete()
    check(items[s].folder == a1.recoverable_items_deletions, "soft_delete() placed %s in Deletions (client side)" % s)
items["delta"].delete()  # hard: gone for good
sub = Folder(parent=a1.inbox, name=tag + " folder")
sub.save()
Message(account=a1, folder=sub, subject="%s echo" % tag, body="in a deleted folder").save()
sub.delete(delete_type="SoftDelete")

mine = deletions.filter(subject__startswith=tag)
got = sorted(i.subject for i in mine)
want = ["%s %s" % (tag, s) for s in ("alpha", "bravo", "charlie", "echo")]
check(got == want, "Deletions lists the soft-deleted items (those of the deleted folder too): %s" % got)
check(all(i.parent_folder_id.id == deletions.id for i in mine), "their ParentFolderId is Deletions")
check(mine.count() == 4, "count() in Deletions: %d" % mine.count())
ordered = [i.subject for i in mine.order_by("-subject")]
check(ordered == list(reversed(want)), "order_by('-subject'): %s" % ordered)
page = [i.subject for i in mine.order_by("subject")[1:3]]
check(page == want[1:3], "paging [1:3]: %s" % page)
check(deletions.all().count() == base_count + 4, "Deletions total %d, want %d" % (deletions.all().count(), base_count + 4))
deletions.refresh()
check(deletions.total_count == base_count + 4, "Deletions TotalCount %s" % deletions.total_count)
inbox_subjects = sorted(i.subject for i in a1.inbox.filter(subject__startswith=tag))
check(inbox_subjects == ["%s keep" % tag], "the Inbox keeps only the live item: %s" % inbox_subjects)
bravo = deletions.get(subject="%s bravo" % tag)
check(bravo.body == "body of bravo", "GetItem of an item in Deletions reads its body: %r" % bravo.body)

# --- Restore with .move(account.inbox) ---------------------------------
alpha = deletions.get(subject="%s alpha" % tag)
old_id = alpha.id
alpha.move(a1.inbox)
check(alpha.id and alpha.id != old_id, "move() gave the restored item a new ItemId")
back = a1.inbox.get(subject="%s alpha" % tag)
check(back.id == alpha.id and back.body == "body of alpha", "restored item is back in the Inbox with its body")
check(not deletions.filter(subject="%s alpha" % tag).exists(), "restored item is gone from Deletions")
gone = list(a1.fetch(ids=[(old_id, None)]))
check(len(gone) == 1 and isinstance(gone[0], ErrorItemNotFound), "the old ItemId answers ErrorItemNotFound: %r" % gone)

# --- Copy: restore a copy, the item stays recoverable ------------------------
echo = deletions.get(subject="%s echo" % tag)
copied = echo.copy(a1.drafts)
check(a1.drafts.filter(subject="%s echo" % tag).count() == 1, "copy() of an item of a deleted folder landed in Drafts")
check(deletions.filter(subject="%s echo" % tag).exists(), "the copied item is still in Deletions")

# --- Purge: .delete() in Deletions -------------------------------------------
charlie = deletions.get(subject="%s charlie" % tag)
charlie.delete()
check(not deletions.filter(subject="%s charlie" % tag).exists(), "delete() in Deletions purged the item")
left = sorted(i.subject for i in deletions.filter(subject__startswith=tag))
check(left == ["%s bravo" % tag, "%s echo" % tag], "Deletions now holds %s" % left)

# --- The empty folders and the root's children ------------------------------
for f in (a1.recoverable_items_versions, a1.recoverable_items_purges):
    check(f.all().count() == 0, "%s is empty" % f.name)
    f.refresh()
    check(f.total_count == 0 and f.child_folder_count == 0, "%s counts 0/0" % f.name)
names = sorted(f.name for f in root.children)
check(names == ["Deletions", "Purges", "Versions"], "the root's children exchangelib knows: %s" % names)
found = list(FolderCollection(account=a1, folders=[root]).find_folders())
names = sorted(f.name for f in found)
check(names == ["Deletions", "DiscoveryHolds", "Purges", "Versions"], "FindFolder under the root: %s" % names)

# --- Refused -----------------------------------------------------------------
try:
    Folder(parent=root, name="not here").save()
    check(False, "CreateFolder under Recoverable Items succeeded")
except ErrorAccessDenied:
    check(True, "CreateFolder under Recoverable Items: ErrorAccessDenied")
try:
    Message(account=a1, folder=deletions, subject="%s into" % tag).save()
    check(False, "CreateItem in Deletions succeeded")
except ErrorAccessDenied:
    check(True, "CreateItem in Deletions: ErrorAccessDenied")
own = a2.recoverable_items_deletions
check(own.id != deletions.id, "user2 has their own Deletions")
try:
    res = list(FolderCollection(account=a2, folders=[deletions]).resolve())
    check(len(res) == 1 and isinstance(res[0], (ErrorAccessDenied, ErrorFolderNotFound)), "user2 cannot open user1's Deletions: %r" % res)
except (ErrorAccessDenied, ErrorFolderNotFound) as e:
    check(True, "user2 cannot open user1's Deletions: %s" % type(e).__name__)

# Clean up what this script left live.
for i in list(a1.inbox.filter(subject__startswith=tag)) + list(a1.drafts.filter(subject__startswith=tag)):
    i.delete()
print("exchangelib_recover: %d steps passed" % steps())
