"""exchangelib against oxkit's EWS endpoint: search and lookup.

QueryString filters (AQS), FindItem GroupBy (raw SOAP through
exchangelib's authenticated session: exchangelib has no GroupBy API),
soft-deleted listing, GetServerTimeZones (the full list and a DST zone's
rules as exchangelib reads them), GetUserAvailability with a DST zone and
working hours, FindPeople over the contacts folder and GetPersona.

usage: exchangelib_search.py BASE_URL   (https://localhost:PORT)

Every step asserts what the client sees; the first failure exits non-zero.
"""
import datetime
import sys

from exchangelib import (Account, BASIC, CalendarItem, Configuration, Contact, Credentials, DELEGATE, EWSDateTime,
                         EWSTimeZone, Message)
from exchangelib.indexed_properties import EmailAddress
from exchangelib.properties import TimeZone
from exchangelib.services import GetPersona

import exlib
from exlib import check, steps


base = sys.argv[1].rstrip("/")
endpoint = base + "/EWS/Exchange.asmx"
M = "{http://schemas.microsoft.com/exchange/services/2006/messages}"
T = "{http://schemas.microsoft.com/exchange/services/2006/types}"


def account(user, password):
    return exlib.account(endpoint, user, password)


def soap(acct, body):
    """POSTs one operation through exchangelib's authenticated session."""
    return exlib.soap(acct, body)


a1 = account("user1@example.com", "secret")
a2 = account("user2@example.com", "secret2")

# A folder of messages to search.
folder = a1.inbox.__class__(parent=a1.inbox, name="oxkit-search")
folder.save()
msgs = [("Quarterly report", "numbers inside", "2024-01-10"), ("Lunch plans", "pizza or sushi", "2024-01-15"),
        ("Re: Quarterly report", "looks good", "2024-02-01"), ("Holiday photos", "see the album", "2024-02-20")]
items = []
for subject, body, _ in msgs:
    m = Message(account=a1, folder=folder, subject=subject, body=body)
    m.save()
    items.append(m)


def subjects(qs):
    return sorted(i.subject for i in qs)


# QueryString (AQS).
check(subjects(folder.filter("subject:quarterly")) == ["Quarterly report", "Re: Quarterly report"],
      "QueryString subject:quarterly")
check(subjects(folder.filter("pizza")) == ["Lunch plans"], "QueryString free word matches the body")
check(subjects(folder.filter("quarterly NOT looks")) == ["Quarterly report"], "QueryString NOT")
check(subjects(folder.filter('lunch OR "holiday photos"')) == ["Holiday photos", "Lunch plans"], "QueryString OR and a phrase")
check(folder.filter("subject:nothing-like-this").count() == 0, "QueryString without matches")
try:
    list(folder.filter("folder:inbox"))
    check(False, "unsupported AQS property is refused")
except Exception as e:  # exchangelib raises the server's ErrorInvalidRequest
    check("folder:" in str(e), "unsupported AQS property is refused naming it: %s" % e)

# GroupBy: groups by conversation topic, newest group first.
fid = folder.id
status, doc = soap(a1, '<m:FindItem Traversal="Shallow"><m:ItemShape><t:BaseShape>Default</t:BaseShape></m:ItemShape>'
                   '<m:GroupBy Order="Ascending"><t:FieldURI FieldURI="item:Subject"/><t:AggregateOn Aggregate="Minimum">'
                   '<t:FieldURI FieldURI="item:Subject"/></t:AggregateOn></m:GroupBy>'
                   '<m:SortOrder><t:FieldOrder Order="Ascending"><t:FieldURI FieldURI="item:Subject"/></t:FieldOrder></m:SortOrder>'
                   '<m:ParentFolderIds><t:FolderId Id="' + fid + '"/></m:ParentFolderIds></m:FindItem>')
groups = [(g.findtext(T + "GroupIndex"), [s.text for s in g.iter(T + "Subject")]) for g in doc.iter(T + "GroupedItems")]
root = next(doc.iter(M + "RootFolder"), None)
check(status == 200 and root is not None and root.get("TotalItemsInView") == "4" and root.get("IncludesLastItemInRange") == "true",
      "GroupBy paging attributes count items")
check(groups == [("Holiday photos", ["Holiday photos"]), ("Lunch plans", ["Lunch plans"]),
                 ("Quarterly report", ["Quarterly report"]), ("Re: Quarterly report", ["Re: Quarterly report"])],
      "GroupBy item:Subject: %s" % groups)
status, doc = soap(a1, '<m:FindItem Traversal="Shallow"><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape>'
                   '<t:AdditionalProperties><t:FieldURI FieldURI="item:Subject"/></t:AdditionalProperties></m:ItemShape>'
                   '<m:DistinguishedGroupBy Order="Descending"><t:StandardGroupBy>ConversationTopic</t:StandardGroupBy></m:DistinguishedGroupBy>'
                   '<m:ParentFolderIds><t:FolderId Id="' + fid + '"/></m:ParentFolderIds></m:FindItem>')
