package ews

import (
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/beevik/etree"
	"github.com/oxkit/oxkit/mapi"
	"github.com/oxkit/oxkit/store"
	"github.com/oxkit/oxkit/store/rules"
)

// Inbox rules ([MS-OXWSRULES]): GetInboxRules and UpdateInboxRules over
// the Inbox's rules table (store.RuleStore), so that MAPI clients see and
// the delivery path runs the same rules.
//
// An EWS rule is stored as a standard rule ([MS-OXORULE] 2.2.1.3.1) with
// PidTagRuleProvider "RuleOrganizer" (Outlook's and Exchange's provider),
// PidTagRuleName = DisplayName, PidTagRuleSequence = Priority,
// ST_ENABLED = IsEnabled, ST_EXIT_LEVEL = StopProcessingRules.
//
// PidTagRuleCondition is an And of one CommentRestriction per condition
// predicate followed, when there are exceptions, by Not(Or(one
// CommentRestriction per exception predicate)). Each comment carries the
// predicate's name (PidTagRuleName, "Condition:ContainsSubjectStrings",
// the RuleFieldURIType spelling) and its value (PidTagRuleProviderData,
// JSON) so the rule reads back exactly, and, as its restriction, the
// predicate's meaning over the message (see predRestriction), which is
// what mapi.Evaluate and a MAPI server evaluate. Predicates without a
// meaning over the stored properties (MessageClassifications,
// FromConnectedAccounts) have no restriction: they are stored and read
// back but do not restrict the rule.
//
// Actions become ActionBlocks whose ActionFlags carry the EWS action
// (ruleActionFlag), so that e.g. Delete (an OP_MOVE to Deleted Items)
// reads back as Delete, not as MoveToFolder.

const (
	ruleProvider = "RuleOrganizer"
	// ruleActionFlag marks the ActionFlags of blocks written by EWS; the
	// low byte is the index in ruleActionNames plus one.
	ruleActionFlag uint32 = 0x45570000 // "EW"
)

// Tags of the comment values that name a predicate and hold its value.
var (
	tagPredName  = mapi.PidTagRuleName
	tagPredValue = mapi.PidTagRuleProviderData
)

type predKind uint8

const (
	pkStrings predKind = iota
	pkAddrs
	pkBool
	pkEnum
	pkSize
	pkDate
)

// rulePredicates lists RulePredicatesType's elements in schema order
// ([MS-OXWSRULES] 2.2.4.22; types.xsd RulePredicatesType).
var rulePredicates = []struct {
	name string
	kind predKind
	enum []string
}{
	{"Categories", pkStrings, nil},
	{"ContainsBodyStrings", pkStrings, nil},
	{"ContainsHeaderStrings", pkStrings, nil},
	{"ContainsRecipientStrings", pkStrings, nil},
	{"ContainsSenderStrings", pkStrings, nil},
	{"ContainsSubjectOrBodyStrings", pkStrings, nil},
	{"ContainsSubjectStrings", pkStrings, nil},
	{"FlaggedForAction", pkEnum, []string{"Any", "Call", "DoNotForward", "FollowUp", "FYI", "Forward", "NoResponseNecessary", "Read", "Reply", "ReplyToAll", "Review"}},
	{"FromAddresses", pkAddrs, nil},
	{"FromConnectedAccounts", pkStrings, nil},
	{"HasAttachments", pkBool, nil},
	{"Importance", pkEnum, []string{"Low", "Normal", "High"}},
	{"IsApprovalRequest", pkBool, nil},
	{"IsAutomaticForward", pkBool, nil},
	{"IsAutomaticReply", pkBool, nil},
	{"IsEncrypted", pkBool, nil},
	{"IsMeetingRequest", pkBool, nil},
	{"IsMeetingResponse", pkBool, nil},
	{"IsNDR", pkBool, nil},
	{"IsPermissionControlled", pkBool, nil},
	{"IsReadReceipt", pkBool, nil},
	{"IsSigned", pkBool, nil},
	{"IsVoicemail", pkBool, nil},
	{"ItemClasses", pkStrings, nil},
	{"MessageClassifications", pkStrings, nil},
	{"NotSentToMe", pkBool, nil},
	{"SentCcMe", pkBool, nil},
	{"SentOnlyToMe", pkBool, nil},
	{"SentToAddresses", pkAddrs, nil},
	{"SentToMe", pkBool, nil},
	{"SentToOrCcMe", pkBool, nil},
	{"Sensitivity", pkEnum, []string{"Normal", "Personal", "Private", "Confidential"}},
	{"WithinDateRange", pkDate, nil},
	{"WithinSizeRange", pkSize, nil},
}

func predIndex(name string) int {
	return slices.IndexFunc(rulePredicates, func(p struct {
		name string
		kind predKind
		enum []string
	}) bool {
		return p.name == name
	})
}

// ruleAddr is an EmailAddressType of a rule ([MS-OXWSCDATA] 2.2.4.31).
type ruleAddr struct {
	Name    string `json:"n,omitempty"`
	Address string `json:"a"`
}

// predValue is the value of one predicate, as stored (JSON) and parsed.
type predValue struct {
	Strings []string   `json:"s,omitempty"`
	Addrs   []ruleAddr `json:"a,omitempty"`
	Bool    *bool      `json:"b,omitempty"`
	Text    string     `json:"t,omitempty"`
	Min     *int64     `json:"min,omitempty"`
	Max     *int64     `json:"max,omitempty"`
	Start   *time.Time `json:"start,omitempty"`
	End     *time.Time `json:"end,omitempty"`
}

type rulePred struct {
	idx int // in rulePredicates
	v   predValue
}

// ruleActionNames lists RuleActionsType's elements in schema order
// ([MS-OXWSRULES] 2.2.4.20).
var ruleActionNames = []string{
	"AssignCategories", "CopyToFolder", "Delete", "ForwardAsAttachmentToRecipients",
	"ForwardToRecipients", "MarkImportance", "MarkAsRead", "MoveToFolder",
	"PermanentDelete", "RedirectToRecipients", "SendSMSAlertToRecipients",
	"ServerReplyWithMessage", "StopProcessingRules",
}

// ewsRule is t:Rule ([MS-OXWSRULES] 2.2.4.23 RuleType) parsed.
type ewsRule struct {
	id          uint64
	hasID       bool
	name        string
	priority    int32
	enabled     bool
	conditions  []rulePred
	exceptions  []rulePred
	actions     ruleActions
	unsupported bool
	inError     bool
}

// ruleActions is RuleActionsType parsed.
type ruleActions struct {
	categories        []string
	copyTo, moveTo    store.FID
	hasCopy, hasMove  bool
	del, permDel      bool
	markRead          bool
	importance        string
	fwdAttach         []ruleAddr
	fwd, redirect     []ruleAddr
	sms               []ruleAddr
	replyFolder       store.FID
	replyMessage      store.MID
	replyGUID         mapi.GUID // PidTagReplyTemplateId of the template (autoreply_rules.go)
	hasReply          bool
	stopProcessing    bool
	present           bool // any element given
	categoriesPresent bool
}

