package mapi

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
	"golang.org/x/text/width"
)

// MaxRegexLength bounds the pattern of a RELOP_RE PropertyRestriction, in
// bytes. Patterns are compiled once per Evaluator with Go's RE2 engine, so
// matching is linear in the input whatever the pattern.
const MaxRegexLength = 1024

// ErrInvalidRestriction is the cause of an Evaluate/NewEvaluator error for
// a restriction that is well-formed on the wire but cannot be evaluated: a
// nil child, an unknown relational or bitmask operator or fuzzy level, a
// content restriction on a type other than string or binary, a RELOP_RE
// pattern that is not a string, too long or does not compile.
var ErrInvalidRestriction = errors.New("invalid restriction")

// ErrMemberOfDLUnsupported is returned for a RELOP_MEMBER_OF_DL
// PropertyRestriction when the Evaluator has no MemberOfDL function.
var ErrMemberOfDLUnsupported = errors.New("RELOP_MEMBER_OF_DL needs Evaluator.MemberOfDL")

// Evaluate reports whether o satisfies r ([MS-OXCDATA] 2.12). It is
// NewEvaluator(r) followed by one Match; to test many rows against one
// restriction, build an Evaluator once.
//
// See Evaluator for the semantics of every restriction type.
func Evaluate(r Restriction, o Object) (bool, error) {
	e, err := NewEvaluator(r)
	if err != nil {
		return false, err
	}
	return e.Match(o)
}

// Evaluator matches objects against one compiled restriction. Compiling
// checks the tree once (types, operators, depth at most
// MaxRestrictionDepth), folds content patterns and compiles RELOP_RE
// patterns, so Match only walks the tree.
//
// Semantics ([MS-OXCDATA] 2.12):
//   - And is true when all children are (an empty And is true), Or when at
//     least one is (an empty Or is false), Not negates.
//   - A property restriction (Content, Property, CompareProperties, Bitmask,
//     Size) on a property the object does not have is false; the spec
//     leaves it undefined and recommends pairing with Exist, so false is the
//     only answer that keeps Not(...) meaningful for clients that do.
//     Properties are looked up by the restriction's tag without the
//     multi-instance flag; PtypString and PtypString8 stand in for each
//     other.
//   - On a multi-valued property compared with a single value, Content,
//     Property and Size are true when any value satisfies them.
//   - Content: FL_FULLSTRING, FL_SUBSTRING and FL_PREFIX on strings and
//     binaries (plus Exchange's FL_PREFIX_ON_ANY_WORD and FL_PHRASE_MATCH on
//     strings). FL_IGNORECASE folds case (Unicode full case folding),
//     FL_IGNORENONSPACE removes nonspacing marks after canonical
//     decomposition (é matches e), FL_LOOSE does both and also folds
//     full-width/half-width forms. Flags do not apply to binaries.
//   - Property and CompareProperties use CompareValues, so strings compare
//     case-insensitively. Values of different classes (a string against an
//     integer) satisfy no operator, RELOP_NE included. RELOP_RE matches
//     string values against the restriction's string as an RE2 regular
//     expression (unanchored, case-sensitive). RELOP_MEMBER_OF_DL calls
//     MemberOfDL.
//   - Bitmask: BMR_EQZ is value&Mask == 0, BMR_NEZ its negation, on an
//     integer property.
//   - Size compares the value's size in bytes with Size (value RelOp Size):
//     PtypString counts UTF-16 bytes plus the 2-byte terminator, PtypString8
//     its bytes plus 1, PtypBinary its length, PtypServerId the bytes after
//     its count (21 for a server ServerId), fixed types their wire size.
//   - Exist is true when the property is present.
//   - SubObject is true when any row of Object.SubObjects(SubObject)
//     satisfies the child.
//   - Comment evaluates its Restriction, or is true without one.
//   - Count: the Evaluator lets the child match at most Count times over
//     its lifetime (over all Match calls, that is over the rows of a table
//     it filters), after which the node is false; Count 0 is always false.
//     Reset restarts the counters. Evaluate, with a fresh Evaluator, sees
//     Count 0 as false and any other Count as the child.
//
// An Evaluator is not safe for concurrent use (Count keeps state); build
// one per goroutine.
type Evaluator struct {
	root evalNode
	// MemberOfDL decides RELOP_MEMBER_OF_DL: whether the entry ID member
	// (the object's property) is in the distribution list dl (the
	// restriction's value). Nil makes such restrictions fail with
	// ErrMemberOfDLUnsupported.
	MemberOfDL func(member, dl []byte) (bool, error)

	counts []*countNode
}

