package mapi

import (
	"errors"
	"fmt"
	"math"

	"github.com/oxkit/oxkit/internal/wire"
)

// Restriction wire forms ([MS-OXCDATA] 2.12). The two forms differ only in
// the COUNT fields: RestrictCount of AndRestriction and OrRestriction, and
// the COUNT fields inside tagged values (binary lengths, multi-value
// counts), are 16 bits wide in ROP buffers (RopRestrict, RopFindRow,
// RopSetSearchCriteria, RopGetSearchCriteria, PidTagRuleCondition in
// RopModifyRules) and 32 bits wide in extended rules ([MS-OXORULE] 2.2.4),
// search folder definitions ([MS-OXOSRCH] 2.2.1) and MAPI/HTTP NSPI
// requests. TaggedValuesCount of CommentRestriction is one byte and Count
// of CountRestriction four bytes in both forms.
//
// Tagged values inside restrictions are decoded with
// ParseTaggedPropertyValue16/32. A tagged value of type PtypRestriction or
// PtypRuleAction inside a restriction is refused (ErrNestedValue): such a
// value would start a new restriction tree with a fresh depth budget, so
// accepting it would defeat MaxRestrictionDepth, and no client sends one.

// ErrNestedValue is the cause of a RestrictionError for a tagged value of
// type PtypRestriction or PtypRuleAction inside a restriction.
var ErrNestedValue = errors.New("PtypRestriction or PtypRuleAction value inside a restriction")

// minRestrictionSize is the smallest encoded restriction (an empty And in
// the 16-bit form, or a Comment without values or restriction), used to
// bound counts before allocating.
const minRestrictionSize = 3

// ParseRestriction16 decodes one restriction in its ROP-buffer form
// (16-bit counts, [MS-OXCDATA] 2.12) from the start of b and returns it
// with the number of bytes consumed. Trees nested deeper than
// MaxRestrictionDepth fail with ErrRestrictionDepth; unknown RestrictType
// values with ErrUnknownRestriction; every error is a *RestrictionError
// carrying the offset in b. The returned nodes are values (AndRestriction,
// not *AndRestriction) and never alias b.
func ParseRestriction16(b []byte) (Restriction, int, error) {
	return parseRestrictionTop(b, false)
}

// ParseRestriction32 decodes one restriction in its 32-bit-count form
// (extended rules, search folder definitions, MAPI/HTTP NSPI); see
// ParseRestriction16.
func ParseRestriction32(b []byte) (Restriction, int, error) {
	return parseRestrictionTop(b, true)
}

// AppendRestriction16 appends r in its ROP-buffer form (16-bit counts).
// Nodes may be values or pointers. A PropertyRestriction or
// ContentRestriction whose Value.Tag is zero is encoded with PropTag as the
// TaggedValue's tag. It fails, returning b unchanged, on a nil node, an
// unknown Go type, a tree deeper than MaxRestrictionDepth, a count that
// does not fit its field (more than 65535 children, more than 255 comment
// values), a tagged value of type PtypRestriction or PtypRuleAction, or a
// value its encoder refuses. Errors are *RestrictionError, whose Offset is
// counted from the start of the restriction.
func AppendRestriction16(b []byte, r Restriction) ([]byte, error) {
	return appendRestrictionTop(b, r, false)
}

// AppendRestriction32 appends r in its 32-bit-count form; see
// AppendRestriction16.
func AppendRestriction32(b []byte, r Restriction) ([]byte, error) {
	return appendRestrictionTop(b, r, true)
}

type restrictionParser struct {
	r    *wire.Reader
	wide bool
	err  *RestrictionError
}

func parseRestrictionTop(b []byte, wide bool) (Restriction, int, error) {
	p := restrictionParser{r: wire.NewReader(b), wide: wide}
	res := p.parse(1)
	if p.err != nil {
		return nil, 0, p.err
	}
	return res, p.r.Offset(), nil
}

