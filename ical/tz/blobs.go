package tz

import (
	"encoding/base64"
	"errors"
	"fmt"

	"github.com/oxkit/oxkit/internal/wire"
)

// Error is a located decoding error of a time zone blob.
type Error struct {
	Blob   string // "TZDEFINITION", "TZREG", "TIME_ZONE_INFORMATION"
	Offset int    // byte offset of the failure
	Err    error
}

func (e *Error) Error() string {
	return fmt.Sprintf("tz: %s at offset %d: %v", e.Blob, e.Offset, e.Err)
}

func (e *Error) Unwrap() error { return e.Err }

func locate(blob string, r *wire.Reader) error {
	err := r.Err()
	if err == nil {
		return nil
	}
	off := r.Offset()
	var we *wire.Error
	if errors.As(err, &we) {
		off = we.Offset
	}
	return &Error{Blob: blob, Offset: off, Err: err}
}

// TimeZoneStruct is the PidLidTimeZoneStruct value, the TZREG structure of
// [MS-OXOCAL] 2.2.1.39 (48 bytes): a Rule plus the wStandardYear and
// wDaylightYear fields.
type TimeZoneStruct struct {
	Rule
	StandardYear uint16 // wStandardYear: SHOULD equal StandardDate.Year
	DaylightYear uint16 // wDaylightYear: SHOULD equal DaylightDate.Year
}

// TimeZoneStructSize is the size of a TimeZoneStruct on the wire.
const TimeZoneStructSize = 48

// ParseTimeZoneStruct decodes a PidLidTimeZoneStruct value ([MS-OXOCAL]
// 2.2.1.39). Bytes after the 48 of the structure are an error.
func ParseTimeZoneStruct(b []byte) (TimeZoneStruct, error) {
	r := wire.NewReader(b)
	var z TimeZoneStruct
	z.Bias = int32(r.Uint32())
	z.StandardBias = int32(r.Uint32())
	z.DaylightBias = int32(r.Uint32())
	z.StandardYear = r.Uint16()
	z.StandardDate = readSystemTime(r)
	z.DaylightYear = r.Uint16()
	z.DaylightDate = readSystemTime(r)
	if r.Err() == nil && r.Remaining() != 0 {
		r.Failf("TZREG", "%d trailing bytes", r.Remaining())
	}
	return z, locate("TZREG", r)
}

// AppendBinary appends the 48-byte TZREG encoding of z.
func (z TimeZoneStruct) AppendBinary(b []byte) ([]byte, error) {
	b = wire.AppendUint32(b, uint32(z.Bias))
	b = wire.AppendUint32(b, uint32(z.StandardBias))
	b = wire.AppendUint32(b, uint32(z.DaylightBias))
	b = wire.AppendUint16(b, z.StandardYear)
	b = appendSystemTime(b, z.StandardDate)
	b = wire.AppendUint16(b, z.DaylightYear)
	b = appendSystemTime(b, z.DaylightDate)
	return b, nil
}

// TZRule flags ([MS-OXOCAL] 2.2.1.41.1).
const (
	TZRuleFlagRecurCurrentTZReg uint16 = 0x0001 // TZRULE_FLAG_RECUR_CURRENT_TZREG: matches PidLidTimeZoneStruct
	TZRuleFlagEffectiveTZReg    uint16 = 0x0002 // TZRULE_FLAG_EFFECTIVE_TZREG: the effective rule
)

// TZRule is one rule of a TZDEFINITION ([MS-OXOCAL] 2.2.1.41.1): the Rule
// in force from the start of Year on.
type TZRule struct {
	Flags uint16
	// Year is wYear, the year the rule takes effect.
	Year uint16
	// X holds the 14 bytes after wYear, which [MS-OXOCAL] says to set to
	// zero; they are the rest of the stStart SYSTEMTIME of Outlook's
	// TZRULE and are kept as read.
	X [14]byte
	Rule
}

// tzRuleBody is the size of a TZRule after its 4-byte header (cbRule).
const tzRuleBody = 0x3E

// TZDefinition flags (the field [MS-OXOCAL] 2.2.1.41 calls Reserved and
// requires to be 0x0002; Outlook's TZDEFINITION names its bits).
const (
	TZDefinitionFlagValidGUID    uint16 = 0x0001 // a GUID follows the flags
	TZDefinitionFlagValidKeyName uint16 = 0x0002 // cchKeyName and KeyName follow
)

// TZDefinition is the value of PidLidAppointmentTimeZoneDefinitionRecur,
// StartDisplay and EndDisplay ([MS-OXOCAL] 2.2.1.41, 2.2.1.42, 2.2.1.43).
type TZDefinition struct {
	// Flags is the field the spec calls Reserved (0x0002 when KeyName is
	// set). Zero means TZDefinitionFlagValidKeyName on encoding.
	Flags uint16
	// GUID is present only with TZDefinitionFlagValidGUID (not in
	// [MS-OXOCAL]; Outlook's format allows it).
	GUID [16]byte
	// KeyName is the Windows time zone ID, at most 260 characters.
	KeyName string
	// Rules, at least 1 and at most 1024, in ascending Year order.
	Rules []TZRule
}

