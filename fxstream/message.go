package fxstream

import (
	"fmt"

	"github.com/oxkit/oxkit/mapi"
)

// Message is the content of a message in a FastTransfer stream
// ([MS-OXCFXICS] 2.2.4.3.16 messageContent): its properties, its
// recipients (2.2.4.3.23) and its attachments (2.2.4.3.1), which may carry
// embedded messages.
type Message struct {
	Props       []mapi.PropValue
	Recipients  []Recipient
	Attachments []Attachment
}

// Recipient is a recipient element ([MS-OXCFXICS] 2.2.4.3.23). Its
// propList starts with PidTagRowid; the encoder writes RowID there and the
// decoder takes it from there (Props never holds PidTagRowid).
type Recipient struct {
	RowID uint32
	Props []mapi.PropValue
}

// Attachment is an attachment element ([MS-OXCFXICS] 2.2.4.3.1): the
// attachment number (PidTagAttachNumber, written right after NewAttach),
// the attachment's properties (Props never holds PidTagAttachNumber) and
// an embedded message, if any.
type Attachment struct {
	Num      uint32
	Props    []mapi.PropValue
	Embedded *Message
}

// AppendMessageContent appends m as a messageContent element
// ([MS-OXCFXICS] 2.2.4.3.16): propList, recipients, attachments. names
// gives the name of every named property ID (>= 0x8000) m uses, at any
// depth. Properties of type PtypErrorCode or PtypObject are left out
// (2.2.4.3.20). On error the returned slice is b unchanged and the error
// is an *Error.
func AppendMessageContent(b []byte, m *Message, names Names) ([]byte, error) {
	out, err := appendContent(b, m, names, 0)
	if err != nil {
		return b, err
	}
	return out, nil
}

// AppendMessage appends m as a message element ([MS-OXCFXICS] 2.2.4.3.10):
// StartMessage, or StartFAIMsg when fai is set, then messageContent, then
// EndMessage.
func AppendMessage(b []byte, m *Message, fai bool, names Names) ([]byte, error) {
	start := StartMessage
	if fai {
		start = StartFAIMsg
	}
	out, err := appendContent(AppendMarker(b, start), m, names, 0)
	if err != nil {
		return b, err
	}
	return AppendMarker(out, EndMessage), nil
}

// maxEncodeDepth bounds embedded messages on encoding, as DefaultLimits
// does on decoding.
const maxEncodeDepth = 64

func appendProps(b []byte, props []mapi.PropValue, names Names, skip mapi.PropTag) ([]byte, error) {
	var err error
	for _, p := range props {
		switch t := p.Tag.Type(); {
		case t == mapi.PtypErrorCode || t == mapi.PtypObject || t == mapi.PtypNull || t == mapi.PtypUnspecified:
			continue
		case p.Tag.ID() == skip.ID() || isMeta(p.Tag):
			continue
		}
		var name *mapi.PropertyName
		if p.Tag.ID() >= 0x8000 {
			n, ok := names[p.Tag.ID()]
			if !ok {
				return b, &Error{Offset: len(b), What: fmt.Sprintf("propValue 0x%08X", uint32(p.Tag)), Err: ErrMissingName}
			}
			name = &n
		}
		if b, err = AppendPropValue(b, p.Tag, name, p.Value); err != nil {
			return b, err
		}
	}
	return b, nil
}

func appendContent(b []byte, m *Message, names Names, depth int) ([]byte, error) {
	if depth > maxEncodeDepth {
		return b, &Error{Offset: len(b), What: "embeddedMessage", Err: ErrTooDeep}
	}
	var err error
	if b, err = appendProps(b, m.Props, names, 0); err != nil {
		return b, err
	}
	for _, rc := range m.Recipients {
		b = AppendMarker(b, StartRecip)
		b, _ = AppendPropValue(b, mapi.PidTagRowid, nil, int32(rc.RowID))
		if b, err = appendProps(b, rc.Props, names, mapi.PidTagRowid); err != nil {
			return b, err
		}
		b = AppendMarker(b, EndToRecip)
	}
	for _, a := range m.Attachments {
		b = AppendMarker(b, NewAttach)
		b, _ = AppendPropValue(b, mapi.PidTagAttachNumber, nil, int32(a.Num))
		if b, err = appendProps(b, a.Props, names, mapi.PidTagAttachNumber); err != nil {
			return b, err
		}
		if a.Embedded != nil {
			b = AppendMarker(b, StartEmbed)
			if b, err = appendContent(b, a.Embedded, names, depth+1); err != nil {
				return b, err
			}
			b = AppendMarker(b, EndEmbed)
		}
		b = AppendMarker(b, EndAttach)
	}
	return b, nil
}