// fail records the first error.
func (p *restrictionParser) fail(t RestrictionType, off int, err error) {
	if p.err == nil {
		p.err = &RestrictionError{Offset: off, Type: t, Err: err}
	}
}

// ok reports whether decoding may go on, turning a cursor error into the
// parser's error for a node of type t.
func (p *restrictionParser) ok(t RestrictionType) bool {
	if p.err != nil {
		return false
	}
	if err := p.r.Err(); err != nil {
		var we *wire.Error
		if errors.As(err, &we) {
			cause := we.Err
			if we.What != "" {
				cause = fmt.Errorf("%s: %w", we.What, we.Err)
			}
			p.fail(t, we.Offset, cause)
		} else {
			p.fail(t, p.r.Offset(), err)
		}
		return false
	}
	return true
}

func (p *restrictionParser) count() int {
	if p.wide {
		return int(p.r.Uint32())
	}
	return int(p.r.Uint16())
}

// tagged decodes one TaggedPropertyValue at the cursor.
func (p *restrictionParser) tagged(t RestrictionType) (PropValue, bool) {
	if !p.ok(t) {
		return PropValue{}, false
	}
	start := p.r.Offset()
	rest := p.r.Rest()
	if len(rest) >= 4 {
		typ := PropTag(uint32(rest[0]) | uint32(rest[1])<<8 | uint32(rest[2])<<16 | uint32(rest[3])<<24).Type()
		if vt := typ &^ MultiInstanceFlag; vt == PtypRestriction || vt == PtypRuleAction {
			p.fail(t, start, ErrNestedValue)
			return PropValue{}, false
		}
	}
	var (
		v   PropValue
		n   int
		err error
	)
	if p.wide {
		v, n, err = ParseTaggedPropertyValue32(rest)
	} else {
		v, n, err = ParseTaggedPropertyValue16(rest)
	}
	if err != nil {
		off := start
		var we *wire.Error
		if errors.As(err, &we) {
			off += we.Offset
			cause := we.Err
			if we.What != "" {
				cause = fmt.Errorf("%s: %w", we.What, we.Err)
			}
			err = cause
		}
		p.fail(t, off, err)
		return PropValue{}, false
	}
	p.r.Skip(n)
	return v, true
}

