package ical

import (
	"bytes"
	"errors"
	"strings"
)

// ImportPart is the conversion behind oxcmail's CalendarConverter hook:
// it converts the text of a message's text/calendar part into the
// meeting message it describes. method is the part's method parameter
// ([RFC 6047] 2.4); it is used when the calendar itself has no METHOD.
// The first VEVENT (or VTODO) series is returned, with asfReceived set on
// requests. The result's Props, Named and Recipients go into the mail
// message; its Attachments are exception attachments.
//
// ical does not import oxcmail (conversion packages depend on mapi
// only), so the adapter that satisfies oxcmail.CalendarConverter lives
// with the caller:
//
//	type calendarHook struct{}
//
//	func (calendarHook) ImportCalendar(ics []byte, method string, m *oxcmail.Message) error {
//		c, err := ical.ImportPart(ics, method, nil)
//		if err != nil {
//			return err
//		}
//		m.Props = append(m.Props, c.Props...)
//		for _, n := range c.Named {
//			m.Named = append(m.Named, oxcmail.NamedValue{Name: n.Name, Type: n.Type, Value: n.Value})
//		}
//		for _, r := range c.Recipients {
//			m.Recipients = append(m.Recipients, oxcmail.Recipient{Props: r.Props})
//		}
//		return nil
//	}
func ImportPart(ics []byte, method string, opt *ImportOptions) (*Message, error) {
	var lim *Limits
	o := ImportOptions{Received: true}
	if opt != nil {
		o = *opt
		lim = opt.Limits
	}
	cals, err := Decode(bytes.NewReader(ics), lim)
	if err != nil {
		return nil, err
	}
	cal := cals[0]
	if cal.Prop("METHOD") == nil && method != "" {
		cal.Add("METHOD", strings.ToUpper(method))
	}
	msgs, err := ImportCalendar(cal, &o)
	if err != nil {
		return nil, err
	}
	if len(msgs) == 0 {
		return nil, errors.New("ical: calendar part without VEVENT or VTODO")
	}
	return msgs[0], nil
}
