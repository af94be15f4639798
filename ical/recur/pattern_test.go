package recur

import (
	"bytes"
	"encoding/hex"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func dehex(t testing.TB, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// Recurrence BLOBs of [MS-OXOCAL] section 4.1.1.
var specBlobs = []struct {
	name string
	hex  string
	want *AppointmentRecurrencePattern
}{
	{
		// Every Monday, Thursday and Friday 10:00–10:30, 12 occurrences; the
		// 4/16/2007 instance moved to 11:00 with a new subject and location.
		"MS-OXOCAL 4.1.1.2",
		"043004300B2001000000C0210000010000000000000032000000222000000C0000000000000001000000A096BC0C01000000A096BC0C8020BC0C20ADBC0C0630000009300000580200007602000001003499BC0C5299BC0CF898BC0C11002200210053696D706C6520526563757272656E6365207769746820657863657074696F6E730800070033342F34313431000000000400000000000000000000003499BC0C5299BC0CF898BC0C2100530069006D0070006C006500200052006500630075007200720065006E006300650020007700690074006800200065007800630065007000740069006F006E0073000700330034002F0034003100340031000000000000000000",
		&AppointmentRecurrencePattern{
			RecurrencePattern: RecurrencePattern{
				ReaderVersion: 0x3004, WriterVersion: 0x3004,
				Frequency: FrequencyWeekly, PatternType: PatternWeek,
				FirstDateTime: 0x21C0, Period: 1,
				DaysOfWeek: Monday | Thursday | Friday,
				EndType:    EndAfterCount, OccurrenceCount: 12,
				DeletedInstanceDates:  []uint32{0x0CBC96A0},
				ModifiedInstanceDates: []uint32{0x0CBC96A0},
				StartDate:             0x0CBC2080, EndDate: 0x0CBCAD20,
			},
			ReaderVersion2: 0x3006, WriterVersion2: 0x3009,
			StartTimeOffset: 600, EndTimeOffset: 630,
			Exceptions: []Exception{{
				Info: ExceptionInfo{
					StartDateTime: 0x0CBC9934, EndDateTime: 0x0CBC9952, OriginalStartTime: 0x0CBC98F8,
					OverrideFlags: AROSubject | AROLocation,
					Subject:       "Simple Recurrence with exceptions", Location: "34/4141",
				},
				Extended: ExtendedException{
					StartDateTime: 0x0CBC9934, EndDateTime: 0x0CBC9952, OriginalStartDate: 0x0CBC98F8,
					WideCharSubject: "Simple Recurrence with exceptions", WideCharLocation: "34/4141",
				},
			}},
		},
	},
	{
		// Every three days 4/7/2011–5/4/2011, 8:00–8:30; 4/19 and 4/22 deleted.
		"MS-OXOCAL 4.1.1.3",
		"043004300A2000000000A0050000E010000000000000212000000A0000000000000002000000A0C1DC0C80D2DC0C00000000207EDC0C0016DD0C0630000009300000E0010000FE01000000000000000000000000",
		&AppointmentRecurrencePattern{
			RecurrencePattern: RecurrencePattern{
				ReaderVersion: 0x3004, WriterVersion: 0x3004,
				Frequency: FrequencyDaily, PatternType: PatternDay,
				FirstDateTime: 1440, Period: 4320,
				EndType: EndAfterDate, OccurrenceCount: 10,
				DeletedInstanceDates: []uint32{0x0CDCC1A0, 0x0CDCD280},
				StartDate:            0x0CDC7E20, EndDate: 0x0CDD1600,
			},
			ReaderVersion2: 0x3006, WriterVersion2: 0x3009,
			StartTimeOffset: 480, EndTimeOffset: 510,
		},
	},
}

func TestSpecBlobs(t *testing.T) {
	for _, v := range specBlobs {
		t.Run(v.name, func(t *testing.T) {
			raw := dehex(t, v.hex)
			got, err := ParseAppointmentRecurrencePattern(raw)
			if err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(v.want, got); d != "" {
				t.Fatalf("decode (-want +got):\n%s", d)
			}
			enc, err := v.want.AppendBinary(nil)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(enc, raw) {
				t.Fatalf("encode:\n got %X\nwant %X", enc, raw)
			}
			// Every truncation fails with a located error.
			for n := 0; n < len(raw); n++ {
				_, err := ParseAppointmentRecurrencePattern(raw[:n])
				var re *Error
				if !errors.As(err, &re) {
					t.Fatalf("truncated to %d: err = %v", n, err)
				}
			}
		})
	}
}

func TestRecurrencePatternAlone(t *testing.T) {
	p := &specBlobs[1].want.RecurrencePattern
	b, err := p.AppendBinary(nil)
	if err != nil {
		t.Fatal(err)
	}
	got, err := ParseRecurrencePattern(b)
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(p, got); d != "" {
		t.Fatal(d)
	}
	if _, err := ParseRecurrencePattern(append(b, 0)); err == nil {
		t.Fatal("trailing byte accepted")
	}
}

func TestHostileCounts(t *testing.T) {
	// A DeletedInstanceCount of 0x7FFFFFFF must fail before allocating.
	raw := dehex(t, specBlobs[1].hex)
	raw[34], raw[35], raw[36], raw[37] = 0xFF, 0xFF, 0xFF, 0x7F
	_, err := ParseAppointmentRecurrencePattern(raw)
	if !errors.Is(err, ErrLimit) {
		t.Fatalf("err = %v, want ErrLimit", err)
	}
}