// Limits of [MS-OXOCAL] 2.2.1.41.
const (
	MaxKeyName = 260
	MaxRules   = 1024
)

// ParseTZDefinition decodes a TZDEFINITION blob ([MS-OXOCAL] 2.2.1.41).
// Header and rule bytes beyond the fields this version knows (a larger
// cbHeader or cbRule) are skipped, as the minor version allows.
func ParseTZDefinition(b []byte) (*TZDefinition, error) {
	r := wire.NewReader(b)
	major := r.Uint8()
	r.Uint8() // minor version: extensions only add bytes
	if r.Err() == nil && major != 0x02 {
		r.Failf("TZDEFINITION", "major version %#x, want 0x02", major)
	}
	cbHeader := int(r.Uint16())
	h := r.Sub(cbHeader)
	d := &TZDefinition{Flags: h.Uint16()}
	if d.Flags&TZDefinitionFlagValidGUID != 0 {
		copy(d.GUID[:], h.Bytes(16))
	}
	if d.Flags&TZDefinitionFlagValidKeyName != 0 {
		n := int(h.Uint16())
		if h.Err() == nil && n > MaxKeyName {
			h.Failf("TZDEFINITION KeyName", "%d characters exceed %d", n, MaxKeyName)
		}
		if h.CheckCount("TZDEFINITION KeyName", n, 2) {
			d.KeyName = wire.DecodeUTF16(h.Bytes(2 * n))
		}
	}
	nRules := int(h.Uint16())
	if err := h.Err(); err != nil {
		return nil, locate("TZDEFINITION", h)
	}
	if r.Err() != nil {
		return nil, locate("TZDEFINITION", r)
	}
	if nRules < 1 || nRules > MaxRules {
		r.Failf("TZDEFINITION", "cRules %d not in 1..%d", nRules, MaxRules)
	}
	if !r.CheckCount("TZDEFINITION", nRules, 4+tzRuleBody) {
		return nil, locate("TZDEFINITION", r)
	}
	d.Rules = make([]TZRule, nRules)
	for i := range d.Rules {
		major := r.Uint8()
		r.Uint8()
		if r.Err() == nil && major != 0x02 {
			r.Failf("TZRule", "major version %#x, want 0x02", major)
		}
		cb := int(r.Uint16())
		if r.Err() == nil && cb < tzRuleBody {
			r.Failf("TZRule", "cbRule %#x smaller than %#x", cb, tzRuleBody)
		}
		s := r.Sub(cb)
		t := &d.Rules[i]
		t.Flags = s.Uint16()
		t.Year = s.Uint16()
		copy(t.X[:], s.Bytes(14))
		t.Bias = int32(s.Uint32())
		t.StandardBias = int32(s.Uint32())
		t.DaylightBias = int32(s.Uint32())
		t.StandardDate = readSystemTime(s)
		t.DaylightDate = readSystemTime(s)
		if s.Err() != nil {
			return nil, locate("TZRule", s)
		}
	}
	if r.Err() == nil && r.Remaining() != 0 {
		r.Failf("TZDEFINITION", "%d trailing bytes", r.Remaining())
	}
	if err := locate("TZDEFINITION", r); err != nil {
		return nil, err
	}
	return d, nil
}

// AppendBinary appends the TZDEFINITION encoding of d ([MS-OXOCAL]
// 2.2.1.41), version 2.1.
func (d *TZDefinition) AppendBinary(b []byte) ([]byte, error) {
	if len(d.Rules) < 1 || len(d.Rules) > MaxRules {
		return b, fmt.Errorf("tz: TZDEFINITION with %d rules, want 1..%d", len(d.Rules), MaxRules)
	}
	flags := d.Flags
	if flags == 0 {
		flags = TZDefinitionFlagValidKeyName
	}
	cch := len(utf16Units(d.KeyName))
	if cch > MaxKeyName {
		return b, fmt.Errorf("tz: TZDEFINITION KeyName of %d characters exceeds %d", cch, MaxKeyName)
	}
	cb := 2 + 2
	if flags&TZDefinitionFlagValidGUID != 0 {
		cb += 16
	}
	if flags&TZDefinitionFlagValidKeyName != 0 {
		cb += 2 + 2*cch
	}
	b = append(b, 0x02, 0x01)
	b = wire.AppendUint16(b, uint16(cb))
	b = wire.AppendUint16(b, flags)
	if flags&TZDefinitionFlagValidGUID != 0 {
		b = append(b, d.GUID[:]...)
	}
	if flags&TZDefinitionFlagValidKeyName != 0 {
		b = wire.AppendUint16(b, uint16(cch))
		b = wire.AppendUTF16(b, d.KeyName)
	}
	b = wire.AppendUint16(b, uint16(len(d.Rules)))
	for _, t := range d.Rules {
		b = append(b, 0x02, 0x01)
		b = wire.AppendUint16(b, tzRuleBody)
		b = wire.AppendUint16(b, t.Flags)
		b = wire.AppendUint16(b, t.Year)
		b = append(b, t.X[:]...)
		b = wire.AppendUint32(b, uint32(t.Bias))
		b = wire.AppendUint32(b, uint32(t.StandardBias))
		b = wire.AppendUint32(b, uint32(t.DaylightBias))
		b = appendSystemTime(b, t.StandardDate)
		b = appendSystemTime(b, t.DaylightDate)
	}
	return b, nil
}

