package ews

import (
	"strings"

	"github.com/beevik/etree"
	"github.com/oxkit/oxkit/mapi"
)

// maxRestrictionNodes bounds the size of a converted restriction.
const maxRestrictionNodes = 1024

// restrictionConv converts an EWS Restriction ([MS-OXWSSRCH] 2.2.4.34
// RestrictionType, the SearchExpression substitution group) to a
// mapi.Restriction over the store's properties.
type restrictionConv struct {
	c       *call
	folder  bool // paths are folder: fields
	persona bool // paths are persona: fields (people2.go)
	nodes   int
}

// restrictableItemTags maps item FieldURIs to the one property a
// restriction or sort compares.
var restrictableItemTags = map[string]mapi.PropTag{
	"item:subject":                   mapi.PidTagSubject,
	"item:itemclass":                 mapi.PidTagMessageClass,
	"item:datetimereceived":          mapi.PidTagMessageDeliveryTime,
	"item:datetimesent":              mapi.PidTagClientSubmitTime,
	"item:datetimecreated":           mapi.PidTagCreationTime,
	"item:lastmodifiedtime":          mapi.PidTagLastModificationTime,
	"item:size":                      mapi.PidTagMessageSize,
	"item:importance":                mapi.PidTagImportance,
	"item:sensitivity":               mapi.PidTagSensitivity,
	"item:hasattachments":            mapi.PidTagHasAttachments,
	"item:displayto":                 mapi.PidTagDisplayTo,
	"item:displaycc":                 mapi.PidTagDisplayCc,
	"item:inreplyto":                 mapi.PidTagInReplyToId,
	"item:body":                      mapi.PidTagBody,
	"message:internetmessageid":      mapi.PidTagInternetMessageId,
	"message:conversationtopic":      mapi.PidTagConversationTopic,
	"message:from":                   mapi.PidTagSentRepresentingSmtpAddress,
	"message:sender":                 mapi.PidTagSenderSmtpAddress,
	"message:isreadreceiptrequested": mapi.PidTagReadReceiptRequested,
	"message:references":             mapi.PidTagInternetReferences,
}

var restrictableFolderTags = map[string]mapi.PropTag{
	"folder:displayname": mapi.PidTagDisplayName,
	"folder:folderclass": mapi.PidTagContainerClass,
	"folder:totalcount":  mapi.PidTagContentCount,
	"folder:unreadcount": mapi.PidTagContentUnreadCount,
}

// flagFields are boolean fields stored as bits of PidTagMessageFlags.
var flagFields = map[string]uint32{
	"message:isread":    msgflagRead,
	"item:isdraft":      msgflagUnsent,
	"item:issubmitted":  msgflagSubmitted,
	"item:isfromme":     msgflagFromMe,
	"item:isresend":     msgflagResend,
	"item:isunmodified": msgflagUnmodified,
	"item:isassociated": msgflagAssociated,
}

// pathTag returns the tag a path compares (0 for a named property the
// mailbox has never seen).
func (r *restrictionConv) pathTag(pp propPath) (mapi.PropTag, error) {
	if r.persona {
		return personaPathTag(pp)
	}
	switch pp.kind {
	case pathExtended:
		x := pp.ext
		if err := r.c.resolveNamed([]*extProp{&x}, false); err != nil {
			return 0, err
		}
		return x.resolved, nil
	case pathField:
		m := restrictableItemTags
		if r.folder {
			m = restrictableFolderTags
		}
		if t, ok := m[pp.uri]; ok {
			return t, nil
		}
		if f, ok := itemFieldURIs[pp.uri]; ok && !r.folder {
			if np, ok := fieldNamed[f]; ok && f != fIsMeeting && f != fIsCancelled {
				return r.c.namedTag(np, false)
			}
			if cs, ok := contactStrings[f]; ok {
				return cs.tag, nil
			}
		}
	case pathIndexed:
		if r.folder {
			break
		}
		switch pp.uri {
		case "item:internetmessageheader":
			return r.c.headerTag(pp.index)
		case "contacts:emailaddress":
			k := pp.index
			if len(k) == len("EmailAddress1") && strings.HasPrefix(k, "EmailAddress") && k[12] >= '1' && k[12] <= '3' {
				return r.c.namedTag(emailNamed[k[12]-'1'][0], false)
			}
		case "contacts:phonenumber":
			for _, pk := range phoneKeys {
				if pk.key == pp.index {
					return pk.tag, nil
				}
			}
		}
	}
	if !r.folder {
		if t, ok, err := r.c.contactXPathTag(pp); ok { // contacts2.go
			return t, err
		}
		if t, ok := contact3PathTag(pp); ok { // contacts3.go
			return t, nil
		}
	}
	return 0, errorf(ErrorUnsupportedPathForQuery, "The property path %s is not supported in a restriction.", pp.uri)
}

func (r *restrictionConv) convert(e *etree.Element) (mapi.Restriction, error) {
	kids := e.ChildElements()
	if len(kids) != 1 {
		return nil, &Fault{Code: ErrorSchemaValidation, Message: "A Restriction holds exactly one search expression."}
	}
	res, err := r.expr(kids[0], 0)
	if err != nil {
		var f *Fault
		if asFault(err, &f) {
			return nil, f
		}
		e := toError(err, ErrorInvalidRequest)
		return nil, &Fault{Code: e.Code, Message: e.Message, Err: e.Err}
	}
	return res, nil
}

