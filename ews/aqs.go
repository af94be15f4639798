package ews

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/beevik/etree"
	"github.com/oxkit/oxkit/ical/recur"
	"github.com/oxkit/oxkit/ical/tz"
	"github.com/oxkit/oxkit/mapi"
)

// Limits of a QueryString.
const (
	// maxQueryStringBytes bounds a FindItem QueryString.
	maxQueryStringBytes = 4096
	// maxQueryTerms bounds the terms (words, phrases, property terms) of
	// a QueryString.
	maxQueryTerms = 64
	// maxQueryDepth bounds the nesting of parentheses and NOT.
	maxQueryDepth = 16
)

// aqsKind is the kind of a QueryString token.
type aqsKind uint8

const (
	aqsWord   aqsKind = iota // a bare word, possibly "prop:value"
	aqsPhrase                // a quoted phrase
	aqsOpen                  // (
	aqsClose                 // )
)

type aqsToken struct {
	kind aqsKind
	text string
	// prop is the property prefix of a word or phrase ("subject" for
	// subject:"a b"), lower case, "" for none.
	prop string
	pos  int
}

// aqsError is a QueryString the server cannot translate, with the offset
// (in bytes) of the offending token.
type aqsError struct {
	pos int
	msg string
}

func (e *aqsError) Error() string {
	return fmt.Sprintf("QueryString at offset %d: %s", e.pos, e.msg)
}

// aqsLex splits a QueryString into tokens: words, quoted phrases and
// parentheses; "prop:" directly before a phrase becomes the phrase's
// property.
func aqsLex(s string) ([]aqsToken, error) {
	var toks []aqsToken
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == ' ' || c == '\t' || c == '\r' || c == '\n':
			i++
		case c == '(':
			toks = append(toks, aqsToken{kind: aqsOpen, pos: i})
			i++
		case c == ')':
			toks = append(toks, aqsToken{kind: aqsClose, pos: i})
			i++
		case c == '-' && i+1 < len(s) && !strings.ContainsRune(" \t\r\n)", rune(s[i+1])):
			// A leading "-" negates the term it is attached to.
			toks = append(toks, aqsToken{kind: aqsWord, text: "NOT", pos: i})
			i++
		case c == '"':
			j := strings.IndexByte(s[i+1:], '"')
			if j < 0 {
				return nil, &aqsError{i, "unterminated quoted phrase"}
			}
			toks = append(toks, aqsToken{kind: aqsPhrase, text: s[i+1 : i+1+j], pos: i})
			i += j + 2
		default:
			j := i
			for j < len(s) && !strings.ContainsRune(" \t\r\n()\"", rune(s[j])) {
				j++
			}
			w := s[i:j]
			if strings.HasSuffix(w, ":") && j < len(s) && s[j] == '"' {
				k := strings.IndexByte(s[j+1:], '"')
				if k < 0 {
					return nil, &aqsError{j, "unterminated quoted phrase"}
				}
				toks = append(toks, aqsToken{kind: aqsPhrase, text: s[j+1 : j+1+k], prop: strings.ToLower(strings.TrimSuffix(w, ":")), pos: i})
				i = j + k + 2
				continue
			}
			if strings.HasSuffix(w, ":") && j < len(s) && s[j] == '(' {
				return nil, &aqsError{i, "a property with a parenthesized group (" + w + "(...)) is not supported"}
			}
			t := aqsToken{kind: aqsWord, text: w, pos: i}
			if k := strings.IndexByte(w, ':'); k > 0 && isAQSProp(w[:k]) {
				t.prop, t.text = strings.ToLower(w[:k]), w[k+1:]
			} else if k > 0 && k < len(w)-1 && !strings.Contains(w[:k], "/") && !strings.Contains(w, "://") && isLetters(w[:k]) {
				return nil, &aqsError{i, "property " + strconv.Quote(w[:k]+":") + " is not supported"}
			}
			toks = append(toks, t)
			i = j
		}
		if len(toks) > maxQueryTerms*2 {
			return nil, &aqsError{i, "too many terms"}
		}
	}
	return toks, nil
}

func isLetters(s string) bool {
	for _, r := range s {
		if !unicode.IsLetter(r) {
			return false
		}
	}
	return s != ""
}