// ruleValidationError is RuleValidationErrorType ([MS-OXWSRULES]
// 2.2.4.27).
type ruleValidationError struct {
	field, code, msg, value string
}

func (e *ruleValidationError) Error() string { return e.field + ": " + e.code + ": " + e.msg }

func vErr(field, code, msg, value string) *ruleValidationError {
	return &ruleValidationError{field: field, code: code, msg: msg, value: value}
}

// encodeRuleID is the RuleId of a rule: base64 of the PidTagRuleId's 8
// bytes, little-endian.
func encodeRuleID(id uint64) string {
	return base64.StdEncoding.EncodeToString(binary.LittleEndian.AppendUint64(nil, id))
}

func decodeRuleID(s string) (uint64, bool) {
	b, err := base64.StdEncoding.DecodeString(strings.TrimSpace(s))
	if err != nil || len(b) != 8 {
		return 0, false
	}
	return binary.LittleEndian.Uint64(b), true
}

// --- parsing requests ---

func parseStrings(e *etree.Element) []string {
	var out []string
	for _, s := range e.ChildElements() {
		if s.Tag == "String" {
			out = append(out, s.Text())
		}
	}
	return out
}

func parseAddrs(e *etree.Element) []ruleAddr {
	var out []ruleAddr
	for _, a := range e.ChildElements() {
		if a.Tag == "Address" {
			out = append(out, ruleAddr{Name: childText(a, "Name"), Address: strings.TrimSpace(childText(a, "EmailAddress"))})
		}
	}
	return out
}

// parsePredicates parses RulePredicatesType; kind is "Condition" or
// "Exception" (the prefix of field URIs in errors).
func parsePredicates(e *etree.Element, kind string) ([]rulePred, error) {
	var out []rulePred
	for _, ch := range e.ChildElements() {
		i := predIndex(ch.Tag)
		if i < 0 {
			return nil, &Fault{Code: ErrorSchemaValidation, Message: fmt.Sprintf("%s is not a rule predicate.", ch.Tag)}
		}
		field := kind + ":" + ch.Tag
		p := rulePred{idx: i}
		switch rulePredicates[i].kind {
		case pkStrings:
			p.v.Strings = parseStrings(ch)
			if len(p.v.Strings) == 0 || slices.Contains(p.v.Strings, "") {
				return nil, vErr(field, "EmptyValueFound", "An empty value was found.", "")
			}
			for _, s := range p.v.Strings {
				if len(s) > 255 {
					return nil, vErr(field, "StringValueTooBig", "The string value is too big.", s)
				}
			}
		case pkAddrs:
			p.v.Addrs = parseAddrs(ch)
			if len(p.v.Addrs) == 0 {
				return nil, vErr(field, "EmptyValueFound", "An empty value was found.", "")
			}
			for _, a := range p.v.Addrs {
				if !strings.Contains(a.Address, "@") {
					return nil, vErr(field, "InvalidAddress", "The e-mail address is not valid.", a.Address)
				}
			}
		case pkBool:
			b, err := parseBool(ch.Text())
			if err != nil {
				return nil, &Fault{Code: ErrorSchemaValidation, Message: fmt.Sprintf("%s is not a boolean.", ch.Tag)}
			}
			p.v.Bool = &b
		case pkEnum:
			t := strings.TrimSpace(ch.Text())
			if !slices.Contains(rulePredicates[i].enum, t) {
				return nil, &Fault{Code: ErrorSchemaValidation, Message: fmt.Sprintf("%q is not a valid %s.", t, ch.Tag)}
			}
			p.v.Text = t
		case pkSize:
			for _, f := range []struct {
				name string
				dst  **int64
			}{{"MinimumSize", &p.v.Min}, {"MaximumSize", &p.v.Max}} {
				if s := child(ch, f.name); s != nil {
					n, err := strconv.ParseInt(strings.TrimSpace(s.Text()), 10, 32)
					if err != nil {
						return nil, &Fault{Code: ErrorSchemaValidation, Message: f.name + " is not an integer."}
					}
					if n < 0 {
						return nil, vErr(field, "SizeLessThanZero", "The size is less than zero.", s.Text())
					}
					*f.dst = &n
				}
			}
			if p.v.Min == nil && p.v.Max == nil {
				return nil, vErr(field, "MissingRangeValue", "The range needs a minimum or a maximum.", "")
			}
			if p.v.Min != nil && p.v.Max != nil && *p.v.Min > *p.v.Max {
				return nil, vErr(field, "InvalidSizeRange", "The minimum size is greater than the maximum size.", "")
			}
		case pkDate:
			for _, f := range []struct {
				name string
				dst  **time.Time
			}{{"StartDateTime", &p.v.Start}, {"EndDateTime", &p.v.End}} {
				if s := child(ch, f.name); s != nil {
					t, err := parseTime(strings.TrimSpace(s.Text()))
					if err != nil {
						return nil, &Fault{Code: ErrorSchemaValidation, Message: f.name + " is not a date and time."}
					}
					*f.dst = &t
				}
			}
			if p.v.Start == nil && p.v.End == nil {
				return nil, vErr(field, "MissingRangeValue", "The range needs a start or an end.", "")
			}
			if p.v.Start != nil && p.v.End != nil && !p.v.Start.Before(*p.v.End) {
				return nil, vErr(field, "InvalidDateRange", "The start is not before the end.", "")
			}
		}
		out = append(out, p)
	}
	return out, nil
}

// parseTargetFolder resolves a TargetFolderIdType.
func (c *call) parseTargetFolder(e *etree.Element, field string) (store.FID, error) {
	for _, ch := range e.ChildElements() {
		if ch.Tag != "FolderId" && ch.Tag != "DistinguishedFolderId" {
			continue
		}
		fid, err := c.resolveFolder(ch)
		if err != nil {
			var ee *Error
			if errors.As(err, &ee) && ee.Code == ErrorInvalidIdMalformed {
				return 0, vErr(field, "InvalidFolderId", "The folder ID is not valid.", attr(ch, "Id"))
			}
			if errors.As(err, &ee) && ee.Code == ErrorAccessDenied {
				return 0, err
			}
			return 0, vErr(field, "FolderDoesNotExist", "The folder does not exist.", attr(ch, "Id"))
		}
		if _, err := c.mb.Folder(c.ctx, fid, []mapi.PropTag{mapi.PidTagDisplayName}); err != nil {
			return 0, vErr(field, "FolderDoesNotExist", "The folder does not exist.", attr(ch, "Id"))
		}
		return fid, nil
	}
	return 0, vErr(field, "MissingParameter", "The target folder is missing.", "")
}

