"""Replay captured client requests against a running server and save the
responses (for schema validation).

usage: replay.py BASE_URL REQUEST_DIR OUT_DIR

Requests are sent as user1@example.com (Basic auth). Every answer must be
HTTP 200, or HTTP 500 with a SOAP fault (for operations not implemented
yet); anything else fails.
"""
import base64
import os
import sys
import urllib.error
import urllib.request

base, src, out = sys.argv[1].rstrip("/"), sys.argv[2], sys.argv[3]
os.makedirs(out, exist_ok=True)
auth = "Basic " + base64.b64encode(b"user1@example.com:secret").decode()
ok = bad = 0
for name in sorted(os.listdir(src)):
    body = open(os.path.join(src, name), "rb").read()
    req = urllib.request.Request(base + "/EWS/Exchange.asmx", data=body, method="POST",
                                 headers={"Content-Type": "text/xml; charset=utf-8", "Authorization": auth})
    try:
        with urllib.request.urlopen(req) as r:
            status, data = r.status, r.read()
    except urllib.error.HTTPError as e:
        status, data = e.code, e.read()
    fault = b"Fault>" in data and b"ResponseCode" in data
    if status == 200 or (status == 500 and fault):
        ok += 1
        open(os.path.join(out, name), "wb").write(data)
    else:
        bad += 1
        print("FAIL", name, status, data[:300])
print("replay: %d passed, %d failed" % (ok, bad))
sys.exit(1 if bad else 0)
