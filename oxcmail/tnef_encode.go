package oxcmail

import (
	"encoding/hex"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/oxkit/oxkit/internal/wire"
	"github.com/oxkit/oxkit/mapi"
)

// tnefEncodeCodepage is the code page EncodeTNEF declares in
// attOemCodepage and uses for the 8-bit legacy attributes.
const tnefEncodeCodepage = 1252

// EncodeTNEF encodes m as a TNEF stream ([MS-OXTNEF] 2.1.3.1):
// attTnefVersion, attOemCodepage (1252), attMessageClass, then attMsgProps
// with every message property and named property, attRecipTable when m
// has recipients, and per attachment attAttachRendData, attAttachTitle
// and attAttachData (from PidTagAttachFilename and PidTagAttachDataBinary,
// for readers that only know the legacy attributes) and attAttachment with the other properties; an Embedded
// message is written as PR_ATTACH_DATA_OBJ holding an IID_IMessage object
// whose data is a nested TNEF stream.
//
// The output is deterministic. DecodeTNEF of it yields m's properties
// (order aside; PtypString8 values come back as PtypString), plus
// PidTagAttachMethod and PidTagRenderingPosition on attachments lacking
// them (attAttachRendData always carries them). Values whose Go type does
// not match their tag, types TNEF cannot carry (PtypUnspecified,
// PtypServerId, PtypRestriction, PtypRuleAction) and times a FILETIME cannot hold are
// errors; PtypObject values other than an attachment's embedded message
// are skipped.
func EncodeTNEF(m *Message, opts *TNEFOptions) ([]byte, error) {
	key := uint16(1)
	if opts != nil && opts.Key != 0 {
		key = opts.Key
	}
	return appendTNEF(nil, m, key, opts.maxDepth(), 0)
}

func tnefAttr(b []byte, level byte, attr TNEFAttribute, data []byte) []byte {
	b = append(b, level)
	b = wire.AppendUint32(b, uint32(attr))
	b = wire.AppendUint32(b, uint32(len(data)))
	b = append(b, data...)
	var s uint16
	for _, c := range data {
		s += uint16(c)
	}
	return wire.AppendUint16(b, s)
}

func encErr(format string, args ...any) error {
	return &TNEFError{Offset: -1, Err: fmt.Errorf("%w: "+format, append([]any{ErrTNEFEncode}, args...)...)}
}

func appendTNEF(b []byte, m *Message, key uint16, maxDepth, depth int) ([]byte, error) {
	if depth > maxDepth {
		return nil, &TNEFError{Offset: -1, Err: ErrTNEFTooDeep}
	}
	if m == nil {
		m = &Message{}
	}
	b = wire.AppendUint32(b, TNEFSignature)
	b = wire.AppendUint16(b, key)
	b = tnefAttr(b, tnefLevelMessage, AttTnefVersion, wire.AppendUint32(nil, 0x00010000))
	b = tnefAttr(b, tnefLevelMessage, AttOemCodepage, wire.AppendUint32(wire.AppendUint32(nil, tnefEncodeCodepage), 0))
	if cls, ok := Get(m.Props, mapi.PidTagMessageClass).(string); ok {
		b = tnefAttr(b, tnefLevelMessage, AttMessageClass, append(encodeCodepage(tnefLegacyClass(cls), tnefEncodeCodepage), 0))
	}
	b = appendLegacyMessageAttrs(b, m.Props)
	props, err := appendTNEFProps(nil, m.Props, m.Named, nil, key, maxDepth, depth)
	if err != nil {
		return nil, err
	}
	b = tnefAttr(b, tnefLevelMessage, AttMsgProps, props)
	if len(m.Recipients) > 0 {
		rt := wire.AppendUint32(nil, uint32(len(m.Recipients)))
		for _, rc := range m.Recipients {
			rt, err = appendTNEFProps(rt, rc.Props, nil, nil, key, maxDepth, depth)
			if err != nil {
				return nil, err
			}
		}
		b = tnefAttr(b, tnefLevelMessage, AttRecipTable, rt)
	}
	for i := range m.Attachments {
		a := &m.Attachments[i]
		// RENDDATA ([MS-OXTNEF] 2.1.3.3.15): atyp, ulPosition, dxWidth,
		// dyHeight, dwFlags.
		atyp := uint16(1) // atypFile
		if meth, _ := Get(a.Props, mapi.PidTagAttachMethod).(int32); meth == attachOLE {
			atyp = 2 // atypOle
		}
		pos := uint32(0xFFFFFFFF)
		if p, ok := Get(a.Props, mapi.PidTagRenderingPosition).(int32); ok {
			pos = uint32(p)
		}
		rd := wire.AppendUint16(nil, atyp)
		rd = wire.AppendUint32(rd, pos)
		rd = wire.AppendUint16(rd, 0)
		rd = wire.AppendUint16(rd, 0)
		rd = wire.AppendUint32(rd, 0)
		b = tnefAttr(b, tnefLevelAttachment, AttAttachRendData, rd)
		if title, ok := Get(a.Props, mapi.PidTagAttachFilename).(string); ok {
			b = tnefAttr(b, tnefLevelAttachment, AttAttachTitle, append(encodeCodepage(title, tnefEncodeCodepage), 0))
		}
		skip := []mapi.PropTag{mapi.PidTagAttachDataObject}
		if data, ok := Get(a.Props, mapi.PidTagAttachDataBinary).([]byte); ok {
			b = tnefAttr(b, tnefLevelAttachment, AttAttachData, data)
			skip = append(skip, mapi.PidTagAttachDataBinary)
		}
		var emb []byte
		if a.Embedded != nil {
			emb, err = appendTNEF(append([]byte(nil), iidIMessage[:]...), a.Embedded, key, maxDepth, depth+1)
			if err != nil {
				return nil, err
			}
		}
		var props []mapi.PropValue
		for _, p := range a.Props {
			keep := true
			for _, s := range skip {
				if p.Tag == s {
					keep = false
				}
			}
			if keep {
				props = append(props, p)
			}
		}
		ap, err := appendTNEFProps(nil, props, a.Named, emb, key, maxDepth, depth)
		if err != nil {
			return nil, err
		}
		b = tnefAttr(b, tnefLevelAttachment, AttAttachment, ap)
	}
	return b, nil
}