func (c *call) parseRuleActions(e *etree.Element) (ruleActions, error) {
	var a ruleActions
	for _, ch := range e.ChildElements() {
		field := "Action:" + ch.Tag
		boolVal := func() (bool, error) {
			b, err := parseBool(ch.Text())
			if err != nil {
				return false, &Fault{Code: ErrorSchemaValidation, Message: ch.Tag + " is not a boolean."}
			}
			return b, nil
		}
		addrs := func() ([]ruleAddr, error) {
			as := parseAddrs(ch)
			if len(as) == 0 {
				return nil, vErr(field, "EmptyValueFound", "An empty value was found.", "")
			}
			for _, x := range as {
				if !strings.Contains(x.Address, "@") {
					return nil, vErr(field, "InvalidAddress", "The e-mail address is not valid.", x.Address)
				}
			}
			return as, nil
		}
		var err error
		switch ch.Tag {
		case "AssignCategories":
			a.categories = parseStrings(ch)
			if len(a.categories) == 0 || slices.Contains(a.categories, "") {
				return a, vErr(field, "EmptyValueFound", "An empty value was found.", "")
			}
			a.categoriesPresent = true
		case "CopyToFolder":
			a.copyTo, err = c.parseTargetFolder(ch, field)
			a.hasCopy = true
		case "MoveToFolder":
			a.moveTo, err = c.parseTargetFolder(ch, field)
			a.hasMove = true
		case "Delete":
			a.del, err = boolVal()
		case "PermanentDelete":
			a.permDel, err = boolVal()
		case "MarkAsRead":
			a.markRead, err = boolVal()
		case "StopProcessingRules":
			a.stopProcessing, err = boolVal()
		case "MarkImportance":
			a.importance = strings.TrimSpace(ch.Text())
			if !slices.Contains([]string{"Low", "Normal", "High"}, a.importance) {
				return a, &Fault{Code: ErrorSchemaValidation, Message: "MarkImportance is not valid."}
			}
		case "ForwardAsAttachmentToRecipients":
			a.fwdAttach, err = addrs()
		case "ForwardToRecipients":
			a.fwd, err = addrs()
		case "RedirectToRecipients":
			a.redirect, err = addrs()
		case "SendSMSAlertToRecipients":
			a.sms, err = addrs()
		case "ServerReplyWithMessage":
			id, perr := ParseObjectID(attr(ch, "Id"))
			if perr != nil || id.Kind != KindMessage || id.Mailbox != c.mb.Info().MailboxGUID {
				return a, vErr(field, "InvalidValue", "The reply template is not an item of this mailbox.", attr(ch, "Id"))
			}
			a.replyFolder, a.replyMessage, a.hasReply = id.Folder, id.Message, true
		default:
			return a, &Fault{Code: ErrorSchemaValidation, Message: fmt.Sprintf("%s is not a rule action.", ch.Tag)}
		}
		if err != nil {
			return a, err
		}
		a.present = true
	}
	return a, nil
}

// parseRule parses t:Rule. The first error is returned: a
// *ruleValidationError, or a *Fault for schema violations.
func (c *call) parseRule(e *etree.Element) (*ewsRule, error) {
	r := &ewsRule{enabled: true}
	if id := child(e, "RuleId"); id != nil {
		r.hasID = true
		var ok bool
		if r.id, ok = decodeRuleID(id.Text()); !ok {
			return nil, vErr("RuleId", "RuleNotFound", "The rule was not found.", id.Text())
		}
	}
	dn := child(e, "DisplayName")
	if dn == nil {
		return nil, &Fault{Code: ErrorSchemaValidation, Message: "Rule needs a DisplayName."}
	}
	r.name = dn.Text()
	if strings.TrimSpace(r.name) == "" {
		return nil, vErr("DisplayName", "EmptyValueFound", "The display name is empty.", "")
	}
	if len(r.name) > 256 {
		return nil, vErr("DisplayName", "StringValueTooBig", "The display name is too long.", r.name)
	}
	pr := child(e, "Priority")
	if pr == nil {
		return nil, &Fault{Code: ErrorSchemaValidation, Message: "Rule needs a Priority."}
	}
	p, err := strconv.ParseInt(strings.TrimSpace(pr.Text()), 10, 32)
	if err != nil {
		return nil, &Fault{Code: ErrorSchemaValidation, Message: "Priority is not an integer."}
	}
	if p < 1 {
		return nil, vErr("Priority", "InvalidValue", "The priority must be at least 1.", pr.Text())
	}
	r.priority = int32(p)
	if en := child(e, "IsEnabled"); en != nil {
		if r.enabled, err = parseBool(en.Text()); err != nil {
			return nil, &Fault{Code: ErrorSchemaValidation, Message: "IsEnabled is not a boolean."}
		}
	}
	if ns := child(e, "IsNotSupported"); ns != nil {
		if b, _ := parseBool(ns.Text()); b {
			return nil, vErr("IsNotSupported", "NotSettable", "IsNotSupported cannot be set.", ns.Text())
		}
	}
	if ie := child(e, "IsInError"); ie != nil {
		if b, _ := parseBool(ie.Text()); b {
			return nil, vErr("IsInError", "NotSettable", "IsInError cannot be set.", ie.Text())
		}
	}
	if cs := child(e, "Conditions"); cs != nil {
		if r.conditions, err = parsePredicates(cs, "Condition"); err != nil {
			return nil, err
		}
	}
	if ex := child(e, "Exceptions"); ex != nil {
		if r.exceptions, err = parsePredicates(ex, "Exception"); err != nil {
			return nil, err
		}
	}
	if ac := child(e, "Actions"); ac != nil {
		if r.actions, err = c.parseRuleActions(ac); err != nil {
			return nil, err
		}
	}
	if len(c.actionBlocksFor(&r.actions, nil)) == 0 && !r.actions.stopProcessing {
		return nil, vErr("Actions", "MissingAction", "The rule has no action.", "")
	}
	return r, nil
}

// --- EWS rule ⇄ MAPI rule ---

func addrList(as []ruleAddr) []string {
	out := make([]string, len(as))
	for i, a := range as {
		out[i] = a.Address
	}
	return out
}

// content matches a string property (or any value of a multi-valued
// one: the TaggedValue is single-valued, [MS-OXCDATA] 2.12.4).
func content(tag mapi.PropTag, s string, low mapi.FuzzyLevelLow) mapi.Restriction {
	vt := mapi.NewPropTag(tag.ID(), mapi.PtypString)
	return mapi.ContentRestriction{FuzzyLevelLow: low, FuzzyLevelHigh: mapi.FuzzyIgnoreCase, PropTag: tag, Value: mapi.PropValue{Tag: vt, Value: s}}
}

func propEq(tag mapi.PropTag, v any) mapi.Restriction {
	return mapi.PropertyRestriction{RelOp: mapi.RelOpEqual, PropTag: tag, Value: mapi.PropValue{Tag: tag, Value: v}}
}