// Effective returns the rule flagged TZRuleFlagEffectiveTZReg, or the last
// rule if none is flagged, or false if d has no rules.
func (d *TZDefinition) Effective() (TZRule, bool) {
	if len(d.Rules) == 0 {
		return TZRule{}, false
	}
	for _, t := range d.Rules {
		if t.Flags&TZRuleFlagEffectiveTZReg != 0 {
			return t, true
		}
	}
	return d.Rules[len(d.Rules)-1], true
}

// RuleFor returns the rule in force in year: the last rule whose Year is
// not after year (the first rule for years before all of them).
func (d *TZDefinition) RuleFor(year int) Rule {
	if len(d.Rules) == 0 {
		return Rule{}
	}
	best := d.Rules[0].Rule
	for _, t := range d.Rules {
		if int(t.Year) <= year {
			best = t.Rule
		}
	}
	return best
}

func utf16Units(s string) []uint16 {
	b := wire.AppendUTF16(nil, s)
	u := make([]uint16, len(b)/2)
	for i := range u {
		u[i] = uint16(b[2*i]) | uint16(b[2*i+1])<<8
	}
	return u
}

// TimeZoneInformation is the ActiveSync TimeZone structure ([MS-ASDTYPE]
// 2.7.6, numbered 2.7.4 and 2.6.4 in earlier revisions; Windows'
// TIME_ZONE_INFORMATION), carried base64-encoded in
// Calendar:TimeZone and Tasks elements ([MS-ASCAL] 2.2.2.46).
type TimeZoneInformation struct {
	Rule
	StandardName string // at most 32 UTF-16 code units, NUL-padded on the wire
	DaylightName string
}

// TimeZoneInformationSize is the wire size of TimeZoneInformation.
const TimeZoneInformationSize = 172

// ParseTimeZoneInformation decodes the 172-byte ActiveSync TimeZone
// structure. A name that fills all 32 characters has no NUL; it is kept
// whole.
func ParseTimeZoneInformation(b []byte) (TimeZoneInformation, error) {
	r := wire.NewReader(b)
	var z TimeZoneInformation
	z.Bias = int32(r.Uint32())
	z.StandardName = name32(r.Bytes(64))
	z.StandardDate = readSystemTime(r)
	z.StandardBias = int32(r.Uint32())
	z.DaylightName = name32(r.Bytes(64))
	z.DaylightDate = readSystemTime(r)
	z.DaylightBias = int32(r.Uint32())
	if r.Err() == nil && r.Remaining() != 0 {
		r.Failf("TIME_ZONE_INFORMATION", "%d trailing bytes", r.Remaining())
	}
	return z, locate("TIME_ZONE_INFORMATION", r)
}

func name32(b []byte) string {
	for i := 0; i+1 < len(b); i += 2 {
		if b[i] == 0 && b[i+1] == 0 {
			return wire.DecodeUTF16(b[:i])
		}
	}
	return wire.DecodeUTF16(b)
}

func appendName32(b []byte, s string) []byte {
	u := utf16Units(s)
	if len(u) > 32 {
		u = u[:32]
	}
	for _, c := range u {
		b = wire.AppendUint16(b, c)
	}
	for i := len(u); i < 32; i++ {
		b = wire.AppendUint16(b, 0)
	}
	return b
}

// AppendBinary appends the 172-byte encoding of z. Names longer than 32
// UTF-16 code units are truncated.
func (z TimeZoneInformation) AppendBinary(b []byte) ([]byte, error) {
	b = wire.AppendUint32(b, uint32(z.Bias))
	b = appendName32(b, z.StandardName)
	b = appendSystemTime(b, z.StandardDate)
	b = wire.AppendUint32(b, uint32(z.StandardBias))
	b = appendName32(b, z.DaylightName)
	b = appendSystemTime(b, z.DaylightDate)
	b = wire.AppendUint32(b, uint32(z.DaylightBias))
	return b, nil
}

// ParseTimeZoneInformationBase64 decodes the base64 text of an ActiveSync
// TimeZone element. Whitespace inside the text is ignored.
func ParseTimeZoneInformationBase64(s string) (TimeZoneInformation, error) {
	clean := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case ' ', '\t', '\r', '\n':
		default:
			clean = append(clean, s[i])
		}
	}
	raw, err := base64.StdEncoding.DecodeString(string(clean))
	if err != nil {
		return TimeZoneInformation{}, &Error{Blob: "TIME_ZONE_INFORMATION", Err: err}
	}
	return ParseTimeZoneInformation(raw)
}

// Base64 returns the base64 text of z for an ActiveSync TimeZone element.
func (z TimeZoneInformation) Base64() string {
	b, _ := z.AppendBinary(make([]byte, 0, TimeZoneInformationSize))
	return base64.StdEncoding.EncodeToString(b)
}