// appendTNEFProps appends a counted property list ([MS-OXTNEF] 2.1.3.4)
// of props, named and, when emb is not nil, a PR_ATTACH_DATA_OBJ object
// whose data (IID included) is emb.
func appendTNEFProps(b []byte, props []mapi.PropValue, named []NamedValue, emb []byte, key uint16, maxDepth, depth int) ([]byte, error) {
	countAt := len(b)
	b = wire.AppendUint32(b, 0)
	n := 0
	var err error
	for _, p := range props {
		if p.Tag.Type() == mapi.PtypObject {
			continue
		}
		if p.Tag.ID().IsNamed() {
			return nil, encErr("tag 0x%08X in the named range outside Named", uint32(p.Tag))
		}
		b = wire.AppendUint32(b, uint32(p.Tag))
		if b, err = appendTNEFValue(b, p.Tag.Type(), p.Value); err != nil {
			return nil, fmt.Errorf("%w (tag 0x%08X)", err, uint32(p.Tag))
		}
		n++
	}
	for i, nv := range named {
		if nv.Type == mapi.PtypObject {
			continue
		}
		b = wire.AppendUint32(b, uint32(mapi.NewPropTag(mapi.PropID(0x8000+i%0x7FFF), nv.Type)))
		b = append(b, nv.Name.GUID[:]...)
		switch nv.Name.Kind {
		case mapi.NameKindID:
			b = wire.AppendUint32(b, 0)
			b = wire.AppendUint32(b, nv.Name.LID)
		case mapi.NameKindString:
			b = wire.AppendUint32(b, 1)
			nb := wire.AppendString16(nil, nv.Name.Name)
			b = wire.AppendUint32(b, uint32(len(nb)))
			b = appendPadded(b, nb)
		default:
			return nil, encErr("named property of kind %d", nv.Name.Kind)
		}
		if b, err = appendTNEFValue(b, nv.Type, nv.Value); err != nil {
			return nil, fmt.Errorf("%w (named %s)", err, nv.Name.GUID)
		}
		n++
	}
	if emb != nil {
		b = wire.AppendUint32(b, uint32(mapi.PidTagAttachDataObject))
		b = wire.AppendUint32(b, 1)
		b = wire.AppendUint32(b, uint32(len(emb)))
		b = appendPadded(b, emb)
		n++
	}
	putUint32(b[countAt:], uint32(n))
	return b, nil
}

func putUint32(b []byte, v uint32) {
	b[0], b[1], b[2], b[3] = byte(v), byte(v>>8), byte(v>>16), byte(v>>24)
}

// appendPadded appends data and zero padding to a 4-byte boundary.
func appendPadded(b, data []byte) []byte {
	b = append(b, data...)
	for i := len(data); i%4 != 0; i++ {
		b = append(b, 0)
	}
	return b
}

