package mapi

import (
	"encoding/binary"
	"errors"
	"fmt"

	"github.com/oxkit/oxkit/internal/wire"
)

// RuleActions is a PtypRuleAction value: the RuleAction structure of
// [MS-OXORULE] 2.2.5. Standard rules (ROP buffers, the 16 functions) count
// actions, action lengths, recipients and their properties with 16 bits;
// extended rules (the 32 functions) with 32 bits.
type RuleActions struct {
	Actions []ActionBlock
}

// ActionType is the ActionType byte of an ActionBlock ([MS-OXORULE] 2.2.5.1).
type ActionType uint8

// Action types of [MS-OXORULE] 2.2.5.1.
const (
	OpMove         ActionType = 0x01
	OpCopy         ActionType = 0x02
	OpReply        ActionType = 0x03
	OpOOFReply     ActionType = 0x04
	OpDeferAction  ActionType = 0x05
	OpBounce       ActionType = 0x06
	OpForward      ActionType = 0x07
	OpDelegate     ActionType = 0x08
	OpTag          ActionType = 0x09
	OpDelete       ActionType = 0x0A
	OpMarkAsRead   ActionType = 0x0B
	actionTypeLast            = OpMarkAsRead
)

var actionTypeNames = [...]string{
	OpMove: "OP_MOVE", OpCopy: "OP_COPY", OpReply: "OP_REPLY", OpOOFReply: "OP_OOF_REPLY",
	OpDeferAction: "OP_DEFER_ACTION", OpBounce: "OP_BOUNCE", OpForward: "OP_FORWARD",
	OpDelegate: "OP_DELEGATE", OpTag: "OP_TAG", OpDelete: "OP_DELETE", OpMarkAsRead: "OP_MARK_AS_READ",
}

// String returns the spec name ("OP_MOVE") or "ActionType(0x1F)".
func (t ActionType) String() string {
	if t >= OpMove && t <= actionTypeLast {
		return actionTypeNames[t]
	}
	return fmt.Sprintf("ActionType(0x%02X)", uint8(t))
}

// ActionBlock is one action of a rule ([MS-OXORULE] 2.2.5.1). Its
// ActionLength is computed when encoding.
type ActionBlock struct {
	Type   ActionType
	Flavor uint32 // ActionFlavor (2.2.5.1.1)
	Flags  uint32 // ActionFlags: client-defined, stored by the server
	Data   ActionData
}

// ActionData is the type-specific part of an ActionBlock ([MS-OXORULE]
// 2.2.5.1.2): MoveCopyAction, ReplyAction, ForwardDelegateAction,
// BounceAction, TagAction or RawActionData. Decoding yields RawActionData
// for OP_DEFER_ACTION, OP_DELETE, OP_MARK_AS_READ, unknown types, and any
// data that does not parse exactly as its type's structure, so every
// ActionBlock re-encodes to the bytes it came from in the same width.
type ActionData interface {
	actionData()
}

// MoveCopyAction is the ActionData of OP_MOVE and OP_COPY ([MS-OXORULE]
// 2.2.5.1.2.1). FolderInThisStore exists only in standard rules: it is
// ignored when encoding for an extended rule and false after decoding one.
type MoveCopyAction struct {
	FolderInThisStore bool
	StoreEID          []byte // Store Object EntryID ([MS-OXCDATA] 2.2.4.3), or ignored filler
	FolderEID         []byte // ServerEid (standard, in this store) or Folder EntryID (extended)
}

// ReplyAction is the ActionData of OP_REPLY and OP_OOF_REPLY ([MS-OXORULE]
// 2.2.5.1.2.2). Standard rules name the reply template by folder and
// message ID; extended rules by its Message EntryID. Each width encodes
// only its own fields.
type ReplyAction struct {
	TemplateFolderID   uint64 // standard rules
	TemplateMessageID  uint64 // standard rules
	TemplateMessageEID []byte // extended rules
	TemplateGUID       GUID
}