// ParseMessageContent decodes a whole stream that is one messageContent
// element ([MS-OXCFXICS] 2.2.4.3.16). It returns the message and the
// names of the named properties it uses, by the IDs (0x8000 ...) the
// decoder gave them. lim nil means DefaultLimits. Errors are *Error.
func ParseMessageContent(b []byte, lim *Limits) (*Message, Names, error) {
	p := parser{lx: NewLexer(b, lim)}
	p.lim = p.lx.lim
	m := p.content(0)
	if p.err == nil && p.lx.Err() == nil && !p.lx.Done() {
		p.unexpected("end of messageContent")
	}
	if err := p.error(); err != nil {
		return nil, nil, err
	}
	return m, p.lx.Names(), nil
}

// ParseMessage decodes a whole stream that is one message element
// ([MS-OXCFXICS] 2.2.4.3.10) and reports whether it was an FAI message
// (StartFAIMsg).
func ParseMessage(b []byte, lim *Limits) (m *Message, fai bool, names Names, err error) {
	p := parser{lx: NewLexer(b, lim)}
	p.lim = p.lx.lim
	p.skipMeta()
	t, ok := p.lx.Next()
	switch {
	case !ok:
		if p.lx.Err() == nil {
			p.failAt(p.lx.Offset(), "message", fmt.Errorf("%w: empty stream", ErrSyntax))
		}
	case t.IsMarker && (t.Marker == StartMessage || t.Marker == StartFAIMsg):
		fai = t.Marker == StartFAIMsg
		m = p.content(0)
		p.expect(EndMessage, "message")
		if p.err == nil && p.lx.Err() == nil && !p.lx.Done() {
			p.unexpected("end of message")
		}
	default:
		p.failAt(t.Offset, "message", fmt.Errorf("%w: %s where StartMessage or StartFAIMsg belongs", ErrSyntax, tokenName(t)))
	}
	if err := p.error(); err != nil {
		return nil, false, nil, err
	}
	return m, fai, p.lx.Names(), nil
}

type parser struct {
	lx      *Lexer
	lim     Limits
	err     error
	objects int
}

func (p *parser) error() error {
	if p.err != nil {
		return p.err
	}
	return p.lx.Err()
}

func (p *parser) failAt(off int, what string, err error) {
	if p.err == nil {
		p.err = &Error{Offset: off, What: what, Err: err}
	}
}

func tokenName(t Token) string {
	if t.IsMarker {
		return t.Marker.String()
	}
	return fmt.Sprintf("propValue 0x%08X", uint32(t.Prop.Tag))
}

func (p *parser) unexpected(where string) {
	t, ok := p.lx.Peek()
	if !ok {
		return
	}
	p.failAt(t.Offset, where, fmt.Errorf("%w: %s", ErrSyntax, tokenName(t)))
}

func (p *parser) ok() bool { return p.err == nil && p.lx.Err() == nil }

// skipMeta consumes MetaTagDnPrefix and MetaTagEcWarning elements, which
// readers ignore (2.2.4.1.5.2, 2.2.4.1.5.6).
func (p *parser) skipMeta() {
	for p.ok() {
		t, ok := p.lx.Peek()
		if !ok || t.IsMarker || (t.Prop.Tag != MetaTagDnPrefix && t.Prop.Tag != MetaTagEcWarning) {
			return
		}
		p.lx.Next()
	}
}

func (p *parser) expect(m Marker, where string) {
	if !p.ok() {
		return
	}
	t, ok := p.lx.Next()
	if !ok {
		if p.lx.Err() == nil {
			p.failAt(p.lx.Offset(), where, fmt.Errorf("%w: end of stream where %s belongs", ErrSyntax, m))
		}
		return
	}
	if !t.IsMarker || t.Marker != m {
		p.failAt(t.Offset, where, fmt.Errorf("%w: %s where %s belongs", ErrSyntax, tokenName(t), m))
	}
}