// NewEvaluator compiles r. Errors are *RestrictionError with
// ErrInvalidRestriction, ErrUnknownRestriction or ErrRestrictionDepth as
// the cause; Offset is not meaningful for a tree built in memory and is
// the node's preorder index instead. The Evaluator keeps references to
// values of r (not to binary content patterns, which it copies); do not
// modify r while the Evaluator is in use.
func NewEvaluator(r Restriction) (*Evaluator, error) {
	e := &Evaluator{}
	c := compiler{e: e}
	root, err := c.compile(r, 1)
	if err != nil {
		return nil, err
	}
	e.root = root
	return e, nil
}

// Match reports whether o satisfies the restriction. Errors come only from
// MemberOfDL (or its absence) and a nil o.
func (e *Evaluator) Match(o Object) (bool, error) {
	if o == nil {
		return false, errors.New("mapi: Evaluate on a nil Object")
	}
	return e.root.eval(e, o)
}

// Reset restores every CountRestriction budget to its Count.
func (e *Evaluator) Reset() {
	for _, c := range e.counts {
		c.left = c.limit
	}
}

type evalNode interface {
	eval(e *Evaluator, o Object) (bool, error)
}

type compiler struct {
	e     *Evaluator
	index int // preorder index of the node being compiled
}

func (c *compiler) fail(t RestrictionType, format string, args ...any) error {
	return &RestrictionError{Offset: c.index, Type: t, Err: fmt.Errorf("%w: "+format, append([]any{ErrInvalidRestriction}, args...)...)}
}

// deref turns *T into T for the twelve restriction types; other values
// are returned as they are. A nil pointer becomes nil.
func deref(r Restriction) Restriction {
	switch x := r.(type) {
	case *AndRestriction:
		if x != nil {
			return *x
		}
	case *OrRestriction:
		if x != nil {
			return *x
		}
	case *NotRestriction:
		if x != nil {
			return *x
		}
	case *ContentRestriction:
		if x != nil {
			return *x
		}
	case *PropertyRestriction:
		if x != nil {
			return *x
		}
	case *ComparePropertiesRestriction:
		if x != nil {
			return *x
		}
	case *BitmaskRestriction:
		if x != nil {
			return *x
		}
	case *SizeRestriction:
		if x != nil {
			return *x
		}
	case *ExistRestriction:
		if x != nil {
			return *x
		}
	case *SubObjectRestriction:
		if x != nil {
			return *x
		}
	case *CommentRestriction:
		if x != nil {
			return *x
		}
	case *CountRestriction:
		if x != nil {
			return *x
		}
	default:
		return r
	}
	return nil
}

func validRelOp(op RelOp) bool {
	return op <= RelOpRegex || op == RelOpMemberOfDL
}

