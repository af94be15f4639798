package oxcmail

import (
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/oxkit/oxkit/internal/wire"
	"github.com/oxkit/oxkit/mapi"
)

// TNEF ([MS-OXTNEF]): the application/ms-tnef body part ("winmail.dat")
// that carries a MAPI message's properties, recipients and attachments
// through Internet mail. A stream is the signature, a legacy key, then
// attributes, each Level (1 message, 2 attachment), ID (type<<16 | id),
// Length, Data and a 16-bit checksum of Data ([MS-OXTNEF] 2.1.3.1,
// 2.1.3.2). attMsgProps, attAttachment and attRecipTable hold MAPI
// properties in TNEF's own property encoding ([MS-OXTNEF] 2.1.3.4).

// TNEFSignature is the first DWORD of every TNEF stream ([MS-OXTNEF] 2.1.3.1).
const TNEFSignature uint32 = 0x223E9F78

// TNEF attribute levels ([MS-OXTNEF] 2.1.3.2).
const (
	tnefLevelMessage    = 0x01
	tnefLevelAttachment = 0x02
)

// TNEFAttribute is a TNEF attribute ID: the attribute type in the high 16
// bits, the identifier in the low 16 ([MS-OXTNEF] 2.1.3.3).
type TNEFAttribute uint32

// Attributes of [MS-OXTNEF] 2.1.3.3.
const (
	AttOwner                   TNEFAttribute = 0x00060000
	AttSentFor                 TNEFAttribute = 0x00060001
	AttDelegate                TNEFAttribute = 0x00060002
	AttOriginalMessageClass    TNEFAttribute = 0x00070006
	AttDateStart               TNEFAttribute = 0x00030006
	AttDateEnd                 TNEFAttribute = 0x00030007
	AttAidOwner                TNEFAttribute = 0x00050008
	AttRequestRes              TNEFAttribute = 0x00040009
	AttFrom                    TNEFAttribute = 0x00008000
	AttSubject                 TNEFAttribute = 0x00018004
	AttDateSent                TNEFAttribute = 0x00038005
	AttDateRecd                TNEFAttribute = 0x00038006
	AttMessageStatus           TNEFAttribute = 0x00068007
	AttMessageClass            TNEFAttribute = 0x00078008
	AttMessageID               TNEFAttribute = 0x00018009
	AttParentID                TNEFAttribute = 0x0001800A
	AttConversationID          TNEFAttribute = 0x0001800B
	AttBody                    TNEFAttribute = 0x0002800C
	AttPriority                TNEFAttribute = 0x0004800D
	AttAttachData              TNEFAttribute = 0x0006800F
	AttAttachTitle             TNEFAttribute = 0x00018010
	AttAttachMetaFile          TNEFAttribute = 0x00068011
	AttAttachCreateDate        TNEFAttribute = 0x00038012
	AttAttachModifyDate        TNEFAttribute = 0x00038013
	AttDateModified            TNEFAttribute = 0x00038020
	AttAttachTransportFilename TNEFAttribute = 0x00069001
	AttAttachRendData          TNEFAttribute = 0x00069002
	AttMsgProps                TNEFAttribute = 0x00069003
	AttRecipTable              TNEFAttribute = 0x00069004
	AttAttachment              TNEFAttribute = 0x00069005
	AttTnefVersion             TNEFAttribute = 0x00089006
	AttOemCodepage             TNEFAttribute = 0x00069007
)

var tnefAttrNames = map[TNEFAttribute]string{
	AttOwner: "attOwner", AttSentFor: "attSentFor", AttDelegate: "attDelegate",
	AttOriginalMessageClass: "attOriginalMessageClass", AttDateStart: "attDateStart",
	AttDateEnd: "attDateEnd", AttAidOwner: "attAidOwner", AttRequestRes: "attRequestRes",
	AttFrom: "attFrom", AttSubject: "attSubject", AttDateSent: "attDateSent",
	AttDateRecd: "attDateRecd", AttMessageStatus: "attMessageStatus",
	AttMessageClass: "attMessageClass", AttMessageID: "attMessageID",
	AttParentID: "attParentID", AttConversationID: "attConversationID", AttBody: "attBody",
	AttPriority: "attPriority", AttAttachData: "attAttachData", AttAttachTitle: "attAttachTitle",
	AttAttachMetaFile: "attAttachMetaFile", AttAttachCreateDate: "attAttachCreateDate",
	AttAttachModifyDate: "attAttachModifyDate", AttDateModified: "attDateModified",
	AttAttachTransportFilename: "attAttachTransportFilename", AttAttachRendData: "attAttachRendData",
	AttMsgProps: "attMsgProps", AttRecipTable: "attRecipTable", AttAttachment: "attAttachment",
	AttTnefVersion: "attTnefVersion", AttOemCodepage: "attOemCodepage",
}