topics = [g.findtext(T + "GroupIndex") for g in doc.iter(T + "GroupedItems")]
sizes = [len(list(g.iter(T + "Message"))) for g in doc.iter(T + "GroupedItems")]
check(sorted(topics) == ["Holiday photos", "Lunch plans", "Quarterly report"] and sorted(sizes) == [1, 1, 2],
      "DistinguishedGroupBy ConversationTopic: %s %s" % (topics, sizes))

# Soft-deleted items are listed with Traversal SoftDeleted.
# (Item.soft_delete() then looks for the recoverableitemsdeletions folder,
# which this server does not have; bulk_delete sends the same DeleteItem.)
res = a1.bulk_delete(ids=[items[1]], delete_type="SoftDelete")
check(res == [True], "DeleteItem SoftDelete: %s" % res)
check(subjects(folder.all()) == ["Holiday photos", "Quarterly report", "Re: Quarterly report"], "soft-deleted item left the folder")
gone = subjects(folder.all().depth("SoftDeleted").only("subject"))
check(gone == ["Lunch plans"], "Traversal SoftDeleted lists it: %s" % gone)

# GetServerTimeZones: the full Windows list, and a DST zone's rules.
zones = list(a1.protocol.get_timezones(return_full_timezone_data=True))
ids = {z.id for z in zones}
check(len(zones) >= 130 and {"UTC", "Pacific Standard Time", "W. Europe Standard Time", "Tokyo Standard Time"} <= ids,
      "GetServerTimeZones lists %d zones" % len(zones))
pst = next(z for z in zones if z.id == "Pacific Standard Time")
tzp = TimeZone.from_server_timezone(tz_definition=pst, for_year=2030)
check(tzp.bias == 480 and tzp.daylight_time.bias == -60 and tzp.daylight_time.iso_month == 3 and tzp.daylight_time.occurrence == 2
      and tzp.standard_time.iso_month == 11 and tzp.standard_time.occurrence == 1,
      "Pacific rules: bias %s, DST from month %s week %s to month %s week %s" % (
          tzp.bias, tzp.daylight_time.iso_month, tzp.daylight_time.occurrence, tzp.standard_time.iso_month, tzp.standard_time.occurrence))
check(EWSTimeZone("Europe/Berlin").ms_id in ids, "the zone exchangelib maps Europe/Berlin to is listed")

# Availability in a DST zone, with working hours.
berlin = EWSTimeZone("Europe/Berlin")
utc = EWSTimeZone("UTC")
ev = CalendarItem(account=a2, folder=a2.calendar, subject="oxkit summer", start=EWSDateTime(2030, 7, 15, 9, 0, tzinfo=utc),
                  end=EWSDateTime(2030, 7, 15, 10, 0, tzinfo=utc), legacy_free_busy_status="Busy")
ev.save()
fb = list(a1.protocol.get_free_busy_info(accounts=[(a2, "Required", False)], start=EWSDateTime(2030, 7, 15, 0, 0, tzinfo=berlin),
                                         end=EWSDateTime(2030, 7, 16, 0, 0, tzinfo=berlin), requested_view="Detailed"))
events = fb[0].calendar_events or []
starts = [e.start.astimezone(berlin).timetuple()[:5] if e.start.tzinfo else e.start.timetuple()[:5] for e in events]
check(starts == [(2030, 7, 15, 11, 0)], "busy time in Berlin summer time (DST applied): %s" % starts)
wh = fb[0].working_hours or []
check(len(wh) == 1 and wh[0].weekdays == [1, 2, 3, 4, 5]  # ISO weekdays: Monday to Friday
      and wh[0].start == datetime.time(8, 0) and wh[0].end == datetime.time(17, 0),
      "working hours: %s" % [(w.weekdays, w.start, w.end) for w in wh])
check(fb[0].working_hours_timezone is not None and fb[0].working_hours_timezone.bias == 0, "working hours zone")
ev.delete()

# FindPeople over the contacts folder, GetPersona.
ct = Contact(account=a1, folder=a1.contacts, given_name="Ada", surname="Lovelace", display_name="Ada Lovelace",
             email_addresses=[EmailAddress(email="ada@example.org", label="EmailAddress1")])
ct.save()
people = list(a1.contacts.people())
names = [p.display_name for p in people]
check("Ada Lovelace" in names, "FindPeople in Contacts: %s" % names)
ada = next(p for p in people if p.display_name == "Ada Lovelace")
got = list(GetPersona(account=a1).call(personas=[ada]))
check(len(got) == 1 and got[0].display_name == "Ada Lovelace" and got[0].surname == "Lovelace", "GetPersona: %s" % [(p.display_name, p.surname) for p in got])
ct.delete()

for m in items:
    if m is not items[1]:
        m.delete()
folder.delete()
print("exchangelib search: %d steps passed" % steps())