func (c *compiler) compile(r Restriction, depth int) (evalNode, error) {
	idx := c.index
	c.index++
	r = deref(r)
	if r == nil {
		return nil, &RestrictionError{Offset: idx, Err: fmt.Errorf("%w: nil restriction", ErrInvalidRestriction), noType: true}
	}
	t := r.RestrictionType()
	if depth > MaxRestrictionDepth {
		return nil, &RestrictionError{Offset: idx, Type: t, Err: ErrRestrictionDepth}
	}
	switch x := r.(type) {
	case AndRestriction:
		n := &andNode{kids: make([]evalNode, len(x.Restricts))}
		for i, k := range x.Restricts {
			var err error
			if n.kids[i], err = c.compile(k, depth+1); err != nil {
				return nil, err
			}
		}
		return n, nil
	case OrRestriction:
		n := &orNode{kids: make([]evalNode, len(x.Restricts))}
		for i, k := range x.Restricts {
			var err error
			if n.kids[i], err = c.compile(k, depth+1); err != nil {
				return nil, err
			}
		}
		return n, nil
	case NotRestriction:
		k, err := c.compile(x.Restriction, depth+1)
		if err != nil {
			return nil, err
		}
		return &notNode{kid: k}, nil
	case ContentRestriction:
		return c.compileContent(x)
	case PropertyRestriction:
		if !validRelOp(x.RelOp) {
			return nil, c.fail(t, "RelOp %v", x.RelOp)
		}
		n := &propNode{op: x.RelOp, tag: x.PropTag, value: x.Value.Value}
		if x.RelOp == RelOpRegex {
			s, ok := x.Value.Value.(string)
			if !ok {
				return nil, c.fail(t, "RELOP_RE value is %T, not a string", x.Value.Value)
			}
			if len(s) > MaxRegexLength {
				return nil, c.fail(t, "RELOP_RE pattern of %d bytes exceeds MaxRegexLength", len(s))
			}
			re, err := regexp.Compile(s)
			if err != nil {
				return nil, c.fail(t, "RELOP_RE pattern: %v", err)
			}
			n.re = re
		}
		return n, nil
	case ComparePropertiesRestriction:
		if !validRelOp(x.RelOp) || x.RelOp == RelOpRegex || x.RelOp == RelOpMemberOfDL {
			return nil, c.fail(t, "RelOp %v", x.RelOp)
		}
		return &comparePropsNode{op: x.RelOp, tag1: x.PropTag1, tag2: x.PropTag2}, nil
	case BitmaskRestriction:
		if x.BitmapRelOp != BitmaskEqualZero && x.BitmapRelOp != BitmaskNotEqualZero {
			return nil, c.fail(t, "BitmapRelOp %v", x.BitmapRelOp)
		}
		return &bitmaskNode{nez: x.BitmapRelOp == BitmaskNotEqualZero, tag: x.PropTag, mask: x.Mask}, nil
	case SizeRestriction:
		if x.RelOp > RelOpNotEqual {
			return nil, c.fail(t, "RelOp %v", x.RelOp)
		}
		return &sizeNode{op: x.RelOp, tag: x.PropTag, size: int64(x.Size)}, nil
	case ExistRestriction:
		return &existNode{tag: x.PropTag}, nil
	case SubObjectRestriction:
		k, err := c.compile(x.Restriction, depth+1)
		if err != nil {
			return nil, err
		}
		return &subObjectNode{tag: x.SubObject, kid: k}, nil
	case CommentRestriction:
		if x.Restriction == nil {
			return trueNode{}, nil
		}
		return c.compile(x.Restriction, depth+1)
	case CountRestriction:
		k, err := c.compile(x.SubRestriction, depth+1)
		if err != nil {
			return nil, err
		}
		n := &countNode{limit: x.Count, left: x.Count, kid: k}
		c.e.counts = append(c.e.counts, n)
		return n, nil
	}
	return nil, &RestrictionError{Offset: idx, Type: t, Err: fmt.Errorf("%w: Go type %T", ErrUnknownRestriction, r)}
}

// lookupProp finds tag on o, without the multi-instance flag, letting
// PtypString and PtypString8 (and their multi-valued forms) stand in for
// each other.
func lookupProp(o Object, tag PropTag) (PropValue, bool) {
	tag &^= PropTag(MultiInstanceFlag)
	if v, ok := o.Prop(tag); ok {
		return v, true
	}
	var alt PropType
	switch tag.Type() {
	case PtypString:
		alt = PtypString8
	case PtypString8:
		alt = PtypString
	case PtypMultipleString:
		alt = PtypMultipleString8
	case PtypMultipleString8:
		alt = PtypMultipleString
	default:
		return PropValue{}, false
	}
	return o.Prop(tag.WithType(alt))
}

// anyValue calls f on v, or on each element of a multi-valued v, and
// reports whether f returned true for any of them.
func anyValue(v any, f func(any) bool) bool {
	if n, ok := multiLen(v); ok {
		for i := 0; i < n; i++ {
			if f(multiAt(v, i)) {
				return true
			}
		}
		return false
	}
	return f(v)
}

func applyRelOp(op RelOp, c int) bool {
	switch op {
	case RelOpLessThan:
		return c < 0
	case RelOpLessThanOrEqual:
		return c <= 0
	case RelOpGreaterThan:
		return c > 0
	case RelOpGreaterThanOrEqual:
		return c >= 0
	case RelOpEqual:
		return c == 0
	case RelOpNotEqual:
		return c != 0
	}
	return false
}

type trueNode struct{}

func (trueNode) eval(*Evaluator, Object) (bool, error) { return true, nil }

type andNode struct{ kids []evalNode }

func (n *andNode) eval(e *Evaluator, o Object) (bool, error) {
	for _, k := range n.kids {
		ok, err := k.eval(e, o)
		if err != nil || !ok {
			return false, err
		}
	}
	return true, nil
}

type orNode struct{ kids []evalNode }

