#!/usr/bin/env bash
# oxcmail's exports against Python's email package in strict mode.
set -euo pipefail
cd "$(dirname "$0")/../.."
. interop/lib.sh
need_cmd go
need_apt python3
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
OXKIT_OXCMAIL_EXPORT_DIR="$dir" go test -count=1 -run '^TestExportCorpusForInterop$' ./oxcmail/ >/dev/null
"$debian_python" interop/oxcmail/strict_parse.py "$dir"