func orOf(rs []mapi.Restriction) mapi.Restriction {
	if len(rs) == 1 {
		return rs[0]
	}
	return mapi.OrRestriction{Restricts: rs}
}

func anyContent(tags []mapi.PropTag, strs []string) mapi.Restriction {
	var rs []mapi.Restriction
	for _, s := range strs {
		for _, t := range tags {
			rs = append(rs, content(t, s, mapi.FuzzySubstring))
		}
	}
	return orOf(rs)
}

func recipients(r mapi.Restriction) mapi.Restriction {
	return mapi.SubObjectRestriction{SubObject: mapi.PidTagMessageRecipients, Restriction: r}
}

func classPrefix(prefixes ...string) mapi.Restriction {
	var rs []mapi.Restriction
	for _, p := range prefixes {
		rs = append(rs, content(mapi.PidTagMessageClass, p, mapi.FuzzyPrefix))
	}
	return orOf(rs)
}

// Recipient types of PidTagRecipientType ([MS-OXOMSG] 2.2.3.1).
const (
	recipTo = int32(1)
	recipCc = int32(2)
)

// predRestriction returns a predicate's meaning over a delivered message
// in the mailbox of owner, or nil for a predicate with no meaning over
// the stored properties.
func (c *call) predRestriction(p rulePred, owner string, keywords mapi.PropTag) mapi.Restriction {
	v := p.v
	me := propEq(mapi.PidTagSmtpAddress, owner)
	meAs := func(types ...int32) mapi.Restriction {
		var ts []mapi.Restriction
		for _, t := range types {
			ts = append(ts, propEq(mapi.PidTagRecipientType, t))
		}
		return recipients(mapi.AndRestriction{Restricts: []mapi.Restriction{me, orOf(ts)}})
	}
	boolean := func(r mapi.Restriction) mapi.Restriction {
		if v.Bool != nil && !*v.Bool {
			return mapi.NotRestriction{Restriction: r}
		}
		return r
	}
	switch rulePredicates[p.idx].name {
	case "Categories":
		if keywords == 0 {
			return nil
		}
		var rs []mapi.Restriction
		for _, s := range v.Strings {
			rs = append(rs, content(keywords, s, mapi.FuzzyFullString))
		}
		return orOf(rs)
	case "ContainsBodyStrings":
		return anyContent([]mapi.PropTag{mapi.PidTagBody}, v.Strings)
	case "ContainsHeaderStrings":
		return anyContent([]mapi.PropTag{mapi.PidTagTransportMessageHeaders}, v.Strings)
	case "ContainsRecipientStrings":
		return recipients(anyContent([]mapi.PropTag{mapi.PidTagSmtpAddress, mapi.PidTagDisplayName}, v.Strings))
	case "ContainsSenderStrings":
		return anyContent([]mapi.PropTag{mapi.PidTagSenderSmtpAddress, mapi.PidTagSenderName, mapi.PidTagSentRepresentingSmtpAddress}, v.Strings)
	case "ContainsSubjectOrBodyStrings":
		return anyContent([]mapi.PropTag{mapi.PidTagSubject, mapi.PidTagBody}, v.Strings)
	case "ContainsSubjectStrings":
		return anyContent([]mapi.PropTag{mapi.PidTagSubject}, v.Strings)
	case "FlaggedForAction":
		// followupFlagged; the flag's request text (PidLidFlagRequest) is
		// not compared.
		return propEq(mapi.PidTagFlagStatus, int32(2))
	case "FromAddresses":
		var rs []mapi.Restriction
		for _, a := range addrList(v.Addrs) {
			rs = append(rs, propEq(mapi.PidTagSenderSmtpAddress, a), propEq(mapi.PidTagSentRepresentingSmtpAddress, a))
		}
		return orOf(rs)
	case "HasAttachments":
		return propEq(mapi.PidTagHasAttachments, v.Bool != nil && *v.Bool)
	case "Importance":
		return propEq(mapi.PidTagImportance, int32(slices.Index(rulePredicates[p.idx].enum, v.Text)))
	case "Sensitivity":
		return propEq(mapi.PidTagSensitivity, int32(slices.Index(rulePredicates[p.idx].enum, v.Text)))
	case "IsApprovalRequest":
		return boolean(classPrefix("IPM.Note.Microsoft.Approval.Request"))
	case "IsAutomaticForward":
		return boolean(propEq(mapi.PidTagAutoForwarded, true))
	case "IsAutomaticReply":
		return boolean(classPrefix("IPM.Note.Rules.OofTemplate", "IPM.Note.Rules.ReplyTemplate"))
	case "IsEncrypted":
		return boolean(mapi.AndRestriction{Restricts: []mapi.Restriction{classPrefix("IPM.Note.SMIME"), mapi.NotRestriction{Restriction: classPrefix("IPM.Note.SMIME.MultipartSigned")}}})
	case "IsMeetingRequest":
		return boolean(classPrefix("IPM.Schedule.Meeting.Request"))
	case "IsMeetingResponse":
		return boolean(classPrefix("IPM.Schedule.Meeting.Resp"))
	case "IsNDR":
		return boolean(mapi.AndRestriction{Restricts: []mapi.Restriction{classPrefix("REPORT."), content(mapi.PidTagMessageClass, ".NDR", mapi.FuzzySubstring)}})
	case "IsPermissionControlled":
		return boolean(classPrefix("IPM.Note.rpmsg"))
	case "IsReadReceipt":
		return boolean(mapi.AndRestriction{Restricts: []mapi.Restriction{classPrefix("REPORT."), content(mapi.PidTagMessageClass, ".IPNRN", mapi.FuzzySubstring)}})
	case "IsSigned":
		return boolean(classPrefix("IPM.Note.SMIME.MultipartSigned"))
	case "IsVoicemail":
		return boolean(classPrefix("IPM.Note.Microsoft.Voicemail"))
	case "ItemClasses":
		var rs []mapi.Restriction
		for _, s := range v.Strings {
			rs = append(rs, propEq(mapi.PidTagMessageClass, s))
		}
		return orOf(rs)
	case "NotSentToMe":
		return boolean(mapi.NotRestriction{Restriction: meAs(recipTo, recipCc)})
	case "SentCcMe":
		return boolean(meAs(recipCc))
	case "SentToMe":
		return boolean(meAs(recipTo))
	case "SentToOrCcMe":
		return boolean(meAs(recipTo, recipCc))
	case "SentOnlyToMe":
		other := mapi.PropertyRestriction{RelOp: mapi.RelOpNotEqual, PropTag: mapi.PidTagSmtpAddress, Value: mapi.PropValue{Tag: mapi.PidTagSmtpAddress, Value: owner}}
		return boolean(mapi.AndRestriction{Restricts: []mapi.Restriction{meAs(recipTo), mapi.NotRestriction{Restriction: recipients(other)}}})
	case "SentToAddresses":
		var rs []mapi.Restriction
		for _, a := range addrList(v.Addrs) {
			rs = append(rs, propEq(mapi.PidTagSmtpAddress, a))
		}
		return recipients(orOf(rs))
	case "WithinDateRange":
		var rs []mapi.Restriction
		if v.Start != nil {
			rs = append(rs, mapi.PropertyRestriction{RelOp: mapi.RelOpGreaterThanOrEqual, PropTag: mapi.PidTagMessageDeliveryTime, Value: mapi.PropValue{Tag: mapi.PidTagMessageDeliveryTime, Value: *v.Start}})
		}
		if v.End != nil {
			rs = append(rs, mapi.PropertyRestriction{RelOp: mapi.RelOpLessThan, PropTag: mapi.PidTagMessageDeliveryTime, Value: mapi.PropValue{Tag: mapi.PidTagMessageDeliveryTime, Value: *v.End}})
		}
		return mapi.AndRestriction{Restricts: rs}
	case "WithinSizeRange":
		// MinimumSize and MaximumSize are in kilobytes.
		var rs []mapi.Restriction
		if v.Min != nil {
			rs = append(rs, mapi.PropertyRestriction{RelOp: mapi.RelOpGreaterThanOrEqual, PropTag: mapi.PidTagMessageSize, Value: mapi.PropValue{Tag: mapi.PidTagMessageSize, Value: int32(min(*v.Min*1024, 1<<31-1))}})
		}
		if v.Max != nil {
			rs = append(rs, mapi.PropertyRestriction{RelOp: mapi.RelOpLessThanOrEqual, PropTag: mapi.PidTagMessageSize, Value: mapi.PropValue{Tag: mapi.PidTagMessageSize, Value: int32(min(*v.Max*1024, 1<<31-1))}})
		}
		return mapi.AndRestriction{Restricts: rs}
	}
	return nil // MessageClassifications, FromConnectedAccounts
}