func (n *orNode) eval(e *Evaluator, o Object) (bool, error) {
	for _, k := range n.kids {
		ok, err := k.eval(e, o)
		if err != nil || ok {
			return ok, err
		}
	}
	return false, nil
}

type notNode struct{ kid evalNode }

func (n *notNode) eval(e *Evaluator, o Object) (bool, error) {
	ok, err := n.kid.eval(e, o)
	if err != nil {
		return false, err
	}
	return !ok, nil
}

type propNode struct {
	op    RelOp
	tag   PropTag
	value any
	re    *regexp.Regexp
}

func (n *propNode) eval(e *Evaluator, o Object) (bool, error) {
	v, ok := lookupProp(o, n.tag)
	if !ok {
		return false, nil
	}
	switch n.op {
	case RelOpRegex:
		return anyValue(v.Value, func(x any) bool {
			s, ok := x.(string)
			return ok && n.re.MatchString(s)
		}), nil
	case RelOpMemberOfDL:
		if e.MemberOfDL == nil {
			return false, fmt.Errorf("mapi: %w", ErrMemberOfDLUnsupported)
		}
		dl, ok := n.value.([]byte)
		if !ok {
			return false, nil
		}
		var err error
		match := anyValue(v.Value, func(x any) bool {
			m, ok := x.([]byte)
			if !ok || err != nil {
				return false
			}
			var in bool
			in, err = e.MemberOfDL(m, dl)
			return in
		})
		return match && err == nil, err
	}
	_, restrMulti := multiLen(n.value)
	if _, propMulti := multiLen(v.Value); propMulti && !restrMulti {
		return anyValue(v.Value, func(x any) bool {
			c, err := compareAny(x, n.value)
			return err == nil && applyRelOp(n.op, c)
		}), nil
	}
	c, err := compareAny(v.Value, n.value)
	return err == nil && applyRelOp(n.op, c), nil
}

type comparePropsNode struct {
	op         RelOp
	tag1, tag2 PropTag
}

func (n *comparePropsNode) eval(_ *Evaluator, o Object) (bool, error) {
	v1, ok1 := lookupProp(o, n.tag1)
	v2, ok2 := lookupProp(o, n.tag2)
	if !ok1 || !ok2 {
		return false, nil
	}
	c, err := compareAny(v1.Value, v2.Value)
	return err == nil && applyRelOp(n.op, c), nil
}

type bitmaskNode struct {
	nez  bool
	tag  PropTag
	mask uint32
}

func (n *bitmaskNode) eval(_ *Evaluator, o Object) (bool, error) {
	v, ok := lookupProp(o, n.tag)
	if !ok {
		return false, nil
	}
	s := toScalar(v.Value)
	if s.class != classInt {
		return false, nil
	}
	set := uint32(s.i)&n.mask != 0
	return set == n.nez, nil
}

type sizeNode struct {
	op   RelOp
	tag  PropTag
	size int64
}

func (n *sizeNode) eval(_ *Evaluator, o Object) (bool, error) {
	v, ok := lookupProp(o, n.tag)
	if !ok {
		return false, nil
	}
	string8 := v.Tag.Type().Single() == PtypString8
	return anyValue(v.Value, func(x any) bool {
		sz, ok := valueSize(x, string8)
		if !ok {
			return false
		}
		switch {
		case sz < n.size:
			return applyRelOp(n.op, -1)
		case sz > n.size:
			return applyRelOp(n.op, 1)
		}
		return applyRelOp(n.op, 0)
	}), nil
}

// valueSize returns the size in bytes of a single value for
// SizeRestriction (see Evaluator).
func valueSize(v any, string8 bool) (int64, bool) {
	switch x := v.(type) {
	case string:
		if string8 {
			return int64(len(x)) + 1, true
		}
		return int64(utf16Len(x)) + 2, true
	case []byte:
		return int64(len(x)), true
	case bool:
		return 1, true
	case int16:
		return 2, true
	case int32, uint32, float32, ErrorCode:
		return 4, true
	case int64, float64, Currency, FloatingTime:
		return 8, true
	case GUID:
		return 16, true
	case ServerID:
		if x.Ours {
			return serverIDOursSize, true
		}
		return 1 + int64(len(x.Raw)), true
	}
	if s := toScalar(v); s.class == classTime {
		return 8, true
	}
	return 0, false
}

func utf16Len(s string) int {
	n := 0
	for _, c := range s {
		if c >= 0x10000 {
			n += 4
		} else {
			n += 2
		}
	}
	return n
}