// String returns the spec name ("attSubject") or "TNEFAttribute(0x...)".
func (a TNEFAttribute) String() string {
	if n, ok := tnefAttrNames[a]; ok {
		return n
	}
	return fmt.Sprintf("TNEFAttribute(0x%08X)", uint32(a))
}

// attOriginalMessageClassAlt is the ID some writers use for
// attOriginalMessageClass.
//
// QUIRK: tnef.h defines attOriginalMessageClass as PROP_TAG(atpWord,
// 0x0006) = 0x00070006, but several TNEF implementations (gromox among
// them) use 0x00070600; both are read.
const attOriginalMessageClassAlt TNEFAttribute = 0x00070600

// Interface identifiers of PtypObject values in TNEF ([MS-OXTNEF] 2.1.3.4.1).
var (
	iidIMessage = mapi.NewGUID(0x00020307, 0, 0, 0xC000, 0x000000000046)
	iidIStorage = mapi.NewGUID(0x0000000B, 0, 0, 0xC000, 0x000000000046)
)

// Attach methods of PidTagAttachMethod ([MS-OXCMSG] 2.2.2.9).
const (
	attachByValue         int32 = 1
	attachEmbeddedMessage int32 = 5
	attachOLE             int32 = 6
)

// TNEF errors, wrapped in *TNEFError.
var (
	ErrTNEFSignature   = errors.New("not a TNEF stream (bad signature)")
	ErrTNEFChecksum    = errors.New("attribute checksum mismatch")
	ErrTNEFType        = errors.New("unsupported property type")
	ErrTNEFValueCount  = errors.New("single-valued property with a value count other than 1")
	ErrTNEFTooDeep     = errors.New("embedded messages nested too deeply")
	ErrTNEFTooMany     = errors.New("too many properties, recipients or attachments")
	ErrTNEFEncode      = errors.New("value cannot be encoded")
	ErrTNEFAttachLevel = errors.New("attribute at an unknown level")
)

// TNEFError is a TNEF decoding or encoding error. Offset is the byte
// offset in the outermost stream (decoding; -1 when encoding), Attr the
// attribute being processed (0 when none).
type TNEFError struct {
	Offset int
	Attr   TNEFAttribute
	Err    error
}

func (e *TNEFError) Error() string {
	if e.Attr != 0 {
		return fmt.Sprintf("oxcmail: TNEF %v at offset %d: %v", e.Attr, e.Offset, e.Err)
	}
	return fmt.Sprintf("oxcmail: TNEF at offset %d: %v", e.Offset, e.Err)
}

func (e *TNEFError) Unwrap() error { return e.Err }

// TNEFOptions bound DecodeTNEF and tune EncodeTNEF; nil or zero fields
// mean the documented defaults.
type TNEFOptions struct {
	// MaxDepth bounds the nesting of embedded messages (attachments whose
	// PR_ATTACH_DATA_OBJ is an IID_IMessage object); default 8.
	MaxDepth int
	// MaxProperties bounds the properties of the whole stream (message,
	// recipients, attachments and embedded messages together); default
	// 100,000.
	MaxProperties int
	// MaxRecipients and MaxAttachments bound the recipient rows and the
	// attachments of the whole stream; default 10,000 each.
	MaxRecipients  int
	MaxAttachments int
	// IgnoreChecksums makes DecodeTNEF accept attributes whose checksum
	// does not match their data.
	IgnoreChecksums bool
	// Key is the legacy attachment key EncodeTNEF writes; 0 means 1.
	Key uint16
}

// Default TNEF limits.
const (
	DefaultTNEFMaxDepth       = 8
	DefaultTNEFMaxProperties  = 100000
	DefaultTNEFMaxRecipients  = 10000
	DefaultTNEFMaxAttachments = 10000
)

func (o *TNEFOptions) maxDepth() int {
	if o != nil && o.MaxDepth > 0 {
		return o.MaxDepth
	}
	return DefaultTNEFMaxDepth
}

func (o *TNEFOptions) maxProps() int {
	if o != nil && o.MaxProperties > 0 {
		return o.MaxProperties
	}
	return DefaultTNEFMaxProperties
}

func (o *TNEFOptions) maxRecips() int {
	if o != nil && o.MaxRecipients > 0 {
		return o.MaxRecipients
	}
	return DefaultTNEFMaxRecipients
}

func (o *TNEFOptions) maxAttach() int {
	if o != nil && o.MaxAttachments > 0 {
		return o.MaxAttachments
	}
	return DefaultTNEFMaxAttachments
}

// tnefDecoder holds the budgets shared by a stream and its embedded
// messages.
type tnefDecoder struct {
	opts    *TNEFOptions
	props   int
	recips  int
	attachs int
}

