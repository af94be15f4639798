#!/usr/bin/env bash
# Send As end to end: the example server with a shared mailbox
# (support@example.com), a -sendas file granting user1 Send As for it and
# -principal-sent-copy; exchangelib_sendas.py sends as support and checks
# what the recipient and both Sent Items see.
# Run from interop/suites/ews.sh (it starts its own server).
set -euo pipefail
cd "$(dirname "$0")/../.."
. interop/lib.sh
need_apt python3-exchangelib
cfg=$(mktemp -d)
trap 'rm -rf "$cfg"' EXIT
printf '%s\n' "user1@example.com secret User One" "user2@example.com secret2 User Two" "support@example.com secret3 Support" >"$cfg/users"
printf '%s\n' "# caller address" "user1@example.com support@example.com" >"$cfg/sendas"
# -users after lib.sh's own: the last one given wins.
start_server -users "$cfg/users" -sendas "$cfg/sendas" -principal-sent-copy
trap 'stop_server; rm -rf "$cfg"' EXIT
"$debian_python" -W ignore interop/ews/exchangelib_sendas.py "$OXKIT_HTTPS"
