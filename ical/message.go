package ical

import (
	"encoding/hex"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/oxkit/oxkit/mapi"
)

// NamedValue is a named property's value ([MS-OXCDATA] 2.6.1): the
// conversion works on names, and the caller maps them to the mailbox's
// property IDs (store.NamedProperties) when it stores the message.
type NamedValue struct {
	Name  mapi.PropertyName
	Type  mapi.PropType
	Value any // Go type per mapi.PropValue's table
}

// Message is the property-bag form of a calendar item, meeting message or
// task ([MS-OXOCAL], [MS-OXOTASK]).
type Message struct {
	Props       []mapi.PropValue
	Named       []NamedValue
	Recipients  []Recipient
	Attachments []Attachment
	// Warnings lists what the conversion could not carry over (an RRULE
	// without a pattern equivalent, an unknown TZID, …).
	Warnings []string
}

// Recipient is one row of the recipient table ([MS-OXCMSG] 2.2.1.47).
type Recipient struct {
	Props []mapi.PropValue
}

// Attachment is one attachment; exceptions of a recurring series are
// embedded messages ([MS-OXOCAL] 2.2.10).
type Attachment struct {
	Props    []mapi.PropValue
	Embedded *Message
}

func setProp(props *[]mapi.PropValue, tag mapi.PropTag, v any) {
	for i := range *props {
		if (*props)[i].Tag == tag {
			(*props)[i].Value = v
			return
		}
	}
	*props = append(*props, mapi.PropValue{Tag: tag, Value: v})
}

func getProp(props []mapi.PropValue, tag mapi.PropTag) (any, bool) {
	for _, p := range props {
		if p.Tag == tag {
			return p.Value, true
		}
	}
	return nil, false
}

// Set sets a tagged property, replacing an existing value.
func (m *Message) Set(tag mapi.PropTag, v any) { setProp(&m.Props, tag, v) }

// Get returns a tagged property's value.
func (m *Message) Get(tag mapi.PropTag) (any, bool) { return getProp(m.Props, tag) }

// SetNamed sets a named property of the generated table.
func (m *Message) SetNamed(np mapi.NamedProp, v any) {
	m.SetName(np.PropertyName(), np.Type(), v)
}

// SetName sets a named property by name and type.
func (m *Message) SetName(name mapi.PropertyName, typ mapi.PropType, v any) {
	for i := range m.Named {
		if m.Named[i].Name == name {
			m.Named[i].Type, m.Named[i].Value = typ, v
			return
		}
	}
	m.Named = append(m.Named, NamedValue{Name: name, Type: typ, Value: v})
}

// GetNamed returns a named property's value.
func (m *Message) GetNamed(np mapi.NamedProp) (any, bool) {
	pn := np.PropertyName()
	for _, n := range m.Named {
		if n.Name == pn {
			return n.Value, true
		}
	}
	return nil, false
}

func (m *Message) str(tag mapi.PropTag) string {
	v, _ := m.Get(tag)
	s, _ := v.(string)
	return s
}

func (m *Message) nstr(np mapi.NamedProp) string {
	v, _ := m.GetNamed(np)
	s, _ := v.(string)
	return s
}

func (m *Message) nint(np mapi.NamedProp) (int32, bool) {
	v, ok := m.GetNamed(np)
	i, ok2 := v.(int32)
	return i, ok && ok2
}

func (m *Message) nbool(np mapi.NamedProp) bool {
	v, _ := m.GetNamed(np)
	b, _ := v.(bool)
	return b
}

func (m *Message) ntime(np mapi.NamedProp) (time.Time, bool) {
	v, ok := m.GetNamed(np)
	t, ok2 := v.(time.Time)
	return t, ok && ok2
}

func (m *Message) nbin(np mapi.NamedProp) []byte {
	v, _ := m.GetNamed(np)
	b, _ := v.([]byte)
	return b
}

// Resolve returns the message's properties with the named ones tagged by
// the IDs ids returns for their names (as store.NamedProperties.PropIDs
// does, creating mappings). A name mapped to ID 0 is dropped.
func (m *Message) Resolve(ids func([]mapi.PropertyName) ([]mapi.PropID, error)) ([]mapi.PropValue, error) {
	out := append([]mapi.PropValue(nil), m.Props...)
	if len(m.Named) == 0 {
		return out, nil
	}
	names := make([]mapi.PropertyName, len(m.Named))
	for i, n := range m.Named {
		names[i] = n.Name
	}
	got, err := ids(names)
	if err != nil {
		return nil, err
	}
	if len(got) != len(names) {
		return nil, fmt.Errorf("ical: %d IDs for %d names", len(got), len(names))
	}
	for i, n := range m.Named {
		if got[i] == 0 {
			continue
		}
		out = append(out, mapi.PropValue{Tag: mapi.NewPropTag(got[i], n.Type), Value: n.Value})
	}
	return out, nil
}

// Dump writes the message as sorted "name = value" lines, for golden
// files and debugging. Binary values are hex; times are RFC 3339 UTC.
func (m *Message) Dump() string {
	var b strings.Builder
	m.dump(&b, "")
	return b.String()
}

func formatValue(v any) string {
	switch x := v.(type) {
	case []byte:
		return strings.ToUpper(hex.EncodeToString(x))
	case time.Time:
		return x.UTC().Format(time.RFC3339)
	case string:
		return fmt.Sprintf("%q", x)
	case []string:
		q := make([]string, len(x))
		for i, s := range x {
			q[i] = fmt.Sprintf("%q", s)
		}
		return "[" + strings.Join(q, ", ") + "]"
	}
	return fmt.Sprint(v)
}

func dumpProps(props []mapi.PropValue) []string {
	var lines []string
	for _, p := range props {
		lines = append(lines, fmt.Sprintf("%v = %s", p.Tag, formatValue(p.Value)))
	}
	sort.Strings(lines)
	return lines
}

func (m *Message) dump(b *strings.Builder, indent string) {
	lines := dumpProps(m.Props)
	var named []string
	for _, n := range m.Named {
		name := ""
		if np, ok := mapi.NamedPropByName(n.Name); ok {
			name = np.String()
		} else if n.Name.Kind == mapi.NameKindString {
			name = mapi.PropertySetName(n.Name.GUID) + "/" + n.Name.Name
		} else {
			name = fmt.Sprintf("%v/%#x", n.Name.GUID, n.Name.LID)
		}
		named = append(named, fmt.Sprintf("%s = %s", name, formatValue(n.Value)))
	}
	sort.Strings(named)
	lines = append(lines, named...)
	for _, l := range lines {
		b.WriteString(indent + l + "\n")
	}
	for i, r := range m.Recipients {
		fmt.Fprintf(b, "%srecipient %d:\n", indent, i)
		for _, l := range dumpProps(r.Props) {
			b.WriteString(indent + "  " + l + "\n")
		}
	}
	for i, a := range m.Attachments {
		fmt.Fprintf(b, "%sattachment %d:\n", indent, i)
		for _, l := range dumpProps(a.Props) {
			b.WriteString(indent + "  " + l + "\n")
		}
		if a.Embedded != nil {
			b.WriteString(indent + "  embedded:\n")
			a.Embedded.dump(b, indent+"    ")
		}
	}
	for _, w := range m.Warnings {
		b.WriteString(indent + "warning: " + w + "\n")
	}
}
