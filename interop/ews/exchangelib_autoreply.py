"""exchangelib against oxkit's example server: outbound transport and
automatic replies.

- A message to a remote address on a server without -smarthost is
  accepted and answered by a non-delivery report in the sender's Inbox
  ("Undeliverable: ...", naming the recipient).
- Out of Office: with user2's OOF on, user1 (same organization) gets the
  InternalReply once ("Automatic reply: ..."), not again for a second
  message in the same OOF period; with OOF off, nothing.
- With -smarthost (a second example server, started here, relaying to a
  capturing SMTP server run here): the remote recipient's message leaves
  through the smarthost with Message-ID and Date and without Bcc, and no
  report comes back.

usage: exchangelib_autoreply.py BASE_URL   (https://localhost:PORT)

Every step asserts what the client sees; the first failure exits non-zero.
The OOF state and the messages made are cleaned up for later scenarios.
"""
import os
import shutil
import socketserver
import subprocess
import sys
import tempfile
import threading
import time
import uuid

from exchangelib import Account, BASIC, Configuration, Credentials, DELEGATE, Mailbox, Message, OofSettings

import exlib
from exlib import check, steps


base = sys.argv[1].rstrip("/")
endpoint = base + "/EWS/Exchange.asmx"
token = uuid.uuid4().hex[:8]


def account(user, pw):
    cfg = Configuration(service_endpoint=endpoint, credentials=Credentials(user, pw), auth_type=BASIC)
    return Account(user, config=cfg, autodiscover=False, access_type=DELEGATE)


a1 = account("user1@example.com", "secret")
a2 = account("user2@example.com", "secret2")


def cleanup():
    for acct in (a1, a2):
        acct.oof_settings = OofSettings(state=OofSettings.DISABLED, external_audience="All", internal_reply="", external_reply="")
        for folder in (acct.inbox, acct.sent):
            items = list(folder.filter(subject__contains=token))
            if items:
                acct.bulk_delete(ids=items, delete_type="HardDelete")


try:
    # 1. No smarthost: a remote recipient gets a non-delivery report back.
    remote = "nobody-%s@remote.example" % token
    Message(account=a1, subject="far away " + token, body="hello",
            to_recipients=[Mailbox(email_address=remote)]).send()
    ndr = list(a1.inbox.filter(subject="Undeliverable: far away " + token))
    check(len(ndr) == 1, "sender got one non-delivery report (%d)" % len(ndr))
    body = str(ndr[0].body or "")
    check(remote in body, "the report names the recipient")
    check(ndr[0].sender is not None and ndr[0].sender.email_address.lower().startswith("mailer-daemon@"),
          "the report comes from MAILER-DAEMON (%s)" % ndr[0].sender)

    # 2. Out of Office: the internal reply, once per period.
    a2.oof_settings = OofSettings(state=OofSettings.ENABLED, external_audience="None",
                                  internal_reply="Away until Monday " + token, external_reply="external " + token)
    check(a2.oof_settings.state == OofSettings.ENABLED, "user2 is out of office")
    Message(account=a1, subject="lunch " + token, body="?", to_recipients=[Mailbox(email_address="user2@example.com")]).send()
    replies = list(a1.inbox.filter(subject="Automatic reply: lunch " + token))
    check(len(replies) == 1, "user1 got the automatic reply (%d)" % len(replies))
    check("Away until Monday " + token in str(replies[0].body or ""), "the reply carries the InternalReply")
    check(replies[0].sender.email_address == "user2@example.com", "the reply is from user2")
    got = list(a2.inbox.filter(subject="lunch " + token))
    check(len(got) == 1, "user2 still received the message")
    Message(account=a1, subject="dinner " + token, body="?", to_recipients=[Mailbox(email_address="user2@example.com")]).send()
    check(a1.inbox.filter(subject="Automatic reply: dinner " + token).count() == 0,
          "no second automatic reply to the same sender in one OOF period")

    # 3. OOF off: no reply.
    a2.oof_settings = OofSettings(state=OofSettings.DISABLED, external_audience="All", internal_reply="", external_reply="")
    Message(account=a1, subject="breakfast " + token, body="?", to_recipients=[Mailbox(email_address="user2@example.com")]).send()
    check(a1.inbox.filter(subject="Automatic reply: breakfast " + token).count() == 0, "no automatic reply with OOF off")
