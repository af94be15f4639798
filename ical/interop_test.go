package ical

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestInteropExport writes the export of every corpus file to
// $OXKIT_INTEROP_DIR for interop/suites/ical.sh, which validates them with
// python3-icalendar, libical and python3-vobject.
func TestInteropExport(t *testing.T) {
	dir := os.Getenv("OXKIT_INTEROP_DIR")
	if dir == "" {
		t.Skip("OXKIT_INTEROP_DIR not set: run by interop/suites/ical.sh")
	}
	for _, path := range corpus(t) {
		out := exportString(t, importFile(t, path))
		name := "export_" + strings.TrimSuffix(filepath.Base(path), ".ics") + ".ics"
		if err := os.WriteFile(filepath.Join(dir, name), []byte(out), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