func (c *call) predComment(p rulePred, kind, owner string, keywords mapi.PropTag) mapi.Restriction {
	js, _ := json.Marshal(p.v)
	return mapi.CommentRestriction{
		TaggedValues: []mapi.PropValue{
			{Tag: tagPredName, Value: kind + ":" + rulePredicates[p.idx].name},
			{Tag: tagPredValue, Value: js},
		},
		Restriction: c.predRestriction(p, owner, keywords),
	}
}

// keywordsTag returns the mailbox's tag of PidNameKeywords (created when
// create is set; 0 when unmapped).
func (c *call) keywordsTag(create bool) mapi.PropTag {
	x := categoriesExt
	if err := c.resolveNamed([]*extProp{&x}, create); err != nil {
		return 0
	}
	return x.resolved
}

// condition returns PidTagRuleCondition of r.
func (c *call) condition(r *ewsRule, owner string, keywords mapi.PropTag) mapi.Restriction {
	and := mapi.AndRestriction{Restricts: []mapi.Restriction{}}
	for _, p := range r.conditions {
		and.Restricts = append(and.Restricts, c.predComment(p, "Condition", owner, keywords))
	}
	if len(r.exceptions) > 0 {
		var or mapi.OrRestriction
		for _, p := range r.exceptions {
			or.Restricts = append(or.Restricts, c.predComment(p, "Exception", owner, keywords))
		}
		and.Restricts = append(and.Restricts, mapi.NotRestriction{Restriction: or})
	}
	return and
}

func recipientBlocks(as []ruleAddr) mapi.ForwardDelegateAction {
	var f mapi.ForwardDelegateAction
	for _, a := range as {
		name := a.Name
		if name == "" {
			name = a.Address
		}
		f.Recipients = append(f.Recipients, mapi.RecipientBlock{Props: []mapi.PropValue{
			{Tag: mapi.PidTagDisplayName, Value: name},
			{Tag: mapi.PidTagAddressType, Value: "SMTP"},
			{Tag: mapi.PidTagEmailAddress, Value: a.Address},
			{Tag: mapi.PidTagSmtpAddress, Value: a.Address},
			{Tag: mapi.PidTagRecipientType, Value: recipTo},
		}})
	}
	return f
}

func actionFlag(name string) uint32 {
	return ruleActionFlag | uint32(slices.Index(ruleActionNames, name)+1)
}

// actionBlocksFor returns the ActionBlocks of a; deleted is the Deleted
// Items folder (nil while validating: any non-zero FID stands in).
func (c *call) actionBlocksFor(a *ruleActions, deleted *store.FID) []mapi.ActionBlock {
	var out []mapi.ActionBlock
	add := func(name string, t mapi.ActionType, flavor uint32, d mapi.ActionData) {
		out = append(out, mapi.ActionBlock{Type: t, Flavor: flavor, Flags: actionFlag(name), Data: d})
	}
	if a.categoriesPresent {
		add("AssignCategories", mapi.OpTag, 0, mapi.TagAction{Prop: mapi.PropValue{Tag: c.keywordsTag(deleted != nil), Value: a.categories}})
	}
	if a.importance != "" {
		add("MarkImportance", mapi.OpTag, 0, mapi.TagAction{Prop: mapi.PropValue{Tag: mapi.PidTagImportance, Value: int32(slices.Index([]string{"Low", "Normal", "High"}, a.importance))}})
	}
	if a.markRead {
		add("MarkAsRead", mapi.OpMarkAsRead, 0, mapi.RawActionData{})
	}
	if a.hasCopy {
		add("CopyToFolder", mapi.OpCopy, 0, rules.MoveCopy(a.copyTo))
	}
	if len(a.fwd) > 0 {
		add("ForwardToRecipients", mapi.OpForward, 0, recipientBlocks(a.fwd))
	}
	if len(a.fwdAttach) > 0 {
		add("ForwardAsAttachmentToRecipients", mapi.OpForward, rules.FwdAsAttachment, recipientBlocks(a.fwdAttach))
	}
	if len(a.redirect) > 0 {
		add("RedirectToRecipients", mapi.OpForward, rules.FwdPreserveSender|rules.FwdDoNotMungeMsg, recipientBlocks(a.redirect))
	}
	if len(a.sms) > 0 {
		add("SendSMSAlertToRecipients", mapi.OpForward, rules.FwdAsSMSAlert, recipientBlocks(a.sms))
	}
	if a.hasReply {
		add("ServerReplyWithMessage", mapi.OpReply, 0, mapi.ReplyAction{TemplateFolderID: uint64(a.replyFolder), TemplateMessageID: uint64(a.replyMessage), TemplateGUID: a.replyGUID})
	}
	if a.hasMove {
		add("MoveToFolder", mapi.OpMove, 0, rules.MoveCopy(a.moveTo))
	}
	if a.del {
		fid := store.FID(1)
		if deleted != nil {
			fid = *deleted
		}
		add("Delete", mapi.OpMove, 0, rules.MoveCopy(fid))
	}
	if a.permDel {
		add("PermanentDelete", mapi.OpDelete, 0, mapi.RawActionData{})
	}
	// StopProcessingRules is ST_EXIT_LEVEL, not a block.
	return out
}