// DecodeTNEF decodes a TNEF stream into a Message.
//
// Mapped attributes ([MS-OXTNEF] 2.1.3.3: attSubject, attBody,
// attMessageClass, attDateSent, attPriority, attAttachData, ...) become
// their MAPI properties; encapsulated properties (attMsgProps,
// attAttachment, attRecipTable) override a mapped attribute of the same
// property ID, as [MS-OXTNEF] 2.1.3 says. 8-bit strings (mapped attributes
// and PtypString8 properties) are converted to Unicode (PtypString) with
// the stream's attOemCodepage (437 when absent, like
// GetTnefStreamCodepage). Named properties go to Named. An attachment whose
// PR_ATTACH_DATA_OBJ is an embedded message (IID_IMessage) gets Embedded;
// other PtypObject values (OLE storages) are kept as PtypBinary under the
// same property ID, their IID dropped.
//
// Limits: see TNEFOptions. Every count is checked against the remaining
// bytes before allocating; errors are *TNEFError with the offset.
func DecodeTNEF(b []byte, opts *TNEFOptions) (*Message, error) {
	d := &tnefDecoder{opts: opts}
	r := wire.NewReader(b)
	m, err := d.stream(r, 0)
	if err != nil {
		return nil, err
	}
	return m, nil
}

// tnefObject accumulates one message or attachment: mapped-attribute
// properties first, then encapsulated ones that override them.
type tnefObject struct {
	legacy   []mapi.PropValue
	props    []mapi.PropValue
	named    []NamedValue
	embedded *Message
	propIdx  map[mapi.PropTag]int
	nameIdx  map[nameKey]int
}

func (o *tnefObject) setLegacy(tag mapi.PropTag, v any) { set(&o.legacy, tag, v) }

// add merges encapsulated properties; a repeated tag or name keeps the
// last value (a property bag holds each property once). Indexes keep it
// linear in the number of properties.
func (o *tnefObject) add(props []mapi.PropValue, named []NamedValue) {
	if o.propIdx == nil {
		o.propIdx = make(map[mapi.PropTag]int)
	}
	for _, p := range props {
		if i, ok := o.propIdx[p.Tag]; ok {
			o.props[i].Value = p.Value
			continue
		}
		o.propIdx[p.Tag] = len(o.props)
		o.props = append(o.props, p)
	}
	if len(named) > 0 && o.nameIdx == nil {
		o.nameIdx = make(map[nameKey]int)
	}
	for _, n := range named {
		k := nameKey{n.Name.Kind, n.Name.GUID, n.Name.LID, n.Name.Name}
		if n.Name.Kind == mapi.NameKindID {
			k.name = ""
		} else {
			k.lid = 0
		}
		if i, ok := o.nameIdx[k]; ok {
			o.named[i].Type, o.named[i].Value = n.Type, n.Value
			continue
		}
		o.nameIdx[k] = len(o.named)
		o.named = append(o.named, n)
	}
}

type nameKey struct {
	kind mapi.NameKind
	guid mapi.GUID
	lid  uint32
	name string
}

// merged returns the object's properties: mapped attributes whose ID no
// encapsulated property has, then the encapsulated properties.
func (o *tnefObject) merged() []mapi.PropValue {
	if len(o.legacy) == 0 {
		return o.props
	}
	ids := make(map[mapi.PropID]bool, len(o.props))
	for _, p := range o.props {
		ids[p.Tag.ID()] = true
	}
	out := make([]mapi.PropValue, 0, len(o.legacy)+len(o.props))
	for _, l := range o.legacy {
		if !ids[l.Tag.ID()] {
			out = append(out, l)
		}
	}
	return append(out, o.props...)
}

func (d *tnefDecoder) fail(r *wire.Reader, attr TNEFAttribute, err error) error {
	var we *wire.Error
	if errors.As(err, &we) {
		return &TNEFError{Offset: we.Offset, Attr: attr, Err: err}
	}
	return &TNEFError{Offset: r.Offset(), Attr: attr, Err: err}
}

