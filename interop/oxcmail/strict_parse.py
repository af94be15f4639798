"""Parse every exported message with Python's email package in strict mode.

Usage: strict_parse.py DIR  (Debian's /usr/bin/python3)
Fails on any defect the parser reports, on any header it cannot parse,
and on bodies it cannot decode.
"""
import email
import email.policy
import pathlib
import sys

failures = []
files = sorted(pathlib.Path(sys.argv[1]).glob("*.eml"))
if not files:
    print("strict_parse: no messages exported")
    sys.exit(1)
for f in files:
    raw = f.read_bytes()
    try:
        msg = email.message_from_bytes(raw, policy=email.policy.strict)
        for part in msg.walk():
            if part.defects:
                failures.append(f"{f.name}: defects {part.defects!r}")
            for k, v in part.items():  # parses every header under the strict policy
                str(v)
                if getattr(v, "defects", None):
                    failures.append(f"{f.name}: header {k}: {v.defects!r}")
            if not part.is_multipart():
                if part.get_content_maintype() == "text":
                    part.get_content()
                else:
                    part.get_payload(decode=True)
    except Exception as e:  # strict policy raises on defects
        failures.append(f"{f.name}: {type(e).__name__}: {e}")
if failures:
    print("strict_parse: FAIL")
    for x in failures:
        print("  " + x)
    sys.exit(1)
print(f"strict_parse: {len(files)} exported messages parse without defects")