// aqsProps are the property keywords QueryString understands.
var aqsProps = map[string]bool{
	"subject": true, "from": true, "to": true, "cc": true, "bcc": true, "participants": true,
	"body": true, "attachment": true, "attachments": true, "hasattachment": true, "hasattachments": true,
	"received": true, "sent": true, "category": true, "categories": true,
	"kind": true, "importance": true, "isread": true, "read": true, "size": true,
}

func isAQSProp(s string) bool { return aqsProps[strings.ToLower(s)] }

// aqsParser turns tokens into a restriction:
//
//	query   = or
//	or      = and { "OR" and }
//	and     = unary { ["AND"] unary }
//	unary   = ("NOT" | "-") unary | primary
//	primary = "(" query ")" | term
type aqsParser struct {
	c     *call
	toks  []aqsToken
	i     int
	terms int
	loc   *time.Location
	now   time.Time
	// highlight collects the words and phrases searched for (not under
	// NOT) for ReturnHighlightTerms; negated counts enclosing NOTs.
	highlight []highlightTerm
	negated   int
}

// highlightTerm is one HighlightTerms/Term ([MS-OXWSSRCH] 2.2.4.x
// HighlightTermType): Scope is the AQS property ("" for free text).
type highlightTerm struct{ scope, value string }

// queryStringRestriction translates a FindItem QueryString ([MS-OXWSSRCH]
// 2.2.3.x QueryStringType, Advanced Query Syntax) into a restriction.
// Supported: free words and quoted phrases (over subject, body, sender
// and recipients), subject:, from:, to:, cc:, bcc:, participants:,
// body:, attachment: (file names), hasattachment(s):, received: and
// sent: (dates, comparisons, ranges a..b and today/yesterday/this
// week/last week/this month/last month/this year/last year),
// category:, kind: (email, meetings, contacts, tasks, notes, posts),
// importance:, isread:/read:, size: (comparisons and ranges, KB/MB),
// AND, OR, NOT (and a leading "-"), parentheses. ReturnHighlightTerms
// returns the words and phrases searched for (outside NOT) as
// HighlightTerms, scoped by their property; ResetCache and
// ReturnDeletedItems are accepted and have no effect. Anything else is an
// ErrorInvalidRequest error (*Error) naming the unsupported part.
func (c *call) queryStringRestriction(e *etree.Element) (mapi.Restriction, []highlightTerm, error) {
	for _, a := range []string{"ResetCache", "ReturnHighlightTerms", "ReturnDeletedItems"} {
		if v := attr(e, a); v != "" {
			if _, err := parseBool(v); err != nil {
				return nil, nil, &Fault{Code: ErrorSchemaValidation, Message: "QueryString/@" + a + " is not a boolean."}
			}
		}
	}
	s := strings.TrimSpace(e.Text())
	if len(s) > maxQueryStringBytes {
		return nil, nil, errorf(ErrorInvalidRequest, "The QueryString is longer than %d bytes.", maxQueryStringBytes)
	}
	if s == "" {
		return nil, nil, nil
	}
	p, r, err := c.parseAQSTerms(s, time.Now())
	if err != nil {
		var ae *aqsError
		if !errors.As(err, &ae) {
			return nil, nil, err
		}
		return nil, nil, &Error{Code: ErrorInvalidRequest, Message: "The QueryString cannot be used: " + err.Error(), Err: err}
	}
	var terms []highlightTerm
	if v, _ := parseBool(attr(e, "ReturnHighlightTerms")); v {
		terms = p.highlight
		if terms == nil {
			terms = []highlightTerm{}
		}
	}
	return r, terms, nil
}

// writeHighlightTerms writes m:HighlightTerms when ReturnHighlightTerms
// asked for them (terms non-nil).
func (c *call) writeHighlightTerms(terms []highlightTerm) {
	if terms == nil {
		return
	}
	c.w.raw(`<m:HighlightTerms>`)
	for _, t := range terms {
		c.w.raw(`<t:Term>`)
		c.w.elem("t:Scope", t.scope)
		c.w.elem("t:Value", t.value)
		c.w.raw(`</t:Term>`)
	}
	c.w.raw(`</m:HighlightTerms>`)
}

