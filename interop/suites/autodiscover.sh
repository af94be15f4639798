#!/usr/bin/env bash
# Autodiscover against real clients: exchangelib (POX and SOAP),
# ews-javascript-api (SOAP), and the JSON endpoint.
set -euo pipefail
cd "$(dirname "$0")/../.."
. interop/lib.sh
need_apt python3-exchangelib curl
need_cmd node npm go
need_npm ews-javascript-api@0.15.3
start_server
"$debian_python" interop/autodiscover/exchangelib_ad.py "$OXKIT_HTTPS" "$OXKIT_HTTPS/EWS/Exchange.asmx"
node --no-warnings interop/autodiscover/ewsjs_ad.js "$OXKIT_HTTPS" "$OXKIT_HTTPS/EWS/Exchange.asmx"
"$debian_python" interop/autodiscover/json_ad.py "$OXKIT_HTTPS"