type existNode struct{ tag PropTag }

func (n *existNode) eval(_ *Evaluator, o Object) (bool, error) {
	_, ok := lookupProp(o, n.tag)
	return ok, nil
}

type subObjectNode struct {
	tag PropTag
	kid evalNode
}

func (n *subObjectNode) eval(e *Evaluator, o Object) (bool, error) {
	for _, row := range o.SubObjects(n.tag) {
		if row == nil {
			continue
		}
		ok, err := n.kid.eval(e, row)
		if err != nil || ok {
			return ok, err
		}
	}
	return false, nil
}

type countNode struct {
	limit, left uint32
	kid         evalNode
}

func (n *countNode) eval(e *Evaluator, o Object) (bool, error) {
	if n.left == 0 {
		return false, nil
	}
	ok, err := n.kid.eval(e, o)
	if err != nil {
		return false, err
	}
	if ok {
		n.left--
	}
	return ok, nil
}

// contentNode is a compiled ContentRestriction.
type contentNode struct {
	tag    PropTag
	mode   FuzzyLevelLow // FL_FULLSTRING, FL_SUBSTRING, FL_PREFIX, or an extra level
	flags  FuzzyLevelHigh
	binary bool
	pat    string // normalized string pattern
	patb   []byte // binary pattern
}

const fuzzyModeMask FuzzyLevelLow = 0x000F

func (c *compiler) compileContent(x ContentRestriction) (evalNode, error) {
	t := ResContent
	n := &contentNode{tag: x.PropTag, flags: x.FuzzyLevelHigh}
	switch mode := x.FuzzyLevelLow & fuzzyModeMask; {
	case mode > FuzzyPrefix:
		return nil, c.fail(t, "FuzzyLevelLow %v", x.FuzzyLevelLow)
	case x.FuzzyLevelLow&^fuzzyModeMask&^(FuzzyPrefixOnAnyWord|FuzzyPhraseMatch) != 0:
		return nil, c.fail(t, "FuzzyLevelLow %v", x.FuzzyLevelLow)
	case x.FuzzyLevelLow&FuzzyPrefixOnAnyWord != 0:
		n.mode = FuzzyPrefixOnAnyWord
	case x.FuzzyLevelLow&FuzzyPhraseMatch != 0:
		n.mode = FuzzyPhraseMatch
	default:
		n.mode = mode
	}
	switch v := x.Value.Value.(type) {
	case string:
		n.pat = normalizeContent(v, n.flags)
	case []byte:
		n.binary = true
		n.patb = append([]byte(nil), v...)
		if n.mode == FuzzyPrefixOnAnyWord || n.mode == FuzzyPhraseMatch {
			return nil, c.fail(t, "FuzzyLevelLow %v on a binary", x.FuzzyLevelLow)
		}
	default:
		return nil, c.fail(t, "ContentRestriction value is %T, not a string or binary", x.Value.Value)
	}
	return n, nil
}

func (n *contentNode) eval(_ *Evaluator, o Object) (bool, error) {
	v, ok := lookupProp(o, n.tag)
	if !ok {
		return false, nil
	}
	return anyValue(v.Value, n.match), nil
}

func (n *contentNode) match(x any) bool {
	switch v := x.(type) {
	case string:
		if n.binary {
			return false
		}
		if ok, done := n.matchFast(v); done {
			return ok
		}
		return n.matchString(normalizeContent(v, n.flags))
	case []byte:
		if !n.binary {
			return false
		}
		b, p := v, n.patb
		switch n.mode {
		case FuzzySubstring:
			return bytes.Contains(b, p)
		case FuzzyPrefix:
			return bytes.HasPrefix(b, p)
		}
		return bytes.Equal(b, p)
	}
	return false
}

// matchString matches an already normalized string value.
func (n *contentNode) matchString(s string) bool {
	switch n.mode {
	case FuzzySubstring:
		return strings.Contains(s, n.pat)
	case FuzzyPrefix:
		return strings.HasPrefix(s, n.pat)
	case FuzzyPrefixOnAnyWord:
		return prefixOfAnyWord(s, n.pat)
	case FuzzyPhraseMatch:
		return phraseMatch(s, n.pat)
	}
	return s == n.pat
}