// ruleProps returns the properties of r as a standard rule.
func (c *call) ruleProps(r *ewsRule, deleted store.FID) []mapi.PropValue {
	state := store.RuleState(0)
	if r.enabled {
		state |= store.RuleEnabled
	}
	if r.actions.stopProcessing {
		state |= store.RuleExitLevel
	}
	kw := mapi.PropTag(0)
	if hasCategories(r) {
		kw = c.keywordsTag(true)
	}
	return []mapi.PropValue{
		{Tag: mapi.PidTagRuleName, Value: r.name},
		{Tag: mapi.PidTagRuleSequence, Value: r.priority},
		{Tag: mapi.PidTagRuleState, Value: int32(state)},
		{Tag: mapi.PidTagRuleProvider, Value: ruleProvider},
		{Tag: mapi.PidTagRuleLevel, Value: int32(0)},
		{Tag: mapi.PidTagRuleCondition, Value: c.condition(r, c.user, kw)},
		{Tag: mapi.PidTagRuleActions, Value: mapi.RuleActions{Actions: c.actionBlocksFor(&r.actions, &deleted)}},
	}
}

func hasCategories(r *ewsRule) bool {
	for _, ps := range [][]rulePred{r.conditions, r.exceptions} {
		for _, p := range ps {
			if rulePredicates[p.idx].name == "Categories" {
				return true
			}
		}
	}
	return r.actions.categoriesPresent
}

// fromStored reads a stored rule back as an EWS rule; what EWS cannot
// show sets unsupported.
func (c *call) fromStored(s *store.Rule) *ewsRule {
	r := &ewsRule{id: s.ID, hasID: true, name: s.Name, priority: int32(min(s.Sequence, 1<<31-1)),
		enabled: s.State&store.RuleEnabled != 0, inError: s.State&(store.RuleError|store.RuleParseError) != 0}
	r.actions.stopProcessing = s.State&store.RuleExitLevel != 0
	if !c.readCondition(r, s.Condition) || !c.readActions(r, s.Actions) {
		r.unsupported = true
		r.conditions, r.exceptions, r.actions = nil, nil, ruleActions{stopProcessing: r.actions.stopProcessing}
	}
	return r
}

func readComment(res mapi.Restriction, kind string) (rulePred, bool) {
	cm, ok := res.(mapi.CommentRestriction)
	if !ok || len(cm.TaggedValues) != 2 {
		return rulePred{}, false
	}
	name, _ := cm.TaggedValues[0].Value.(string)
	js, _ := cm.TaggedValues[1].Value.([]byte)
	if cm.TaggedValues[0].Tag.ID() != tagPredName.ID() || cm.TaggedValues[1].Tag.ID() != tagPredValue.ID() {
		return rulePred{}, false
	}
	pname, ok := strings.CutPrefix(name, kind+":")
	i := predIndex(pname)
	if !ok || i < 0 {
		return rulePred{}, false
	}
	p := rulePred{idx: i}
	if json.Unmarshal(js, &p.v) != nil {
		return rulePred{}, false
	}
	return p, true
}

func (c *call) readCondition(r *ewsRule, cond mapi.Restriction) bool {
	if cond == nil {
		return true
	}
	and, ok := cond.(mapi.AndRestriction)
	if !ok {
		return false
	}
	for i, ch := range and.Restricts {
		if p, ok := readComment(ch, "Condition"); ok {
			r.conditions = append(r.conditions, p)
			continue
		}
		not, ok := ch.(mapi.NotRestriction)
		if !ok || i != len(and.Restricts)-1 {
			return false
		}
		or, ok := not.Restriction.(mapi.OrRestriction)
		if !ok {
			return false
		}
		for _, x := range or.Restricts {
			p, ok := readComment(x, "Exception")
			if !ok {
				return false
			}
			r.exceptions = append(r.exceptions, p)
		}
	}
	return true
}

func addrsOf(d mapi.ActionData) ([]ruleAddr, bool) {
	f, ok := d.(mapi.ForwardDelegateAction)
	if !ok {
		return nil, false
	}
	var out []ruleAddr
	for _, rb := range f.Recipients {
		var a ruleAddr
		for _, p := range rb.Props {
			s, _ := p.Value.(string)
			switch p.Tag.ID() {
			case mapi.PidTagDisplayName.ID():
				a.Name = s
			case mapi.PidTagSmtpAddress.ID():
				a.Address = s
			case mapi.PidTagEmailAddress.ID():
				if a.Address == "" {
					a.Address = s
				}
			}
		}
		if strings.EqualFold(a.Name, a.Address) {
			a.Name = "" // recipientBlocks' stand-in for a missing Name
		}
		out = append(out, a)
	}
	return out, len(out) > 0
}

func (c *call) readActions(r *ewsRule, ra mapi.RuleActions) bool {
	a := &r.actions
	info := c.mb.Info()
	for _, b := range ra.Actions {
		name := ""
		if b.Flags&0xFFFF0000 == ruleActionFlag {
			if i := int(b.Flags & 0xFF); i >= 1 && i <= len(ruleActionNames) {
				name = ruleActionNames[i-1]
			}
		}
		ok := true
		switch b.Type {
		case mapi.OpTag:
			t, isTag := b.Data.(mapi.TagAction)
			switch {
			case !isTag:
				ok = false
			case t.Prop.Tag == mapi.PidTagImportance:
				v, _ := t.Prop.Value.(int32)
				if v < 0 || v > 2 {
					return false
				}
				a.importance = []string{"Low", "Normal", "High"}[v]
			default:
				ss, isStrs := t.Prop.Value.([]string)
				ok = isStrs && name == "AssignCategories"
				a.categories, a.categoriesPresent = ss, true
			}
		case mapi.OpMarkAsRead:
			a.markRead = true
		case mapi.OpDelete:
			a.permDel = true
		case mapi.OpMove, mapi.OpCopy:
			m, isMC := b.Data.(mapi.MoveCopyAction)
			if !isMC {
				return false
			}
			fid, inStore := rules.TargetFolder(info, m)
			switch {
			case !inStore:
				ok = false
			case b.Type == mapi.OpCopy:
				a.copyTo, a.hasCopy = fid, true
			case name == "Delete":
				a.del = true
			default:
				a.moveTo, a.hasMove = fid, true
			}
		case mapi.OpForward:
			as, isFwd := addrsOf(b.Data)
			switch {
			case !isFwd:
				ok = false
			case b.Flavor&(rules.FwdPreserveSender|rules.FwdDoNotMungeMsg) == rules.FwdPreserveSender|rules.FwdDoNotMungeMsg:
				a.redirect = as
			case b.Flavor&rules.FwdAsAttachment != 0:
				a.fwdAttach = as
			case b.Flavor&rules.FwdAsSMSAlert != 0:
				a.sms = as
			default:
				a.fwd = as
			}
		case mapi.OpReply:
			rp, isReply := b.Data.(mapi.ReplyAction)
			ok = isReply && rp.TemplateMessageID != 0
			a.replyFolder, a.replyMessage, a.hasReply = store.FID(rp.TemplateFolderID), store.MID(rp.TemplateMessageID), true
			a.replyGUID = rp.TemplateGUID
		default:
			ok = false
		}
		if !ok {
			return false
		}
	}
	return true
}