// ForwardDelegateAction is the ActionData of OP_FORWARD and OP_DELEGATE
// ([MS-OXORULE] 2.2.5.1.2.4).
type ForwardDelegateAction struct {
	Recipients []RecipientBlock
}

// RecipientBlock is a RecipientBlockData structure ([MS-OXORULE] 2.2.5.1.2.4.1).
type RecipientBlock struct {
	Reserved uint8
	Props    []PropValue // TaggedPropertyValue structures
}

// BounceAction is the ActionData of OP_BOUNCE ([MS-OXORULE] 2.2.5.1.2.5).
type BounceAction struct {
	Code uint32 // 0x0D too large, 0x1F cannot display, 0x26 denied
}

// TagAction is the ActionData of OP_TAG ([MS-OXORULE] 2.2.5.1.2.6).
type TagAction struct {
	Prop PropValue
}

// RawActionData is ActionData kept as bytes (see ActionData).
type RawActionData []byte

func (MoveCopyAction) actionData()        {}
func (ReplyAction) actionData()           {}
func (ForwardDelegateAction) actionData() {}
func (BounceAction) actionData()          {}
func (TagAction) actionData()             {}
func (RawActionData) actionData()         {}

// errNestedRuleAction stops the decoding of action data that would nest
// another RuleActions value: such data is kept as RawActionData, which
// bounds the recursion depth of rule-action decoding at one level.
var errNestedRuleAction = errors.New("PtypRuleAction value nested in an action")

// nestsRuleAction reports whether b starts with the tag of a PtypRuleAction
// TaggedPropertyValue.
func nestsRuleAction(b []byte) bool {
	if len(b) < 4 {
		return false
	}
	return valueType(PropType(binary.LittleEndian.Uint16(b))) == PtypRuleAction
}

// actionBlockHeader is ActionType + ActionFlavor + ActionFlags.
const actionBlockHeader = 1 + 4 + 4

func readRuleActions(r *wire.Reader, w countWidth) any {
	n := w.read(r)
	if !r.CheckCount("mapi: RuleAction NoOfActions", n, int(w)+actionBlockHeader) {
		return nil
	}
	ra := RuleActions{Actions: make([]ActionBlock, n)}
	for i := range ra.Actions {
		length := w.read(r)
		if r.Err() != nil {
			return nil
		}
		if length < actionBlockHeader {
			r.Failf("mapi: ActionBlock", "ActionLength %d shorter than the 9-byte header", length)
			return nil
		}
		sub := r.Sub(length)
		if sub.Err() != nil {
			return nil
		}
		a := &ra.Actions[i]
		a.Type = ActionType(sub.Uint8())
		a.Flavor = sub.Uint32()
		a.Flags = sub.Uint32()
		a.Data = parseActionData(a.Type, sub.Rest(), w)
	}
	return ra
}

// parseActionData decodes data as a's type-specific structure, falling
// back to RawActionData unless it parses exactly.
func parseActionData(t ActionType, data []byte, w countWidth) ActionData {
	var r wire.Reader
	r.Reset(data)
	var d ActionData
	switch t {
	case OpMove, OpCopy:
		var m MoveCopyAction
		if w == width16 {
			in := r.Uint8()
			if in > 1 {
				break
			}
			m.FolderInThisStore = in == 1
		}
		m.StoreEID = readBinary(&r, w, nil)
		m.FolderEID = readBinary(&r, w, nil)
		d = m
	case OpReply, OpOOFReply:
		var m ReplyAction
		if w == width16 {
			m.TemplateFolderID = r.Uint64()
			m.TemplateMessageID = r.Uint64()
		} else {
			m.TemplateMessageEID = readBinary(&r, w, nil)
		}
		m.TemplateGUID = readGUID(&r)
		d = m
	case OpForward, OpDelegate:
		n := w.read(&r)
		if !r.CheckCount("", n, 1+int(w)) {
			break
		}
		m := ForwardDelegateAction{Recipients: make([]RecipientBlock, n)}
		for i := range m.Recipients {
			rb := &m.Recipients[i]
			rb.Reserved = r.Uint8()
			np := w.read(&r)
			if !r.CheckCount("", np, 4) {
				break
			}
			rb.Props = make([]PropValue, np)
			for j := range rb.Props {
				if nestsRuleAction(r.Rest()) {
					r.Fail("", errNestedRuleAction)
					break
				}
				rb.Props[j] = readTagged(&r, w)
			}
		}
		d = m
	case OpBounce:
		d = BounceAction{Code: r.Uint32()}
	case OpTag:
		if nestsRuleAction(r.Rest()) {
			break
		}
		d = TagAction{Prop: readTagged(&r, w)}
	}
	if d == nil || r.Err() != nil || r.Remaining() != 0 {
		return RawActionData(append([]byte{}, data...))
	}
	return d
}

