"""The JSON (v2) Autodiscover endpoint, as Outlook and mobile clients call it.

Uses only the standard library of Debian's python3. Usage: json_ad.py HTTPS_BASE
"""
import json
import ssl
import sys
import urllib.error
import urllib.request

base = sys.argv[1].rstrip("/")
ctx = ssl.create_default_context()
ctx.check_hostname = False
ctx.verify_mode = ssl.CERT_NONE  # self-signed example server
failures = []


def get(path):
    try:
        with urllib.request.urlopen(base + path, context=ctx, timeout=10) as r:
            return r.status, json.load(r)
    except urllib.error.HTTPError as e:
        return e.code, json.load(e)


for path, want in [
    ("/autodiscover/autodiscover.json/v1.0/user1@example.com?Protocol=EWS", (200, "EWS", "/EWS/Exchange.asmx")),
    ("/autodiscover/autodiscover.json/v1.0/user1@example.com?Protocol=AutodiscoverV1", (200, "AutodiscoverV1", "/autodiscover/autodiscover.xml")),
    ("/autodiscover/autodiscover.json?Email=user1@example.com&Protocol=AutodiscoverV1&RedirectCount=1", (200, "AutodiscoverV1", "/autodiscover/autodiscover.xml")),
]:
    status, body = get(path)
    if status != want[0] or body.get("Protocol") != want[1] or not str(body.get("Url", "")).endswith(want[2]):
        failures.append(f"{path}: {status} {body}")

for path, want in [
    ("/autodiscover/autodiscover.json/v1.0/user1@example.com?Protocol=Substrate", (400, "InvalidProtocol")),
    ("/autodiscover/autodiscover.json/v1.0/nobody@example.com?Protocol=AutodiscoverV1", (404, "UserNotFound")),
]:
    status, body = get(path)
    if (status, body.get("ErrorCode")) != want:
        failures.append(f"{path}: {status} {body}, want {want}")

if failures:
    print("JSON autodiscover: FAIL\n  " + "\n  ".join(failures))
    sys.exit(1)
print("JSON autodiscover: ok")
