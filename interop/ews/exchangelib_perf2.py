"""exchangelib against oxkit's EWS endpoint on GetItem's batched reads:
70 messages (more than two store batches of 32), some with a file
attachment, fetched in one GetItem in a shuffled order with a deleted
item and a repeated ID among them; the client must see every item in the
order it asked, the attachments where they are, and an error in place of
the deleted one.

usage: exchangelib_perf2.py BASE_URL   (https://localhost:PORT)

Every step asserts what the client sees; the first failure exits non-zero.
"""
import random
import sys

from exchangelib import FileAttachment, Message
from exchangelib.errors import ErrorItemNotFound

import exlib
from exlib import check, steps

a1 = exlib.account(exlib.ews_endpoint(sys.argv[1]), "user1@example.com", "secret")
folder = a1.inbox.__class__(parent=a1.inbox, name="oxkit-perf2")
folder.save()

msgs = [Message(account=a1, folder=folder, subject="batch %02d" % i, body="body of %d" % i) for i in range(70)]
created = a1.bulk_create(folder=folder, items=msgs)
check(len(created) == 70 and all(getattr(r, "id", None) for r in created), "70 messages created")
ids = [(r.id, r.changekey) for r in created]

with_att = {5, 33, 34, 64}
for i in sorted(with_att):
    m = a1.fetch(ids=[ids[i]]).__next__()
    m.attach(FileAttachment(name="file%d.txt" % i, content=b"attachment %d" % i))
check(True, "attachments added to items %s" % sorted(with_att))

gone = 40
a1.bulk_delete(ids=[ids[gone]], delete_type="HardDelete")
order = list(range(70))
random.Random(7).shuffle(order)
order.insert(10, order[3])  # a repeated ID
ask = [ids[i] for i in order]
got = list(a1.fetch(ids=ask))
check(len(got) == len(ask), "GetItem answered %d IDs with %d results" % (len(ask), len(got)))
for pos, (i, g) in enumerate(zip(order, got)):
    if i == gone:
        check(isinstance(g, ErrorItemNotFound), "deleted item at position %d is ErrorItemNotFound (%r)" % (pos, g))
        continue
    if isinstance(g, Exception) or g.subject != "batch %02d" % i:
        check(False, "position %d: want batch %02d, got %r" % (pos, i, g if isinstance(g, Exception) else g.subject))
    if str(g.body) != "body of %d" % i:
        check(False, "position %d: body %r" % (pos, str(g.body)))
    names = [a.name for a in (g.attachments or [])]
    if names != (["file%d.txt" % i] if i in with_att else []):
        check(False, "position %d (item %d): attachments %r" % (pos, i, names))
check(True, "every item in the asked order with its subject, body and attachments")

att_items = list(a1.fetch(ids=[ids[i] for i in sorted(with_att)]))
contents = [a.content for g in att_items for a in g.attachments]
check(contents == [b"attachment %d" % i for i in sorted(with_att)], "attachment contents read back")

folder.delete()
print("exchangelib perf2: %d checks passed" % steps())