// findItemFailed answers a FindItem whose QueryString cannot be used:
// one error message per parent folder with the reason.
//
// QUIRK: not a SOAP fault: exchangelib takes an ErrorInvalidRequest
// fault for a wrong RequestServerVersion and retries the request with
// every older version (services/common.py, _get_response_xml) before
// failing with an unrelated message; a per-folder error reaches the
// caller as it is.
func (c *call) findItemFailed(err error) error {
	if f, ok := err.(*Fault); ok {
		return f
	}
	c.responseStart("FindItem")
	for range folderIDList(child(c.req.Body, "ParentFolderIds")) {
		c.msgError("FindItemResponseMessage", err, ErrorInvalidRequest)
	}
	c.responseEnd("FindItem")
	return nil
}

// parseAQS translates s with now as the reference for relative dates.
func (c *call) parseAQS(s string, now time.Time) (mapi.Restriction, error) {
	_, r, err := c.parseAQSTerms(s, now)
	return r, err
}

// parseAQSTerms is parseAQS returning the parser (with its highlight
// terms) too.
func (c *call) parseAQSTerms(s string, now time.Time) (*aqsParser, mapi.Restriction, error) {
	toks, err := aqsLex(s)
	if err != nil {
		return nil, nil, err
	}
	p := &aqsParser{c: c, toks: toks, loc: time.UTC}
	if c.req != nil && c.req.TimeZone != "" {
		if loc, err := tz.LoadWindows(c.req.TimeZone); err == nil {
			p.loc = loc
		}
	}
	p.now = now.In(p.loc)
	if len(toks) == 0 {
		return p, nil, nil
	}
	r, err := p.or(0)
	if err != nil {
		return nil, nil, err
	}
	if p.i < len(p.toks) {
		return nil, nil, &aqsError{p.toks[p.i].pos, "unbalanced parenthesis"}
	}
	return p, r, nil
}

func (p *aqsParser) peekOp(op string) bool {
	return p.i < len(p.toks) && p.toks[p.i].kind == aqsWord && p.toks[p.i].prop == "" && p.toks[p.i].text == op
}

func (p *aqsParser) or(depth int) (mapi.Restriction, error) {
	first, err := p.and(depth)
	if err != nil {
		return nil, err
	}
	subs := []mapi.Restriction{first}
	for p.peekOp("OR") {
		p.i++
		r, err := p.and(depth)
		if err != nil {
			return nil, err
		}
		subs = append(subs, r)
	}
	if len(subs) == 1 {
		return first, nil
	}
	return mapi.OrRestriction{Restricts: subs}, nil
}

func (p *aqsParser) and(depth int) (mapi.Restriction, error) {
	var subs []mapi.Restriction
	for p.i < len(p.toks) {
		t := p.toks[p.i]
		if t.kind == aqsClose || p.peekOp("OR") {
			break
		}
		if p.peekOp("AND") {
			if len(subs) == 0 {
				return nil, &aqsError{t.pos, "AND without a left operand"}
			}
			p.i++
			if p.i == len(p.toks) || p.toks[p.i].kind == aqsClose || p.peekOp("OR") || p.peekOp("AND") {
				return nil, &aqsError{t.pos, "AND without a right operand"}
			}
			continue
		}
		r, err := p.unary(depth)
		if err != nil {
			return nil, err
		}
		subs = append(subs, r)
	}
	switch len(subs) {
	case 0:
		pos := len(p.toks)
		if p.i < len(p.toks) {
			pos = p.toks[p.i].pos
		} else if len(p.toks) > 0 {
			pos = p.toks[len(p.toks)-1].pos
		}
		return nil, &aqsError{pos, "an operator without an operand"}
	case 1:
		return subs[0], nil
	}
	return mapi.AndRestriction{Restricts: subs}, nil
}

