package recur

import (
	"errors"
	"fmt"

	"github.com/oxkit/oxkit/internal/wire"
)

// Frequency is the RecurFrequency field ([MS-OXOCAL] 2.2.1.44.1).
type Frequency uint16

// Recurrence frequencies of [MS-OXOCAL] 2.2.1.44.1.
const (
	FrequencyDaily   Frequency = 0x200A
	FrequencyWeekly  Frequency = 0x200B
	FrequencyMonthly Frequency = 0x200C
	FrequencyYearly  Frequency = 0x200D
)

// String returns the spec name or "Frequency(0x1234)"; it never panics.
func (f Frequency) String() string {
	switch f {
	case FrequencyDaily:
		return "Daily"
	case FrequencyWeekly:
		return "Weekly"
	case FrequencyMonthly:
		return "Monthly"
	case FrequencyYearly:
		return "Yearly"
	}
	return fmt.Sprintf("Frequency(%#04x)", uint16(f))
}

// PatternType is the PatternType field ([MS-OXOCAL] 2.2.1.44.1).
type PatternType uint16

// Pattern types of [MS-OXOCAL] 2.2.1.44.1. The Hj (Hijri) types are
// decoded and encoded but not expanded.
const (
	PatternDay        PatternType = 0x0000
	PatternWeek       PatternType = 0x0001
	PatternMonth      PatternType = 0x0002
	PatternMonthNth   PatternType = 0x0003
	PatternMonthEnd   PatternType = 0x0004
	PatternHjMonth    PatternType = 0x000A
	PatternHjMonthNth PatternType = 0x000B
	PatternHjMonthEnd PatternType = 0x000C
)

// String returns the spec name or "PatternType(0x12)"; it never panics.
func (t PatternType) String() string {
	switch t {
	case PatternDay:
		return "Day"
	case PatternWeek:
		return "Week"
	case PatternMonth:
		return "Month"
	case PatternMonthNth:
		return "MonthNth"
	case PatternMonthEnd:
		return "MonthEnd"
	case PatternHjMonth:
		return "HjMonth"
	case PatternHjMonthNth:
		return "HjMonthNth"
	case PatternHjMonthEnd:
		return "HjMonthEnd"
	}
	return fmt.Sprintf("PatternType(%#04x)", uint16(t))
}

// specificSize returns the size of the PatternTypeSpecific field.
func (t PatternType) specificSize() int {
	switch t {
	case PatternDay:
		return 0
	case PatternWeek, PatternMonth, PatternMonthEnd, PatternHjMonth, PatternHjMonthEnd:
		return 4
	case PatternMonthNth, PatternHjMonthNth:
		return 8
	}
	return -1
}

// EndType is the EndType field ([MS-OXOCAL] 2.2.1.44.1).
type EndType uint32

// End types of [MS-OXOCAL] 2.2.1.44.1.
const (
	EndAfterDate  EndType = 0x00002021
	EndAfterCount EndType = 0x00002022
	EndNever      EndType = 0x00002023
	EndNeverAlt   EndType = 0xFFFFFFFF // also "never end"
)

// String returns the spec name or "EndType(0x1234)"; it never panics.
func (e EndType) String() string {
	switch e {
	case EndAfterDate:
		return "EndAfterDate"
	case EndAfterCount:
		return "EndAfterNOccurrences"
	case EndNever, EndNeverAlt:
		return "NeverEnd"
	}
	return fmt.Sprintf("EndType(%#x)", uint32(e))
}

// NeverEndDate is the EndDate of a series that never ends (31 December
// 4500, 11:59 P.M., [MS-OXOCAL] 2.2.1.44.1).
const NeverEndDate uint32 = 0x5AE980DF

// DaysOfWeek is the day bit mask of the Week and MonthNth
// PatternTypeSpecific fields ([MS-OXOCAL] 2.2.1.44.1.2–2.2.1.44.1.4): bit
// i set means weekday i, Sunday = 0.
type DaysOfWeek uint32

