#!/usr/bin/env bash
# Interop suites against real third-party implementations.
# Each suite lives in interop/<name>.sh and is run in turn. Under
# OXKIT_INTEROP=1 (set by .ci/run) a missing tool fails the run.
set -euo pipefail
cd "$(dirname "$0")/.."
. interop/lib.sh
for s in interop/suites/*.sh; do
	[ -e "$s" ] || continue
	echo "== interop: $s"
	bash "$s"
done