func (p *aqsParser) unary(depth int) (mapi.Restriction, error) {
	if depth > maxQueryDepth {
		return nil, &aqsError{p.toks[p.i].pos, "nested too deeply"}
	}
	t := p.toks[p.i]
	switch {
	case p.peekOp("NOT"):
		p.i++
		if p.i == len(p.toks) {
			return nil, &aqsError{t.pos, "NOT without an operand"}
		}
		p.negated++
		r, err := p.unary(depth + 1)
		p.negated--
		if err != nil {
			return nil, err
		}
		return mapi.NotRestriction{Restriction: r}, nil
	case t.kind == aqsOpen:
		p.i++
		r, err := p.or(depth + 1)
		if err != nil {
			return nil, err
		}
		if p.i == len(p.toks) || p.toks[p.i].kind != aqsClose {
			return nil, &aqsError{t.pos, "unbalanced parenthesis"}
		}
		p.i++
		return r, nil
	case t.kind == aqsClose:
		return nil, &aqsError{t.pos, "unbalanced parenthesis"}
	}
	p.i++
	p.terms++
	if p.terms > maxQueryTerms {
		return nil, &aqsError{t.pos, "too many terms"}
	}
	return p.term(t)
}

// aqsContent is a case-insensitive match of v in tag: a phrase or a value
// with punctuation as a substring, a word as a prefix of any word.
func aqsContent(tag mapi.PropTag, v string, phrase bool) mapi.Restriction {
	low := mapi.FuzzyPrefixOnAnyWord
	if phrase || strings.IndexFunc(v, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) >= 0 {
		low = mapi.FuzzySubstring
	}
	return mapi.ContentRestriction{FuzzyLevelLow: low, FuzzyLevelHigh: mapi.FuzzyIgnoreCase, PropTag: tag, Value: mapi.PropValue{Tag: tag, Value: v}}
}

func anyOf(v string, phrase bool, tags ...mapi.PropTag) mapi.Restriction {
	subs := make([]mapi.Restriction, len(tags))
	for i, t := range tags {
		subs[i] = aqsContent(t, v, phrase)
	}
	return mapi.OrRestriction{Restricts: subs}
}

var senderTags = []mapi.PropTag{mapi.PidTagSentRepresentingName, mapi.PidTagSentRepresentingSmtpAddress, mapi.PidTagSentRepresentingEmailAddress,
	mapi.PidTagSenderName, mapi.PidTagSenderSmtpAddress, mapi.PidTagSenderEmailAddress}

// recipientsOf matches recipients of the given type (0: any) whose name
// or address matches v.
func recipientsOf(typ int32, v string, phrase bool) mapi.Restriction {
	var r mapi.Restriction = anyOf(v, phrase, mapi.PidTagDisplayName, mapi.PidTagSmtpAddress, mapi.PidTagEmailAddress)
	if typ != 0 {
		r = mapi.AndRestriction{Restricts: []mapi.Restriction{
			mapi.PropertyRestriction{RelOp: mapi.RelOpEqual, PropTag: mapi.PidTagRecipientType, Value: mapi.PropValue{Tag: mapi.PidTagRecipientType, Value: typ}},
			r,
		}}
	}
	return mapi.SubObjectRestriction{SubObject: mapi.PidTagMessageRecipients, Restriction: r}
}

