package ews

import (
	"bytes"
	"strings"
	"time"

	"github.com/oxkit/oxkit/ical"
	"github.com/oxkit/oxkit/ical/tz"
	"github.com/oxkit/oxkit/mapi"
	"github.com/oxkit/oxkit/oxcmail"
	"github.com/oxkit/oxkit/store"
	"github.com/oxkit/oxkit/vcard"
)

// The MimeContent of calendar items, tasks and contacts
// ([MS-OXWSCORE] 2.2.4.26 MimeContentType) is not an RFC 5322 message
// in Exchange: a t:CalendarItem's is the item's iCalendar object (a
// VCALENDAR with the VTIMEZONE of its zone and the VEVENT of the item,
// its recurrence and exceptions, [MS-OXCICAL]), a t:Task's a VTODO and
// a t:Contact's a vCard ([MS-OXVCARD]). DavMail's CalDAV and CardDAV
// gateway reads and writes events and contacts only this way.

// mimeKind says how an item's MimeContent is encoded.
type mimeKind int

const (
	mimeRFC5322 mimeKind = iota
	mimeICalendar
	mimeVCard
)

// mimeKindOfElement is the MimeContent kind of a CreateItem element.
func mimeKindOfElement(tag string) mimeKind {
	switch tag {
	case "CalendarItem", "Task":
		return mimeICalendar
	case "Contact":
		return mimeVCard
	}
	return mimeRFC5322
}

// mimeKindOfClass is the MimeContent kind of a stored item's class.
func mimeKindOfClass(cls string) mimeKind {
	switch {
	case hasClassPrefix(cls, "IPM.Appointment"), hasClassPrefix(cls, "IPM.Task"):
		return mimeICalendar
	case hasClassPrefix(cls, "IPM.Contact"):
		return mimeVCard
	}
	return mimeRFC5322
}

// importItemMime converts the MimeContent raw of a t:CalendarItem,
// t:Task or t:Contact into n: the properties go into n.props (so that
// the elements after MimeContent override them, and calendarDefaults
// sees them), recipients and attachments (exceptions, the contact photo)
// into n.mime. It reports false for other elements, whose MimeContent is
// a MIME message.
func (c *call) importItemMime(tag string, raw []byte, n *newItem) (bool, error) {
	var om *oxcmail.Message
	switch mimeKindOfElement(tag) {
	case mimeICalendar:
		msgs, err := ical.Import(bytes.NewReader(raw), &ical.ImportOptions{Location: c.requestLocation()})
		if err != nil {
			return true, &Error{Code: ErrorMimeContentConversionFailed, Message: "The iCalendar content could not be converted.", Err: err}
		}
		var m *ical.Message
		for _, x := range msgs {
			cls, _ := x.Get(mapi.PidTagMessageClass)
			isTask := cls == ical.ClassTask
			if isTask == (tag == "Task") {
				m = x
				break
			}
		}
		if m == nil {
			what := "VEVENT"
			if tag == "Task" {
				what = "VTODO"
			}
			return true, errorf(ErrorMimeContentConversionFailed, "The iCalendar content has no %s.", what)
		}
		om = icalToOxcmail(m)
		fixTimeZoneDescription(om)
	case mimeVCard:
		cs, err := vcard.Import(bytes.NewReader(raw), nil)
		if err != nil {
			return true, &Error{Code: ErrorMimeContentConversionFailed, Message: "The vCard content could not be converted.", Err: err}
		}
		if len(cs) == 0 {
			return true, errorf(ErrorMimeContentConversionFailed, "The MIME content has no vCard.")
		}
		om = &oxcmail.Message{Props: cs[0].Props}
		for _, nv := range cs[0].Named {
			om.Named = append(om.Named, oxcmail.NamedValue{Name: nv.Name, Type: nv.Type, Value: nv.Value})
		}
		for _, a := range cs[0].Attachments {
			om.Attachments = append(om.Attachments, oxcmail.Attachment{Props: a.Props})
		}
	default:
		return false, nil
	}
	props, err := withNamed(c, c.mb, om.Props, om.Named)
	if err != nil {
		return true, err
	}
	for _, p := range props {
		if p.Tag.ID() == mapi.PidTagMessageClass.ID() {
			continue // the element says what the item is
		}
		n.props = append(n.props, p)
	}
	n.mime = &oxcmail.Message{Recipients: om.Recipients, Attachments: om.Attachments}
	return true, nil
}

// requestLocation is the TimeZoneContext's zone, UTC without one.
func (c *call) requestLocation() *time.Location {
	if c.req != nil && c.req.TimeZone != "" {
		if loc, err := tz.LoadWindows(c.req.TimeZone); err == nil {
			return loc
		}
	}
	return time.UTC
}