finally:
    cleanup()


# 4. A second server with -smarthost relaying to a capturing SMTP server.
captured = []


class Capture(socketserver.StreamRequestHandler):
    """A minimal SMTP server (RFC 5321 commands the relay uses)."""

    def handle(self):
        def w(s):
            self.wfile.write((s + "\r\n").encode())
        w("220 capture ESMTP")
        frm, rcpts = None, []
        while True:
            line = self.rfile.readline()
            if not line:
                return
            cmd = line.decode("utf-8", "replace").strip()
            up = cmd.upper()
            if up.startswith("EHLO"):
                w("250-capture")
                w("250 8BITMIME")
            elif up.startswith("HELO"):
                w("250 capture")
            elif up.startswith("MAIL FROM:"):
                frm, rcpts = cmd[10:].strip().split(" ")[0].strip("<>"), []
                w("250 ok")
            elif up.startswith("RCPT TO:"):
                rcpts.append(cmd[8:].strip().split(" ")[0].strip("<>"))
                w("250 ok")
            elif up == "DATA":
                w("354 go ahead")
                data = b""
                while True:
                    l = self.rfile.readline()
                    if not l or l == b".\r\n":
                        break
                    data += l[1:] if l.startswith(b"..") else l
                captured.append((frm, rcpts, data))
                w("250 queued")
            elif up == "RSET" or up == "NOOP":
                w("250 ok")
            elif up == "QUIT":
                w("221 bye")
                return
            else:
                w("502 not implemented")


class Server(socketserver.ThreadingMixIn, socketserver.TCPServer):
    daemon_threads = True
    allow_reuse_address = True


cap = Server(("127.0.0.1", 0), Capture)
threading.Thread(target=cap.serve_forever, daemon=True).start()
work = tempfile.mkdtemp()
users = os.path.join(work, "users")
with open(users, "w") as f:
    f.write("user1@example.com secret User One\n")
binary = os.path.join(work, "oxkit-server")
subprocess.run(["go", "build", "-o", binary, "./examples/server"], check=True)
out = open(os.path.join(work, "stdout"), "w+")
proc = subprocess.Popen([binary, "-data", os.path.join(work, "data"), "-https", "127.0.0.1:0", "-http", "", "-smtp", "",
                         "-store", "memory", "-hostname", "localhost", "-users", users,
                         "-smarthost", "127.0.0.1:%d" % cap.server_address[1]], stdout=out, stderr=subprocess.STDOUT)
try:
    url = None
    for _ in range(100):
        out.seek(0)
        for line in out.read().splitlines():
            if line.split()[:1] == ["HTTPS"]:
                url = line.split()[1]
        if url or proc.poll() is not None:
            break
        time.sleep(0.1)
    check(url is not None, "second server with -smarthost is up")
    endpoint = url + "/EWS/Exchange.asmx"
    s1 = account("user1@example.com", "secret")
    Message(account=s1, subject="relayed " + token, body="over the smarthost",
            to_recipients=[Mailbox(email_address="bob@remote.example")],
            bcc_recipients=[Mailbox(email_address="hidden@remote.example")]).send()
    # The send is acknowledged once queued; the queue relays right after.
    for _ in range(100):
        if captured:
            break
        time.sleep(0.1)
    time.sleep(0.3)  # a second (wrong) copy would arrive meanwhile
    check(len(captured) == 1, "the smarthost received one message (%d)" % len(captured))
    frm, rcpts, data = captured[0]
    check(frm == "user1@example.com" and sorted(rcpts) == ["bob@remote.example", "hidden@remote.example"],
          "envelope %s -> %s" % (frm, rcpts))
    head = data.split(b"\r\n\r\n", 1)[0].decode("utf-8", "replace").lower()
    names = [l.split(":", 1)[0] for l in head.split("\r\n") if l and l[0] not in " \t"]
    check("message-id" in names and "date" in names and "bcc" not in names,
          "relayed header has Message-ID and Date, no Bcc (%s)" % names)
    check(s1.inbox.filter(subject__contains=token).count() == 0, "no non-delivery report with a smarthost")
finally:
    proc.terminate()
    proc.wait()
    cap.shutdown()
    shutil.rmtree(work, ignore_errors=True)

print("exchangelib autoreply: %d passed, 0 failed" % steps())