// stream decodes a whole TNEF stream (signature onwards) from r.
func (d *tnefDecoder) stream(r *wire.Reader, depth int) (*Message, error) {
	start := r.Offset()
	if sig := r.Uint32(); r.Err() != nil || sig != TNEFSignature {
		if r.Err() != nil {
			return nil, d.fail(r, 0, r.Err())
		}
		return nil, &TNEFError{Offset: start, Err: fmt.Errorf("%w: 0x%08X", ErrTNEFSignature, sig)}
	}
	r.Uint16() // legacy key
	codepage := 437
	var msg tnefObject
	var recips []Recipient
	var atts []*tnefObject
	var cur *tnefObject
	for r.Remaining() > 0 {
		attrOff := r.Offset()
		level := r.Uint8()
		attr := TNEFAttribute(r.Uint32())
		n := r.Uint32()
		if r.Err() != nil {
			return nil, d.fail(r, attr, r.Err())
		}
		if uint64(n) > uint64(r.Remaining()) {
			return nil, &TNEFError{Offset: r.Offset(), Attr: attr, Err: fmt.Errorf("%w: length %d, %d bytes left", wire.ErrShort, n, r.Remaining())}
		}
		ar := r.Sub(int(n))
		data := ar.Rest()
		sum := r.Uint16()
		if r.Err() != nil {
			return nil, d.fail(r, attr, r.Err())
		}
		if !(d.opts != nil && d.opts.IgnoreChecksums) {
			var s uint16
			for _, c := range data {
				s += uint16(c)
			}
			if s != sum {
				return nil, &TNEFError{Offset: attrOff, Attr: attr, Err: fmt.Errorf("%w: 0x%04X, computed 0x%04X", ErrTNEFChecksum, sum, s)}
			}
		}
		var err error
		switch level {
		case tnefLevelMessage:
			err = d.messageAttr(ar, attr, data, &msg, &recips, &codepage, depth)
		case tnefLevelAttachment:
			if attr == AttAttachRendData || cur == nil {
				if d.attachs >= d.opts.maxAttach() {
					return nil, &TNEFError{Offset: attrOff, Attr: attr, Err: ErrTNEFTooMany}
				}
				d.attachs++
				cur = &tnefObject{}
				atts = append(atts, cur)
				if attr != AttAttachRendData {
					// QUIRK: an attachment whose first attribute is not
					// attAttachRendData gets the values of a default one.
					cur.setLegacy(mapi.PidTagAttachMethod, attachByValue)
					cur.setLegacy(mapi.PidTagRenderingPosition, int32(-1))
				}
			}
			err = d.attachAttr(ar, attr, data, cur, codepage, depth)
		default:
			err = &TNEFError{Offset: attrOff, Attr: attr, Err: fmt.Errorf("%w 0x%02X", ErrTNEFAttachLevel, level)}
		}
		if err != nil {
			var te *TNEFError
			if errors.As(err, &te) {
				return nil, err
			}
			return nil, d.fail(ar, attr, err)
		}
	}
	m := &Message{Props: msg.merged(), Named: msg.named, Recipients: recips}
	for _, a := range atts {
		props := a.merged()
		emb := a.embedded
		if emb == nil {
			var err error
			if props, emb, err = d.binaryEmbedded(props, depth); err != nil {
				return nil, err
			}
		}
		m.Attachments = append(m.Attachments, Attachment{Props: props, Named: a.named, Embedded: emb})
	}
	return m, nil
}

// tnefDTR decodes the 14-byte DTR of attDate attributes ([MS-OXTNEF]
// 2.1.3.3.x, "Date attributes"): year, month, day, hour, minute, second,
// day of week. It reports false for out-of-range fields.
func tnefDTR(b []byte) (time.Time, bool) {
	if len(b) < 12 {
		return time.Time{}, false
	}
	f := func(i int) int { return int(b[2*i]) | int(b[2*i+1])<<8 }
	y, mo, dd, h, mi, s := f(0), f(1), f(2), f(3), f(4), f(5)
	if y < 1601 || y > 9999 || mo < 1 || mo > 12 || dd < 1 || dd > 31 || h > 23 || mi > 59 || s > 59 {
		return time.Time{}, false
	}
	t := time.Date(y, time.Month(mo), dd, h, mi, s, 0, time.UTC)
	if t.Day() != dd {
		return time.Time{}, false
	}
	return t, true
}

func appendDTR(b []byte, t time.Time) []byte {
	t = t.UTC()
	for _, v := range []int{t.Year(), int(t.Month()), t.Day(), t.Hour(), t.Minute(), t.Second(), int(t.Weekday())} {
		b = wire.AppendUint16(b, uint16(v))
	}
	return b
}

// cstring returns b up to its first NUL.
func cstring(b []byte) []byte {
	for i, c := range b {
		if c == 0 {
			return b[:i]
		}
	}
	return b
}