// icalToOxcmail carries an ical.Message over to oxcmail's shape, which
// storeMessage stores (named properties, recipients, exception
// attachments with their embedded messages).
func icalToOxcmail(m *ical.Message) *oxcmail.Message {
	out := &oxcmail.Message{Props: m.Props}
	for _, nv := range m.Named {
		out.Named = append(out.Named, oxcmail.NamedValue{Name: nv.Name, Type: nv.Type, Value: nv.Value})
	}
	for _, r := range m.Recipients {
		out.Recipients = append(out.Recipients, oxcmail.Recipient{Props: r.Props})
	}
	for _, a := range m.Attachments {
		oa := oxcmail.Attachment{Props: a.Props}
		if a.Embedded != nil {
			oa.Embedded = icalToOxcmail(a.Embedded)
		}
		out.Attachments = append(out.Attachments, oa)
	}
	return out
}

// oxcmailToIcal is the reverse of icalToOxcmail.
func oxcmailToIcal(m *oxcmail.Message) *ical.Message {
	out := &ical.Message{Props: m.Props}
	for _, nv := range m.Named {
		out.Named = append(out.Named, ical.NamedValue{Name: nv.Name, Type: nv.Type, Value: nv.Value})
	}
	for _, r := range m.Recipients {
		out.Recipients = append(out.Recipients, ical.Recipient{Props: r.Props})
	}
	for _, a := range m.Attachments {
		ia := ical.Attachment{Props: a.Props}
		if a.Embedded != nil {
			ia.Embedded = oxcmailToIcal(a.Embedded)
		}
		out.Attachments = append(out.Attachments, ia)
	}
	return out
}

// fixTimeZoneDescription replaces the TZID that ical stores in
// PidLidTimeZoneDescription by the Windows zone ID of the item's
// TZDEFINITION when it has one, as Exchange keeps it
// ([MS-OXOCAL] 2.2.1.40) and as the recurrence expansion reads it.
func fixTimeZoneDescription(m *oxcmail.Message) {
	desc := mapi.PidLidTimeZoneDescription.PropertyName()
	var key string
	for _, np := range []mapi.NamedProp{mapi.PidLidAppointmentTimeZoneDefinitionRecur, mapi.PidLidAppointmentTimeZoneDefinitionStartDisplay} {
		name := np.PropertyName()
		for _, nv := range m.Named {
			if nv.Name != name {
				continue
			}
			if b, ok := nv.Value.([]byte); ok {
				if d, err := tz.ParseTZDefinition(b); err == nil && d.KeyName != "" {
					if _, err := tz.LoadWindows(d.KeyName); err == nil {
						key = d.KeyName
					}
				}
			}
		}
		if key != "" {
			break
		}
	}
	for i := range m.Named {
		if m.Named[i].Name != desc {
			continue
		}
		s, _ := m.Named[i].Value.(string)
		switch {
		case key != "":
			m.Named[i].Value = key
		case s != "":
			if loc, err := tz.Resolve(s); err == nil {
				if w, ok := tz.IANAToWindows(loc.String()); ok {
					m.Named[i].Value = w
				}
			}
		}
	}
}

// writeItemMime writes the MimeContent of calendar items and tasks
// (iCalendar) and contacts (vCard); it reports false for other items.
func (c *call) writeItemMime(m *store.Message) (bool, error) {
	cls, _ := getString(m.Props, mapi.PidTagMessageClass)
	if hasClassPrefix(cls, "IPM.Schedule.Meeting") {
		// Meeting messages are MIME with a text/calendar part
		// (withCalendarPart, meetings_ical.go).
		return false, nil
	}
	kind := mimeKindOfClass(cls)
	if kind == mimeRFC5322 {
		return false, nil
	}
	om, err := c.toOxcmail(m)
	if err != nil {
		return true, err
	}
	var buf bytes.Buffer
	switch kind {
	case mimeICalendar:
		im := oxcmailToIcal(om)
		addZoneDefinition(im)
		err = ical.Export(&buf, []*ical.Message{im}, nil)
	case mimeVCard:
		vc := &vcard.Contact{Props: om.Props}
		for _, nv := range om.Named {
			vc.Named = append(vc.Named, vcard.NamedValue{Name: nv.Name, Type: nv.Type, Value: nv.Value})
		}
		for _, a := range om.Attachments {
			vc.Attachments = append(vc.Attachments, vcard.Attachment{Props: a.Props})
		}
		err = vcard.Export(&buf, []*vcard.Contact{vc}, nil)
	}
	if err != nil {
		// An item the conversion cannot express (an appointment without a
		// start time) is written as a MIME message, as before, rather
		// than failing the whole item for clients that always ask for
		// MimeContent (exchangelib).
		c.h.logger().Debug("ews: MimeContent falls back to MIME", "class", cls, "err", err)
		return false, nil
	}
	c.w.raw(`<t:MimeContent CharacterSet="UTF-8">`)
	c.w.b = appendBase64(c.w.b, buf.Bytes())
	c.w.raw(`</t:MimeContent>`)
	return true, nil
}

