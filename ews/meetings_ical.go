package ews

import (
	"bytes"

	"github.com/oxkit/oxkit/ical"
	"github.com/oxkit/oxkit/mapi"
	"github.com/oxkit/oxkit/store"
)

// calendarAttachment returns the iCalendar form of meeting message m
// ([MS-OXCICAL] 2.1.3.1.1; METHOD REQUEST, REPLY or CANCEL from the
// message class) as a
// text/calendar attachment, for recipients outside the store: they get
// the meeting as iMIP (RFC 6047) instead of properties they cannot read.
func (c *call) calendarAttachment(m *store.Message) (store.Attachment, error) {
	im := &ical.Message{}
	var ids []mapi.PropID
	for _, p := range m.Props {
		if p.Tag.ID() >= store.FirstNamedPropID {
			ids = append(ids, p.Tag.ID())
		} else {
			im.Props = append(im.Props, p)
		}
	}
	if np, ok := c.mb.(store.NamedProperties); ok && len(ids) > 0 {
		names, err := np.PropNames(c.ctx, ids)
		if err != nil {
			return store.Attachment{}, err
		}
		k := 0
		for _, p := range m.Props {
			if p.Tag.ID() < store.FirstNamedPropID {
				continue
			}
			if n := names[k]; n.Kind != mapi.NameKindNone {
				im.Named = append(im.Named, ical.NamedValue{Name: n, Type: p.Tag.Type(), Value: p.Value})
			}
			k++
		}
	}
	for _, r := range m.Recipients {
		im.Recipients = append(im.Recipients, ical.Recipient{Props: r.Props})
	}
	var b bytes.Buffer
	if err := ical.Export(&b, []*ical.Message{im}, nil); err != nil {
		return store.Attachment{}, &Error{Code: ErrorItemSave, Message: "The meeting could not be converted to iCalendar.", Err: err}
	}
	return store.Attachment{Props: []mapi.PropValue{
		{Tag: mapi.PidTagAttachMethod, Value: int32(1)},
		{Tag: mapi.PidTagAttachLongFilename, Value: "invite.ics"},
		{Tag: mapi.PidTagAttachExtension, Value: ".ics"},
		{Tag: mapi.PidTagAttachMimeTag, Value: "text/calendar"},
		{Tag: mapi.PidTagAttachDataBinary, Value: b.Bytes()},
	}}, nil
}

// withCalendarPart returns a meeting message with its iCalendar form as a
// text/calendar attachment (and without the series' exception
// attachments, which the iCalendar carries), for MIME content; other
// messages are returned as they are.
func (c *call) withCalendarPart(m *store.Message) (*store.Message, error) {
	cls, _ := getString(m.Props, mapi.PidTagMessageClass)
	if !hasClassPrefix(cls, "IPM.Schedule.Meeting") {
		return m, nil
	}
	att, err := c.calendarAttachment(m)
	if err != nil {
		return nil, err
	}
	out := *m
	out.Attachments = nil
	for _, a := range m.Attachments {
		if !isExceptionAttachment(a) {
			out.Attachments = append(out.Attachments, a)
		}
	}
	out.Attachments = append(out.Attachments, att)
	return &out, nil
}
