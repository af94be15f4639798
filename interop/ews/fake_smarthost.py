"""A scripted smarthost for the transport interop step (stdlib only).

    python3 fake_smarthost.py PORTFILE OUTDIR

Listens on a free loopback port (written to PORTFILE) and speaks enough
SMTP (RFC 5321) for the example server's relay: EHLO/HELO, MAIL, RCPT,
DATA, RSET, NOOP, QUIT. Recipients decide the answer to RCPT:
  tempfail*@...  451 4.3.0 the first time that address is offered, then 250
  reject*@...    550 5.1.1 always
  anything else  250
Each accepted message is written to OUTDIR/NNN.eml, its envelope to
OUTDIR/NNN.json; every RCPT answer is appended to OUTDIR/rcpt.log as
"ADDRESS CODE".
"""
import json
import os
import socketserver
import sys
import threading

portfile, outdir = sys.argv[1], sys.argv[2]
lock = threading.Lock()
seen = {}
count = [0]


def log(line):
    with lock, open(os.path.join(outdir, "rcpt.log"), "a") as f:
        f.write(line + "\n")


class Session(socketserver.StreamRequestHandler):
    def reply(self, line):
        self.wfile.write((line + "\r\n").encode())
        self.wfile.flush()

    def handle(self):
        self.reply("220 fake-smarthost ESMTP")
        sender, rcpts = None, []
        while True:
            raw = self.rfile.readline(4096)
            if not raw:
                return
            line = raw.decode("utf-8", "replace").rstrip("\r\n")
            verb = line[:4].upper()
            if verb in ("EHLO", "HELO"):
                self.reply("250-fake-smarthost" if verb == "EHLO" else "250 fake-smarthost")
                if verb == "EHLO":
                    self.reply("250 8BITMIME")
            elif verb == "MAIL":
                sender, rcpts = line.split(":", 1)[1].strip().split()[0].strip("<>"), []
                self.reply("250 2.1.0 ok")
            elif verb == "RCPT":
                addr = line.split(":", 1)[1].strip().split()[0].strip("<>")
                local = addr.split("@")[0].lower()
                with lock:
                    n = seen.get(addr.lower(), 0)
                    seen[addr.lower()] = n + 1
                if local.startswith("reject"):
                    code = "550 5.1.1 No such user here"
                elif local.startswith("tempfail") and n == 0:
                    code = "451 4.3.0 Please try again later"
                else:
                    code = "250 2.1.5 ok"
                    rcpts.append(addr)
                log(addr + " " + code[:3])
                self.reply(code)
            elif verb == "DATA":
                if not rcpts:
                    self.reply("554 5.5.1 no valid recipients")
                    continue
                self.reply("354 go ahead")
                data = []
                while True:
                    l = self.rfile.readline(1 << 20)
                    if not l or l in (b".\r\n", b".\n"):
                        break
                    data.append(l[1:] if l.startswith(b"..") else l)
                with lock:
                    count[0] += 1
                    n = count[0]
                base = os.path.join(outdir, "%03d" % n)
                with open(base + ".eml", "wb") as f:
                    f.write(b"".join(data))
                with open(base + ".json", "w") as f:
                    json.dump({"from": sender, "rcpts": rcpts}, f)
                self.reply("250 2.0.0 queued as %d" % n)
                sender, rcpts = None, []
            elif verb == "RSET":
                sender, rcpts = None, []
                self.reply("250 ok")
            elif verb == "NOOP":
                self.reply("250 ok")
            elif verb == "QUIT":
                self.reply("221 bye")
                return
            else:
                self.reply("502 5.5.2 not implemented")


class Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


srv = Server(("127.0.0.1", 0), Session)
with open(portfile + ".tmp", "w") as f:
    f.write(str(srv.server_address[1]))
os.rename(portfile + ".tmp", portfile)
srv.serve_forever()