// addZoneDefinition gives an item created through EWS, which keeps its
// StartTimeZone as a Windows ID in PidLidTimeZoneDescription only, the
// PidLidAppointmentTimeZoneDefinitionStartDisplay ([MS-OXOCAL] 2.2.1.43)
// that ical.Export builds the VTIMEZONE and local DTSTART/DTEND from.
func addZoneDefinition(m *ical.Message) {
	if _, ok := m.GetNamed(mapi.PidLidAppointmentTimeZoneDefinitionStartDisplay); ok {
		return
	}
	if _, ok := m.GetNamed(mapi.PidLidAppointmentTimeZoneDefinitionRecur); ok {
		return
	}
	v, _ := m.GetNamed(mapi.PidLidTimeZoneDescription)
	id, _ := v.(string)
	id = strings.TrimSpace(id)
	if id == "" {
		return
	}
	loc, err := tz.LoadWindows(id)
	if err != nil {
		return
	}
	year := time.Now().Year()
	if st, ok := m.GetNamed(mapi.PidLidAppointmentStartWhole); ok {
		if t, ok := st.(time.Time); ok {
			year = t.Year()
		}
	}
	d := tz.DefinitionFromLocation(loc, id, year, year, year)
	b, err := d.AppendBinary(nil)
	if err != nil {
		return
	}
	m.SetNamed(mapi.PidLidAppointmentTimeZoneDefinitionStartDisplay, b)
	m.SetNamed(mapi.PidLidAppointmentTimeZoneDefinitionEndDisplay, b)
}

// mimeRecipients returns the recipient rows of an imported iCalendar
// object, for UpdateItem's SetItemField of item:MimeContent.
func mimeRecipients(m *oxcmail.Message) []store.Recipient {
	out := make([]store.Recipient, 0, len(m.Recipients))
	for _, r := range m.Recipients {
		out = append(out, store.Recipient{Props: r.Props})
	}
	return out
}

// staleCalendarNamed are the named properties an iCalendar object sets
// only when it has the matching content (RRULE, LOCATION, a zone,
// CATEGORIES): an item:MimeContent update without it removes them.
var staleCalendarNamed = []mapi.NamedProp{
	mapi.PidLidAppointmentRecur, mapi.PidLidRecurring, mapi.PidLidIsRecurring, mapi.PidLidRecurrenceType,
	mapi.PidLidLocation, mapi.PidLidTimeZoneDescription, mapi.PidLidTimeZoneStruct,
	mapi.PidLidAppointmentTimeZoneDefinitionRecur, mapi.PidLidAppointmentTimeZoneDefinitionStartDisplay,
	mapi.PidLidAppointmentTimeZoneDefinitionEndDisplay, mapi.PidNameKeywords,
}

// replaceCalendarMime completes UpdateItem's SetItemField of
// item:MimeContent on a calendar item (the new properties are already in
// upd.Set): what the previous iCalendar content set and the new one does
// not is removed (recurrence, location, zone, categories, body), and the
// exception attachments ([MS-OXOCAL] 2.2.10, afException) are replaced
// by the new object's. Other attachments are kept.
func (c *call) replaceCalendarMime(mid store.MID, m *oxcmail.Message, upd *store.MessageUpdate) error {
	have := map[mapi.PropID]bool{}
	for _, p := range upd.Set {
		have[p.Tag.ID()] = true
	}
	for _, np := range staleCalendarNamed {
		t, err := c.namedTag(np, false)
		if err != nil {
			return err
		}
		if t != 0 && !have[t.ID()] {
			upd.Remove = append(upd.Remove, t)
		}
	}
	if !have[mapi.PidTagBody.ID()] && !have[mapi.PidTagHtml.ID()] {
		upd.Remove = append(upd.Remove, mapi.PidTagBody, mapi.PidTagHtml)
	}
	cur, err := c.mb.Message(c.ctx, mid, &store.MessageOptions{Tags: []mapi.PropTag{mapi.PidTagMessageClass}, Attachments: true})
	if err != nil {
		return err
	}
	next := uint32(0)
	for _, a := range cur.Attachments {
		if a.Num >= next {
			next = a.Num + 1
		}
		if f, _ := getInt(a.Props, mapi.PidTagAttachmentFlags); f&0x2 != 0 {
			upd.RemoveAttachments = append(upd.RemoveAttachments, a.Num)
		}
	}
	if len(m.Attachments) == 0 {
		return nil
	}
	sm, err := c.fromOxcmail(&oxcmail.Message{Attachments: m.Attachments})
	if err != nil {
		return err
	}
	for i := range sm.Attachments {
		sm.Attachments[i].Num = next + uint32(i)
		upd.SetAttachments = append(upd.SetAttachments, sm.Attachments[i])
	}
	return nil
}