func appendCounted(b, data []byte) []byte {
	b = wire.AppendUint32(b, uint32(len(data)))
	return appendPadded(b, data)
}

// appendTNEFValue appends one value in TNEF's encoding: fixed-size values
// padded to 4 bytes, variable-size ones as a count of 1 (multi-valued: the
// value count), then each value's size, bytes and padding.
func appendTNEFValue(b []byte, typ mapi.PropType, v any) ([]byte, error) {
	bad := func() ([]byte, error) { return nil, encErr("%T value for %v", v, typ) }
	ft := func(t time.Time) (uint64, error) {
		f, err := mapi.TimeToFiletime(t)
		if err != nil {
			return 0, encErr("time %v: %v", t, err)
		}
		return f, nil
	}
	switch typ {
	case mapi.PtypNull:
		return b, nil
	case mapi.PtypInteger16:
		x, ok := v.(int16)
		if !ok {
			return bad()
		}
		return append(wire.AppendUint16(b, uint16(x)), 0, 0), nil
	case mapi.PtypBoolean:
		x, ok := v.(bool)
		if !ok {
			return bad()
		}
		var u uint16
		if x {
			u = 1
		}
		return append(wire.AppendUint16(b, u), 0, 0), nil
	case mapi.PtypInteger32:
		x, ok := v.(int32)
		if !ok {
			return bad()
		}
		return wire.AppendUint32(b, uint32(x)), nil
	case mapi.PtypErrorCode:
		x, ok := v.(mapi.ErrorCode)
		if !ok {
			return bad()
		}
		return wire.AppendUint32(b, uint32(x)), nil
	case mapi.PtypFloating32:
		x, ok := v.(float32)
		if !ok {
			return bad()
		}
		return wire.AppendUint32(b, math.Float32bits(x)), nil
	case mapi.PtypFloating64:
		x, ok := v.(float64)
		if !ok {
			return bad()
		}
		return wire.AppendFloat64(b, x), nil
	case mapi.PtypCurrency:
		x, ok := v.(mapi.Currency)
		if !ok {
			return bad()
		}
		return wire.AppendUint64(b, uint64(x)), nil
	case mapi.PtypFloatingTime:
		x, ok := v.(mapi.FloatingTime)
		if !ok {
			return bad()
		}
		return wire.AppendFloat64(b, float64(x)), nil
	case mapi.PtypInteger64:
		x, ok := v.(int64)
		if !ok {
			return bad()
		}
		return wire.AppendUint64(b, uint64(x)), nil
	case mapi.PtypTime:
		x, ok := v.(time.Time)
		if !ok {
			return bad()
		}
		f, err := ft(x)
		if err != nil {
			return nil, err
		}
		return wire.AppendUint64(b, f), nil
	case mapi.PtypGuid:
		x, ok := v.(mapi.GUID)
		if !ok {
			return bad()
		}
		return append(b, x[:]...), nil
	case mapi.PtypString8:
		x, ok := v.(string)
		if !ok {
			return bad()
		}
		b = wire.AppendUint32(b, 1)
		return appendCounted(b, append([]byte(x), 0)), nil
	case mapi.PtypString:
		x, ok := v.(string)
		if !ok {
			return bad()
		}
		b = wire.AppendUint32(b, 1)
		return appendCounted(b, wire.AppendString16(nil, x)), nil
	case mapi.PtypBinary:
		x, ok := v.([]byte)
		if !ok {
			return bad()
		}
		b = wire.AppendUint32(b, 1)
		return appendCounted(b, x), nil
	}
	if !typ.IsMultiple() || !tnefTypeOK(typ) {
		return nil, encErr("type %v", typ)
	}
	single := typ.Single()
	var err error
	each := func(n int, f func(i int) any) ([]byte, error) {
		b = wire.AppendUint32(b, uint32(n))
		for i := range n {
			if single == mapi.PtypString8 || single == mapi.PtypString || single == mapi.PtypBinary {
				switch x := f(i).(type) {
				case string:
					if single == mapi.PtypString8 {
						b = appendCounted(b, append([]byte(x), 0))
					} else {
						b = appendCounted(b, wire.AppendString16(nil, x))
					}
				case []byte:
					b = appendCounted(b, x)
				}
				continue
			}
			if b, err = appendTNEFValue(b, single, f(i)); err != nil {
				return nil, err
			}
		}
		return b, nil
	}
	switch x := v.(type) {
	case []int16:
		if single == mapi.PtypInteger16 {
			return each(len(x), func(i int) any { return x[i] })
		}
	case []int32:
		if single == mapi.PtypInteger32 {
			return each(len(x), func(i int) any { return x[i] })
		}
	case []float32:
		if single == mapi.PtypFloating32 {
			return each(len(x), func(i int) any { return x[i] })
		}
	case []float64:
		if single == mapi.PtypFloating64 {
			return each(len(x), func(i int) any { return x[i] })
		}
	case []mapi.Currency:
		if single == mapi.PtypCurrency {
			return each(len(x), func(i int) any { return x[i] })
		}
	case []mapi.FloatingTime:
		if single == mapi.PtypFloatingTime {
			return each(len(x), func(i int) any { return x[i] })
		}
	case []int64:
		if single == mapi.PtypInteger64 {
			return each(len(x), func(i int) any { return x[i] })
		}
	case []time.Time:
		if single == mapi.PtypTime {
			return each(len(x), func(i int) any { return x[i] })
		}
	case []mapi.GUID:
		if single == mapi.PtypGuid {
			return each(len(x), func(i int) any { return x[i] })
		}
	case []string:
		if single == mapi.PtypString || single == mapi.PtypString8 {
			return each(len(x), func(i int) any { return x[i] })
		}
	case [][]byte:
		if single == mapi.PtypBinary {
			return each(len(x), func(i int) any { return x[i] })
		}
	}
	return bad()
}

