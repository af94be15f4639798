"""exchangelib against oxkit's EWS endpoint: contact FileAsMapping (FileAs
formatted from the names and kept in step when they change), the
phonetic names (written through their MAPI property, read through
exchangelib's fields), a contact photo attachment (is_contact_photo,
has_picture, photo), and GetUserPhoto, which exchangelib does not
implement, in its REST and SOAP forms over exchangelib's own HTTP
session.

usage: exchangelib_contacts2.py BASE_URL   (https://localhost:PORT)

GetUserPhoto needs the example server's data directory in $OXKIT_DATA
(interop/lib.sh's start_server exports it): the script drops a PNG into
$OXKIT_DATA/photos, where the server reads user photos from.

Every step asserts what the client sees; the first failure exits non-zero.
"""
import base64
import os
import struct
import sys
import uuid
import zlib
import xml.etree.ElementTree as ET

from exchangelib import Contact, ExtendedProperty, FileAttachment

import exlib
from exlib import check, steps


def png(w, h):
    """A w×h RGB PNG, red."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    raw = b"".join(b"\x00" + b"\xff\x00\x00" * w for _ in range(h))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def png_size(data):
    """(width, height) of a PNG, or None."""
    if not data or data[:8] != b"\x89PNG\r\n\x1a\n":
        return None
    return struct.unpack(">II", data[16:24])


# PidLidYomiFirstName / PidLidYomiLastName ([MS-OXOCNTC] 2.2.1.1.9-10):
# PSETID_Address 0x802C / 0x802D.
class YomiFirst(ExtendedProperty):
    distinguished_property_set_id = "Address"
    property_id = 0x802C
    property_type = "String"


class YomiLast(ExtendedProperty):
    distinguished_property_set_id = "Address"
    property_id = 0x802D
    property_type = "String"


Contact.register("yomi_first", YomiFirst)
Contact.register("yomi_last", YomiLast)

base = sys.argv[1].rstrip("/")
endpoint = exlib.ews_endpoint(base)
token = uuid.uuid4().hex[:8]
a1 = exlib.account(endpoint, "user1@example.com", "secret")

# FileAsMapping: FileAs formatted from the names ([MS-OXOCNTC] 2.2.1.1.12).
ct = Contact(account=a1, folder=a1.contacts, display_name="Grace Hopper " + token, given_name="Grace",
             middle_name="Brewster", surname="Hopper", company_name="Navy " + token, file_as_mapping="LastCommaFirst")
ct.save()
got = a1.contacts.get(id=ct.id)
check(got.file_as_mapping == "LastCommaFirst" and got.file_as == "Hopper, Grace Brewster",
      "FileAs from LastCommaFirst: %r %r" % (got.file_as_mapping, got.file_as))

# A name change recomputes FileAs.
got.surname = "Murray"
got.save(update_fields=["surname"])
got = a1.contacts.get(id=ct.id)
check(got.file_as == "Murray, Grace Brewster" and got.file_as_mapping == "LastCommaFirst",
      "FileAs after a surname change: %r" % got.file_as)

# A whole save() sends FileAs back unchanged: the mapping holds.
got.given_name = "Amazing Grace"
got.save()
got = a1.contacts.get(id=ct.id)
check(got.file_as == "Murray, Amazing Grace Brewster" and got.file_as_mapping == "LastCommaFirst",
      "FileAs after a full save: %r %r" % (got.file_as, got.file_as_mapping))

# Another mapping.
got.file_as_mapping = "Company"
got.save(update_fields=["file_as_mapping"])
got = a1.contacts.get(id=ct.id)
check(got.file_as == "Navy " + token and got.file_as_mapping == "Company", "FileAs from Company: %r" % got.file_as)

# A FileAs of the user's own: the mapping becomes None and stays put.
got.file_as = "Admiral " + token
got.save(update_fields=["file_as"])
got.company_name = "Univac " + token
got.save(update_fields=["company_name"])
got = a1.contacts.get(id=ct.id)
check(got.file_as == "Admiral " + token and got.file_as_mapping == "None",
      "user FileAs kept: %r %r" % (got.file_as, got.file_as_mapping))

# Phonetic names: exchangelib keeps PhoneticFirstName/LastName read-only,
# so they are written through PidLidYomiFirstName/LastName and read back
# through the EWS fields.
got.yomi_first = "グレース"
got.yomi_last = "ホッパー"
got.save(update_fields=["yomi_first", "yomi_last"])
got = a1.contacts.get(id=ct.id)
check(got.phonetic_first_name == "グレース" and got.phonetic_last_name == "ホッパー"
      and got.phonetic_full_name == "グレース ホッパー",
      "phonetic names: %r %r %r" % (got.phonetic_first_name, got.phonetic_last_name, got.phonetic_full_name))
check(got.complete_name is not None and got.complete_name.yomi_first_name == "グレース",
      "CompleteName YomiFirstName: %r" % (got.complete_name,))

# A contact photo attachment.
check(got.has_picture is False and got.photo is None, "no picture yet: %r" % got.has_picture)
pic = png(96, 64)
att = FileAttachment(name="ContactPicture.png", content=pic, content_type="image/png", is_contact_photo=True)
got.attach(att)
other = FileAttachment(name="notes.txt", content=b"hello", content_type="text/plain")
got.attach(other)
got = a1.contacts.get(id=ct.id)
check(got.has_picture is True and got.photo == pic, "has_picture and photo: %r %s" % (got.has_picture, png_size(got.photo)))
flags = sorted((a.name, a.is_contact_photo) for a in got.attachments)
check(flags == [("ContactPicture.png", True), ("notes.txt", False)], "is_contact_photo: %s" % flags)
photo_att = [a for a in got.attachments if a.is_contact_photo][0]
photo_att.detach()
got = a1.contacts.get(id=ct.id)
check(got.has_picture is False and got.photo is None and len(got.attachments) == 1,
      "picture removed: %r %d" % (got.has_picture, len(got.attachments)))
got.delete()

# GetUserPhoto: user2's photo in the server's photo directory.
data_dir = os.environ.get("OXKIT_DATA")
check(data_dir, "OXKIT_DATA names the server's data directory")
photos = os.path.join(data_dir, "photos")
os.makedirs(photos, exist_ok=True)
with open(os.path.join(photos, "user2@example.com.png"), "wb") as f:
    f.write(png(300, 150))
session = a1.protocol.get_session()
try:
    url = endpoint + "/s/GetUserPhoto"
    r = session.get(url, params={"email": "user2@example.com", "size": "HR96x96"})
    check(r.status_code == 200 and r.headers.get("Content-Type") == "image/png" and png_size(r.content) == (96, 48),
          "REST GetUserPhoto scaled to HR96x96: %d %s %s" % (r.status_code, r.headers.get("Content-Type"), png_size(r.content)))
    etag = r.headers.get("ETag")
    r = session.get(url, params={"email": "user2@example.com", "size": "HR96x96"}, headers={"If-None-Match": etag})
    check(r.status_code == 304, "REST If-None-Match: %d" % r.status_code)
    r = session.get(url, params={"email": "user1@example.com", "size": "HR48x48"})
    check(r.status_code == 404, "REST no photo: %d" % r.status_code)

    soap = ('<?xml version="1.0" encoding="utf-8"?><s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/" '
            'xmlns:m="http://schemas.microsoft.com/exchange/services/2006/messages" '
            'xmlns:t="http://schemas.microsoft.com/exchange/services/2006/types"><s:Header>'
            '<t:RequestServerVersion Version="Exchange2013"/></s:Header><s:Body><m:GetUserPhoto>'
            '<m:Email>user2@example.com</m:Email><m:SizeRequested>HR48x48</m:SizeRequested>'
            '</m:GetUserPhoto></s:Body></s:Envelope>')
    ns = {"m": "http://schemas.microsoft.com/exchange/services/2006/messages"}
    r = session.post(endpoint, data=soap.encode(), headers={"Content-Type": "text/xml; charset=utf-8"})
    resp = ET.fromstring(r.content).find(".//m:GetUserPhotoResponse", ns)
    data = base64.b64decode(resp.findtext("m:PictureData", "", ns))
    check(r.status_code == 200 and resp.get("ResponseClass") == "Success" and resp.findtext("m:HasChanged", "", ns) == "true"
          and png_size(data) == (48, 24), "SOAP GetUserPhoto: %d %s %s" % (r.status_code, resp.get("ResponseClass"), png_size(data)))
    r = session.post(endpoint, data=soap.encode(), headers={"Content-Type": "text/xml; charset=utf-8", "If-None-Match": etag})
    resp = ET.fromstring(r.content).find(".//m:GetUserPhotoResponse", ns)
    check(resp.findtext("m:HasChanged", "", ns) == "false" and resp.find("m:PictureData", ns) is None,
          "SOAP If-None-Match: HasChanged %s" % resp.findtext("m:HasChanged", "", ns))
finally:
    a1.protocol.release_session(session)
    os.remove(os.path.join(photos, "user2@example.com.png"))

print("exchangelib contacts2: %d passed, 0 failed" % steps())
