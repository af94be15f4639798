#!/usr/bin/env bash
# Throughput of package wbxml against libwbxml (C library, in-process) on
# three ActiveSync payloads; prints MB/s (10^6 bytes of WBXML per second)
# of CPU time, and the ratios against the goals: decoding >= 5x libwbxml, encoding from
# Go structs >= 2x libwbxml's XML->WBXML.
#
#   bash bench/wbxml/run.sh            (BENCHTIME=1s MINTIME=1 by default)
#
# Needs gcc and libwbxml2-dev (installed through apt when run as root).
# Build outputs go to bench/wbxml/build/ (gitignored). Timings on a shared
# machine are noisy; compare ratios from one run, not across runs.
set -euo pipefail
cd "$(dirname "$0")/../.."
. interop/lib.sh
need_apt libwbxml2-dev gcc pkg-config || { echo "bench/wbxml: needs libwbxml2-dev, gcc and pkg-config" >&2; exit 1; }

B=bench/wbxml/build
mkdir -p "$B"
export MINTIME=${MINTIME:-1}
WBXML_BENCH_OUT="$PWD/$B" go test -count=1 -run '^TestWritePayloads$' ./bench/wbxml/ >/dev/null
gcc -O2 -Wall -o "$B/libwbxml_bench" bench/wbxml/c/libwbxml_bench.c $(pkg-config --cflags libwbxml2) -lwbxml2

payloads="FolderSync50 Sync100 ItemOps1MB"
echo "== libwbxml $(dpkg-query -W -f '${Version}' libwbxml2-dev 2>/dev/null) (in-process, MINTIME=${MINTIME}s per measure)"
: > "$B/lib.txt"
for p in $payloads; do
	"$B/libwbxml_bench" "$p" "$B/$p.wbxml" "$B/$p.xml" | tee -a "$B/lib.txt"
	ours=$(stat -c %s "$B/$p.wbxml")
	theirs=$(awk -v p="$p" '$1==p {print $5}' "$B/lib.txt")
	[ "$ours" = "$theirs" ] || echo "   note: libwbxml's encoding of $p is $theirs bytes, ours $ours"
done
echo "   (columns: payload, tree-decode MB/s, WBXML->XML MB/s, XML->WBXML MB/s, output bytes)"

echo "== oxkit wbxml (go test -bench, BENCHTIME=${BENCHTIME:-1s})"
go test -count=1 -run '^$' -bench . -benchmem -benchtime "${BENCHTIME:-1s}" ./bench/wbxml/ | tee "$B/go.txt" | grep '^Benchmark'

echo
echo "== ratios (oxkit cpuMB/s / libwbxml MB/s, both per second of CPU time)"
awk '
FNR == NR { libtree[$1] = $2; libxml[$1] = $3; libenc[$1] = $4; next }
/^Benchmark/ {
	split($1, a, "/"); kind = a[1]; sub(/^Benchmark/, "", kind)
	name = a[2]; sub(/-[0-9]+$/, "", name)
	for (i = 2; i <= NF; i++) if ($(i+1) == "cpuMB/s") mbps[kind, name] = $i
	names[name] = 1
}
END {
	fail = 0
	printf "%-14s %12s %12s %12s %14s %14s\n", "payload", "tokens/tree", "tree/tree", "struct/tree", "Marshal/x2w", "tree-enc/x2w"
	n = split("FolderSync50 Sync100 ItemOps1MB", order, " ")
	for (k = 1; k <= n; k++) {
		p = order[k]
		dt = mbps["DecodeTokens", p] / libtree[p]
		dr = mbps["DecodeTree", p] / libtree[p]
		du = mbps["Unmarshal", p] / libtree[p]
		em = mbps["Marshal", p] / libenc[p]
		et = mbps["EncodeTree", p] / libenc[p]
		printf "%-14s %11.1fx %11.1fx %11.1fx %13.1fx %13.1fx\n", p, dt, dr, du, em, et
		if (du < 5 || dr < 5) { fail = 1; printf "   %s: decode goal (>= 5x, tree and structs) NOT met\n", p }
		if (em < 2) { fail = 1; printf "   %s: encode goal (Marshal >= 2x XML->WBXML) NOT met\n", p }
	}
	print ""
	print "decode: our token decoder, element tree (Parse) and struct binding (Unmarshal)"
	print "        against libwbxml parsing the same WBXML into its tree (wbxml_tree_from_wbxml);"
	print "encode: Marshal from Go structs and Element.AppendBinary against libwbxml XML->WBXML"
	print "        (wbxml_conv_xml2wbxml_run, no public ID, no string table)."
	if (fail) print "RESULT: some goals not met"; else print "RESULT: all goals met"
}' "$B/lib.txt" "$B/go.txt"