func (p *parser) countObject(off int) bool {
	p.objects++
	if p.objects > p.lim.MaxObjects {
		p.failAt(off, "stream", fmt.Errorf("%w: more than %d objects", ErrTooMany, p.lim.MaxObjects))
		return false
	}
	return true
}

// propList reads propValue elements up to the next marker or
// meta-property; MetaTagDnPrefix and MetaTagEcWarning are skipped.
func (p *parser) propList(where string) []mapi.PropValue {
	var out []mapi.PropValue
	for p.ok() {
		t, ok := p.lx.Peek()
		if !ok || t.IsMarker || t.Prop.Tag == MetaTagFXDelProp {
			break
		}
		p.lx.Next()
		if t.Prop.Tag == MetaTagDnPrefix || t.Prop.Tag == MetaTagEcWarning {
			continue
		}
		if len(out) >= p.lim.MaxProps {
			p.failAt(t.Offset, where, fmt.Errorf("%w: more than %d properties", ErrTooMany, p.lim.MaxProps))
			break
		}
		if t.Prop.Tag.Type() == mapi.PtypObject {
			continue
		}
		out = append(out, mapi.PropValue{Tag: t.Prop.Tag, Value: t.Prop.Value})
	}
	return out
}

// delProp consumes a MetaTagFXDelProp element if one is next.
func (p *parser) delProp() {
	if t, ok := p.lx.Peek(); ok && !t.IsMarker && t.Prop.Tag == MetaTagFXDelProp {
		p.lx.Next()
	}
}

func (p *parser) content(depth int) *Message {
	if depth > p.lim.MaxDepth {
		p.failAt(p.lx.Offset(), "embeddedMessage", fmt.Errorf("%w (%d)", ErrTooDeep, p.lim.MaxDepth))
		return nil
	}
	m := &Message{}
	p.skipMeta()
	m.Props = p.propList("messageContent propList")
	p.delProp()
	for p.ok() {
		t, ok := p.lx.Peek()
		if !ok || !t.IsMarker || t.Marker != StartRecip {
			break
		}
		p.lx.Next()
		if len(m.Recipients) >= p.lim.MaxRecipients {
			p.failAt(t.Offset, "recipient", fmt.Errorf("%w: more than %d recipients", ErrTooMany, p.lim.MaxRecipients))
			break
		}
		if !p.countObject(t.Offset) {
			break
		}
		props := p.propList("recipient propList")
		rc := Recipient{RowID: uint32(len(m.Recipients))}
		for i, pv := range props {
			if pv.Tag == mapi.PidTagRowid {
				rc.RowID = uint32(pv.Value.(int32))
				props = append(props[:i:i], props[i+1:]...)
				break
			}
		}
		if len(props) > 0 {
			rc.Props = props
		}
		p.expect(EndToRecip, "recipient")
		m.Recipients = append(m.Recipients, rc)
	}
	p.delProp()
	for p.ok() {
		t, ok := p.lx.Peek()
		if !ok || !t.IsMarker || t.Marker != NewAttach {
			break
		}
		p.lx.Next()
		if len(m.Attachments) >= p.lim.MaxAttachments {
			p.failAt(t.Offset, "attachment", fmt.Errorf("%w: more than %d attachments", ErrTooMany, p.lim.MaxAttachments))
			break
		}
		if !p.countObject(t.Offset) {
			break
		}
		a := Attachment{Num: uint32(len(m.Attachments))}
		nt, ok := p.lx.Next()
		if !ok {
			if p.lx.Err() == nil {
				p.failAt(p.lx.Offset(), "attachment", fmt.Errorf("%w: end of stream where PidTagAttachNumber belongs", ErrSyntax))
			}
			break
		}
		if nt.IsMarker || nt.Prop.Tag != mapi.PidTagAttachNumber {
			p.failAt(nt.Offset, "attachment", fmt.Errorf("%w: %s where PidTagAttachNumber belongs", ErrSyntax, tokenName(nt)))
			break
		}
		a.Num = uint32(nt.Prop.Value.(int32))
		p.skipMeta()
		a.Props = p.propList("attachmentContent propList")
		if t, ok := p.lx.Peek(); ok && t.IsMarker && t.Marker == StartEmbed {
			p.lx.Next()
			if !p.countObject(t.Offset) {
				break
			}
			a.Embedded = p.content(depth + 1)
			p.expect(EndEmbed, "embeddedMessage")
		}
		p.expect(EndAttach, "attachment")
		m.Attachments = append(m.Attachments, a)
	}
	return m
}

