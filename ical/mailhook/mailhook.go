// Package mailhook connects ical to oxcmail: Hook implements
// oxcmail.CalendarConverter with ical.ImportPart, so text/calendar parts
// of incoming mail become meeting requests, responses and cancellations.
//
// It is its own package because neither conversion package may import the
// other (both work on property bags and import only mapi); anything that
// imports oxcmail for delivery or EWS/ActiveSync MIME can import this too.
package mailhook

import (
	"github.com/oxkit/oxkit/ical"
	"github.com/oxkit/oxkit/oxcmail"
)

// Hook is an oxcmail.CalendarConverter. The zero value uses ical's
// default import options.
type Hook struct {
	Options *ical.ImportOptions
}

var _ oxcmail.CalendarConverter = Hook{}

// ImportCalendar merges the calendar's meeting properties into m: its
// properties replace the MIME-derived ones of the same tag (message class,
// subject, times), its named properties likewise, its attendees replace
// the recipient table when it has any (they carry the roles and response
// flags the To/Cc fields lack), and exception attachments are added.
func (h Hook) ImportCalendar(ics []byte, method string, m *oxcmail.Message) error {
	c, err := ical.ImportPart(ics, method, h.Options)
	if err != nil {
		return err
	}
	for _, p := range c.Props {
		replaced := false
		for i := range m.Props {
			if m.Props[i].Tag == p.Tag {
				m.Props[i].Value = p.Value
				replaced = true
				break
			}
		}
		if !replaced {
			m.Props = append(m.Props, p)
		}
	}
	for _, n := range c.Named {
		m.Named = setNamed(m.Named, oxcmail.NamedValue{Name: n.Name, Type: n.Type, Value: n.Value})
	}
	if len(c.Recipients) > 0 {
		m.Recipients = m.Recipients[:0]
		for _, r := range c.Recipients {
			m.Recipients = append(m.Recipients, oxcmail.Recipient{Props: r.Props})
		}
	}
	for _, a := range c.Attachments {
		m.Attachments = append(m.Attachments, convertAttachment(a))
	}
	return nil
}

func setNamed(named []oxcmail.NamedValue, v oxcmail.NamedValue) []oxcmail.NamedValue {
	for i := range named {
		a, b := named[i].Name, v.Name
		if a.Kind == b.Kind && a.GUID == b.GUID && a.LID == b.LID && a.Name == b.Name {
			named[i] = v
			return named
		}
	}
	return append(named, v)
}

func convertAttachment(a ical.Attachment) oxcmail.Attachment {
	out := oxcmail.Attachment{Props: a.Props}
	if a.Embedded != nil {
		out.Embedded = convertMessage(a.Embedded)
	}
	return out
}

func convertMessage(c *ical.Message) *oxcmail.Message {
	m := &oxcmail.Message{Props: c.Props}
	for _, n := range c.Named {
		m.Named = append(m.Named, oxcmail.NamedValue{Name: n.Name, Type: n.Type, Value: n.Value})
	}
	for _, r := range c.Recipients {
		m.Recipients = append(m.Recipients, oxcmail.Recipient{Props: r.Props})
	}
	for _, a := range c.Attachments {
		m.Attachments = append(m.Attachments, convertAttachment(a))
	}
	return m
}
