#!/usr/bin/env bash
# Interop suite for ical and vcard: every .ics the ical package exports
# from its corpus is parsed and checked by python3-icalendar, by libical
# (iTIP restriction check through ctypes) and by python3-vobject; every
# .vcf the vcard package exports is parsed and validated by
# python3-vobject. Any error fails the suite. Debian's /usr/bin/python3
# is used on purpose: the packages are installed for it, not for a pyenv
# or virtualenv python that may come first on PATH.
set -euo pipefail
cd "$(dirname "$0")/../.."
. interop/lib.sh

if ! need_apt python3-icalendar python3-vobject libical3; then
	echo "interop ical: skipped (Debian packages unavailable)"
	exit 0
fi
PY=/usr/bin/python3
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

OXKIT_INTEROP_DIR="$out" go test -count=1 -run '^TestInteropExport$' ./ical/ ./vcard/ >/dev/null

n_ics=$(find "$out" -name '*.ics' | wc -l)
n_vcf=$(find "$out" -name '*.vcf' | wc -l)
if [ "$n_ics" -eq 0 ] || [ "$n_vcf" -eq 0 ]; then
	echo "interop ical: exporters wrote $n_ics .ics and $n_vcf .vcf files" >&2
	exit 1
fi

"$PY" - "$out" <<'PYEOF'
import base64, ctypes, ctypes.util, glob, os, sys

import icalendar
import vobject

out = sys.argv[1]
failures = []

def fail(path, msg):
    failures.append("%s: %s" % (os.path.basename(path), msg))

# libical through ctypes: parse, run the RFC 5546 restriction check for the
# METHOD, then count X-LIC-ERROR properties the parser and check added.
lib = ctypes.CDLL(ctypes.util.find_library("ical") or "libical.so.3")
lib.icalparser_parse_string.restype = ctypes.c_void_p
lib.icalparser_parse_string.argtypes = [ctypes.c_char_p]
lib.icalrestriction_check.argtypes = [ctypes.c_void_p]
lib.icalcomponent_count_errors.argtypes = [ctypes.c_void_p]
lib.icalcomponent_as_ical_string.restype = ctypes.c_char_p
lib.icalcomponent_as_ical_string.argtypes = [ctypes.c_void_p]
lib.icalcomponent_free.argtypes = [ctypes.c_void_p]

for path in sorted(glob.glob(os.path.join(out, "*.ics"))):
    data = open(path, "rb").read()
    # python3-icalendar: parse, decode every value, require the RFC 5545
    # properties, and fail on properties it could not parse.
    try:
        cal = icalendar.Calendar.from_ical(data)
        for comp in cal.walk():
            for err in getattr(comp, "errors", []):
                fail(path, "icalendar: %s: %s" % (comp.name, err))
            for name, value in comp.property_items(recursive=False):
                if name in ("BEGIN", "END"):
                    continue
                if name == "CATEGORIES":
                    # python3-icalendar 4.0.3 asserts in vCategory decoding
                    # for any CATEGORIES value (fixed upstream in 5.0);
                    # check the parsed list instead.
                    v = comp.get(name)
                    for x in (v if isinstance(v, list) else [v]):
                        if not getattr(x, "cats", None):
                            fail(path, "icalendar: empty CATEGORIES")
                    continue
                comp.decoded(name)
            if comp.name in ("VEVENT", "VTODO"):
                for req in ("UID", "DTSTAMP"):
                    if req not in comp:
                        fail(path, "icalendar: %s without %s" % (comp.name, req))
            if comp.name == "VEVENT" and "DTSTART" not in comp:
                fail(path, "icalendar: VEVENT without DTSTART")
        if cal.to_ical() is None:
            fail(path, "icalendar: cannot re-serialise")
    except Exception as e:
        fail(path, "icalendar: %r" % (e,))
    # libical.
    comp = lib.icalparser_parse_string(data)
    if not comp:
        fail(path, "libical: parse failed")
    else:
        lib.icalrestriction_check(comp)
        n = lib.icalcomponent_count_errors(comp)
        if n:
            text = lib.icalcomponent_as_ical_string(comp).decode("utf-8", "replace")
            errs = [l for l in text.replace("\r\n ", "").splitlines() if l.startswith("X-LIC-ERROR")]
            fail(path, "libical: %d errors: %s" % (n, "; ".join(errs)))
        lib.icalcomponent_free(comp)
    # python3-vobject reads iCalendar too.
    try:
        for c in vobject.readComponents(data.decode("utf-8"), validate=True):
            c.serialize()
    except Exception as e:
        fail(path, "vobject: %r" % (e,))

for path in sorted(glob.glob(os.path.join(out, "*.vcf"))):
    text = open(path, "rb").read().decode("utf-8")
    try:
        # allowQP: vCard 2.1 quoted-printable soft line breaks continue at
        # column 0, as Outlook and Android write them.
        cards = list(vobject.readComponents(text, validate=True, allowQP=True))
        if not cards:
            fail(path, "vobject: no vCard")
        for card in cards:
            if card.name != "VCARD":
                fail(path, "vobject: %s is not a VCARD" % card.name)
            for req in ("version", "fn"):
                if req not in card.contents:
                    fail(path, "vobject: vCard without %s" % req.upper())
            if card.version.value == "4.0":
                # vobject reads vCard 4.0 with 3.0 rules and cuts a data:
                # URI at its comma; check the PHOTO lines of the file.
                unfolded = text.replace("\r\n ", "").replace("\n ", "")
                for line in unfolded.splitlines():
                    if line.upper().startswith("PHOTO"):
                        uri = line.split(":", 1)[1]
                        if not uri.startswith("data:") or ";base64," not in uri or not base64.b64decode(uri.split(",", 1)[1], validate=True):
                            fail(path, "PHOTO is not a base64 data: URI")
            else:
                for photo in card.contents.get("photo", []):
                    if not isinstance(photo.value, bytes) or not photo.value:
                        fail(path, "vobject: PHOTO did not decode to bytes")
            if card.version.value != "2.1":
                # vobject 0.9.6 cannot re-serialise 2.1 BASE64 values
                # (TypeError in backslashEscape); it parses them fine.
                card.serialize()
    except Exception as e:
        fail(path, "vobject: %r" % (e,))

n = len(glob.glob(os.path.join(out, "*")))
if failures:
    print("interop ical: %d problems in %d files" % (len(failures), n))
    for f in failures:
        print("  " + f)
    sys.exit(1)
print("interop ical: %d files valid (python3-icalendar, libical, python3-vobject)" % n)
PYEOF
