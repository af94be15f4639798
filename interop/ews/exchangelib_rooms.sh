#!/usr/bin/env bash
# Rooms end to end: the example server with a -rooms file (two room
# lists, three rooms); exchangelib_rooms.py lists them with exchangelib's
# Protocol.get_roomlists/get_rooms, asks a room's free/busy and books
# one (it accepts, then declines an overlapping request).
# Run from interop/suites/ews.sh (it starts its own server).
set -euo pipefail
cd "$(dirname "$0")/../.."
. interop/lib.sh
need_apt python3-exchangelib
cfg=$(mktemp -d)
trap 'rm -rf "$cfg"' EXIT
printf '%s\n' "# list address Name / room address list|- Name" \
	"list building-a@example.com Building A" "list annexes@example.com Annexes" \
	"room board@example.com building-a@example.com Board Room" "room lab@example.com building-a@example.com Lab" \
	"room shed@example.com annexes@example.com Garden Shed" >"$cfg/rooms"
start_server -rooms "$cfg/rooms"
trap 'stop_server; rm -rf "$cfg"' EXIT
"$debian_python" -W ignore interop/ews/exchangelib_rooms.py "$OXKIT_HTTPS"