// --- writing ---

func (c *call) writeAddrs(name string, as []ruleAddr) {
	c.w.open(name)
	for _, a := range as {
		c.w.open("t:Address")
		if a.Name != "" {
			c.w.elem("t:Name", a.Name)
		}
		c.w.elem("t:EmailAddress", a.Address)
		c.w.elem("t:RoutingType", "SMTP")
		c.w.close("t:Address")
	}
	c.w.close(name)
}

func (c *call) writeStrings(name string, ss []string) {
	c.w.open(name)
	for _, s := range ss {
		c.w.elem("t:String", s)
	}
	c.w.close(name)
}

func (c *call) writePredicates(name string, ps []rulePred) {
	if len(ps) == 0 {
		return
	}
	sorted := slices.Clone(ps)
	slices.SortStableFunc(sorted, func(a, b rulePred) int { return a.idx - b.idx })
	c.w.open(name)
	for _, p := range sorted {
		el := "t:" + rulePredicates[p.idx].name
		switch rulePredicates[p.idx].kind {
		case pkStrings:
			c.writeStrings(el, p.v.Strings)
		case pkAddrs:
			c.writeAddrs(el, p.v.Addrs)
		case pkBool:
			c.w.elemBool(el, p.v.Bool != nil && *p.v.Bool)
		case pkEnum:
			c.w.elem(el, p.v.Text)
		case pkSize:
			c.w.open(el)
			if p.v.Min != nil {
				c.w.elemInt("t:MinimumSize", *p.v.Min)
			}
			if p.v.Max != nil {
				c.w.elemInt("t:MaximumSize", *p.v.Max)
			}
			c.w.close(el)
		case pkDate:
			c.w.open(el)
			if p.v.Start != nil {
				c.w.elemTime("t:StartDateTime", *p.v.Start)
			}
			if p.v.End != nil {
				c.w.elemTime("t:EndDateTime", *p.v.End)
			}
			c.w.close(el)
		}
	}
	c.w.close(name)
}

func (c *call) writeTarget(name string, fid store.FID) {
	c.w.open(name)
	ck := []byte(nil)
	if f, err := c.mb.Folder(c.ctx, fid, []mapi.PropTag{mapi.PidTagChangeKey}); err == nil {
		ck, _ = getBytes(f.Props, mapi.PidTagChangeKey)
	}
	c.writeFolderID("t:FolderId", fid, ck)
	c.w.close(name)
}

func (c *call) writeRuleActions(a *ruleActions) {
	c.w.open("t:Actions")
	if a.categoriesPresent {
		c.writeStrings("t:AssignCategories", a.categories)
	}
	if a.hasCopy {
		c.writeTarget("t:CopyToFolder", a.copyTo)
	}
	if a.del {
		c.w.elemBool("t:Delete", true)
	}
	if len(a.fwdAttach) > 0 {
		c.writeAddrs("t:ForwardAsAttachmentToRecipients", a.fwdAttach)
	}
	if len(a.fwd) > 0 {
		c.writeAddrs("t:ForwardToRecipients", a.fwd)
	}
	if a.importance != "" {
		c.w.elem("t:MarkImportance", a.importance)
	}
	if a.markRead {
		c.w.elemBool("t:MarkAsRead", true)
	}
	if a.hasMove {
		c.writeTarget("t:MoveToFolder", a.moveTo)
	}
	if a.permDel {
		c.w.elemBool("t:PermanentDelete", true)
	}
	if len(a.redirect) > 0 {
		c.writeAddrs("t:RedirectToRecipients", a.redirect)
	}
	if len(a.sms) > 0 {
		c.writeAddrs("t:SendSMSAlertToRecipients", a.sms)
	}
	if a.hasReply {
		c.w.raw(`<t:ServerReplyWithMessage Id="`)
		c.w.b = ObjectID{Kind: KindMessage, Mailbox: c.mailboxGUID(), Folder: a.replyFolder, Message: a.replyMessage}.AppendText(c.w.b)
		c.w.raw(`"/>`)
	}
	if a.stopProcessing {
		c.w.elemBool("t:StopProcessingRules", true)
	}
	c.w.close("t:Actions")
}

func (c *call) writeRule(r *ewsRule) {
	c.w.open("t:Rule")
	c.w.elem("t:RuleId", encodeRuleID(r.id))
	c.w.elem("t:DisplayName", r.name)
	c.w.elemInt("t:Priority", int64(r.priority))
	c.w.elemBool("t:IsEnabled", r.enabled)
	c.w.elemBool("t:IsNotSupported", r.unsupported)
	c.w.elemBool("t:IsInError", r.inError)
	c.writePredicates("t:Conditions", r.conditions)
	c.writePredicates("t:Exceptions", r.exceptions)
	c.writeRuleActions(&r.actions)
	c.w.close("t:Rule")
}

// --- operations ---

// rulesMailbox checks MailboxSmtpAddress (the caller's own mailbox only)
// and returns the caller's rule store and Inbox.
func (c *call) rulesMailbox() (store.RuleStore, store.FID, error) {
	if addr := strings.TrimSpace(childText(c.req.Body, "MailboxSmtpAddress")); addr != "" && !c.isSelf(addr) {
		// Delegate access to another mailbox's rules is not implemented.
		return nil, 0, errorf(ErrorAccessDenied, "Access is denied to the rules of %s.", addr)
	}
	rs, ok := c.mb.(store.RuleStore)
	if !ok {
		return nil, 0, errorf(ErrorInvalidOperation, "The mailbox store keeps no rules.")
	}
	inbox, err := c.mb.SpecialFolder(c.ctx, store.FolderInbox)
	if err != nil {
		return nil, 0, err
	}
	return rs, inbox, nil
}

// ruleResponseStart opens a response that is itself a response message
// (GetInboxRulesResponse, UpdateInboxRulesResponse: ResponseMessageType).
func (c *call) ruleResponseStart(op string, err error) {
	c.w.raw(`<m:` + op + `Response xmlns:m="` + nsMessages + `" xmlns:t="` + nsTypes + `" ResponseClass="`)
	if err == nil {
		c.w.raw(`Success"><m:ResponseCode>NoError</m:ResponseCode>`)
		return
	}
	e := toError(err, ErrorItemNotFound)
	if e.Code == ErrorInternalServerError {
		c.h.logger().Error("ews: operation failed", "op", c.req.Operation, "user", c.user, "err", err)
	}
	c.w.raw(`Error"><m:MessageText>`)
	c.w.text(e.Message)
	c.w.raw(`</m:MessageText><m:ResponseCode>`)
	c.w.text(string(e.Code))
	c.w.raw(`</m:ResponseCode><m:DescriptiveLinkKey>0</m:DescriptiveLinkKey>`)
}

