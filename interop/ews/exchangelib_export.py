"""exchangelib against oxkit's EWS endpoint: ExportItems/UploadItems
([MS-OXWSBTRF]) and the user configuration operations ([MS-OXWSUSRCFG]).

usage: exchangelib_export.py BASE_URL   (https://localhost:PORT)

Every step asserts what the client sees; the first failure exits non-zero.
"""
import base64
import logging
import sys

from exchangelib import (Account, BASIC, Configuration, Credentials, DELEGATE, EWSDateTime, EWSTimeZone,
                         FileAttachment, ItemAttachment, Mailbox, Message, HTMLBody)
from exchangelib.errors import ErrorItemNotFound
from exchangelib.properties import ItemId
from exchangelib.protocol import BaseProtocol, NoVerifyHTTPAdapter

BaseProtocol.HTTP_ADAPTER_CLS = NoVerifyHTTPAdapter
logging.basicConfig(level=logging.ERROR)

base = sys.argv[1].rstrip("/")
endpoint = base + "/EWS/Exchange.asmx"


def check(cond, what):
    if not cond:
        print("FAIL:", what)
        sys.exit(1)
    print("ok:", what)


cfg = Configuration(service_endpoint=endpoint, credentials=Credentials("user1@example.com", "secret"), auth_type=BASIC)
a1 = Account("user1@example.com", config=cfg, autodiscover=False, access_type=DELEGATE)

src = a1.inbox.__class__(parent=a1.inbox, name="oxkit-export-src")
src.save()
dst = a1.inbox.__class__(parent=a1.inbox, name="oxkit-export-dst")
dst.save()

# A message with recipients, categories, an HTML body, a file attachment
# and an item attachment.
m = Message(account=a1, folder=src, subject="export me", body=HTMLBody("<p>exported <b>body</b></p>"),
            to_recipients=[Mailbox(email_address="user2@example.com", name="User Two")],
            cc_recipients=[Mailbox(email_address="someone@elsewhere.test")],
            categories=["red", "blue"], importance="High")
m.save()
m.attach(FileAttachment(name="notes.txt", content=b"attached bytes \x00\x01"))
inner = Message(subject="inner message", body="inner body", to_recipients=[Mailbox(email_address="x@elsewhere.test")])
m.attach(ItemAttachment(name="inner", item=inner))

# ExportItems.
data = a1.export([m])
check(len(data) == 1 and isinstance(data[0], str) and len(base64.b64decode(data[0])) > 100,
      "ExportItems returned one Data of %d base64 characters" % len(data[0]))

# UploadItems CreateNew into another folder.
ids = a1.upload([(dst, data[0])])
check(len(ids) == 1 and ids[0][0] and ids[0][0] != m.id, "UploadItems created a new item: %s" % (ids[0][0],))
copy = dst.get(id=ids[0][0])
orig = src.get(id=m.id)
check(copy.subject == "export me", "subject survived: %r" % copy.subject)
check("exported <b>body</b>" in str(copy.body), "HTML body survived: %r" % str(copy.body))
check(str(copy.body) == str(orig.body), "body identical to the original")
check([r.email_address for r in copy.to_recipients or []] == ["user2@example.com"], "To recipient survived")
check([r.name for r in copy.to_recipients or []] == ["User Two"], "To recipient name survived")
check([r.email_address for r in copy.cc_recipients or []] == ["someone@elsewhere.test"], "Cc recipient survived")
check(sorted(copy.categories or []) == ["blue", "red"], "categories survived: %s" % copy.categories)
check(copy.importance == "High", "importance survived: %s" % copy.importance)
names = sorted(a.name for a in copy.attachments)
check(names == ["inner", "notes.txt"], "attachments survived: %s" % names)
fa = [a for a in copy.attachments if isinstance(a, FileAttachment)][0]
check(fa.content == b"attached bytes \x00\x01", "file attachment content survived")
ia = [a for a in copy.attachments if isinstance(a, ItemAttachment)][0]
check(ia.item is not None and ia.item.subject == "inner message", "embedded message survived: %r" % (ia.item and ia.item.subject))
check(dst.all().count() == 1 and src.all().count() == 1, "one item in each folder")