func (p *aqsParser) term(t aqsToken) (mapi.Restriction, error) {
	v := t.text
	phrase := t.kind == aqsPhrase
	if !phrase {
		v = strings.TrimSuffix(v, "*") // a trailing wildcard: words match as prefixes anyway
	}
	if v == "" && t.prop != "hasattachment" && t.prop != "hasattachments" {
		return nil, &aqsError{t.pos, "empty value"}
	}
	switch t.prop {
	case "", "subject", "body", "from", "to", "cc", "bcc", "participants", "attachment", "attachments", "category", "categories":
		if p.negated == 0 {
			p.highlight = append(p.highlight, highlightTerm{t.prop, v})
		}
	}
	switch t.prop {
	case "":
		return mapi.OrRestriction{Restricts: []mapi.Restriction{
			anyOf(v, phrase, append([]mapi.PropTag{mapi.PidTagSubject, mapi.PidTagBody}, senderTags...)...),
			recipientsOf(0, v, phrase),
		}}, nil
	case "subject":
		return aqsContent(mapi.PidTagSubject, v, phrase), nil
	case "body":
		return aqsContent(mapi.PidTagBody, v, phrase), nil
	case "from":
		return anyOf(v, phrase, senderTags...), nil
	case "to":
		return mapi.OrRestriction{Restricts: []mapi.Restriction{aqsContent(mapi.PidTagDisplayTo, v, phrase), recipientsOf(1, v, phrase)}}, nil
	case "cc":
		return mapi.OrRestriction{Restricts: []mapi.Restriction{aqsContent(mapi.PidTagDisplayCc, v, phrase), recipientsOf(2, v, phrase)}}, nil
	case "bcc":
		return mapi.OrRestriction{Restricts: []mapi.Restriction{aqsContent(mapi.PidTagDisplayBcc, v, phrase), recipientsOf(3, v, phrase)}}, nil
	case "participants":
		return mapi.OrRestriction{Restricts: []mapi.Restriction{anyOf(v, phrase, senderTags...), recipientsOf(0, v, phrase)}}, nil
	case "attachment", "attachments":
		return mapi.SubObjectRestriction{SubObject: mapi.PidTagMessageAttachments,
			Restriction: anyOf(v, phrase, mapi.PidTagAttachLongFilename, mapi.PidTagAttachFilename, mapi.PidTagDisplayName)}, nil
	case "hasattachment", "hasattachments":
		var want bool
		switch strings.ToLower(v) {
		case "true", "yes", "1":
			want = true
		case "false", "no", "0":
		default:
			return nil, &aqsError{t.pos, t.prop + ": takes true or false, not " + strconv.Quote(v)}
		}
		has := mapi.PropertyRestriction{RelOp: mapi.RelOpEqual, PropTag: mapi.PidTagHasAttachments, Value: mapi.PropValue{Tag: mapi.PidTagHasAttachments, Value: true}}
		if want {
			return has, nil
		}
		return mapi.NotRestriction{Restriction: has}, nil
	case "category", "categories":
		tag, err := p.c.namedTag(mapi.PidNameKeywords, false)
		if err != nil {
			return nil, err
		}
		if tag == 0 {
			return never, nil // no item of this mailbox has ever had a category
		}
		return mapi.ContentRestriction{FuzzyLevelLow: mapi.FuzzyFullString, FuzzyLevelHigh: mapi.FuzzyIgnoreCase, PropTag: tag, Value: mapi.PropValue{Tag: tag, Value: v}}, nil
	case "kind":
		classes, ok := aqsKinds[strings.ToLower(v)]
		if !ok {
			return nil, &aqsError{t.pos, "kind:" + v + " is not supported (email, meetings, calendar, contacts, tasks, notes, posts)"}
		}
		var subs []mapi.Restriction
		for _, cls := range classes {
			subs = append(subs, mapi.ContentRestriction{FuzzyLevelLow: mapi.FuzzyPrefix, FuzzyLevelHigh: mapi.FuzzyIgnoreCase,
				PropTag: mapi.PidTagMessageClass, Value: mapi.PropValue{Tag: mapi.PidTagMessageClass, Value: cls}})
		}
		return mapi.OrRestriction{Restricts: subs}, nil
	case "importance":
		n, ok := map[string]int32{"low": 0, "normal": 1, "high": 2}[strings.ToLower(v)]
		if !ok {
			return nil, &aqsError{t.pos, "importance: takes low, normal or high, not " + strconv.Quote(v)}
		}
		return mapi.PropertyRestriction{RelOp: mapi.RelOpEqual, PropTag: mapi.PidTagImportance, Value: mapi.PropValue{Tag: mapi.PidTagImportance, Value: n}}, nil
	case "isread", "read":
		var op mapi.BitmaskOp
		switch strings.ToLower(v) {
		case "true", "yes", "1":
			op = mapi.BitmaskNotEqualZero
		case "false", "no", "0":
			op = mapi.BitmaskEqualZero
		default:
			return nil, &aqsError{t.pos, t.prop + ": takes true or false, not " + strconv.Quote(v)}
		}
		return mapi.BitmaskRestriction{BitmapRelOp: op, PropTag: mapi.PidTagMessageFlags, Mask: msgflagRead}, nil
	case "size":
		return p.sizeTerm(t, v)
	case "received":
		return p.dateTerm(t, mapi.PidTagMessageDeliveryTime, v)
	case "sent":
		return p.dateTerm(t, mapi.PidTagClientSubmitTime, v)
	}
	return nil, &aqsError{t.pos, "property " + strconv.Quote(t.prop+":") + " is not supported"}
}

