package main

import (
	"io"
	"testing"
)

func TestParseSize(t *testing.T) {
	for _, c := range []struct {
		in   string
		want int64
		ok   bool
	}{
		{"0", 0, true},
		{"1048576", 1 << 20, true},
		{"512MiB", 512 << 20, true},
		{"2GiB", 2 << 30, true},
		{"64KiB", 64 << 10, true},
		{"100B", 100, true},
		{"1TiB", 1 << 40, true},
		{"", 0, false},
		{"-1", 0, false},
		{"12MB", 0, false},
		{"9000000TiB", 0, false},
	} {
		got, err := parseSize(c.in)
		if (err == nil) != c.ok || got != c.want {
			t.Errorf("parseSize(%q) = %d, %v; want %d, ok %v", c.in, got, err, c.want, c.ok)
		}
	}
}

func TestGCFlags(t *testing.T) {
	cfg, err := parseFlags(nil, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.gcPercent != defaultGCPercent || cfg.gcSet || cfg.limitSet {
		t.Errorf("defaults: gcPercent %d set %v, limit set %v", cfg.gcPercent, cfg.gcSet, cfg.limitSet)
	}
	cfg, err = parseFlags([]string{"-gogc", "150", "-memlimit", "1GiB"}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.gcPercent != 150 || !cfg.gcSet || cfg.memLimit != 1<<30 || !cfg.limitSet {
		t.Errorf("flags: %+v", cfg)
	}
	if _, err := parseFlags([]string{"-memlimit", "lots"}, io.Discard); err == nil {
		t.Error("-memlimit lots accepted")
	}
}
