#!/usr/bin/env bash
# The smarthost queue end to end: the example server relays through a
# scripted fake smarthost (fake_smarthost.py) that refuses a recipient
# with 451 once and another with 550; exchangelib sends and checks what
# the smarthost got and the non-delivery report in the sender's Inbox.
# Run from interop/suites/ews.sh (it starts its own server).
set -euo pipefail
cd "$(dirname "$0")/../.."
. interop/lib.sh
need_apt python3-exchangelib
fake=$(mktemp -d)
"$debian_python" interop/ews/fake_smarthost.py "$fake/port" "$fake" &
fake_pid=$!
trap 'kill "$fake_pid" 2>/dev/null || true; rm -rf "$fake"' EXIT
for _ in $(seq 1 100); do
	[ -f "$fake/port" ] && break
	sleep 0.1
done
port=$(cat "$fake/port")
start_server -smarthost "127.0.0.1:$port" -queue-retry 1s -queue-max-retry 2s
trap 'stop_server; kill "$fake_pid" 2>/dev/null || true; rm -rf "$fake"' EXIT
"$debian_python" -W ignore interop/ews/exchangelib_transport.py "$OXKIT_HTTPS" "$fake"
