package mapi

import (
	"errors"
	"fmt"
	"strings"
)

// RestrictionType is the RestrictType byte of a restriction ([MS-OXCDATA] 2.12).
type RestrictionType uint8

// Restriction types of [MS-OXCDATA] 2.12, with the MAPI names in comments.
const (
	ResAnd            RestrictionType = 0x00 // RES_AND, AndRestriction
	ResOr             RestrictionType = 0x01 // RES_OR, OrRestriction
	ResNot            RestrictionType = 0x02 // RES_NOT, NotRestriction
	ResContent        RestrictionType = 0x03 // RES_CONTENT, ContentRestriction
	ResProperty       RestrictionType = 0x04 // RES_PROPERTY, PropertyRestriction
	ResCompareProps   RestrictionType = 0x05 // RES_COMPAREPROPS, ComparePropertiesRestriction
	ResBitmask        RestrictionType = 0x06 // RES_BITMASK, BitmaskRestriction
	ResSize           RestrictionType = 0x07 // RES_SIZE, SizeRestriction
	ResExist          RestrictionType = 0x08 // RES_EXIST, ExistRestriction
	ResSubRestriction RestrictionType = 0x09 // RES_SUBRESTRICTION, SubObjectRestriction
	ResComment        RestrictionType = 0x0A // RES_COMMENT, CommentRestriction
	ResCount          RestrictionType = 0x0B // RES_COUNT, CountRestriction
)

var restrictionTypeNames = [...]string{
	ResAnd:            "RES_AND",
	ResOr:             "RES_OR",
	ResNot:            "RES_NOT",
	ResContent:        "RES_CONTENT",
	ResProperty:       "RES_PROPERTY",
	ResCompareProps:   "RES_COMPAREPROPS",
	ResBitmask:        "RES_BITMASK",
	ResSize:           "RES_SIZE",
	ResExist:          "RES_EXIST",
	ResSubRestriction: "RES_SUBRESTRICTION",
	ResComment:        "RES_COMMENT",
	ResCount:          "RES_COUNT",
}

// String returns the MAPI name ("RES_AND") or "RestrictionType(0x42)".
func (t RestrictionType) String() string {
	if int(t) < len(restrictionTypeNames) {
		return restrictionTypeNames[t]
	}
	return fmt.Sprintf("RestrictionType(0x%02X)", uint8(t))
}

// Restriction is one node of a restriction tree ([MS-OXCDATA] 2.12).
// The concrete types are AndRestriction, OrRestriction, NotRestriction,
// ContentRestriction, PropertyRestriction, ComparePropertiesRestriction,
// BitmaskRestriction, SizeRestriction, ExistRestriction,
// SubObjectRestriction, CommentRestriction and CountRestriction.
//
// The methods have value receivers, so both T and *T satisfy the
// interface; the codecs and Evaluate accept either. The parsers return
// values (T), so a type switch on a parsed tree needs only the value cases.
type Restriction interface {
	RestrictionType() RestrictionType
}

// Object is what Evaluate matches a restriction against: a property bag
// with optional sub-objects (recipients, attachments).
type Object interface {
	// Prop returns the value of the property with tag's ID. If tag's type
	// is PtypUnspecified any type matches; otherwise the types must agree
	// (multi-valued vs single-valued included). ok is false when absent.
	Prop(tag PropTag) (v PropValue, ok bool)
	// SubObjects returns the rows of a sub-object table named by
	// PidTagMessageRecipients or PidTagMessageAttachments, or nil.
	SubObjects(tag PropTag) []Object
}

// MaxRestrictionDepth is the deepest nesting of restrictions that the
// parsers, the encoders and Evaluate accept. A leaf alone has depth 1; each
// And, Or, Not, SubObject, Comment (with a restriction) and Count node adds
// one. Deeper trees fail with ErrRestrictionDepth. 64 is far above what
// Outlook's search folders and rules produce (single digits) and keeps the
// recursion of every walker small.
const MaxRestrictionDepth = 64

// ErrRestrictionDepth is the cause of a RestrictionError when a tree is
// nested deeper than MaxRestrictionDepth.
var ErrRestrictionDepth = errors.New("restriction nested deeper than MaxRestrictionDepth")