// Day bits.
const (
	Sunday      DaysOfWeek = 0x01
	Monday      DaysOfWeek = 0x02
	Tuesday     DaysOfWeek = 0x04
	Wednesday   DaysOfWeek = 0x08
	Thursday    DaysOfWeek = 0x10
	Friday      DaysOfWeek = 0x20
	Saturday    DaysOfWeek = 0x40
	Weekdays               = Monday | Tuesday | Wednesday | Thursday | Friday
	WeekendDays            = Saturday | Sunday
)

// Has reports whether weekday wd (0 = Sunday) is in d.
func (d DaysOfWeek) Has(wd int) bool { return wd >= 0 && wd < 7 && d&(1<<wd) != 0 }

// RecurrencePattern is the RecurrencePattern structure ([MS-OXOCAL]
// 2.2.1.44.1), the value of PidLidTaskRecurrence and the first part of
// AppointmentRecurrencePattern. Dates are minutes since 1 January 1601 in
// the series' local time, at midnight (MinutesToTime converts them).
type RecurrencePattern struct {
	ReaderVersion uint16 // 0x3004
	WriterVersion uint16 // 0x3004
	Frequency     Frequency
	PatternType   PatternType
	CalendarType  uint16
	FirstDateTime uint32
	// Period is in minutes for PatternDay, weeks for PatternWeek and
	// months for the month patterns.
	Period      uint32
	SlidingFlag uint32
	// PatternTypeSpecific: DaysOfWeek for Week and MonthNth; DayOfMonth
	// for Month and MonthEnd (and the Hj variants); N (1–4, 5 = last) for
	// MonthNth.
	DaysOfWeek DaysOfWeek
	DayOfMonth uint32
	N          uint32

	EndType         EndType
	OccurrenceCount uint32
	FirstDOW        uint32 // first day of the week, 0 = Sunday

	DeletedInstanceDates  []uint32
	ModifiedInstanceDates []uint32
	StartDate             uint32
	EndDate               uint32
}

// Error is a located decoding error of a recurrence blob.
type Error struct {
	Offset int
	What   string
	Err    error
}

func (e *Error) Error() string {
	return fmt.Sprintf("recur: %s at offset %d: %v", e.What, e.Offset, e.Err)
}

func (e *Error) Unwrap() error { return e.Err }

// ErrLimit is wrapped by errors for inputs beyond a documented limit.
var ErrLimit = errors.New("limit exceeded")

// MaxInstanceDates bounds DeletedInstanceCount and ModifiedInstanceCount
// (beyond the remaining-bytes check) and MaxExceptions bounds
// ExceptionCount.
const (
	MaxInstanceDates = 1 << 16
	MaxExceptions    = 1 << 16
)

func locate(what string, r *wire.Reader) error {
	err := r.Err()
	if err == nil {
		return nil
	}
	off := r.Offset()
	var we *wire.Error
	if errors.As(err, &we) {
		off = we.Offset
		if we.What != "" {
			what = we.What
		}
	}
	return &Error{Offset: off, What: what, Err: err}
}

// ParseRecurrencePattern decodes a RecurrencePattern ([MS-OXOCAL]
// 2.2.1.44.1). Trailing bytes are an error; use ParseAppointmentRecurrencePattern
// for PidLidAppointmentRecur.
func ParseRecurrencePattern(b []byte) (*RecurrencePattern, error) {
	r := wire.NewReader(b)
	p := &RecurrencePattern{}
	p.read(r)
	if r.Err() == nil && r.Remaining() != 0 {
		r.Failf("RecurrencePattern", "%d trailing bytes", r.Remaining())
	}
	if err := locate("RecurrencePattern", r); err != nil {
		return nil, err
	}
	return p, nil
}

func readDates(r *wire.Reader, what string) []uint32 {
	n := int(r.Uint32())
	if r.Err() != nil {
		return nil
	}
	if n > MaxInstanceDates {
		r.Fail(what, fmt.Errorf("%d dates: %w", n, ErrLimit))
		return nil
	}
	if !r.CheckCount(what, n, 4) || n == 0 {
		return nil
	}
	d := make([]uint32, n)
	for i := range d {
		d[i] = r.Uint32()
	}
	return d
}