// matchFast matches a case-insensitive FL_FULLSTRING, FL_SUBSTRING or
// FL_PREFIX without allocating when folding v is a byte-wise ASCII
// lowering: v has no cased non-ASCII rune (and, when nonspacing marks are
// to be removed too, no non-ASCII at all). done is false when the slow
// path (normalizeContent, then matchString) must decide.
func (n *contentNode) matchFast(v string) (ok, done bool) {
	if n.flags&(FuzzyIgnoreCase|FuzzyLoose) == 0 || n.mode > FuzzyPrefix {
		return false, false
	}
	if n.flags&(FuzzyIgnoreNonSpace|FuzzyLoose) != 0 {
		if !asciiOnly(v) {
			return false, false
		}
	} else if !foldsByBytes(v) {
		return false, false
	}
	p := n.pat
	switch n.mode {
	case FuzzySubstring:
		return indexLowered(v, p) >= 0, true
	case FuzzyPrefix:
		return len(v) >= len(p) && equalLowered(v[:len(p)], p), true
	}
	return len(v) == len(p) && equalLowered(v, p), true
}

// foldsByBytes reports whether foldCase(s) is s with ASCII letters
// lowered (no cased non-ASCII rune, no invalid UTF-8).
func foldsByBytes(s string) bool {
	for i := 0; i < len(s); {
		if s[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if needsFold(r, n) {
			return false
		}
		i += n
	}
	return true
}

// equalLowered reports whether s with ASCII letters lowered equals p.
func equalLowered(s, p string) bool {
	if len(s) != len(p) {
		return false
	}
	for i := 0; i < len(s); i++ {
		if lowerASCII(s[i]) != p[i] {
			return false
		}
	}
	return true
}

// indexLowered returns the first index of p in s with ASCII letters
// lowered, or -1 (Rabin-Karp, linear time).
func indexLowered(s, p string) int {
	n := len(p)
	switch {
	case n == 0:
		return 0
	case n > len(s):
		return -1
	}
	const prime = 16777619
	var hp, h, pow uint32 = 0, 0, 1
	for i := 0; i < n; i++ {
		hp = hp*prime + uint32(p[i])
		h = h*prime + uint32(lowerASCII(s[i]))
		pow *= prime
	}
	for i := n; ; i++ {
		if h == hp && equalLowered(s[i-n:i], p) {
			return i - n
		}
		if i == len(s) {
			return -1
		}
		h = h*prime + uint32(lowerASCII(s[i])) - pow*uint32(lowerASCII(s[i-n]))
	}
}

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

// prefixOfAnyWord reports whether pat is a prefix of a word of s, that is
// whether pat occurs in s at a word start.
func prefixOfAnyWord(s, pat string) bool {
	return findAtBoundary(s, pat, false)
}

// phraseMatch reports whether pat occurs in s starting and ending at word
// boundaries.
func phraseMatch(s, pat string) bool {
	return findAtBoundary(s, pat, true)
}

func findAtBoundary(s, pat string, end bool) bool {
	if pat == "" {
		return true
	}
	for i := 0; i <= len(s)-len(pat); {
		j := strings.Index(s[i:], pat)
		if j < 0 {
			return false
		}
		at := i + j
		startOK := at == 0 || !isWordRune(lastRune(s[:at]))
		endOK := !end || at+len(pat) == len(s) || !isWordRune(firstRune(s[at+len(pat):]))
		if startOK && endOK {
			return true
		}
		i = at + 1
	}
	return false
}

func lastRune(s string) rune {
	r, _ := utf8.DecodeLastRuneInString(s)
	return r
}

func firstRune(s string) rune {
	for _, r := range s {
		return r
	}
	return unicode.ReplacementChar
}

// normalizeContent applies the FuzzyLevelHigh flags to s.
func normalizeContent(s string, f FuzzyLevelHigh) string {
	if f&(FuzzyIgnoreCase|FuzzyLoose) != 0 {
		s = foldCase(s)
	}
	if f&(FuzzyIgnoreNonSpace|FuzzyLoose) != 0 && !asciiOnly(s) {
		if f&FuzzyLoose != 0 {
			s = width.Fold.String(s)
		}
		s = stripNonSpacing(s)
	}
	return s
}

// stripNonSpacing decomposes s canonically (NFD) and drops the nonspacing
// marks (Unicode category Mn), so "é" becomes "e".
func stripNonSpacing(s string) string {
	d := norm.NFD.String(s)
	var b strings.Builder
	b.Grow(len(d))
	for _, r := range d {
		if !unicode.Is(unicode.Mn, r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}