// ListMessage is one message of a messageList: its content and whether
// it is an FAI message.
type ListMessage struct {
	Message *Message
	FAI     bool
}

// AppendMessageList appends msgs as a messageList element ([MS-OXCFXICS]
// 2.2.4.3.17): one message element per message, as
// RopFastTransferSourceCopyMessages produces.
func AppendMessageList(b []byte, msgs []ListMessage, names Names) ([]byte, error) {
	out := b
	for _, lm := range msgs {
		var err error
		if out, err = AppendMessage(out, lm.Message, lm.FAI, names); err != nil {
			return b, err
		}
	}
	return out, nil
}

// ParseMessageList decodes a whole stream that is one messageList element
// ([MS-OXCFXICS] 2.2.4.3.17); MetaTagDnPrefix and MetaTagEcWarning
// before a message are skipped. Names numbers the named properties of all
// messages together.
func ParseMessageList(b []byte, lim *Limits) ([]ListMessage, Names, error) {
	p := parser{lx: NewLexer(b, lim)}
	p.lim = p.lx.lim
	var out []ListMessage
	for p.ok() {
		p.skipMeta()
		t, ok := p.lx.Next()
		if !ok {
			break
		}
		if !t.IsMarker || (t.Marker != StartMessage && t.Marker != StartFAIMsg) {
			p.failAt(t.Offset, "messageList", fmt.Errorf("%w: %s where StartMessage or StartFAIMsg belongs", ErrSyntax, tokenName(t)))
			break
		}
		if !p.countObject(t.Offset) {
			break
		}
		m := p.content(0)
		p.expect(EndMessage, "message")
		if p.ok() {
			out = append(out, ListMessage{Message: m, FAI: t.Marker == StartFAIMsg})
		}
	}
	if err := p.error(); err != nil {
		return nil, nil, err
	}
	return out, p.lx.Names(), nil
}

// AppendAttachmentContent appends a as an attachmentContent element
// ([MS-OXCFXICS] 2.2.4.3.1): the attachment's propList, then its embedded
// message, if any, between StartEmbed and EndEmbed. This is what
// RopFastTransferSourceCopyTo on an Attachment object produces; the
// attachment number is not part of it (a.Num is ignored).
func AppendAttachmentContent(b []byte, a *Attachment, names Names) ([]byte, error) {
	out, err := appendProps(b, a.Props, names, mapi.PidTagAttachNumber)
	if err != nil {
		return b, err
	}
	if a.Embedded != nil {
		out = AppendMarker(out, StartEmbed)
		if out, err = appendContent(out, a.Embedded, names, 1); err != nil {
			return b, err
		}
		out = AppendMarker(out, EndEmbed)
	}
	return out, nil
}

// ParseAttachmentContent decodes a whole stream that is one
// attachmentContent element ([MS-OXCFXICS] 2.2.4.3.1). The returned
// attachment's Num is 0.
func ParseAttachmentContent(b []byte, lim *Limits) (*Attachment, Names, error) {
	p := parser{lx: NewLexer(b, lim)}
	p.lim = p.lx.lim
	p.skipMeta()
	a := &Attachment{Props: p.propList("attachmentContent propList")}
	if t, ok := p.lx.Peek(); ok && t.IsMarker && t.Marker == StartEmbed {
		p.lx.Next()
		a.Embedded = p.content(1)
		p.expect(EndEmbed, "embeddedMessage")
	}
	if p.ok() && !p.lx.Done() {
		p.unexpected("end of attachmentContent")
	}
	if err := p.error(); err != nil {
		return nil, nil, err
	}
	return a, p.lx.Names(), nil
}