func (p *RecurrencePattern) read(r *wire.Reader) {
	p.ReaderVersion = r.Uint16()
	p.WriterVersion = r.Uint16()
	p.Frequency = Frequency(r.Uint16())
	p.PatternType = PatternType(r.Uint16())
	p.CalendarType = r.Uint16()
	p.FirstDateTime = r.Uint32()
	p.Period = r.Uint32()
	p.SlidingFlag = r.Uint32()
	if r.Err() != nil {
		return
	}
	switch p.PatternType.specificSize() {
	case 0:
	case 4:
		v := r.Uint32()
		if p.PatternType == PatternWeek {
			p.DaysOfWeek = DaysOfWeek(v)
		} else {
			p.DayOfMonth = v
		}
	case 8:
		p.DaysOfWeek = DaysOfWeek(r.Uint32())
		p.N = r.Uint32()
	default:
		r.Failf("RecurrencePattern PatternType", "unknown pattern type %#x", uint16(p.PatternType))
		return
	}
	p.EndType = EndType(r.Uint32())
	p.OccurrenceCount = r.Uint32()
	p.FirstDOW = r.Uint32()
	p.DeletedInstanceDates = readDates(r, "DeletedInstanceDates")
	p.ModifiedInstanceDates = readDates(r, "ModifiedInstanceDates")
	p.StartDate = r.Uint32()
	p.EndDate = r.Uint32()
}

// AppendBinary appends the RecurrencePattern encoding of p.
func (p *RecurrencePattern) AppendBinary(b []byte) ([]byte, error) {
	size := p.PatternType.specificSize()
	if size < 0 {
		return b, fmt.Errorf("recur: unknown pattern type %#x", uint16(p.PatternType))
	}
	b = wire.AppendUint16(b, p.ReaderVersion)
	b = wire.AppendUint16(b, p.WriterVersion)
	b = wire.AppendUint16(b, uint16(p.Frequency))
	b = wire.AppendUint16(b, uint16(p.PatternType))
	b = wire.AppendUint16(b, p.CalendarType)
	b = wire.AppendUint32(b, p.FirstDateTime)
	b = wire.AppendUint32(b, p.Period)
	b = wire.AppendUint32(b, p.SlidingFlag)
	switch size {
	case 4:
		if p.PatternType == PatternWeek {
			b = wire.AppendUint32(b, uint32(p.DaysOfWeek))
		} else {
			b = wire.AppendUint32(b, p.DayOfMonth)
		}
	case 8:
		b = wire.AppendUint32(b, uint32(p.DaysOfWeek))
		b = wire.AppendUint32(b, p.N)
	}
	b = wire.AppendUint32(b, uint32(p.EndType))
	b = wire.AppendUint32(b, p.OccurrenceCount)
	b = wire.AppendUint32(b, p.FirstDOW)
	b = wire.AppendUint32(b, uint32(len(p.DeletedInstanceDates)))
	for _, d := range p.DeletedInstanceDates {
		b = wire.AppendUint32(b, d)
	}
	b = wire.AppendUint32(b, uint32(len(p.ModifiedInstanceDates)))
	for _, d := range p.ModifiedInstanceDates {
		b = wire.AppendUint32(b, d)
	}
	b = wire.AppendUint32(b, p.StartDate)
	b = wire.AppendUint32(b, p.EndDate)
	return b, nil
}

// OverrideFlags is the OverrideFlags field of ExceptionInfo ([MS-OXOCAL]
// 2.2.1.44.2).
type OverrideFlags uint16

// Override flags of [MS-OXOCAL] 2.2.1.44.2 (ARO_SUBJECT … ARO_EXCEPTIONAL_BODY).
const (
	AROSubject         OverrideFlags = 0x0001
	AROMeetingType     OverrideFlags = 0x0002
	AROReminderDelta   OverrideFlags = 0x0004
	AROReminder        OverrideFlags = 0x0008
	AROLocation        OverrideFlags = 0x0010
	AROBusyStatus      OverrideFlags = 0x0020
	AROAttachment      OverrideFlags = 0x0040
	AROSubType         OverrideFlags = 0x0080
	AROApptColor       OverrideFlags = 0x0100
	AROExceptionalBody OverrideFlags = 0x0200
)

