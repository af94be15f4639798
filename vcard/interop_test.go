package vcard

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestInteropExport writes every corpus contact exported as 2.1, 3.0 and
// 4.0 to $OXKIT_INTEROP_DIR for interop/suites/ical.sh (python3-vobject).
func TestInteropExport(t *testing.T) {
	dir := os.Getenv("OXKIT_INTEROP_DIR")
	if dir == "" {
		t.Skip("OXKIT_INTEROP_DIR not set: run by interop/suites/ical.sh")
	}
	for _, path := range corpus(t) {
		cs := importFile(t, path)
		for _, ver := range []string{"2.1", "3.0", "4.0"} {
			name := "export_" + strings.TrimSuffix(filepath.Base(path), ".vcf") + "_v" + strings.ReplaceAll(ver, ".", "") + ".vcf"
			if err := os.WriteFile(filepath.Join(dir, name), []byte(exportString(t, cs, ver)), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
}