func asFault(err error, f **Fault) bool {
	x, ok := err.(*Fault)
	if ok {
		*f = x
	}
	return ok
}

// never is a restriction no row satisfies (an empty OR).
var never = mapi.OrRestriction{}

func (r *restrictionConv) expr(e *etree.Element, depth int) (mapi.Restriction, error) {
	r.nodes++
	if depth > 32 || r.nodes > maxRestrictionNodes {
		return nil, &Fault{Code: ErrorInvalidRequest, Message: "The restriction is too complex."}
	}
	switch e.Tag {
	case "And", "Or":
		var subs []mapi.Restriction
		for _, k := range e.ChildElements() {
			s, err := r.expr(k, depth+1)
			if err != nil {
				return nil, err
			}
			subs = append(subs, s)
		}
		if e.Tag == "And" {
			return mapi.AndRestriction{Restricts: subs}, nil
		}
		return mapi.OrRestriction{Restricts: subs}, nil
	case "Not":
		kids := e.ChildElements()
		if len(kids) != 1 {
			return nil, &Fault{Code: ErrorSchemaValidation, Message: "Not holds exactly one search expression."}
		}
		s, err := r.expr(kids[0], depth+1)
		if err != nil {
			return nil, err
		}
		return mapi.NotRestriction{Restriction: s}, nil
	case "Exists":
		pp, err := r.onlyPath(e)
		if err != nil {
			return nil, err
		}
		if _, ok := flagFields[pp.uri]; ok && pp.kind == pathField {
			return mapi.ExistRestriction{PropTag: mapi.PidTagMessageFlags}, nil
		}
		tag, err := r.pathTag(pp)
		if err != nil {
			return nil, err
		}
		if tag == 0 {
			return never, nil
		}
		return mapi.ExistRestriction{PropTag: tag}, nil
	case "Excludes":
		pp, err := r.onlyPath(e)
		if err != nil {
			return nil, err
		}
		tag, err := r.pathTag(pp)
		if err != nil {
			return nil, err
		}
		mask, err := parseValue(mapi.PtypInteger32, attr(child(e, "Bitmask"), "Value"))
		if err != nil {
			// QUIRK: clients write the mask in hex ("0x10").
			s := strings.TrimPrefix(strings.ToLower(attr(child(e, "Bitmask"), "Value")), "0x")
			v, perr := parseHex32(s)
			if perr != nil {
				return nil, err
			}
			mask = int32(v)
		}
		if tag == 0 {
			return mapi.AndRestriction{}, nil
		}
		return mapi.BitmaskRestriction{BitmapRelOp: mapi.BitmaskEqualZero, PropTag: tag, Mask: uint32(mask.(int32))}, nil
	case "Contains":
		return r.contains(e)
	case "IsEqualTo", "IsNotEqualTo", "IsGreaterThan", "IsGreaterThanOrEqualTo", "IsLessThan", "IsLessThanOrEqualTo":
		return r.compare(e)
	}
	return nil, &Fault{Code: ErrorSchemaValidation, Message: e.Tag + " is not a search expression."}
}

func parseHex32(s string) (uint32, error) {
	var v uint32
	if s == "" || len(s) > 8 {
		return 0, errorf(ErrorInvalidRequest, "bad hex")
	}
	for _, c := range s {
		switch {
		case c >= '0' && c <= '9':
			v = v<<4 | uint32(c-'0')
		case c >= 'a' && c <= 'f':
			v = v<<4 | uint32(c-'a'+10)
		default:
			return 0, errorf(ErrorInvalidRequest, "bad hex")
		}
	}
	return v, nil
}

// onlyPath returns the path child of e.
func (r *restrictionConv) onlyPath(e *etree.Element) (propPath, error) {
	for _, k := range e.ChildElements() {
		switch k.Tag {
		case "FieldURI", "IndexedFieldURI", "ExtendedFieldURI":
			return parsePath(k)
		}
	}
	return propPath{}, &Fault{Code: ErrorSchemaValidation, Message: e.Tag + " needs a property path."}
}