// tnefMessageClass maps the legacy class names of attMessageClass to MAPI
// message classes ([MS-OXTNEF] 2.1.3.3.x, attMessageClass).
func tnefMessageClass(s string) string {
	switch s {
	case "IPM.Microsoft Mail.Note":
		return "IPM.Note"
	case "IPM.Microsoft Mail.Read Receipt":
		return "Report.IPM.Note.IPNRN"
	case "IPM.Microsoft Mail.Non-Delivery":
		return "Report.IPM.Note.NDR"
	case "IPM.Microsoft Schedule.MtgReq":
		return "IPM.Schedule.Meeting.Request"
	case "IPM.Microsoft Schedule.MtgRespP":
		return "IPM.Schedule.Meeting.Resp.Pos"
	case "IPM.Microsoft Schedule.MtgRespN":
		return "IPM.Schedule.Meeting.Resp.Neg"
	case "IPM.Microsoft Schedule.MtgRespA":
		return "IPM.Schedule.Meeting.Resp.Tent"
	case "IPM.Microsoft Schedule.MtgCncl":
		return "IPM.Schedule.Meeting.Canceled"
	}
	return s
}

func (d *tnefDecoder) messageAttr(r *wire.Reader, attr TNEFAttribute, data []byte, o *tnefObject, recips *[]Recipient, codepage *int, depth int) error {
	str := func() string { return decodeCodepage(cstring(data), *codepage) }
	switch attr {
	case AttTnefVersion:
	case AttOemCodepage:
		cp := r.Uint32()
		if r.Err() != nil {
			return r.Err()
		}
		*codepage = int(cp)
	case AttMessageClass:
		o.setLegacy(mapi.PidTagMessageClass, tnefMessageClass(str()))
	case AttOriginalMessageClass, attOriginalMessageClassAlt:
		o.setLegacy(mapi.PidTagOriginalMessageClass, tnefMessageClass(str()))
	case AttSubject:
		o.setLegacy(mapi.PidTagSubject, str())
	case AttBody:
		o.setLegacy(mapi.PidTagBody, str())
	case AttMessageID:
		if k, err := hex.DecodeString(string(cstring(data))); err == nil {
			o.setLegacy(mapi.PidTagSearchKey, k)
		}
	case AttParentID:
		if k, err := hex.DecodeString(string(cstring(data))); err == nil {
			o.setLegacy(mapi.PidTagParentKey, k)
		}
	case AttDateSent, AttDateRecd, AttDateModified, AttDateStart, AttDateEnd:
		t, ok := tnefDTR(data)
		if !ok {
			return nil // QUIRK: an invalid legacy date is dropped, not fatal.
		}
		tag := map[TNEFAttribute]mapi.PropTag{
			AttDateSent: mapi.PidTagClientSubmitTime, AttDateRecd: mapi.PidTagMessageDeliveryTime,
			AttDateModified: mapi.PidTagLastModificationTime, AttDateStart: mapi.PidTagStartDate,
			AttDateEnd: mapi.PidTagEndDate,
		}[attr]
		o.setLegacy(tag, t)
	case AttPriority:
		p := r.Uint16()
		if r.Err() != nil {
			return r.Err()
		}
		// attPriority 1 high, 2 normal, 3 low → PidTagImportance 2, 1, 0.
		switch p {
		case 1:
			o.setLegacy(mapi.PidTagImportance, int32(2))
		case 3:
			o.setLegacy(mapi.PidTagImportance, int32(0))
		default:
			o.setLegacy(mapi.PidTagImportance, int32(1))
		}
	case AttMessageStatus:
		// Legacy status bits; the encapsulated PidTagMessageFlags is
		// authoritative, so this attribute is not mapped.
	case AttAidOwner:
		v := r.Uint32()
		if r.Err() != nil {
			return r.Err()
		}
		o.setLegacy(mapi.PidTagOwnerAppointmentId, int32(v))
	case AttRequestRes:
		v := r.Uint16()
		if r.Err() != nil {
			return r.Err()
		}
		o.setLegacy(mapi.PidTagResponseRequested, v != 0)
	case AttMsgProps:
		props, named, _, err := d.propList(r, *codepage, depth, false)
		if err != nil {
			return err
		}
		o.add(props, named)
	case AttRecipTable:
		rows := int(r.Uint32())
		if !r.CheckCount("attRecipTable rows", rows, 4) {
			return r.Err()
		}
		if rows > d.opts.maxRecips()-d.recips {
			return ErrTNEFTooMany
		}
		d.recips += rows
		for range rows {
			props, _, _, err := d.propList(r, *codepage, depth, false)
			if err != nil {
				return err
			}
			var row tnefObject
			row.add(props, nil)
			*recips = append(*recips, Recipient{Props: row.props})
		}
	default:
		// attFrom, attOwner, attSentFor, attDelegate, attConversationID:
		// their properties travel encapsulated too; the legacy forms are
		// ignored.
	}
	return nil
}