// getInboxRules implements GetInboxRules ([MS-OXWSRULES] 3.1.4.1): the
// RuleOrganizer rules of the caller's Inbox.
func (c *call) getInboxRules() error {
	if _, err := c.mailbox(); err != nil {
		return err
	}
	defer c.w.raw(`</m:GetInboxRulesResponse>`)
	rs, inbox, err := c.rulesMailbox()
	var list []store.Rule
	if err == nil {
		list, err = rs.Rules(c.ctx, inbox)
	}
	c.ruleResponseStart("GetInboxRules", err)
	if err != nil {
		return nil
	}
	// No Outlook rule blob (the rules-table FAI message Outlook keeps
	// its own rule representation in) is kept.
	c.w.elemBool("m:OutlookRuleBlobExists", false)
	c.w.open("m:InboxRules")
	for i := range list {
		if list[i].Provider != ruleProvider {
			continue
		}
		c.writeRule(c.fromStored(&list[i]))
	}
	c.w.close("m:InboxRules")
	return nil
}

// updateInboxRules implements UpdateInboxRules ([MS-OXWSRULES] 3.1.4.2):
// every operation is validated first; if any fails, none is applied and
// the response lists the failures (ErrorInboxRulesValidationError with
// RuleOperationErrors), as Exchange does. Otherwise all operations are
// applied in one ModifyRules call.
func (c *call) updateInboxRules() error {
	if _, err := c.mailbox(); err != nil {
		return err
	}
	ops := child(c.req.Body, "Operations")
	if ops == nil || len(ops.ChildElements()) == 0 {
		return &Fault{Code: ErrorSchemaValidation, Message: "UpdateInboxRules needs Operations."}
	}
	defer c.w.raw(`</m:UpdateInboxRulesResponse>`)
	rs, inbox, err := c.rulesMailbox()
	var current []store.Rule
	if err == nil {
		current, err = rs.Rules(c.ctx, inbox)
	}
	if err != nil {
		c.ruleResponseStart("UpdateInboxRules", err)
		return nil
	}
	deleted, err := c.mb.SpecialFolder(c.ctx, store.FolderDeletedItems)
	if err != nil {
		c.ruleResponseStart("UpdateInboxRules", err)
		return nil
	}
	known := map[uint64]*store.Rule{}
	for i := range current {
		if current[i].Provider == ruleProvider {
			known[current[i].ID] = &current[i]
		}
	}
	type opErr struct {
		index int
		err   *ruleValidationError
	}
	var (
		changes []store.RuleChange
		errs    []opErr
		touched = map[uint64]bool{}
	)
	for i, op := range ops.ChildElements() {
		verr := func(err error) error {
			var ve *ruleValidationError
			if errors.As(err, &ve) {
				errs = append(errs, opErr{i, ve})
				return nil
			}
			return err
		}
		var id uint64
		switch op.Tag {
		case "DeleteRuleOperation":
			rid := childText(op, "RuleId")
			var ok bool
			if id, ok = decodeRuleID(rid); !ok || known[id] == nil {
				errs = append(errs, opErr{i, vErr("RuleId", "RuleNotFound", "The rule was not found.", rid)})
				continue
			}
			changes = append(changes, store.RuleChange{Op: store.RuleRemove, Props: []mapi.PropValue{{Tag: mapi.PidTagRuleId, Value: int64(id)}}})
		case "CreateRuleOperation", "SetRuleOperation":
			re := child(op, "Rule")
			if re == nil {
				return &Fault{Code: ErrorSchemaValidation, Message: op.Tag + " needs a Rule."}
			}
			r, err := c.parseRule(re)
			if err != nil {
				if err := verr(err); err != nil {
					return err
				}
				continue
			}
			if err := c.replyTemplate(&r.actions, inbox); err != nil { // autoreply_rules.go
				if err := verr(err); err != nil {
					return err
				}
				continue
			}
			props := c.ruleProps(r, deleted)
			if op.Tag == "CreateRuleOperation" {
				if r.hasID {
					errs = append(errs, opErr{i, vErr("RuleId", "CreateWithRuleId", "A new rule cannot have a RuleId.", encodeRuleID(r.id))})
					continue
				}
				changes = append(changes, store.RuleChange{Op: store.RuleAdd, Props: props})
				continue
			}
			id = r.id
			if !r.hasID {
				errs = append(errs, opErr{i, vErr("RuleId", "MissingParameter", "The rule to set needs a RuleId.", "")})
				continue
			}
			if known[id] == nil {
				errs = append(errs, opErr{i, vErr("RuleId", "RuleNotFound", "The rule was not found.", encodeRuleID(id))})
				continue
			}
			if c.fromStored(known[id]).unsupported {
				errs = append(errs, opErr{i, vErr("IsNotSupported", "UnsupportedRule", "The rule cannot be changed through EWS.", encodeRuleID(id))})
				continue
			}
			changes = append(changes, store.RuleChange{Op: store.RuleModify, Props: append([]mapi.PropValue{{Tag: mapi.PidTagRuleId, Value: int64(id)}}, props...)})
		default:
			return &Fault{Code: ErrorSchemaValidation, Message: fmt.Sprintf("%s is not a rule operation.", op.Tag)}
		}
		if touched[id] {
			errs = append(errs, opErr{i, vErr("RuleId", "DuplicatedOperationOnTheSameRule", "The rule is changed twice.", encodeRuleID(id))})
			continue
		}
		touched[id] = true
	}
	if len(errs) > 0 {
		c.ruleResponseStart("UpdateInboxRules", errorf("ErrorInboxRulesValidationError", "Validation error(s) found in rule operations."))
		c.w.open("m:RuleOperationErrors")
		for _, e := range errs {
			c.w.open("t:RuleOperationError")
			c.w.elemInt("t:OperationIndex", int64(e.index))
			c.w.open("t:ValidationErrors")
			c.w.open("t:Error")
			c.w.elem("t:FieldURI", e.err.field)
			c.w.elem("t:ErrorCode", e.err.code)
			c.w.elem("t:ErrorMessage", e.err.msg)
			c.w.elem("t:FieldValue", e.err.value)
			c.w.close("t:Error")
			c.w.close("t:ValidationErrors")
			c.w.close("t:RuleOperationError")
		}
		c.w.close("m:RuleOperationErrors")
		return nil
	}
	_, err = rs.ModifyRules(c.ctx, inbox, false, changes)
	if errors.Is(err, store.ErrQuotaExceeded) {
		err = errorf("ErrorRulesOverQuota", "The rules exceed the mailbox's rule quota.")
	}
	c.ruleResponseStart("UpdateInboxRules", err)
	return nil
}