// ExceptionInfo is one modified instance ([MS-OXOCAL] 2.2.1.44.2). Times
// are local minutes since 1601. Each optional field is present when its
// flag is set in OverrideFlags.
type ExceptionInfo struct {
	StartDateTime     uint32
	EndDateTime       uint32
	OriginalStartTime uint32
	OverrideFlags     OverrideFlags
	// Subject and Location are the 8-bit (code page) strings, kept as
	// their bytes; ExtendedException has the Unicode text.
	Subject          string
	MeetingType      uint32
	ReminderDelta    uint32
	ReminderSet      uint32
	Location         string
	BusyStatus       uint32
	Attachment       uint32
	SubType          uint32
	AppointmentColor uint32
}

// ChangeHighlight is the ChangeHighlight structure ([MS-OXOCAL]
// 2.2.1.44.3).
type ChangeHighlight struct {
	Value    uint32
	Reserved []byte
}

// ExtendedException is the ExtendedException structure ([MS-OXOCAL]
// 2.2.1.44.4) paired with an ExceptionInfo. ChangeHighlight is present
// when WriterVersion2 >= 0x3009; the dates and the reserved block EE2 when
// the ExceptionInfo has AROSubject or AROLocation.
type ExtendedException struct {
	ChangeHighlight   ChangeHighlight
	ReservedBlockEE1  []byte
	StartDateTime     uint32
	EndDateTime       uint32
	OriginalStartDate uint32
	WideCharSubject   string // with AROSubject
	WideCharLocation  string // with AROLocation
	ReservedBlockEE2  []byte
}

// Exception pairs an ExceptionInfo with its ExtendedException.
type Exception struct {
	Info     ExceptionInfo
	Extended ExtendedException
}

// Subject returns the exception's subject: the Unicode one if present,
// else the 8-bit one.
func (e *Exception) Subject() string {
	if e.Extended.WideCharSubject != "" || e.Info.Subject == "" {
		return e.Extended.WideCharSubject
	}
	return e.Info.Subject
}

// Location returns the exception's location, Unicode if present.
func (e *Exception) Location() string {
	if e.Extended.WideCharLocation != "" || e.Info.Location == "" {
		return e.Extended.WideCharLocation
	}
	return e.Info.Location
}

// AppointmentRecurrencePattern is the value of PidLidAppointmentRecur
// ([MS-OXOCAL] 2.2.1.44.5).
type AppointmentRecurrencePattern struct {
	RecurrencePattern
	ReaderVersion2  uint32 // 0x00003006
	WriterVersion2  uint32 // 0x00003009 (0x00003008: no ChangeHighlight)
	StartTimeOffset uint32 // minutes after midnight
	EndTimeOffset   uint32
	Exceptions      []Exception
	ReservedBlock1  []byte
	ReservedBlock2  []byte
}

// Versions written by NewAppointmentRecurrencePattern.
const (
	PatternVersion  = 0x3004
	ReaderVersion2  = 0x00003006
	WriterVersion2  = 0x00003009
	writerVersionCH = 0x00003009
)

func readBlock(r *wire.Reader, what string) []byte {
	n := int(r.Uint32())
	if r.Err() != nil || n == 0 {
		return nil
	}
	if !r.CheckCount(what, n, 1) {
		return nil
	}
	return r.CopyBytes(n)
}

func readString8(r *wire.Reader, what string) string {
	n1 := int(r.Uint16())
	n2 := int(r.Uint16())
	if r.Err() == nil && n1 != n2+1 {
		r.Failf(what, "length %d is not length2 %d + 1", n1, n2)
	}
	return string(r.Bytes(n2))
}

func readString16(r *wire.Reader, what string) string {
	n := int(r.Uint16())
	if !r.CheckCount(what, n, 2) {
		return ""
	}
	return wire.DecodeUTF16(r.Bytes(2 * n))
}