func (r *restrictionConv) contains(e *etree.Element) (mapi.Restriction, error) {
	pp, err := r.onlyPath(e)
	if err != nil {
		return nil, err
	}
	tag, err := r.pathTag(pp)
	if err != nil {
		return nil, err
	}
	if tag == 0 {
		return never, nil
	}
	val := attr(child(e, "Constant"), "Value")
	var low mapi.FuzzyLevelLow
	switch attr(e, "ContainmentMode") {
	case "FullString", "":
		low = mapi.FuzzyFullString
	case "Prefixed":
		low = mapi.FuzzyPrefix
	case "Substring":
		low = mapi.FuzzySubstring
	case "PrefixOnWords":
		low = mapi.FuzzyPrefixOnAnyWord
	case "ExactPhrase":
		low = mapi.FuzzyPhraseMatch
	default:
		return nil, &Fault{Code: ErrorSchemaValidation, Message: "ContainmentMode is not valid."}
	}
	var high mapi.FuzzyLevelHigh
	switch attr(e, "ContainmentComparison") {
	case "Exact", "":
	case "IgnoreCase":
		high = mapi.FuzzyIgnoreCase
	case "IgnoreNonSpacingCharacters":
		high = mapi.FuzzyIgnoreNonSpace
	case "Loose", "IgnoreCaseAndNonSpacingCharacters", "LooseAndIgnoreCase", "LooseAndIgnoreNonSpace", "LooseAndIgnoreCaseAndIgnoreNonSpace":
		high = mapi.FuzzyIgnoreCase | mapi.FuzzyIgnoreNonSpace | mapi.FuzzyLoose
	default:
		return nil, &Fault{Code: ErrorSchemaValidation, Message: "ContainmentComparison is not valid."}
	}
	var v any = val
	if tag.Type() == mapi.PtypBinary {
		b, err := base64StdDecode(val)
		if err != nil {
			return nil, errorf(ErrorInvalidValueForProperty, "The constant is not valid base64.")
		}
		v = b
	} else if tag.Type().Single() != mapi.PtypString && tag.Type().Single() != mapi.PtypString8 {
		return nil, errorf(ErrorUnsupportedPathForQuery, "Contains needs a string or binary property.")
	}
	return mapi.ContentRestriction{FuzzyLevelLow: low, FuzzyLevelHigh: high, PropTag: tag, Value: mapi.PropValue{Tag: tag, Value: v}}, nil
}

var relOps = map[string]mapi.RelOp{
	"IsEqualTo":              mapi.RelOpEqual,
	"IsNotEqualTo":           mapi.RelOpNotEqual,
	"IsGreaterThan":          mapi.RelOpGreaterThan,
	"IsGreaterThanOrEqualTo": mapi.RelOpGreaterThanOrEqual,
	"IsLessThan":             mapi.RelOpLessThan,
	"IsLessThanOrEqualTo":    mapi.RelOpLessThanOrEqual,
}

func (r *restrictionConv) compare(e *etree.Element) (mapi.Restriction, error) {
	op := relOps[e.Tag]
	pp, err := r.onlyPath(e)
	if err != nil {
		return nil, err
	}
	foc := child(e, "FieldURIOrConstant")
	if foc == nil || len(foc.ChildElements()) != 1 {
		return nil, &Fault{Code: ErrorSchemaValidation, Message: e.Tag + " needs FieldURIOrConstant."}
	}
	operand := foc.ChildElements()[0]
	if bit, ok := flagFields[pp.uri]; ok && pp.kind == pathField {
		if operand.Tag != "Constant" || (op != mapi.RelOpEqual && op != mapi.RelOpNotEqual) {
			return nil, errorf(ErrorUnsupportedPathForQuery, "%s supports only equality with a constant.", pp.uri)
		}
		want, err := parseBool(attr(operand, "Value"))
		if err != nil {
			return nil, err
		}
		if op == mapi.RelOpNotEqual {
			want = !want
		}
		bop := mapi.BitmaskEqualZero
		if want {
			bop = mapi.BitmaskNotEqualZero
		}
		return mapi.BitmaskRestriction{BitmapRelOp: bop, PropTag: mapi.PidTagMessageFlags, Mask: bit}, nil
	}
	tag, err := r.pathTag(pp)
	if err != nil {
		return nil, err
	}
	if operand.Tag != "Constant" {
		op2, err := parsePath(operand)
		if err != nil {
			return nil, err
		}
		tag2, err := r.pathTag(op2)
		if err != nil {
			return nil, err
		}
		if tag == 0 || tag2 == 0 {
			return never, nil
		}
		return mapi.ComparePropertiesRestriction{RelOp: op, PropTag1: tag, PropTag2: tag2}, nil
	}
	if tag == 0 {
		return never, nil
	}
	s := attr(operand, "Value")
	var v any
	switch {
	case pp.kind == pathField && pp.uri == "item:importance":
		n, ok := map[string]int32{"Low": 0, "Normal": 1, "High": 2}[s]
		if !ok {
			return nil, errorf(ErrorInvalidValueForProperty, "Importance %q is not valid.", s)
		}
		v = n
	case pp.kind == pathField && pp.uri == "item:sensitivity":
		n, ok := map[string]int32{"Normal": 0, "Personal": 1, "Private": 2, "Confidential": 3}[s]
		if !ok {
			return nil, errorf(ErrorInvalidValueForProperty, "Sensitivity %q is not valid.", s)
		}
		v = n
	case pp.kind == pathField && (pp.uri == "contacts:fileasmapping" || pp.uri == "contacts:gender"):
		if v, err = contact3Constant(pp.uri, s); err != nil { // contacts3.go
			return nil, err
		}
	default:
		v, err = parseValue(tag.Type(), s)
		if err != nil {
			return nil, err
		}
	}
	return mapi.PropertyRestriction{RelOp: op, PropTag: tag, Value: mapi.PropValue{Tag: tag, Value: v}}, nil
}