// tnefLegacyClass is the inverse of tnefMessageClass: attMessageClass
// carries the legacy names of the classes that have one, as in the
// sample of [MS-OXTNEF] 3.1 ("IPM.Microsoft Mail.Note").
func tnefLegacyClass(s string) string {
	switch s {
	case "IPM.Note":
		return "IPM.Microsoft Mail.Note"
	case "Report.IPM.Note.IPNRN":
		return "IPM.Microsoft Mail.Read Receipt"
	case "Report.IPM.Note.NDR":
		return "IPM.Microsoft Mail.Non-Delivery"
	case "IPM.Schedule.Meeting.Request":
		return "IPM.Microsoft Schedule.MtgReq"
	case "IPM.Schedule.Meeting.Resp.Pos":
		return "IPM.Microsoft Schedule.MtgRespP"
	case "IPM.Schedule.Meeting.Resp.Neg":
		return "IPM.Microsoft Schedule.MtgRespN"
	case "IPM.Schedule.Meeting.Resp.Tent":
		return "IPM.Microsoft Schedule.MtgRespA"
	case "IPM.Schedule.Meeting.Canceled":
		return "IPM.Microsoft Schedule.MtgCncl"
	}
	return s
}

// appendLegacyMessageAttrs writes the mapped message attributes of
// [MS-OXTNEF] 2.1.3.3 that have a property in props, in the order of the
// sample of [MS-OXTNEF] 3.1 (attPriority, attSubject, attDateSent,
// attDateRecd, attDateModified, attMessageID), for readers that only know
// the attributes. attMsgProps repeats the properties, and its values win
// on decoding.
func appendLegacyMessageAttrs(b []byte, props []mapi.PropValue) []byte {
	if imp, ok := Get(props, mapi.PidTagImportance).(int32); ok && imp >= 0 && imp <= 2 {
		// PidTagImportance 2, 1, 0 → attPriority 1 (high), 2, 3 (low).
		b = tnefAttr(b, tnefLevelMessage, AttPriority, wire.AppendUint16(nil, uint16(3-imp)))
	}
	if subj, ok := Get(props, mapi.PidTagSubject).(string); ok {
		b = tnefAttr(b, tnefLevelMessage, AttSubject, append(encodeCodepage(subj, tnefEncodeCodepage), 0))
	}
	for _, d := range []struct {
		attr TNEFAttribute
		tag  mapi.PropTag
	}{
		{AttDateSent, mapi.PidTagClientSubmitTime},
		{AttDateRecd, mapi.PidTagMessageDeliveryTime},
		{AttDateModified, mapi.PidTagLastModificationTime},
	} {
		if t, ok := Get(props, d.tag).(time.Time); ok {
			if y := t.UTC().Year(); y >= 1601 && y <= 9999 {
				b = tnefAttr(b, tnefLevelMessage, d.attr, appendDTR(nil, t))
			}
		}
	}
	if key, ok := Get(props, mapi.PidTagSearchKey).([]byte); ok && len(key) > 0 {
		b = tnefAttr(b, tnefLevelMessage, AttMessageID, append([]byte(strings.ToUpper(hex.EncodeToString(key))), 0))
	}
	return b
}
