#!/usr/bin/env bash
# wbxml: cross-check package wbxml against libwbxml (wbxml2xml/xml2wbxml)
# over wbxml/testdata/corpus, an ActiveSync document per command that
# together use every code page. See wbxml/internal/interopcheck for what is
# compared (parsed trees, both directions) and libwbxml's known gaps.
set -euo pipefail
cd "$(dirname "$0")/../.."
. interop/lib.sh
if ! need_apt libwbxml2-utils; then
	echo "wbxml interop: skipped (libwbxml2-utils not available)"
	exit 0
fi
go run ./wbxml/internal/interopcheck -corpus wbxml/testdata/corpus "$@"
