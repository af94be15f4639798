package oxcmail

import (
	"errors"
	"fmt"

	"github.com/oxkit/oxkit/mapi"
)

// Message is a message as a property bag: what Import produces and Export
// consumes. It mirrors the store's message shape without depending on the
// store ([MS-OXCMSG] 2.2.1, 2.2.2).
type Message struct {
	// Props are the message's tagged properties (IDs below 0x8000).
	Props []mapi.PropValue
	// Named are the message's named properties, by name: the caller maps
	// them to the mailbox's IDs (store.NamedProperties).
	Named []NamedValue
	// Recipients are the rows of the recipient table.
	Recipients []Recipient
	// Attachments in attachment-number order.
	Attachments []Attachment
}

// NamedValue is a named property's value ([MS-OXCDATA] 2.6.1); Value
// follows the Go-type mapping of mapi.PropValue for Type.
type NamedValue struct {
	Name  mapi.PropertyName
	Type  mapi.PropType
	Value any
}

// Recipient is one row of the recipient table.
type Recipient struct {
	Props []mapi.PropValue
}

// Attachment is one attachment; Embedded is set for an embedded message
// (PidTagAttachMethod afEmbeddedMessage).
type Attachment struct {
	Props    []mapi.PropValue
	Named    []NamedValue
	Embedded *Message
}

// Get returns the value of tag in props (types must match), or nil.
func Get(props []mapi.PropValue, tag mapi.PropTag) any {
	for _, p := range props {
		if p.Tag == tag {
			return p.Value
		}
	}
	return nil
}

// Prop returns the value of tag in the message's properties, or nil.
func (m *Message) Prop(tag mapi.PropTag) any { return Get(m.Props, tag) }

// NamedProp returns the value of a named property, or nil.
func (m *Message) NamedProp(p mapi.NamedProp) any {
	return getNamed(m.Named, p.PropertyName())
}

func getNamed(named []NamedValue, pn mapi.PropertyName) any {
	for _, n := range named {
		if sameName(n.Name, pn) {
			return n.Value
		}
	}
	return nil
}

func sameName(a, b mapi.PropertyName) bool {
	if a.Kind != b.Kind || a.GUID != b.GUID {
		return false
	}
	if a.Kind == mapi.NameKindID {
		return a.LID == b.LID
	}
	return a.Name == b.Name
}

// set replaces or appends a property.
func set(props *[]mapi.PropValue, tag mapi.PropTag, v any) {
	for i := range *props {
		if (*props)[i].Tag == tag {
			(*props)[i].Value = v
			return
		}
	}
	*props = append(*props, mapi.PropValue{Tag: tag, Value: v})
}

func setNamed(named *[]NamedValue, p mapi.NamedProp, v any) {
	setNamedName(named, p.PropertyName(), p.Type(), v)
}

func setNamedName(named *[]NamedValue, pn mapi.PropertyName, typ mapi.PropType, v any) {
	for i := range *named {
		if sameName((*named)[i].Name, pn) {
			(*named)[i].Type, (*named)[i].Value = typ, v
			return
		}
	}
	*named = append(*named, NamedValue{Name: pn, Type: typ, Value: v})
}

// Options bound and tune Import and Export. The zero value (or nil) means
// the documented defaults.
type Options struct {
	// MaxMessageBytes bounds the whole message; default 64 MiB.
	MaxMessageBytes int64
	// MaxHeaderBytes bounds one part's header block; default 1 MiB.
	MaxHeaderBytes int
	// MaxDepth bounds MIME nesting (multiparts and message/rfc822 parts
	// inside each other); default 32.
	MaxDepth int
	// MaxParts bounds the number of MIME parts of the whole message,
	// nested messages included; default 10,000.
	MaxParts int
	// Calendar, if set, converts text/calendar parts (the ical package
	// implements it); without it they are kept as attachments.
	Calendar CalendarConverter
	// Seed makes Export's boundaries deterministic (tests); 0 means random.
	Seed uint64
}

// Default limits.
const (
	DefaultMaxMessageBytes = 64 << 20
	DefaultMaxHeaderBytes  = 1 << 20
	DefaultMaxDepth        = 32
	DefaultMaxParts        = 10000
)

func (o *Options) maxMessage() int64 {
	if o != nil && o.MaxMessageBytes > 0 {
		return o.MaxMessageBytes
	}
	return DefaultMaxMessageBytes
}

func (o *Options) maxHeader() int {
	if o != nil && o.MaxHeaderBytes > 0 {
		return o.MaxHeaderBytes
	}
	return DefaultMaxHeaderBytes
}

func (o *Options) maxDepth() int {
	if o != nil && o.MaxDepth > 0 {
		return o.MaxDepth
	}
	return DefaultMaxDepth
}

func (o *Options) maxParts() int {
	if o != nil && o.MaxParts > 0 {
		return o.MaxParts
	}
	return DefaultMaxParts
}

// CalendarConverter turns a text/calendar MIME part into meeting-message
// properties. The ical package implements it; oxcmail does not import ical.
type CalendarConverter interface {
	// ImportCalendar converts the UTF-8 iCalendar text of a message's
	// text/calendar part (method is the part's method parameter, may be
	// empty) into m: it sets the message class and the appointment or
	// meeting properties.
	ImportCalendar(ics []byte, method string, m *Message) error
}

// Limit errors. They are wrapped in *Error.
var (
	ErrTooLarge     = errors.New("message too large")
	ErrHeaderTooBig = errors.New("header block too large")
	ErrTooDeep      = errors.New("MIME nesting too deep")
	ErrTooManyParts = errors.New("too many MIME parts")
)

// Error is an import or export error located in the message: Offset is
// the byte offset of the part (in the outermost message) where it arose.
type Error struct {
	Offset int
	Part   string // the MIME path, as "1.2" (empty for the top level)
	Err    error
}

func (e *Error) Error() string {
	if e.Part != "" {
		return fmt.Sprintf("oxcmail: part %s at offset %d: %v", e.Part, e.Offset, e.Err)
	}
	return fmt.Sprintf("oxcmail: offset %d: %v", e.Offset, e.Err)
}

func (e *Error) Unwrap() error { return e.Err }
