package mapi

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// maxFormatValue bounds how much of one value FormatRestriction prints.
const maxFormatValue = 64

// FormatRestriction renders r as a compact single-line expression for logs
// and test failures, for example
//
//	AND(EXIST(PidTagSubject), CONTENT(PidTagSubject FL_SUBSTRING|FL_IGNORECASE "budget"))
//
// It never panics: nil nodes print as "<nil>", unknown Go types as their
// type name, nesting beyond MaxRestrictionDepth as "...", and long values
// are cut to 64 characters.
func FormatRestriction(r Restriction) string {
	var sb strings.Builder
	formatRestriction(&sb, r, 1)
	return sb.String()
}

func formatRestriction(sb *strings.Builder, r Restriction, depth int) {
	if depth > MaxRestrictionDepth {
		sb.WriteString("...")
		return
	}
	r = deref(r)
	if r == nil {
		sb.WriteString("<nil>")
		return
	}
	list := func(name string, kids []Restriction) {
		sb.WriteString(name)
		sb.WriteByte('(')
		for i, k := range kids {
			if i > 0 {
				sb.WriteString(", ")
			}
			formatRestriction(sb, k, depth+1)
		}
		sb.WriteByte(')')
	}
	switch x := r.(type) {
	case AndRestriction:
		list("AND", x.Restricts)
	case OrRestriction:
		list("OR", x.Restricts)
	case NotRestriction:
		list("NOT", []Restriction{x.Restriction})
	case ContentRestriction:
		fmt.Fprintf(sb, "CONTENT(%v %v", x.PropTag, x.FuzzyLevelLow)
		if x.FuzzyLevelHigh != 0 {
			fmt.Fprintf(sb, "|%v", x.FuzzyLevelHigh)
		}
		sb.WriteByte(' ')
		sb.WriteString(fmtRestrictionValue(x.Value.Value))
		sb.WriteByte(')')
	case PropertyRestriction:
		fmt.Fprintf(sb, "PROPERTY(%v %v %s)", x.PropTag, x.RelOp, fmtRestrictionValue(x.Value.Value))
	case ComparePropertiesRestriction:
		fmt.Fprintf(sb, "COMPAREPROPS(%v %v %v)", x.PropTag1, x.RelOp, x.PropTag2)
	case BitmaskRestriction:
		fmt.Fprintf(sb, "BITMASK(%v %v 0x%08X)", x.PropTag, x.BitmapRelOp, x.Mask)
	case SizeRestriction:
		fmt.Fprintf(sb, "SIZE(%v %v %d)", x.PropTag, x.RelOp, x.Size)
	case ExistRestriction:
		fmt.Fprintf(sb, "EXIST(%v)", x.PropTag)
	case SubObjectRestriction:
		fmt.Fprintf(sb, "SUB(%v, ", x.SubObject)
		formatRestriction(sb, x.Restriction, depth+1)
		sb.WriteByte(')')
	case CommentRestriction:
		fmt.Fprintf(sb, "COMMENT(%d values", len(x.TaggedValues))
		if x.Restriction != nil {
			sb.WriteString(", ")
			formatRestriction(sb, x.Restriction, depth+1)
		}
		sb.WriteByte(')')
	case CountRestriction:
		fmt.Fprintf(sb, "COUNT(%d, ", x.Count)
		formatRestriction(sb, x.SubRestriction, depth+1)
		sb.WriteByte(')')
	default:
		fmt.Fprintf(sb, "%T", r)
	}
}

// fmtRestrictionValue prints a property value briefly: strings quoted, binaries
// in hex, slices element-wise, all cut to maxFormatValue characters.
func fmtRestrictionValue(v any) string {
	var s string
	switch x := v.(type) {
	case string:
		s = fmt.Sprintf("%q", truncateRunes(x, maxFormatValue))
	case []byte:
		if len(x) > maxFormatValue/2 {
			s = fmt.Sprintf("0x%X...", x[:maxFormatValue/2])
		} else {
			s = fmt.Sprintf("0x%X", x)
		}
	default:
		s = fmt.Sprintf("%v", v)
	}
	return truncateRunes(s, maxFormatValue+8)
}

// truncateRunes cuts s to at most n runes, marking the cut with "...".
func truncateRunes(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	i := 0
	for j := range s {
		if i == n {
			return s[:j] + "..."
		}
		i++
	}
	return s
}