func (p *restrictionParser) parse(depth int) Restriction {
	start := p.r.Offset()
	t := RestrictionType(p.r.Uint8())
	if !p.ok(t) {
		return nil
	}
	if depth > MaxRestrictionDepth {
		p.fail(t, start, ErrRestrictionDepth)
		return nil
	}
	switch t {
	case ResAnd, ResOr:
		n := p.count()
		if !p.ok(t) {
			return nil
		}
		if !p.r.CheckCount("RestrictCount", n, minRestrictionSize) {
			p.ok(t)
			return nil
		}
		kids := make([]Restriction, n)
		for i := range kids {
			if kids[i] = p.parse(depth + 1); p.err != nil {
				return nil
			}
		}
		if t == ResAnd {
			return AndRestriction{Restricts: kids}
		}
		return OrRestriction{Restricts: kids}
	case ResNot:
		k := p.parse(depth + 1)
		if p.err != nil {
			return nil
		}
		return NotRestriction{Restriction: k}
	case ResContent:
		var x ContentRestriction
		x.FuzzyLevelLow = FuzzyLevelLow(p.r.Uint16())
		x.FuzzyLevelHigh = FuzzyLevelHigh(p.r.Uint16())
		x.PropTag = PropTag(p.r.Uint32())
		v, ok := p.tagged(t)
		if !ok {
			return nil
		}
		x.Value = v
		return x
	case ResProperty:
		var x PropertyRestriction
		x.RelOp = RelOp(p.r.Uint8())
		x.PropTag = PropTag(p.r.Uint32())
		v, ok := p.tagged(t)
		if !ok {
			return nil
		}
		x.Value = v
		return x
	case ResCompareProps:
		x := ComparePropertiesRestriction{RelOp: RelOp(p.r.Uint8()), PropTag1: PropTag(p.r.Uint32()), PropTag2: PropTag(p.r.Uint32())}
		if !p.ok(t) {
			return nil
		}
		return x
	case ResBitmask:
		x := BitmaskRestriction{BitmapRelOp: BitmaskOp(p.r.Uint8()), PropTag: PropTag(p.r.Uint32()), Mask: p.r.Uint32()}
		if !p.ok(t) {
			return nil
		}
		return x
	case ResSize:
		x := SizeRestriction{RelOp: RelOp(p.r.Uint8()), PropTag: PropTag(p.r.Uint32()), Size: p.r.Uint32()}
		if !p.ok(t) {
			return nil
		}
		return x
	case ResExist:
		x := ExistRestriction{PropTag: PropTag(p.r.Uint32())}
		if !p.ok(t) {
			return nil
		}
		return x
	case ResSubRestriction:
		tag := PropTag(p.r.Uint32())
		if !p.ok(t) {
			return nil
		}
		k := p.parse(depth + 1)
		if p.err != nil {
			return nil
		}
		return SubObjectRestriction{SubObject: tag, Restriction: k}
	case ResComment:
		n := int(p.r.Uint8())
		if !p.ok(t) {
			return nil
		}
		var x CommentRestriction
		if n > 0 {
			// Each TaggedPropertyValue is at least 4 bytes (tag, PtypNull).
			if !p.r.CheckCount("TaggedValuesCount", n, 4) {
				p.ok(t)
				return nil
			}
			x.TaggedValues = make([]PropValue, n)
			for i := range x.TaggedValues {
				v, ok := p.tagged(t)
				if !ok {
					return nil
				}
				x.TaggedValues[i] = v
			}
		}
		presentAt := p.r.Offset()
		present := p.r.Uint8()
		if !p.ok(t) {
			return nil
		}
		switch present {
		case 0:
		case 1:
			k := p.parse(depth + 1)
			if p.err != nil {
				return nil
			}
			x.Restriction = k
		default:
			p.fail(t, presentAt, fmt.Errorf("RestrictionPresent is 0x%02X, not 0x00 or 0x01", present))
			return nil
		}
		return x
	case ResCount:
		limit := p.r.Uint32()
		if !p.ok(t) {
			return nil
		}
		k := p.parse(depth + 1)
		if p.err != nil {
			return nil
		}
		return CountRestriction{Count: limit, SubRestriction: k}
	}
	p.fail(t, start, ErrUnknownRestriction)
	return nil
}

type restrictionAppender struct {
	wide bool
	base int // len(b) before the restriction started
}

func appendRestrictionTop(b []byte, r Restriction, wide bool) ([]byte, error) {
	a := restrictionAppender{wide: wide, base: len(b)}
	out, err := a.append(b, r, 1)
	if err != nil {
		return b, err
	}
	return out, nil
}

func (a *restrictionAppender) fail(b []byte, t RestrictionType, err error) error {
	return &RestrictionError{Offset: len(b) - a.base, Type: t, Err: err}
}

func (a *restrictionAppender) count(b []byte, t RestrictionType, n int) ([]byte, error) {
	if a.wide {
		if uint64(n) > math.MaxUint32 {
			return b, a.fail(b, t, fmt.Errorf("RestrictCount %d exceeds 32 bits", n))
		}
		return wire.AppendUint32(b, uint32(n)), nil
	}
	if n > math.MaxUint16 {
		return b, a.fail(b, t, fmt.Errorf("RestrictCount %d exceeds 16 bits", n))
	}
	return wire.AppendUint16(b, uint16(n)), nil
}

