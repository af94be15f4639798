package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// TestGeneratedFilesCurrent checks that the checked-in zprops.go and
// zerrors.go are what the generator makes from propdata now, and that two
// runs give the same bytes (CI also runs go generate and git diff).
func TestGeneratedFilesCurrent(t *testing.T) {
	dir := filepath.Join("..", "..")
	first := generate(dir)
	second := generate(dir)
	for name, src := range first {
		if !bytes.Equal(src, second[name]) {
			t.Errorf("%s: two runs differ", name)
		}
		have, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(have, src) {
			t.Errorf("%s is stale: run go generate ./mapi", name)
		}
	}
}

func TestSetGoName(t *testing.T) {
	for in, want := range map[string]string{
		"PS_PUBLIC_STRINGS":   "PSPublicStrings",
		"PS_INTERNET_HEADERS": "PSInternetHeaders",
		"PS_MAPI":             "PSMAPI",
		"PSETID_Appointment":  "PSETIDAppointment",
		"PSETID_AirSync":      "PSETIDAirSync",
	} {
		if got := setGoName(in); got != want {
			t.Errorf("setGoName(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestParseGUID(t *testing.T) {
	// {00020329-0000-0000-C000-000000000046} in wire order ([MS-DTYP] 2.3.4.2).
	want := [16]byte{0x29, 0x03, 0x02, 0x00, 0, 0, 0, 0, 0xC0, 0, 0, 0, 0, 0, 0, 0x46}
	if got := parseGUID("{00020329-0000-0000-C000-000000000046}"); got != want {
		t.Errorf("parseGUID = % X", got)
	}
}
