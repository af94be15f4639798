#!/usr/bin/env bash
# DavMail 6.0.1 (Debian davmail-server), an EWS client that serves IMAP,
# SMTP and CalDAV/CardDAV, in front of the example server's EWS endpoint;
# interop/davmail/davmail_scenario.py drives it with Python's imaplib,
# smtplib and http.client and asserts what those clients see.
#
# The suite runs only the scenario steps that pass today (PASSING in the
# scenario); the others are listed there in BLOCKED with the EWS feature
# each one waits for. Arguments are passed to the scenario: run
#   bash interop/suites/davmail.sh --all
# to try every step (exits non-zero while any is blocked), or --only
# STEP,... for some. OXKIT_DAVMAIL_KEEP=DIR keeps DavMail's log (with its
# HTTP wire log of every EWS exchange) and the server's log in DIR.
set -euo pipefail
cd "$(dirname "$0")/../.."
. interop/lib.sh
need_apt davmail-server
need_cmd go java curl "$debian_python"

start_server
dm_work=$(mktemp -d)
dm_pid=
stop_davmail() {
	if [ -n "$dm_pid" ]; then
		kill -TERM "$dm_pid" 2>/dev/null || true
		wait "$dm_pid" 2>/dev/null || true
		dm_pid=
	fi
	if [ -n "${OXKIT_DAVMAIL_KEEP:-}" ]; then
		mkdir -p "$OXKIT_DAVMAIL_KEEP"
		cp "$dm_work"/davmail.log "$dm_work"/davmail.properties "$OXKIT_DAVMAIL_KEEP"/ 2>/dev/null || true
		cp "$OXKIT_WORK"/stderr "$OXKIT_DAVMAIL_KEEP"/server.log 2>/dev/null || true
	fi
	rm -rf "$dm_work"
}
trap 'stop_davmail; stop_server' EXIT

# Three free loopback ports for DavMail's IMAP, SMTP and CalDAV listeners.
read -r imap_port smtp_port caldav_port < <("$debian_python" -c '
import socket
ss = [socket.socket() for _ in range(3)]
for s in ss: s.bind(("127.0.0.1", 0))
print(*[s.getsockname()[1] for s in ss])
for s in ss: s.close()')

# Server mode, EWS over plain HTTP on loopback (DavMail accepts an http
# URL as is), listeners bound to loopback without TLS, no POP/LDAP, IMAP
# \Deleted kept until EXPUNGE, DEBUG log with the HTTP wire log so that a
# failing step can name the EWS request behind it.
cat >"$dm_work/davmail.properties" <<EOF
davmail.server=true
davmail.mode=EWS
davmail.url=$OXKIT_HTTP/EWS/Exchange.asmx
davmail.allowRemote=false
davmail.bindAddress=127.0.0.1
davmail.disableUpdateCheck=true
davmail.disableGuiNotifications=true
davmail.imapPort=$imap_port
davmail.smtpPort=$smtp_port
davmail.caldavPort=$caldav_port
davmail.popPort=
davmail.ldapPort=
davmail.ssl.nosecureimap=true
davmail.ssl.nosecuresmtp=true
davmail.ssl.nosecurecaldav=true
davmail.imapAutoExpunge=false
davmail.smtpSaveInSent=true
davmail.enableKeepAlive=false
davmail.caldavPastDelay=0
davmail.logFilePath=$dm_work/davmail.log
davmail.logFileSize=0
log4j.rootLogger=WARN
log4j.logger.davmail=DEBUG
log4j.logger.httpclient.wire=DEBUG
log4j.logger.org.apache.commons.httpclient=WARN
EOF

# /usr/bin/davmail-server execs java -jar davmail.jar -server PROPERTIES.
davmail-server "$dm_work/davmail.properties" >"$dm_work/stdout" 2>&1 &
dm_pid=$!
for i in $(seq 1 300); do
	if grep -q 'listening on' "$dm_work/stdout" "$dm_work/davmail.log" 2>/dev/null; then break; fi
	if ! kill -0 "$dm_pid" 2>/dev/null; then
		echo "interop: DavMail exited:" >&2; cat "$dm_work/stdout" >&2; exit 1
	fi
	sleep 0.1
done
for p in "$imap_port" "$smtp_port" "$caldav_port"; do
	if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
		echo "interop: DavMail does not listen on $p:" >&2; tail -20 "$dm_work/stdout" >&2; exit 1
	fi
done
echo "interop: DavMail up: IMAP $imap_port SMTP $smtp_port CalDAV $caldav_port -> $OXKIT_HTTP/EWS/Exchange.asmx"

"$debian_python" interop/davmail/davmail_scenario.py --imap "$imap_port" --smtp "$smtp_port" \
	--caldav "$caldav_port" --davmail-log "$dm_work/davmail.log" "$@"
