package mapi

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"
	"time"
)

func TestFiletime(t *testing.T) {
	cases := []struct {
		ft   uint64
		want time.Time
	}{
		{0, time.Date(1601, 1, 1, 0, 0, 0, 0, time.UTC)},
		{116444736000000000, time.Unix(0, 0).UTC()},
		{116444736000000001, time.Unix(0, 100).UTC()},
		{125911584000000000, time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)},
		{math.MaxUint64, time.Date(60056, 5, 28, 5, 36, 10, 955161500, time.UTC)},
	}
	for _, c := range cases {
		got := FiletimeToTime(c.ft)
		if !got.Equal(c.want) || got.Location() != time.UTC {
			t.Fatalf("%d: %v, want %v", c.ft, got, c.want)
		}
		back, err := TimeToFiletime(got)
		if err != nil || back != c.ft {
			t.Fatalf("%d: back %d %v", c.ft, back, err)
		}
	}
	// Every uint64 round-trips exactly.
	rng := rand.New(rand.NewPCG(1, 2))
	for range 10000 {
		ft := rng.Uint64()
		if back, err := TimeToFiletime(FiletimeToTime(ft)); err != nil || back != ft {
			t.Fatalf("%d: %d %v", ft, back, err)
		}
	}
	for _, bad := range []time.Time{{}, time.Date(1600, 12, 31, 23, 59, 59, 999999999, time.UTC), time.Date(60056, 5, 28, 5, 36, 11, 0, time.UTC)} {
		if _, err := TimeToFiletime(bad); !errors.Is(err, ErrTimeRange) {
			t.Fatalf("%v: %v", bad, err)
		}
	}
	// Sub-100 ns precision is truncated.
	if ft, _ := TimeToFiletime(time.Unix(0, 199).UTC()); ft != 116444736000000001 {
		t.Fatalf("truncation: %d", ft)
	}
}

// TestFloatingTime checks the PtypFloatingTime example of [MS-OXCDATA]
// 2.11.1 (5.25 is 1900-01-04 06:00) and the OLE convention for negative
// dates (the fraction is the time of day whatever the sign).
func TestFloatingTime(t *testing.T) {
	cases := []struct {
		f    FloatingTime
		want time.Time
	}{
		{5.25, time.Date(1900, 1, 4, 6, 0, 0, 0, time.UTC)},
		{0, time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)},
		{-1.25, time.Date(1899, 12, 29, 6, 0, 0, 0, time.UTC)},
		{-1, time.Date(1899, 12, 29, 0, 0, 0, 0, time.UTC)},
		{2.5, time.Date(1900, 1, 1, 12, 0, 0, 0, time.UTC)},
		{45000.75, time.Date(2023, 3, 15, 18, 0, 0, 0, time.UTC)},
	}
	for _, c := range cases {
		if got := c.f.Time(); !got.Equal(c.want) {
			t.Fatalf("%v: %v, want %v", float64(c.f), got, c.want)
		}
		if got := FloatingTimeFromTime(c.want); got != c.f {
			t.Fatalf("%v: back %v", c.want, float64(got))
		}
	}
	for _, bad := range []FloatingTime{FloatingTime(math.NaN()), FloatingTime(math.Inf(1)), 2e9} {
		if !bad.Time().IsZero() {
			t.Fatalf("%v: not zero", float64(bad))
		}
	}
	// Times of day that are not binary fractions survive within a microsecond.
	when := time.Date(2026, 11, 28, 13, 14, 15, 0, time.UTC)
	if d := FloatingTimeFromTime(when).Time().Sub(when); d > time.Microsecond || d < -time.Microsecond {
		t.Fatalf("drift %v", d)
	}
}