func (d *tnefDecoder) attachAttr(r *wire.Reader, attr TNEFAttribute, data []byte, o *tnefObject, codepage, depth int) error {
	switch attr {
	case AttAttachRendData:
		// RENDDATA: atyp WORD, ulPosition DWORD, dxWidth, dyHeight WORD,
		// dwFlags DWORD ([MS-OXTNEF] 2.1.3.3.15).
		atyp := r.Uint16()
		pos := r.Uint32()
		if r.Err() != nil {
			return r.Err()
		}
		method := attachByValue
		if atyp == 2 {
			method = attachOLE
		}
		o.setLegacy(mapi.PidTagAttachMethod, method)
		o.setLegacy(mapi.PidTagRenderingPosition, int32(pos))
	case AttAttachData:
		o.setLegacy(mapi.PidTagAttachDataBinary, append([]byte(nil), data...))
	case AttAttachTitle:
		o.setLegacy(mapi.PidTagAttachFilename, decodeCodepage(cstring(data), codepage))
	case AttAttachMetaFile:
		o.setLegacy(mapi.PidTagAttachRendering, append([]byte(nil), data...))
	case AttAttachCreateDate, AttAttachModifyDate:
		if t, ok := tnefDTR(data); ok {
			tag := mapi.PidTagCreationTime
			if attr == AttAttachModifyDate {
				tag = mapi.PidTagLastModificationTime
			}
			o.setLegacy(tag, t)
		}
	case AttAttachTransportFilename:
		o.setLegacy(mapi.PidTagAttachTransportName, decodeCodepage(cstring(data), codepage))
	case AttAttachment:
		props, named, emb, err := d.propList(r, codepage, depth, true)
		if err != nil {
			return err
		}
		o.add(props, named)
		if emb != nil {
			o.embedded = emb
		}
	}
	return nil
}

// tnefTypeOK reports whether t is a type the TNEF property encoding can
// carry ([MS-OXTNEF] 2.1.3.4).
func tnefTypeOK(t mapi.PropType) bool {
	switch t {
	case mapi.PtypNull, mapi.PtypInteger16, mapi.PtypInteger32, mapi.PtypFloating32, mapi.PtypFloating64,
		mapi.PtypCurrency, mapi.PtypFloatingTime, mapi.PtypErrorCode, mapi.PtypBoolean,
		mapi.PtypInteger64, mapi.PtypString8, mapi.PtypString, mapi.PtypTime, mapi.PtypGuid,
		mapi.PtypBinary, mapi.PtypObject,
		mapi.PtypMultipleInteger16, mapi.PtypMultipleInteger32, mapi.PtypMultipleFloating32,
		mapi.PtypMultipleFloating64, mapi.PtypMultipleCurrency, mapi.PtypMultipleFloatingTime,
		mapi.PtypMultipleInteger64, mapi.PtypMultipleString8, mapi.PtypMultipleString,
		mapi.PtypMultipleTime, mapi.PtypMultipleGuid, mapi.PtypMultipleBinary:
		return true
	}
	return false
}

// pad4 skips the padding after n bytes of value data.
func pad4(r *wire.Reader, n int) {
	if p := (4 - n%4) % 4; p > 0 {
		r.Skip(p)
	}
}

// propList decodes a counted property list ([MS-OXTNEF] 2.1.3.4:
// MsgPropertyList). With attach set, a PR_ATTACH_DATA_OBJ holding an
// embedded message is returned as the third result.
func (d *tnefDecoder) propList(r *wire.Reader, codepage, depth int, attach bool) ([]mapi.PropValue, []NamedValue, *Message, error) {
	count := int(r.Uint32())
	// A property is at least a 4-byte tag and a 4-byte value.
	if !r.CheckCount("property count", count, 8) {
		return nil, nil, nil, r.Err()
	}
	if count > d.opts.maxProps()-d.props {
		return nil, nil, nil, &TNEFError{Offset: r.Offset(), Err: ErrTNEFTooMany}
	}
	d.props += count
	var props []mapi.PropValue
	var named []NamedValue
	var emb *Message
	for range count {
		tagOff := r.Offset()
		tag := mapi.PropTag(r.Uint32())
		typ := tag.Type()
		var pn *mapi.PropertyName
		if tag.ID().IsNamed() {
			var name mapi.PropertyName
			copy(name.GUID[:], r.Bytes(16))
			kind := r.Uint32()
			switch kind {
			case 0:
				name.Kind = mapi.NameKindID
				name.LID = r.Uint32()
			case 1:
				name.Kind = mapi.NameKindString
				n := int(r.Uint32())
				if !r.CheckCount("property name length", n, 1) {
					return nil, nil, nil, r.Err()
				}
				b := r.Bytes(n)
				pad4(r, n)
				name.Name = strings.TrimRight(wire.DecodeUTF16(b), "\x00")
			default:
				return nil, nil, nil, &TNEFError{Offset: r.Offset() - 4, Err: fmt.Errorf("property name kind %d", kind)}
			}
			pn = &name
		}
		if r.Err() != nil {
			return nil, nil, nil, r.Err()
		}
		if !tnefTypeOK(typ) {
			return nil, nil, nil, &TNEFError{Offset: tagOff, Err: fmt.Errorf("%w %v in tag 0x%08X", ErrTNEFType, typ, uint32(tag))}
		}
		v, outTyp, obj, err := d.value(r, typ, codepage, depth, attach && tag == mapi.PidTagAttachDataObject)
		if err != nil {
			return nil, nil, nil, err
		}
		if obj != nil {
			emb = obj
			continue
		}
		if pn != nil {
			named = append(named, NamedValue{Name: *pn, Type: outTyp, Value: v})
			continue
		}
		props = append(props, mapi.PropValue{Tag: tag.WithType(outTyp), Value: v})
	}
	return props, named, emb, nil
}

