#!/usr/bin/env bash
# oxcmail import/export throughput next to a bare MIME parse by GMime (C,
# in-process loop) and by emersion/go-message, on the same generated
# 1,000-message corpus. Goals (issue 6): import ≥ 0.5× GMime's bare parse,
# export ≥ 1×. Throughput is bytes of MIME per CPU second.
set -euo pipefail
cd "$(dirname "$0")"
. ../../interop/lib.sh
need_apt libgmime-3.0-dev pkg-config gcc
mkdir -p build
gcc -O2 -o build/gmime_parse c/gmime_parse.c $(pkg-config --cflags --libs gmime-3.0)
GOFLAGS=-mod=mod go run . -gen build/corpus
GOFLAGS=-mod=mod go build -o build/oxcmail-bench .
read -r bytes rounds secs parts < <(build/gmime_parse build/corpus 20)
gmime=$(awk -v b="$bytes" -v r="$rounds" -v s="$secs" 'BEGIN{printf "%.1f", b*r/s/1e6}')
echo "corpus: $(ls build/corpus | wc -l) messages, $bytes bytes"
printf '%-18s %8s MB/s\n' "gmime-bare-parse" "$gmime"
build/oxcmail-bench build/corpus | while read -r name b r s; do
	mbs=$(awk -v b="$b" -v r="$r" -v s="$s" 'BEGIN{printf "%.1f", b*r/s/1e6}')
	ratio=$(awk -v x="$mbs" -v g="$gmime" 'BEGIN{printf "%.2f", x/g}')
	printf '%-18s %8s MB/s  %s× GMime\n' "$name" "$mbs" "$ratio"
done
echo "goals: oxcmail-import ≥ 0.50× GMime, oxcmail-export ≥ 1.00× GMime"
