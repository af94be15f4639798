"""exchangelib against oxkit's EWS endpoint: the well-known folders
created on first use (ews/wellknown.go).

Account.recipient_cache (DistinguishedFolderId recipientcache, Exchange
2013+) is there on first use: a RecipientCache folder (exchangelib picks
the class from IPF.Contact.RecipientCache) under Contacts, the same one
every time. Account.conversation_history is not found until a client
creates it with CreateFolder carrying DistinguishedFolderId
conversationhistory (raw SOAP through exchangelib's authenticated
session, as Lync/Skype clients send it: exchangelib cannot set that
element); then exchangelib finds it, an item saved there is listed, and
creating it again answers ErrorFolderExists.

usage: exchangelib_wellknown.py BASE_URL   (https://localhost:PORT)

Uses user2's mailbox (other scenarios use user1's). Every step asserts
what the client sees; the first failure exits non-zero.
"""
import sys
import uuid

from exchangelib import Message
from exchangelib.errors import ErrorFolderNotFound
from exchangelib.folders import ConversationHistory, RecipientCache

import exlib
from exlib import check, steps

base = sys.argv[1].rstrip("/")
endpoint = exlib.ews_endpoint(base)
M = "{http://schemas.microsoft.com/exchange/services/2006/messages}"
T = "{http://schemas.microsoft.com/exchange/services/2006/types}"
a2 = exlib.account(endpoint, "user2@example.com", "secret2")
tag = uuid.uuid4().hex[:8]

# 1. The recipient cache, on first use.
rc = a2.recipient_cache
check(isinstance(rc, RecipientCache), "recipient_cache is a RecipientCache folder: %r" % type(rc))
check(rc.folder_class == "IPF.Contact.RecipientCache", "its folder class is IPF.Contact.RecipientCache: %r" % rc.folder_class)
check(rc.parent_folder_id.id == a2.contacts.id, "it lives under Contacts")
rc_again = RecipientCache.get_distinguished(root=a2.root)
check(rc_again.id == rc.id, "asking again gives the same folder")

# 2. Conversation history: not there until created.
try:
    ConversationHistory.get_distinguished(root=a2.root)
    check(False, "conversationhistory is not found before a client creates it")
except ErrorFolderNotFound:
    check(True, "conversationhistory is not found before a client creates it")


def soap(body):
    return exlib.soap(a2, body, "Exchange2013")[1]


create = ('<m:CreateFolder><m:ParentFolderId><t:DistinguishedFolderId Id="msgfolderroot"/></m:ParentFolderId><m:Folders><t:Folder>'
          '<t:FolderClass>IPF.Note.Microsoft.Conversation</t:FolderClass><t:DisplayName>Conversation History</t:DisplayName>'
          '<t:DistinguishedFolderId>conversationhistory</t:DistinguishedFolderId></t:Folder></m:Folders></m:CreateFolder>')
doc = soap(create)
msg = doc.find(".//" + M + "CreateFolderResponseMessage")
check(msg is not None and msg.get("ResponseClass") == "Success", "CreateFolder with DistinguishedFolderId conversationhistory succeeds")
created = doc.find(".//" + T + "FolderId").get("Id")
ch = ConversationHistory.get_distinguished(root=a2.root)
check(ch.id == created, "exchangelib now finds conversation_history: the created folder")
check(ch.name == "Conversation History" and ch.folder_class == "IPF.Note.Microsoft.Conversation",
      "it has the name and class the client gave: %r %r" % (ch.name, ch.folder_class))
check(ch.parent_folder_id.id == a2.msg_folder_root.id, "it lives under the top of the information store")
Message(account=a2, folder=ch, subject="IM with User One " + tag, body="hi").save()
check([m.subject for m in ch.filter(subject="IM with User One " + tag)] == ["IM with User One " + tag], "an item saved there is listed")
doc = soap(create)
msg = doc.find(".//" + M + "CreateFolderResponseMessage")
check(msg is not None and msg.findtext(M + "ResponseCode") == "ErrorFolderExists", "creating it again answers ErrorFolderExists")

print("exchangelib well-known folders scenario: %d steps passed" % steps())