// value decodes one property value of type typ. 8-bit strings come back
// as PtypString; objects other than embedded messages as PtypBinary.
func (d *tnefDecoder) value(r *wire.Reader, typ mapi.PropType, codepage, depth int, attachObj bool) (any, mapi.PropType, *Message, error) {
	fixed := func(t mapi.PropType) any {
		switch t {
		case mapi.PtypInteger16:
			v := int16(r.Uint16())
			r.Skip(2)
			return v
		case mapi.PtypBoolean:
			v := r.Uint16() != 0
			r.Skip(2)
			return v
		case mapi.PtypInteger32:
			return int32(r.Uint32())
		case mapi.PtypErrorCode:
			return mapi.ErrorCode(r.Uint32())
		case mapi.PtypFloating32:
			return r.Float32()
		case mapi.PtypFloating64:
			return r.Float64()
		case mapi.PtypCurrency:
			return mapi.Currency(r.Uint64())
		case mapi.PtypFloatingTime:
			return mapi.FloatingTime(r.Float64())
		case mapi.PtypInteger64:
			return int64(r.Uint64())
		case mapi.PtypTime:
			return mapi.FiletimeToTime(r.Uint64())
		case mapi.PtypGuid:
			var g mapi.GUID
			copy(g[:], r.Bytes(16))
			return g
		}
		return nil
	}
	// variable reads one counted, padded value.
	variable := func() []byte {
		n := int(r.Uint32())
		if !r.CheckCount("value size", n, 1) {
			return nil
		}
		b := r.Bytes(n)
		pad4(r, n)
		return b
	}
	str8 := func(b []byte) string {
		if len(b) > 0 && b[len(b)-1] == 0 {
			b = b[:len(b)-1]
		}
		return decodeCodepage(b, codepage)
	}
	str16 := func(b []byte) string {
		if n := len(b) &^ 1; n >= 2 && b[n-1] == 0 && b[n-2] == 0 {
			b = b[:n-2]
		}
		return wire.DecodeUTF16(b)
	}
	if typ == mapi.PtypNull {
		return nil, typ, nil, nil // no value bytes
	}
	if !typ.IsMultiple() && typ.FixedSize() > 0 {
		v := fixed(typ)
		return v, typ, nil, r.Err()
	}
	if !typ.IsMultiple() {
		off := r.Offset()
		if c := r.Uint32(); c != 1 {
			if r.Err() != nil {
				return nil, 0, nil, r.Err()
			}
			return nil, 0, nil, &TNEFError{Offset: off, Err: fmt.Errorf("%w: %d", ErrTNEFValueCount, c)}
		}
		if typ == mapi.PtypObject {
			n := int(r.Uint32())
			if !r.CheckCount("object size", n, 1) {
				return nil, 0, nil, r.Err()
			}
			objOff := r.Offset()
			sub := r.Sub(n)
			pad4(r, n)
			if r.Err() != nil {
				return nil, 0, nil, r.Err()
			}
			var iid mapi.GUID
			if n >= 16 {
				copy(iid[:], sub.Bytes(16))
			}
			if attachObj && n >= 16 && iid == iidIMessage {
				if depth+1 > d.opts.maxDepth() {
					return nil, 0, nil, &TNEFError{Offset: objOff, Err: ErrTNEFTooDeep}
				}
				emb, err := d.stream(sub, depth+1)
				if err != nil {
					return nil, 0, nil, err
				}
				return nil, 0, emb, nil
			}
			// QUIRK: other objects (IID_IStorage OLE data) are kept as
			// PtypBinary without their IID.
			return append([]byte(nil), sub.Rest()...), mapi.PtypBinary, nil, nil
		}
		b := variable()
		if r.Err() != nil {
			return nil, 0, nil, r.Err()
		}
		switch typ {
		case mapi.PtypString8:
			return str8(b), mapi.PtypString, nil, nil
		case mapi.PtypString:
			return str16(b), mapi.PtypString, nil, nil
		case mapi.PtypBinary:
			return append([]byte(nil), b...), mapi.PtypBinary, nil, nil
		}
		return nil, 0, nil, fmt.Errorf("%w %v", ErrTNEFType, typ)
	}
	count := int(r.Uint32())
	single := typ.Single()
	min := single.FixedSize()
	if min == 0 || min < 4 {
		min = 4
	}
	if !r.CheckCount("multi-value count", count, min) {
		return nil, 0, nil, r.Err()
	}
	if count > d.opts.maxProps()-d.props {
		return nil, 0, nil, &TNEFError{Offset: r.Offset(), Err: ErrTNEFTooMany}
	}
	d.props += count
	switch single {
	case mapi.PtypString8, mapi.PtypString:
		out := make([]string, 0, count)
		for range count {
			b := variable()
			if single == mapi.PtypString8 {
				out = append(out, str8(b))
			} else {
				out = append(out, str16(b))
			}
		}
		return out, mapi.PtypMultipleString, nil, r.Err()
	case mapi.PtypBinary:
		out := make([][]byte, 0, count)
		for range count {
			out = append(out, append([]byte(nil), variable()...))
		}
		return out, typ, nil, r.Err()
	case mapi.PtypInteger16:
		out := make([]int16, 0, count)
		for range count {
			out = append(out, fixed(single).(int16))
		}
		return out, typ, nil, r.Err()
	case mapi.PtypInteger32:
		out := make([]int32, 0, count)
		for range count {
			out = append(out, fixed(single).(int32))
		}
		return out, typ, nil, r.Err()
	case mapi.PtypFloating32:
		out := make([]float32, 0, count)
		for range count {
			out = append(out, fixed(single).(float32))
		}
		return out, typ, nil, r.Err()
	case mapi.PtypFloating64:
		out := make([]float64, 0, count)
		for range count {
			out = append(out, fixed(single).(float64))
		}
		return out, typ, nil, r.Err()
	case mapi.PtypCurrency:
		out := make([]mapi.Currency, 0, count)
		for range count {
			out = append(out, fixed(single).(mapi.Currency))
		}
		return out, typ, nil, r.Err()
	case mapi.PtypFloatingTime:
		out := make([]mapi.FloatingTime, 0, count)
		for range count {
			out = append(out, fixed(single).(mapi.FloatingTime))
		}
		return out, typ, nil, r.Err()
	case mapi.PtypInteger64:
		out := make([]int64, 0, count)
		for range count {
			out = append(out, fixed(single).(int64))
		}
		return out, typ, nil, r.Err()
	case mapi.PtypTime:
		out := make([]time.Time, 0, count)
		for range count {
			out = append(out, fixed(single).(time.Time))
		}
		return out, typ, nil, r.Err()
	case mapi.PtypGuid:
		out := make([]mapi.GUID, 0, count)
		for range count {
			out = append(out, fixed(single).(mapi.GUID))
		}
		return out, typ, nil, r.Err()
	}
	return nil, 0, nil, fmt.Errorf("%w %v", ErrTNEFType, typ)
}

