#!/usr/bin/env bash
# EWS: responses validated against the Exchange 2016 schemas with xmllint
# (in process, and from the running example server for every captured
# client request), then exchangelib and ews-javascript-api driving the
# server: folders, message CRUD, move, FindItem restrictions, sync, send
# between users, calendar items, notifications, ResolveNames; and DavMail
# (an EWS client serving IMAP and SMTP) driven over IMAP and SMTP.
set -euo pipefail
cd "$(dirname "$0")/../.."
. interop/lib.sh
need_apt python3-exchangelib libxml2-utils curl davmail-server
need_cmd go xmllint curl node npm java
need_npm ews-javascript-api@0.15.3

schemas=../shared/specs/ews-schema/exchange2016
if [ ! -f "$schemas/messages.xsd" ]; then
	echo "interop: EWS schemas not found at $schemas" >&2
	exit 1
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# 1. In process, over memstore: one response per implemented operation
# and per captured request.
EWS_DUMP="$work/inproc" && mkdir -p "$EWS_DUMP" && export EWS_DUMP
go test -count=1 -run '^TestDump' ./ews >/dev/null
unset EWS_DUMP
"$debian_python" interop/ews/validate.py "$schemas" "$work"/inproc/*.xml

# 2. The example server.
# SMTP delivery on a free loopback port (lib.sh's default), for iMIP.
start_server
smtp_addr=$(awk '$1=="SMTP"{print $2}' "$OXKIT_WORK/stdout")
trap 'stop_server; rm -rf "$work"' EXIT
code=$(curl -s -o /dev/null -w '%{http_code}' -u user1@example.com:secret -H 'Content-Type: text/xml; charset=utf-8' \
	--data-binary @ews/testdata/requests/exchangelib-ewsguess-001-POST.xml "$OXKIT_HTTP/EWS/Exchange.asmx")
if [ "$code" != 200 ]; then
	echo "interop: POST /EWS/Exchange.asmx answered $code: the example server does not serve EWS" >&2
	exit 1
fi
"$debian_python" interop/ews/replay.py "$OXKIT_HTTP" ews/testdata/requests "$work/live"
"$debian_python" interop/ews/validate.py "$schemas" "$work"/live/*.xml
"$debian_python" -W ignore interop/ews/exchangelib_ews.py "$OXKIT_HTTPS"
node --no-warnings interop/ews/ewsjs_ews.js "$OXKIT_HTTPS"
bash interop/ews/exchangelib_sendas.sh
bash interop/ews/exchangelib_rooms.sh
"$debian_python" -W ignore interop/ews/exchangelib_wellknown.py "$OXKIT_HTTPS"
"$debian_python" -W ignore interop/ews/exchangelib_nested.py "$OXKIT_HTTPS"
"$debian_python" -W ignore interop/ews/exchangelib_receipts.py "$OXKIT_HTTPS"
"$debian_python" -W ignore interop/ews/exchangelib_mailtips.py "$OXKIT_HTTPS"
"$debian_python" -W ignore interop/ews/exchangelib_recover.py "$OXKIT_HTTPS"
node --no-warnings interop/ews/ewsjs_recover.js "$OXKIT_HTTPS"
bash interop/ews/transport_queue.sh
"$debian_python" -W ignore interop/ews/exchangelib_contacts2.py "$OXKIT_HTTPS"
"$debian_python" -W ignore interop/ews/exchangelib_meetings2.py "$OXKIT_HTTPS"
"$debian_python" -W ignore interop/ews/exchangelib_other.py "$OXKIT_HTTPS"
"$debian_python" -W ignore interop/ews/exchangelib_tasks.py "$OXKIT_HTTPS"
"$debian_python" -W ignore interop/ews/exchangelib_search2.py "$OXKIT_HTTPS"
"$debian_python" -W ignore interop/ews/exchangelib_imip.py "$OXKIT_HTTPS" "$smtp_addr"
"$debian_python" -W ignore interop/ews/exchangelib_core.py "$OXKIT_HTTPS"
node --no-warnings interop/ews/ewsjs_core.js "$OXKIT_HTTPS"
"$debian_python" -W ignore interop/ews/exchangelib_autoreply.py "$OXKIT_HTTPS"
"$debian_python" -W ignore interop/ews/exchangelib_perf2.py "$OXKIT_HTTPS"
"$debian_python" -W ignore interop/ews/exchangelib_export.py "$OXKIT_HTTPS"
node --no-warnings interop/ews/ewsjs_delegates.js "$OXKIT_HTTPS"
"$debian_python" -W ignore interop/ews/exchangelib_delegates.py "$OXKIT_HTTPS"
node --no-warnings interop/ews/ewsjs_rules.js "$OXKIT_HTTPS"
"$debian_python" -W ignore interop/ews/exchangelib_meetings.py "$OXKIT_HTTPS"
"$debian_python" -W ignore interop/ews/exchangelib_contacts.py "$OXKIT_HTTPS"
"$debian_python" -W ignore interop/ews/exchangelib_search.py "$OXKIT_HTTPS"
"$debian_python" -W ignore interop/ews/exchangelib_perf.py "$OXKIT_HTTPS"

# 3. DavMail in front of the server, driven over IMAP and SMTP.
read -r imap_port smtp_port < <("$debian_python" -c 'import socket
ps = []
for _ in range(2):
    s = socket.socket(); s.bind(("127.0.0.1", 0)); ps.append(s)
print(*[s.getsockname()[1] for s in ps])')
cat >"$work/davmail.properties" <<EOF
davmail.server=true
davmail.mode=EWS
davmail.url=$OXKIT_HTTP/EWS/Exchange.asmx
davmail.imapPort=$imap_port
davmail.smtpPort=$smtp_port
davmail.caldavPort=
davmail.ldapPort=
davmail.popPort=
davmail.allowRemote=false
davmail.bindAddress=127.0.0.1
davmail.disableUpdateCheck=true
davmail.logFilePath=$work/davmail.log
davmail.enableKerberos=false
davmail.imapAutoExpunge=true
davmail.ssl.nosecureimap=true
davmail.ssl.nosecuresmtp=true
log4j.rootLogger=WARN
EOF
java -jar /usr/share/davmail/davmail.jar "$work/davmail.properties" >"$work/davmail.out" 2>&1 &
davmail_pid=$!
trap 'kill "$davmail_pid" 2>/dev/null || true; stop_server; rm -rf "$work"' EXIT
for _ in $(seq 1 150); do
	if "$debian_python" -c "import socket; socket.create_connection(('127.0.0.1', $imap_port), 1)" 2>/dev/null; then break; fi
	if ! kill -0 "$davmail_pid" 2>/dev/null; then echo "interop: DavMail exited" >&2; cat "$work/davmail.out" >&2; exit 1; fi
	sleep 0.2
done
"$debian_python" interop/ews/davmail_imap.py "$imap_port" "$smtp_port"
