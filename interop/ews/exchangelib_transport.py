"""exchangelib against the example server started with a smarthost queue
(interop/ews/transport_queue.sh): a message to three remote recipients is
accepted at once; the fake smarthost (fake_smarthost.py) takes one
recipient at the first attempt, refuses one temporarily (451) and takes
it at a retry, and refuses one for good (550), for which the sender sees
a non-delivery report in the Inbox naming only that recipient.

    python3 exchangelib_transport.py https://host:port OUTDIR
"""
import email
import glob
import json
import os
import sys
import time
import uuid

from exchangelib import Message, Mailbox
from exlib import account, check, ews_endpoint, steps

base, outdir = sys.argv[1], sys.argv[2]
a = account(ews_endpoint(base), "user1@example.com", "secret")
subject = "queued " + uuid.uuid4().hex[:8]
rcpts = ["ok@remote.example", "tempfail@remote.example", "reject@remote.example"]
m = Message(account=a, subject=subject, body="through the queue",
            to_recipients=[Mailbox(email_address=r) for r in rcpts])
t0 = time.time()
m.send()  # raises on an error response
check(time.time() - t0 < 10, "send accepted at once (%.1fs), though the smarthost refuses two recipients" % (time.time() - t0))


def relayed():
    """Recipient -> the Subject of what the smarthost accepted for it."""
    out = {}
    for js in sorted(glob.glob(os.path.join(outdir, "*.json"))):
        with open(js) as f:
            env = json.load(f)
        with open(js[:-5] + ".eml", "rb") as f:
            msg = email.message_from_bytes(f.read())
        for r in env["rcpts"]:
            out.setdefault(r, []).append(msg["Subject"])
    return out


def rcpt_log():
    try:
        with open(os.path.join(outdir, "rcpt.log")) as f:
            return [l.split() for l in f.read().splitlines()]
    except FileNotFoundError:
        return []


deadline = time.time() + 60
while time.time() < deadline:
    got = relayed()
    if "tempfail@remote.example" in got:
        break
    time.sleep(0.5)
got = relayed()
check(got.get("ok@remote.example") == [subject], "ok@ relayed once: %s" % got.get("ok@remote.example"))
check(got.get("tempfail@remote.example") == [subject], "tempfail@ relayed once after a retry: %s" % got.get("tempfail@remote.example"))
check("reject@remote.example" not in got, "reject@ never relayed")
codes = [c for addr, c in rcpt_log() if addr == "tempfail@remote.example"]
check(codes[:2] == ["451", "250"], "smarthost answered tempfail@ 451 then 250: %s" % codes)
check([c for addr, c in rcpt_log() if addr == "ok@remote.example"] == ["250"], "ok@ offered once (not retried)")

ndr = None
deadline = time.time() + 30
while time.time() < deadline and ndr is None:
    for it in a.inbox.filter(subject="Undeliverable: " + subject):
        ndr = it
    time.sleep(0.5)
check(ndr is not None, "non-delivery report in the sender's Inbox")
check(ndr.item_class == "REPORT.IPM.Note.NDR", "report class %s" % ndr.item_class)
body = str(ndr.text_body or ndr.body or "")
check("reject@remote.example" in body and "550 5.1.1" in body, "report names reject@ and the smarthost's reply")
check("tempfail@remote.example" not in body and "ok@remote.example" not in body, "report names only the refused recipient")
print("exchangelib transport: %d steps passed" % steps())