# UploadItems Update: change the original, export it again, upload over the copy.
orig.subject = "export me v2"
orig.save(update_fields=["subject"])
data2 = a1.export([orig])
ids2 = a1.upload([(dst, (ItemId(ids[0][0], ids[0][1]), False, data2[0]))])
check(ids2[0][0] == ids[0][0], "UploadItems Update kept the ItemId")
check(ids2[0][1] != ids[0][1], "UploadItems Update changed the ChangeKey")
check(dst.get(id=ids[0][0]).subject == "export me v2", "updated copy has the new subject")
check(dst.all().count() == 1, "Update did not create another item")

# Round trip of a whole folder's items into another: every export uploads.
more = [Message(account=a1, folder=src, subject="bulk %d" % i, body="b%d" % i) for i in range(3)]
for x in more:
    x.save()
all_data = a1.export(list(src.all()))
check(len(all_data) == 4, "exported the 4 items of the folder")
new_ids = a1.upload([(dst, d) for d in all_data])
check(len(new_ids) == 4, "uploaded 4 items")
check(sorted(i.subject for i in dst.all()) == sorted(["export me v2"] * 2 + ["bulk 0", "bulk 1", "bulk 2"]),
      "destination holds the copies: %s" % sorted(i.subject for i in dst.all()))

# User configuration CRUD with a dictionary.
utc = EWSTimeZone("UTC")
when = EWSDateTime(2024, 3, 31, 1, 30, 0, tzinfo=utc)
dictionary = {"name": "oxkit", "count": 42, "flag": True, "when": when, "blob": b"\x00\x01\x02", "neg": -7}
a1.inbox.create_user_configuration(name="oxkit.Interop", dictionary=dictionary, xml_data=b"<prefs a=\"1\"/>",
                                   binary_data=b"\x01\x02\x03")
uc = a1.inbox.get_user_configuration(name="oxkit.Interop")
check(uc.user_configuration_name.name == "oxkit.Interop", "GetUserConfiguration name")
check(uc.id is not None, "GetUserConfiguration Id")
check(uc.dictionary == dictionary, "dictionary read back: %s" % uc.dictionary)
check(uc.xml_data == b"<prefs a=\"1\"/>", "XmlData read back: %r" % uc.xml_data)
check(uc.binary_data == b"\x01\x02\x03", "BinaryData read back: %r" % uc.binary_data)
only = a1.inbox.get_user_configuration(name="oxkit.Interop", properties="XmlData")
check(only.xml_data == b"<prefs a=\"1\"/>" and not only.dictionary and only.binary_data is None,
      "GetUserConfiguration XmlData only")

a1.inbox.update_user_configuration(name="oxkit.Interop", dictionary={"name": "changed", "extra": 1})
uc = a1.inbox.get_user_configuration(name="oxkit.Interop")
check(uc.dictionary == {"name": "changed", "extra": 1}, "dictionary updated: %s" % uc.dictionary)
check(uc.xml_data == b"<prefs a=\"1\"/>", "XmlData kept by an update that leaves it out")

try:
    a1.inbox.create_user_configuration(name="oxkit.Interop", dictionary={"x": "y"})
    check(False, "creating an existing configuration fails")
except Exception as e:  # exchangelib raises ErrorItemSave
    check(type(e).__name__ == "ErrorItemSave", "creating an existing configuration fails: %s" % type(e).__name__)

a1.inbox.delete_user_configuration(name="oxkit.Interop")
try:
    a1.inbox.get_user_configuration(name="oxkit.Interop")
    check(False, "deleted configuration is gone")
except ErrorItemNotFound:
    check(True, "deleted configuration is gone (ErrorItemNotFound)")

src.delete()
dst.delete()
print("exchangelib export/upload and user configuration: all steps passed")