// ErrUnknownRestriction is the cause of a RestrictionError for a
// RestrictType byte that is not one of the twelve of [MS-OXCDATA] 2.12, or
// of Evaluate/Append for a Go type that is not one of the concrete
// restriction types.
var ErrUnknownRestriction = errors.New("unknown restriction type")

// RestrictionError is a restriction decoding or encoding error. Offset is
// the byte offset in the buffer being decoded (or encoded, counted from the
// start of the restriction) where the failure was found.
//
// Type is the type of the node being processed; it is zero (and not
// printed) for a nil node, whose type is unknown.
type RestrictionError struct {
	Offset int
	Type   RestrictionType
	Err    error

	noType bool
}

func (e *RestrictionError) Error() string {
	if e.noType {
		return fmt.Sprintf("mapi: restriction at offset %d: %v", e.Offset, e.Err)
	}
	return fmt.Sprintf("mapi: restriction (%v) at offset %d: %v", e.Type, e.Offset, e.Err)
}

func (e *RestrictionError) Unwrap() error { return e.Err }

// RelOp is a relational operator of PropertyRestriction,
// ComparePropertiesRestriction and SizeRestriction ([MS-OXCDATA] 2.12.5.1).
type RelOp uint8

// Relational operators ([MS-OXCDATA] 2.12.5.1).
const (
	RelOpLessThan           RelOp = 0x00 // RELOP_LT
	RelOpLessThanOrEqual    RelOp = 0x01 // RELOP_LE
	RelOpGreaterThan        RelOp = 0x02 // RELOP_GT
	RelOpGreaterThanOrEqual RelOp = 0x03 // RELOP_GE
	RelOpEqual              RelOp = 0x04 // RELOP_EQ
	RelOpNotEqual           RelOp = 0x05 // RELOP_NE
	// RelOpRegex (RELOP_RE) is not in [MS-OXCDATA]; it is the MAPI SDK's
	// regular-expression operator (mapidefs.h). Evaluate matches it with
	// Go's RE2 engine (linear time), see Evaluate.
	RelOpRegex      RelOp = 0x06
	RelOpMemberOfDL RelOp = 0x64 // RELOP_MEMBER_OF_DL
)

// String returns the MAPI name ("RELOP_EQ") or "RelOp(0x42)".
func (op RelOp) String() string {
	switch op {
	case RelOpLessThan:
		return "RELOP_LT"
	case RelOpLessThanOrEqual:
		return "RELOP_LE"
	case RelOpGreaterThan:
		return "RELOP_GT"
	case RelOpGreaterThanOrEqual:
		return "RELOP_GE"
	case RelOpEqual:
		return "RELOP_EQ"
	case RelOpNotEqual:
		return "RELOP_NE"
	case RelOpRegex:
		return "RELOP_RE"
	case RelOpMemberOfDL:
		return "RELOP_MEMBER_OF_DL"
	}
	return fmt.Sprintf("RelOp(0x%02X)", uint8(op))
}

// BitmaskOp is the BitmapRelOp of a BitmaskRestriction ([MS-OXCDATA] 2.12.7.1).
type BitmaskOp uint8

// Bitmask operators ([MS-OXCDATA] 2.12.7.1).
const (
	BitmaskEqualZero    BitmaskOp = 0x00 // BMR_EQZ: value & mask == 0
	BitmaskNotEqualZero BitmaskOp = 0x01 // BMR_NEZ: value & mask != 0
)

// String returns "BMR_EQZ", "BMR_NEZ" or "BitmaskOp(0x42)".
func (op BitmaskOp) String() string {
	switch op {
	case BitmaskEqualZero:
		return "BMR_EQZ"
	case BitmaskNotEqualZero:
		return "BMR_NEZ"
	}
	return fmt.Sprintf("BitmaskOp(0x%02X)", uint8(op))
}

// FuzzyLevelLow is the match mode of a ContentRestriction ([MS-OXCDATA] 2.12.4.1).
type FuzzyLevelLow uint16