func appendRuleActions(b []byte, ra RuleActions, w countWidth) ([]byte, error) {
	if err := w.check(PtypRuleAction, len(ra.Actions)); err != nil {
		return b, err
	}
	b = w.append(b, len(ra.Actions))
	for i := range ra.Actions {
		a := &ra.Actions[i]
		b = w.append(b, 0) // ActionLength, patched below
		start := len(b)
		b = append(b, uint8(a.Type))
		b = wire.AppendUint32(b, a.Flavor)
		b = wire.AppendUint32(b, a.Flags)
		var err error
		if b, err = appendActionData(b, a.Data, w); err != nil {
			return b, err
		}
		n := len(b) - start
		if err := w.check(PtypRuleAction, n); err != nil {
			return b, err
		}
		if w == width16 {
			binary.LittleEndian.PutUint16(b[start-2:], uint16(n))
		} else {
			binary.LittleEndian.PutUint32(b[start-4:], uint32(n))
		}
	}
	return b, nil
}

func appendActionData(b []byte, d ActionData, w countWidth) ([]byte, error) {
	appendBin := func(b []byte, x []byte) ([]byte, error) {
		if err := w.check(PtypRuleAction, len(x)); err != nil {
			return b, err
		}
		return append(w.append(b, len(x)), x...), nil
	}
	var err error
	switch d := d.(type) {
	case nil:
		return b, nil
	case RawActionData:
		return append(b, d...), nil
	case MoveCopyAction:
		if w == width16 {
			if d.FolderInThisStore {
				b = append(b, 1)
			} else {
				b = append(b, 0)
			}
		}
		if b, err = appendBin(b, d.StoreEID); err != nil {
			return b, err
		}
		return appendBin(b, d.FolderEID)
	case ReplyAction:
		if w == width16 {
			b = wire.AppendUint64(b, d.TemplateFolderID)
			b = wire.AppendUint64(b, d.TemplateMessageID)
		} else if b, err = appendBin(b, d.TemplateMessageEID); err != nil {
			return b, err
		}
		return append(b, d.TemplateGUID[:]...), nil
	case ForwardDelegateAction:
		if err := w.check(PtypRuleAction, len(d.Recipients)); err != nil {
			return b, err
		}
		b = w.append(b, len(d.Recipients))
		for _, rb := range d.Recipients {
			if err := w.check(PtypRuleAction, len(rb.Props)); err != nil {
				return b, err
			}
			b = append(b, rb.Reserved)
			b = w.append(b, len(rb.Props))
			for _, p := range rb.Props {
				b = wire.AppendUint32(b, uint32(p.Tag))
				if b, err = appendValue(b, p.Tag.Type(), p.Value, w); err != nil {
					return b, err
				}
			}
		}
		return b, nil
	case BounceAction:
		return wire.AppendUint32(b, d.Code), nil
	case TagAction:
		b = wire.AppendUint32(b, uint32(d.Prop.Tag))
		return appendValue(b, d.Prop.Tag.Type(), d.Prop.Value, w)
	}
	return b, &TypeError{Type: PtypRuleAction, Value: d}
}