func (a *restrictionAppender) tagged(b []byte, t RestrictionType, v PropValue, def PropTag) ([]byte, error) {
	if v.Tag == 0 {
		v.Tag = def
	}
	if vt := v.Tag.Type() &^ MultiInstanceFlag; vt == PtypRestriction || vt == PtypRuleAction {
		return b, a.fail(b, t, ErrNestedValue)
	}
	var (
		out []byte
		err error
	)
	if a.wide {
		out, err = AppendTaggedPropertyValue32(b, v)
	} else {
		out, err = AppendTaggedPropertyValue16(b, v)
	}
	if err != nil {
		return b, a.fail(b, t, err)
	}
	return out, nil
}

func (a *restrictionAppender) append(b []byte, r Restriction, depth int) ([]byte, error) {
	r = deref(r)
	if r == nil {
		return b, &RestrictionError{Offset: len(b) - a.base, Err: fmt.Errorf("%w: nil restriction", ErrInvalidRestriction), noType: true}
	}
	t := r.RestrictionType()
	if depth > MaxRestrictionDepth {
		return b, a.fail(b, t, ErrRestrictionDepth)
	}
	var err error
	switch x := r.(type) {
	case AndRestriction:
		return a.list(b, t, x.Restricts, depth)
	case OrRestriction:
		return a.list(b, t, x.Restricts, depth)
	case NotRestriction:
		return a.append(append(b, byte(t)), x.Restriction, depth+1)
	case ContentRestriction:
		b = append(b, byte(t))
		b = wire.AppendUint16(b, uint16(x.FuzzyLevelLow))
		b = wire.AppendUint16(b, uint16(x.FuzzyLevelHigh))
		b = wire.AppendUint32(b, uint32(x.PropTag))
		return a.tagged(b, t, x.Value, x.PropTag)
	case PropertyRestriction:
		b = append(b, byte(t), byte(x.RelOp))
		b = wire.AppendUint32(b, uint32(x.PropTag))
		return a.tagged(b, t, x.Value, x.PropTag)
	case ComparePropertiesRestriction:
		b = append(b, byte(t), byte(x.RelOp))
		b = wire.AppendUint32(b, uint32(x.PropTag1))
		return wire.AppendUint32(b, uint32(x.PropTag2)), nil
	case BitmaskRestriction:
		b = append(b, byte(t), byte(x.BitmapRelOp))
		b = wire.AppendUint32(b, uint32(x.PropTag))
		return wire.AppendUint32(b, x.Mask), nil
	case SizeRestriction:
		b = append(b, byte(t), byte(x.RelOp))
		b = wire.AppendUint32(b, uint32(x.PropTag))
		return wire.AppendUint32(b, x.Size), nil
	case ExistRestriction:
		return wire.AppendUint32(append(b, byte(t)), uint32(x.PropTag)), nil
	case SubObjectRestriction:
		b = wire.AppendUint32(append(b, byte(t)), uint32(x.SubObject))
		return a.append(b, x.Restriction, depth+1)
	case CommentRestriction:
		if len(x.TaggedValues) > math.MaxUint8 {
			return b, a.fail(b, t, fmt.Errorf("%d comment values exceed TaggedValuesCount's 255", len(x.TaggedValues)))
		}
		b = append(b, byte(t), byte(len(x.TaggedValues)))
		for _, v := range x.TaggedValues {
			if b, err = a.tagged(b, t, v, 0); err != nil {
				return b, err
			}
		}
		if x.Restriction == nil {
			return append(b, 0), nil
		}
		return a.append(append(b, 1), x.Restriction, depth+1)
	case CountRestriction:
		b = wire.AppendUint32(append(b, byte(t)), x.Count)
		return a.append(b, x.SubRestriction, depth+1)
	}
	return b, a.fail(b, t, fmt.Errorf("%w: Go type %T", ErrUnknownRestriction, r))
}

func (a *restrictionAppender) list(b []byte, t RestrictionType, kids []Restriction, depth int) ([]byte, error) {
	b = append(b, byte(t))
	b, err := a.count(b, t, len(kids))
	if err != nil {
		return b, err
	}
	for _, k := range kids {
		if b, err = a.append(b, k, depth+1); err != nil {
			return b, err
		}
	}
	return b, nil
}