// Fuzzy levels, low word ([MS-OXCDATA] 2.12.4.1).
const (
	FuzzyFullString FuzzyLevelLow = 0x0000 // FL_FULLSTRING: whole value matches
	FuzzySubstring  FuzzyLevelLow = 0x0001 // FL_SUBSTRING: value contains the pattern
	FuzzyPrefix     FuzzyLevelLow = 0x0002 // FL_PREFIX: value starts with the pattern
)

// Extra fuzzy levels of the low word that Exchange accepts beyond
// [MS-OXCDATA] 2.12.4.1 (edkmdb.h: FL_PREFIX_ON_ANY_WORD, FL_PHRASE_MATCH).
// They are bits above the match mode and take its place in Evaluate.
const (
	// FuzzyPrefixOnAnyWord matches when the pattern is a prefix of any
	// word of the value.
	FuzzyPrefixOnAnyWord FuzzyLevelLow = 0x0010
	// FuzzyPhraseMatch matches when the pattern occurs in the value
	// starting and ending on word boundaries.
	FuzzyPhraseMatch FuzzyLevelLow = 0x0020
)

// String returns the mode ("FL_FULLSTRING", "FL_SUBSTRING", "FL_PREFIX")
// followed by any extra levels ("FL_SUBSTRING|FL_PHRASE_MATCH"), with
// unknown values as hex ("FuzzyLevelLow(0x0003)").
func (f FuzzyLevelLow) String() string {
	var mode string
	switch f & 0x000F {
	case FuzzyFullString:
		mode = "FL_FULLSTRING"
	case FuzzySubstring:
		mode = "FL_SUBSTRING"
	case FuzzyPrefix:
		mode = "FL_PREFIX"
	default:
		return fmt.Sprintf("FuzzyLevelLow(0x%04X)", uint16(f))
	}
	rest := f &^ 0x000F
	if rest&^(FuzzyPrefixOnAnyWord|FuzzyPhraseMatch) != 0 {
		return fmt.Sprintf("FuzzyLevelLow(0x%04X)", uint16(f))
	}
	if rest&FuzzyPrefixOnAnyWord != 0 {
		mode += "|FL_PREFIX_ON_ANY_WORD"
	}
	if rest&FuzzyPhraseMatch != 0 {
		mode += "|FL_PHRASE_MATCH"
	}
	return mode
}

// FuzzyLevelHigh holds the string-comparison flags of a ContentRestriction
// ([MS-OXCDATA] 2.12.4.1); they combine with OR.
type FuzzyLevelHigh uint16

// Fuzzy levels, high word ([MS-OXCDATA] 2.12.4.1).
const (
	FuzzyIgnoreCase     FuzzyLevelHigh = 0x0001 // FL_IGNORECASE
	FuzzyIgnoreNonSpace FuzzyLevelHigh = 0x0002 // FL_IGNORENONSPACE: ignore diacritics
	FuzzyLoose          FuzzyLevelHigh = 0x0004 // FL_LOOSE: ignore case and diacritics
)

// String returns the set flags joined by "|" ("FL_IGNORECASE|FL_LOOSE"),
// "0" for none, with unknown bits as hex.
func (f FuzzyLevelHigh) String() string {
	if f == 0 {
		return "0"
	}
	var parts []string
	for _, x := range []struct {
		bit  FuzzyLevelHigh
		name string
	}{{FuzzyIgnoreCase, "FL_IGNORECASE"}, {FuzzyIgnoreNonSpace, "FL_IGNORENONSPACE"}, {FuzzyLoose, "FL_LOOSE"}} {
		if f&x.bit != 0 {
			parts = append(parts, x.name)
			f &^= x.bit
		}
	}
	if f != 0 {
		parts = append(parts, fmt.Sprintf("0x%04X", uint16(f)))
	}
	return strings.Join(parts, "|")
}

// AndRestriction is true when every child is true; an empty list is true
// ([MS-OXCDATA] 2.12.1). RestrictCount is 16 bits wide in ROP buffers and
// 32 bits in the 32-bit form.
type AndRestriction struct {
	Restricts []Restriction
}

// OrRestriction is true when at least one child is true; an empty list is
// false ([MS-OXCDATA] 2.12.2).
type OrRestriction struct {
	Restricts []Restriction
}

// NotRestriction negates its child ([MS-OXCDATA] 2.12.3).
type NotRestriction struct {
	Restriction Restriction
}

