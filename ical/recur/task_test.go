package recur

import (
	"encoding/hex"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func date(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

// TestTaskRegenerationBlob checks a PidLidTaskRecurrence ([MS-OXOTASK]
// 2.2.2.2.15) of a daily regeneration both ways. [MS-OXOTASK] has no
// recurrence blob among its examples; this vector was worked out by hand
// from the field layout of [MS-OXOCAL] 2.2.1.44.1: every 3 days after
// completion, 4 occurrences, from 7 January 2030 (day 156695 since 1601,
// minute 225640800), SlidingFlag 1, FirstDateTime 225640800 mod 4320.
func TestTaskRegenerationBlob(t *testing.T) {
	const want = "0430" + "0430" + "0a20" + "0000" + "0000" + "400b0000" + "e0100000" + "01000000" +
		"22200000" + "04000000" + "00000000" + "00000000" + "00000000" + "6001730d" + "0034730d"
	p, err := NewTaskRegeneration(FrequencyDaily, 3, date("2030-01-07"))
	if err != nil {
		t.Fatal(err)
	}
	p.EndType, p.OccurrenceCount = EndAfterCount, 4
	if err := p.ComputeEnd(); err != nil {
		t.Fatal(err)
	}
	b, err := p.AppendBinary(nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := hex.EncodeToString(b); got != want {
		t.Fatalf("encode:\n got %s\nwant %s", got, want)
	}
	raw, _ := hex.DecodeString(want)
	q, err := ParseRecurrencePattern(raw)
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(p, q); d != "" {
		t.Fatal(d)
	}
	if !q.Regenerating() || q.RegenerationInterval() != 3 {
		t.Fatalf("regenerating %v interval %d", q.Regenerating(), q.RegenerationInterval())
	}
}

// TestTaskSeries walks task series through completions ([MS-OXOTASK]
// 3.1.4.6: each completion generates the next occurrence).
func TestTaskSeries(t *testing.T) {
	weekly := func() *RecurrencePattern {
		p := &RecurrencePattern{ReaderVersion: PatternVersion, WriterVersion: PatternVersion, Frequency: FrequencyWeekly,
			PatternType: PatternWeek, Period: 1, DaysOfWeek: Monday, EndType: EndAfterCount, OccurrenceCount: 3,
			StartDate: TimeToMinutes(date("2030-01-07"))}
		p.ComputeFirstDateTime()
		return p
	}
	monthly31 := func() *RecurrencePattern {
		p := &RecurrencePattern{ReaderVersion: PatternVersion, WriterVersion: PatternVersion, Frequency: FrequencyMonthly,
			PatternType: PatternMonth, Period: 1, DayOfMonth: 31, EndType: EndNever, StartDate: TimeToMinutes(date("2030-01-31"))}
		p.ComputeFirstDateTime()
		return p
	}
	everyOtherDay := func() *RecurrencePattern {
		p := &RecurrencePattern{ReaderVersion: PatternVersion, WriterVersion: PatternVersion, Frequency: FrequencyDaily,
			PatternType: PatternDay, Period: 2 * 1440, EndType: EndAfterDate, StartDate: TimeToMinutes(date("2030-01-07")),
			EndDate: TimeToMinutes(date("2030-01-11"))}
		p.ComputeFirstDateTime()
		return p
	}
	regen := func(f Frequency, n uint32, start string) func() *RecurrencePattern {
		return func() *RecurrencePattern {
			p, err := NewTaskRegeneration(f, n, date(start))
			if err != nil {
				panic(err)
			}
			return p
		}
	}
	for _, tc := range []struct {
		name string
		p    func() *RecurrencePattern
		// steps: current occurrence, completion day, want next ("" none)
		steps [][3]string
		count uint32 // OccurrenceCount after the steps (0: not checked)
	}{
		{"weekly count 3", weekly, [][3]string{{"2030-01-07", "2030-01-03", "2030-01-14"}, {"2030-01-14", "2030-01-20", "2030-01-21"}, {"2030-01-21", "2030-01-21", ""}}, 1},
		{"monthly 31st", monthly31, [][3]string{{"2030-01-31", "2030-01-31", "2030-02-28"}, {"2030-02-28", "2030-02-28", "2030-03-31"}}, 0},
		{"daily until", everyOtherDay, [][3]string{{"2030-01-07", "2030-01-07", "2030-01-09"}, {"2030-01-09", "2030-01-01", "2030-01-11"}, {"2030-01-11", "2030-01-11", ""}}, 1},
		{"daily regeneration", regen(FrequencyDaily, 3, "2030-01-07"), [][3]string{{"2030-01-07", "2030-01-02", "2030-01-05"}, {"2030-01-05", "2030-01-10", "2030-01-13"}}, 0},
		{"weekly regeneration", regen(FrequencyWeekly, 2, "2030-01-07"), [][3]string{{"2030-01-07", "2030-01-08", "2030-01-22"}}, 0},
		{"monthly regeneration", regen(FrequencyMonthly, 1, "2030-01-31"), [][3]string{{"2030-01-31", "2030-01-31", "2030-02-28"}, {"2030-02-28", "2030-03-31", "2030-04-30"}}, 0},
		{"yearly regeneration", regen(FrequencyYearly, 1, "2028-02-29"), [][3]string{{"2028-02-29", "2028-02-29", "2029-02-28"}}, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := tc.p()
			for i, s := range tc.steps {
				next, ok, err := p.NextTaskDate(date(s[0]), date(s[1]))
				if err != nil {
					t.Fatal(err)
				}
				got := ""
				if ok {
					got = next.Format(time.DateOnly)
				}
				if got != s[2] {
					t.Fatalf("step %d: next %q, want %q", i, got, s[2])
				}
				if !ok {
					break
				}
				if err := p.AdvanceTask(date(s[0]), next); err != nil {
					t.Fatal(err)
				}
				if p.StartDate != TimeToMinutes(next) {
					t.Fatalf("step %d: StartDate %s", i, MinutesToTime(p.StartDate))
				}
				// The re-anchored pattern survives its encoding.
				b, err := p.AppendBinary(nil)
				if err != nil {
					t.Fatal(err)
				}
				q, err := ParseRecurrencePattern(b)
				if err != nil {
					t.Fatal(err)
				}
				if d := cmp.Diff(p, q); d != "" {
					t.Fatal(d)
				}
				if first, ok, _ := q.FirstTaskDate(); !ok || !first.Equal(next) {
					t.Fatalf("step %d: first date %s, %v", i, first, ok)
				}
			}
			if tc.count != 0 && p.OccurrenceCount != tc.count {
				t.Fatalf("OccurrenceCount %d, want %d", p.OccurrenceCount, tc.count)
			}
		})
	}
	// Bad input: no panic, an error.
	if _, err := NewTaskRegeneration(FrequencyDaily, 0, date("2030-01-01")); err == nil {
		t.Error("interval 0 accepted")
	}
	if _, err := NewTaskRegeneration(Frequency(7), 1, date("2030-01-01")); err == nil {
		t.Error("frequency 7 accepted")
	}
	if err := weekly().AdvanceTask(date("2030-01-14"), date("2030-01-07")); err == nil {
		t.Error("backwards advance accepted")
	}
}

// FuzzTaskSeries decodes a PidLidTaskRecurrence and walks it as a task
// series: first date, a completion, the advance; nothing may panic or
// spin, and an advanced pattern survives encode → decode.
func FuzzTaskSeries(f *testing.F) {
	p, _ := NewTaskRegeneration(FrequencyMonthly, 2, date("2030-01-31"))
	b, _ := p.AppendBinary(nil)
	f.Add(b, uint16(40))
	raw, _ := hex.DecodeString("043004300a2000000000400b0000e01000000100000022200000040000000000000000000000000000006001730d0034730d")
	f.Add(raw, uint16(3))
	w := &RecurrencePattern{ReaderVersion: PatternVersion, WriterVersion: PatternVersion, Frequency: FrequencyWeekly, PatternType: PatternWeek,
		Period: 2, DaysOfWeek: Monday | Friday, EndType: EndAfterCount, OccurrenceCount: 5, StartDate: TimeToMinutes(date("2030-01-07"))}
	w.ComputeFirstDateTime()
	b, _ = w.AppendBinary(nil)
	f.Add(b, uint16(0))
	f.Fuzz(func(t *testing.T, b []byte, doneOffset uint16) {
		p, err := ParseRecurrencePattern(b)
		if err != nil {
			return
		}
		first, ok, err := p.FirstTaskDate()
		if err != nil || !ok {
			return
		}
		next, ok, err := p.NextTaskDate(first, first.AddDate(0, 0, int(doneOffset)))
		if err != nil || !ok {
			return
		}
		if err := p.AdvanceTask(first, next); err != nil {
			return
		}
		out, err := p.AppendBinary(nil)
		if err != nil {
			t.Fatal(err)
		}
		q, err := ParseRecurrencePattern(out)
		if err != nil {
			t.Fatalf("re-decode: %v", err)
		}
		if q.StartDate != TimeToMinutes(next) || q.OccurrenceCount != p.OccurrenceCount {
			t.Fatalf("advanced pattern changed on its way: %+v vs %+v", q, p)
		}
	})
}