// dateTerm translates received:/sent: values: a day (2024-01-31,
// 1/31/2024), a comparison (>=2024-01-01, <2024-02-01), a range
// (2024-01-01..2024-01-31, both days included) or a relative keyword.
func (p *aqsParser) dateTerm(t aqsToken, tag mapi.PropTag, v string) (mapi.Restriction, error) {
	between := func(from, to time.Time) mapi.Restriction {
		return mapi.AndRestriction{Restricts: []mapi.Restriction{
			mapi.PropertyRestriction{RelOp: mapi.RelOpGreaterThanOrEqual, PropTag: tag, Value: mapi.PropValue{Tag: tag, Value: from.UTC()}},
			mapi.PropertyRestriction{RelOp: mapi.RelOpLessThan, PropTag: tag, Value: mapi.PropValue{Tag: tag, Value: to.UTC()}},
		}}
	}
	cmp := func(op mapi.RelOp, at time.Time) mapi.Restriction {
		return mapi.PropertyRestriction{RelOp: op, PropTag: tag, Value: mapi.PropValue{Tag: tag, Value: at.UTC()}}
	}
	if from, to, ok := p.relativeDay(strings.ToLower(v)); ok {
		return between(from, to), nil
	}
	for _, op := range []struct {
		prefix string
		rel    mapi.RelOp
		next   bool // compare with the end of the day
	}{{">=", mapi.RelOpGreaterThanOrEqual, false}, {"<=", mapi.RelOpLessThan, true}, {">", mapi.RelOpGreaterThanOrEqual, true}, {"<", mapi.RelOpLessThan, false}} {
		if rest, ok := strings.CutPrefix(v, op.prefix); ok {
			d, err := p.day(t, rest)
			if err != nil {
				return nil, err
			}
			if op.next {
				d = d.AddDate(0, 0, 1)
			}
			return cmp(op.rel, p.localMidnight(d)), nil
		}
	}
	if a, b, ok := strings.Cut(v, ".."); ok {
		from, err := p.day(t, a)
		if err != nil {
			return nil, err
		}
		to, err := p.day(t, b)
		if err != nil {
			return nil, err
		}
		if to.Before(from) {
			return nil, &aqsError{t.pos, "the range " + strconv.Quote(v) + " ends before it starts"}
		}
		return between(p.localMidnight(from), p.localMidnight(to.AddDate(0, 0, 1))), nil
	}
	d, err := p.day(t, v)
	if err != nil {
		return nil, err
	}
	return between(p.localMidnight(d), p.localMidnight(d.AddDate(0, 0, 1))), nil
}

// day parses a date (ISO 2024-01-31 or US 1/31/2024) as a calendar day
// (a UTC midnight standing for the day).
func (p *aqsParser) day(t aqsToken, s string) (time.Time, error) {
	for _, layout := range []string{"2006-01-02", "1/2/2006", "2006/1/2"} {
		if d, err := time.Parse(layout, s); err == nil {
			return d, nil
		}
	}
	return time.Time{}, &aqsError{t.pos, strconv.Quote(s) + " is not a supported date (use 2006-01-02 or 1/2/2006)"}
}

// localMidnight is the instant the calendar day d starts in the request's
// zone.
func (p *aqsParser) localMidnight(d time.Time) time.Time {
	return recur.LocalTime(time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, time.UTC), p.loc)
}