// ParseAppointmentRecurrencePattern decodes PidLidAppointmentRecur
// ([MS-OXOCAL] 2.2.1.44.5). Bytes after ReservedBlock2 are an error.
func ParseAppointmentRecurrencePattern(b []byte) (*AppointmentRecurrencePattern, error) {
	r := wire.NewReader(b)
	p := &AppointmentRecurrencePattern{}
	p.RecurrencePattern.read(r)
	p.ReaderVersion2 = r.Uint32()
	p.WriterVersion2 = r.Uint32()
	p.StartTimeOffset = r.Uint32()
	p.EndTimeOffset = r.Uint32()
	n := int(r.Uint16())
	if r.Err() == nil && n > MaxExceptions {
		r.Fail("ExceptionCount", fmt.Errorf("%d exceptions: %w", n, ErrLimit))
	}
	// An ExceptionInfo is at least 14 bytes, an ExtendedException 4.
	if !r.CheckCount("ExceptionCount", n, 18) {
		return nil, locate("AppointmentRecurrencePattern", r)
	}
	if n > 0 {
		p.Exceptions = make([]Exception, n)
	}
	for i := range p.Exceptions {
		e := &p.Exceptions[i].Info
		e.StartDateTime = r.Uint32()
		e.EndDateTime = r.Uint32()
		e.OriginalStartTime = r.Uint32()
		e.OverrideFlags = OverrideFlags(r.Uint16())
		f := e.OverrideFlags
		if f&AROSubject != 0 {
			e.Subject = readString8(r, "ExceptionInfo Subject")
		}
		if f&AROMeetingType != 0 {
			e.MeetingType = r.Uint32()
		}
		if f&AROReminderDelta != 0 {
			e.ReminderDelta = r.Uint32()
		}
		if f&AROReminder != 0 {
			e.ReminderSet = r.Uint32()
		}
		if f&AROLocation != 0 {
			e.Location = readString8(r, "ExceptionInfo Location")
		}
		if f&AROBusyStatus != 0 {
			e.BusyStatus = r.Uint32()
		}
		if f&AROAttachment != 0 {
			e.Attachment = r.Uint32()
		}
		if f&AROSubType != 0 {
			e.SubType = r.Uint32()
		}
		if f&AROApptColor != 0 {
			e.AppointmentColor = r.Uint32()
		}
	}
	p.ReservedBlock1 = readBlock(r, "ReservedBlock1")
	for i := range p.Exceptions {
		x := &p.Exceptions[i].Extended
		f := p.Exceptions[i].Info.OverrideFlags
		if p.WriterVersion2 >= writerVersionCH {
			size := int(r.Uint32())
			if r.Err() == nil && size < 4 {
				r.Failf("ChangeHighlightSize", "%d < 4", size)
			}
			if r.CheckCount("ChangeHighlight", size, 1) {
				x.ChangeHighlight.Value = r.Uint32()
				if size > 4 {
					x.ChangeHighlight.Reserved = r.CopyBytes(size - 4)
				}
			}
		}
		x.ReservedBlockEE1 = readBlock(r, "ReservedBlockEE1")
		if f&(AROSubject|AROLocation) != 0 {
			x.StartDateTime = r.Uint32()
			x.EndDateTime = r.Uint32()
			x.OriginalStartDate = r.Uint32()
			if f&AROSubject != 0 {
				x.WideCharSubject = readString16(r, "WideCharSubject")
			}
			if f&AROLocation != 0 {
				x.WideCharLocation = readString16(r, "WideCharLocation")
			}
			x.ReservedBlockEE2 = readBlock(r, "ReservedBlockEE2")
		}
		if r.Err() != nil {
			break
		}
	}
	p.ReservedBlock2 = readBlock(r, "ReservedBlock2")
	if r.Err() == nil && r.Remaining() != 0 {
		r.Failf("AppointmentRecurrencePattern", "%d trailing bytes", r.Remaining())
	}
	if err := locate("AppointmentRecurrencePattern", r); err != nil {
		return nil, err
	}
	return p, nil
}

func appendBlock(b, blk []byte) []byte {
	b = wire.AppendUint32(b, uint32(len(blk)))
	return append(b, blk...)
}