// ContentRestriction matches a string or binary property against a pattern
// ([MS-OXCDATA] 2.12.4). PropTag is the spec's PropertyTag; Value is the
// spec's TaggedValue, of which only the type is significant (its ID is
// ignored by the evaluator but kept by the codec).
type ContentRestriction struct {
	FuzzyLevelLow  FuzzyLevelLow
	FuzzyLevelHigh FuzzyLevelHigh
	PropTag        PropTag
	Value          PropValue
}

// PropertyRestriction compares a property with a constant ([MS-OXCDATA]
// 2.12.5). Value is the spec's TaggedValue; only its type is significant.
type PropertyRestriction struct {
	RelOp   RelOp
	PropTag PropTag
	Value   PropValue
}

// ComparePropertiesRestriction compares two properties of the same object:
// PropTag1 RelOp PropTag2 ([MS-OXCDATA] 2.12.6).
type ComparePropertiesRestriction struct {
	RelOp    RelOp
	PropTag1 PropTag
	PropTag2 PropTag
}

// BitmaskRestriction tests value&Mask against zero ([MS-OXCDATA] 2.12.7).
type BitmaskRestriction struct {
	BitmapRelOp BitmaskOp
	PropTag     PropTag
	Mask        uint32
}

// SizeRestriction compares the size in bytes of a property value with
// Size: valueSize RelOp Size ([MS-OXCDATA] 2.12.8).
type SizeRestriction struct {
	RelOp   RelOp
	PropTag PropTag
	Size    uint32
}

// ExistRestriction is true when the property exists ([MS-OXCDATA] 2.12.9).
type ExistRestriction struct {
	PropTag PropTag
}

// SubObjectRestriction is true when at least one row of the recipient
// table (SubObject = PidTagMessageRecipients) or attachment table
// (PidTagMessageAttachments) satisfies Restriction ([MS-OXCDATA] 2.12.10).
type SubObjectRestriction struct {
	SubObject   PropTag
	Restriction Restriction
}

// CommentRestriction carries client comments (TaggedValues, single-valued
// properties) and an optional Restriction; it evaluates as Restriction, or
// as true when Restriction is nil ([MS-OXCDATA] 2.12.11).
// TaggedValuesCount is one byte in both widths, so at most 255 values.
// The spec forbids multi-valued comment values; the codec accepts and
// keeps them rather than lose what a client stored.
type CommentRestriction struct {
	TaggedValues []PropValue
	Restriction  Restriction // nil when RestrictionPresent is FALSE
}

// CountRestriction limits the number of matches of SubRestriction to Count
// ([MS-OXCDATA] 2.12.12). See Evaluator for how the limit is applied.
type CountRestriction struct {
	Count          uint32
	SubRestriction Restriction
}

// RestrictionType returns ResAnd.
func (AndRestriction) RestrictionType() RestrictionType { return ResAnd }

// RestrictionType returns ResOr.
func (OrRestriction) RestrictionType() RestrictionType { return ResOr }

// RestrictionType returns ResNot.
func (NotRestriction) RestrictionType() RestrictionType { return ResNot }

// RestrictionType returns ResContent.
func (ContentRestriction) RestrictionType() RestrictionType { return ResContent }

// RestrictionType returns ResProperty.
func (PropertyRestriction) RestrictionType() RestrictionType { return ResProperty }

// RestrictionType returns ResCompareProps.
func (ComparePropertiesRestriction) RestrictionType() RestrictionType { return ResCompareProps }

// RestrictionType returns ResBitmask.
func (BitmaskRestriction) RestrictionType() RestrictionType { return ResBitmask }

// RestrictionType returns ResSize.
func (SizeRestriction) RestrictionType() RestrictionType { return ResSize }

// RestrictionType returns ResExist.
func (ExistRestriction) RestrictionType() RestrictionType { return ResExist }

// RestrictionType returns ResSubRestriction.
func (SubObjectRestriction) RestrictionType() RestrictionType { return ResSubRestriction }

// RestrictionType returns ResComment.
func (CommentRestriction) RestrictionType() RestrictionType { return ResComment }

// RestrictionType returns ResCount.
func (CountRestriction) RestrictionType() RestrictionType { return ResCount }