// binaryEmbedded handles an embedded message whose data travels as
// PtypBinary PidTagAttachDataBinary rather than as an IID_IMessage object:
// when PidTagAttachMethod is afEmbeddedMessage and the binary data is a
// TNEF stream, it is decoded into the embedded message and the binary
// property dropped (if it does not decode, or would nest too deeply, the
// bytes stay as they are).
//
// QUIRK: MimeKit's TNEF reader accepts this form (TnefPropertyReader:
// "a value of an attachment whose AttachMethod ... is EmbeddedMessage").
func (d *tnefDecoder) binaryEmbedded(props []mapi.PropValue, depth int) ([]mapi.PropValue, *Message, error) {
	if m, _ := Get(props, mapi.PidTagAttachMethod).(int32); m != attachEmbeddedMessage {
		return props, nil, nil
	}
	data, _ := Get(props, mapi.PidTagAttachDataBinary).([]byte)
	if len(data) < 4 || uint32(data[0])|uint32(data[1])<<8|uint32(data[2])<<16|uint32(data[3])<<24 != TNEFSignature {
		return props, nil, nil
	}
	if depth+1 > d.opts.maxDepth() {
		return props, nil, nil
	}
	emb, err := d.stream(wire.NewReader(data), depth+1)
	if err != nil {
		// Not a usable TNEF stream after all: keep the bytes.
		return props, nil, nil
	}
	out := props[:0:0]
	for _, p := range props {
		if p.Tag != mapi.PidTagAttachDataBinary {
			out = append(out, p)
		}
	}
	return out, emb, nil
}