func appendString8(b []byte, s string) ([]byte, error) {
	if len(s) > 0xFFFE {
		return b, fmt.Errorf("recur: 8-bit string of %d bytes too long", len(s))
	}
	b = wire.AppendUint16(b, uint16(len(s)+1))
	b = wire.AppendUint16(b, uint16(len(s)))
	return append(b, s...), nil
}

func appendString16(b []byte, s string) ([]byte, error) {
	n := wire.UTF16Len(s) / 2
	if n > 0xFFFF {
		return b, fmt.Errorf("recur: string of %d characters too long", n)
	}
	b = wire.AppendUint16(b, uint16(n))
	return wire.AppendUTF16(b, s), nil
}

// AppendBinary appends the AppointmentRecurrencePattern encoding of p.
// ModifiedInstanceDates is written as it is; keep it consistent with
// Exceptions (NormalizeExceptions does).
func (p *AppointmentRecurrencePattern) AppendBinary(b []byte) ([]byte, error) {
	if len(p.Exceptions) > 0xFFFF {
		return b, fmt.Errorf("recur: %d exceptions: %w", len(p.Exceptions), ErrLimit)
	}
	b, err := p.RecurrencePattern.AppendBinary(b)
	if err != nil {
		return b, err
	}
	b = wire.AppendUint32(b, p.ReaderVersion2)
	b = wire.AppendUint32(b, p.WriterVersion2)
	b = wire.AppendUint32(b, p.StartTimeOffset)
	b = wire.AppendUint32(b, p.EndTimeOffset)
	b = wire.AppendUint16(b, uint16(len(p.Exceptions)))
	for _, x := range p.Exceptions {
		e := x.Info
		b = wire.AppendUint32(b, e.StartDateTime)
		b = wire.AppendUint32(b, e.EndDateTime)
		b = wire.AppendUint32(b, e.OriginalStartTime)
		b = wire.AppendUint16(b, uint16(e.OverrideFlags))
		f := e.OverrideFlags
		if f&AROSubject != 0 {
			if b, err = appendString8(b, e.Subject); err != nil {
				return b, err
			}
		}
		if f&AROMeetingType != 0 {
			b = wire.AppendUint32(b, e.MeetingType)
		}
		if f&AROReminderDelta != 0 {
			b = wire.AppendUint32(b, e.ReminderDelta)
		}
		if f&AROReminder != 0 {
			b = wire.AppendUint32(b, e.ReminderSet)
		}
		if f&AROLocation != 0 {
			if b, err = appendString8(b, e.Location); err != nil {
				return b, err
			}
		}
		if f&AROBusyStatus != 0 {
			b = wire.AppendUint32(b, e.BusyStatus)
		}
		if f&AROAttachment != 0 {
			b = wire.AppendUint32(b, e.Attachment)
		}
		if f&AROSubType != 0 {
			b = wire.AppendUint32(b, e.SubType)
		}
		if f&AROApptColor != 0 {
			b = wire.AppendUint32(b, e.AppointmentColor)
		}
	}
	b = appendBlock(b, p.ReservedBlock1)
	for _, x := range p.Exceptions {
		e := x.Extended
		f := x.Info.OverrideFlags
		if p.WriterVersion2 >= writerVersionCH {
			b = wire.AppendUint32(b, uint32(4+len(e.ChangeHighlight.Reserved)))
			b = wire.AppendUint32(b, e.ChangeHighlight.Value)
			b = append(b, e.ChangeHighlight.Reserved...)
		}
		b = appendBlock(b, e.ReservedBlockEE1)
		if f&(AROSubject|AROLocation) != 0 {
			b = wire.AppendUint32(b, e.StartDateTime)
			b = wire.AppendUint32(b, e.EndDateTime)
			b = wire.AppendUint32(b, e.OriginalStartDate)
			if f&AROSubject != 0 {
				if b, err = appendString16(b, e.WideCharSubject); err != nil {
					return b, err
				}
			}
			if f&AROLocation != 0 {
				if b, err = appendString16(b, e.WideCharLocation); err != nil {
					return b, err
				}
			}
			b = appendBlock(b, e.ReservedBlockEE2)
		}
	}
	b = appendBlock(b, p.ReservedBlock2)
	return b, nil
}