// relativeDay resolves today, yesterday, this/last week, month, year
// (weeks start on Monday) to [from, to).
func (p *aqsParser) relativeDay(s string) (from, to time.Time, ok bool) {
	n := p.now
	today := time.Date(n.Year(), n.Month(), n.Day(), 0, 0, 0, 0, time.UTC)
	var a, b time.Time
	switch s {
	case "today":
		a, b = today, today.AddDate(0, 0, 1)
	case "yesterday":
		a, b = today.AddDate(0, 0, -1), today
	case "this week", "last week":
		wd := (int(today.Weekday()) + 6) % 7 // days since Monday
		a = today.AddDate(0, 0, -wd)
		if s == "last week" {
			a = a.AddDate(0, 0, -7)
		}
		b = a.AddDate(0, 0, 7)
	case "this month", "last month":
		a = time.Date(n.Year(), n.Month(), 1, 0, 0, 0, 0, time.UTC)
		if s == "last month" {
			a = a.AddDate(0, -1, 0)
		}
		b = a.AddDate(0, 1, 0)
	case "this year", "last year":
		a = time.Date(n.Year(), 1, 1, 0, 0, 0, 0, time.UTC)
		if s == "last year" {
			a = a.AddDate(-1, 0, 0)
		}
		b = a.AddDate(1, 0, 0)
	default:
		return from, to, false
	}
	return p.localMidnight(a), p.localMidnight(b), true
}

// andRestriction is a AND b, either of which may be nil (no restriction).
func andRestriction(a, b mapi.Restriction) mapi.Restriction {
	switch {
	case a == nil:
		return b
	case b == nil:
		return a
	}
	return mapi.AndRestriction{Restricts: []mapi.Restriction{a, b}}
}

// aqsKinds maps kind: values to message class prefixes.
var aqsKinds = map[string][]string{
	"email": {"IPM.Note", "REPORT"}, "emails": {"IPM.Note", "REPORT"}, "mail": {"IPM.Note", "REPORT"},
	"meetings": {"IPM.Appointment", "IPM.Schedule.Meeting"}, "calendar": {"IPM.Appointment", "IPM.Schedule.Meeting"},
	"contacts": {"IPM.Contact", "IPM.DistList"}, "people": {"IPM.Contact", "IPM.DistList"},
	"tasks": {"IPM.Task"}, "notes": {"IPM.StickyNote"}, "posts": {"IPM.Post"},
}

// sizeTerm translates size: values: a byte count with an optional KB/MB
// suffix after a comparison (>, >=, <, <=; none: equal) or a range a..b.
func (p *aqsParser) sizeTerm(t aqsToken, v string) (mapi.Restriction, error) {
	num := func(s string) (int32, error) {
		mult := int64(1)
		u := strings.ToLower(s)
		switch {
		case strings.HasSuffix(u, "kb"):
			mult, u = 1024, strings.TrimSuffix(u, "kb")
		case strings.HasSuffix(u, "mb"):
			mult, u = 1<<20, strings.TrimSuffix(u, "mb")
		}
		n, err := strconv.ParseInt(u, 10, 64)
		if err != nil || n < 0 || n*mult > 1<<31-1 {
			return 0, &aqsError{t.pos, strconv.Quote(s) + " is not a size (bytes, or with KB or MB)"}
		}
		return int32(n * mult), nil
	}
	cmp := func(op mapi.RelOp, n int32) mapi.Restriction {
		return mapi.PropertyRestriction{RelOp: op, PropTag: mapi.PidTagMessageSize, Value: mapi.PropValue{Tag: mapi.PidTagMessageSize, Value: n}}
	}
	if a, b, ok := strings.Cut(v, ".."); ok {
		lo, err := num(a)
		if err != nil {
			return nil, err
		}
		hi, err := num(b)
		if err != nil {
			return nil, err
		}
		return mapi.AndRestriction{Restricts: []mapi.Restriction{cmp(mapi.RelOpGreaterThanOrEqual, lo), cmp(mapi.RelOpLessThanOrEqual, hi)}}, nil
	}
	for _, op := range []struct {
		prefix string
		rel    mapi.RelOp
	}{{">=", mapi.RelOpGreaterThanOrEqual}, {"<=", mapi.RelOpLessThanOrEqual}, {">", mapi.RelOpGreaterThan}, {"<", mapi.RelOpLessThan}} {
		if rest, ok := strings.CutPrefix(v, op.prefix); ok {
			n, err := num(rest)
			if err != nil {
				return nil, err
			}
			return cmp(op.rel, n), nil
		}
	}
	n, err := num(v)
	if err != nil {
		return nil, err
	}
	return cmp(mapi.RelOpEqual, n), nil
}
