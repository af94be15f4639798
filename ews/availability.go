package ews

import (
	"strconv"
	"strings"
	"time"

	"github.com/beevik/etree"
	"github.com/oxkit/oxkit/ical/recur"
	"github.com/oxkit/oxkit/mapi"
	"github.com/oxkit/oxkit/store"
)

// maxAvailabilityMailboxes and maxAvailabilityWindow bound
// GetUserAvailability (Exchange allows 100 mailboxes and 42 days).
const (
	maxAvailabilityMailboxes = 100
	maxAvailabilityWindow    = 62 * 24 * time.Hour
	maxCalendarEvents        = 1000
)

// availabilityZone is the request's t:TimeZone (SerializableTimeZone,
// with its daylight-saving rule): times without a zone are local to it
// and answers are written in it.
type availabilityZone struct {
	set bool
	loc *time.Location
}

// location is the zone's location (UTC without a t:TimeZone).
func (z availabilityZone) location() *time.Location {
	if z.loc == nil {
		return time.UTC
	}
	return z.loc
}

func (z availabilityZone) parse(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t.UTC(), nil
	}
	t, err := time.Parse("2006-01-02T15:04:05.999999999", s)
	if err != nil {
		return time.Time{}, err
	}
	return recur.LocalTime(t, z.location()).UTC(), nil
}

func (z availabilityZone) elem(w *xw, name string, t time.Time) {
	if !z.set {
		w.elemTime(name, t)
		return
	}
	w.elem(name, t.In(z.location()).Format("2006-01-02T15:04:05"))
}

// getUserAvailability implements GetUserAvailability's free/busy part
// ([MS-OXWAVLS] 3.1.4.1) from the attendees' calendars: FreeBusy,
// Detailed and the Merged views, each with the attendee's WorkingHours;
// and meeting suggestions (SuggestionsViewOptions, see suggest). Series
// are expanded into their occurrences (exceptions are not implemented).
func (c *call) getUserAvailability() error {
	body := c.req.Body
	if _, err := c.mailbox(); err != nil {
		return err
	}
	var zone availabilityZone
	if tze := child(body, "TimeZone"); tze != nil {
		r, err := parseSerializableTimeZone(tze)
		if err != nil {
			return err
		}
		loc, err := r.Location("")
		if err != nil {
			return &Fault{Code: ErrorSchemaValidation, Message: "TimeZone is not valid.", Err: err}
		}
		zone = availabilityZone{set: true, loc: loc}
	}
	opts := child(body, "FreeBusyViewOptions")
	var sugg *suggestionOptions
	if so := child(body, "SuggestionsViewOptions"); so != nil {
		var err error
		if sugg, err = parseSuggestionOptions(so, zone); err != nil {
			return err
		}
	}
	if opts == nil && sugg == nil {
		return &Fault{Code: ErrorInvalidRequest, Message: "GetUserAvailability needs FreeBusyViewOptions or SuggestionsViewOptions."}
	}
	mbs := child(body, "MailboxDataArray")
	var list []*etree.Element
	if mbs != nil {
		list = mbs.ChildElements()
	}
	if len(list) == 0 || len(list) > maxAvailabilityMailboxes {
		return &Fault{Code: ErrorInvalidRequest, Message: "MailboxDataArray must hold 1 to 100 mailboxes."}
	}
	if opts == nil {
		c.w.raw(`<m:GetUserAvailabilityResponse xmlns:m="` + nsMessages + `" xmlns:t="` + nsTypes + `">`)
		c.writeSuggestions(sugg, list, zone)
		c.w.raw(`</m:GetUserAvailabilityResponse>`)
		return nil
	}
	win := child(opts, "TimeWindow")
	from, err1 := zone.parse(childText(win, "StartTime"))
	to, err2 := zone.parse(childText(win, "EndTime"))
	if err1 != nil || err2 != nil || !to.After(from) || to.Sub(from) > maxAvailabilityWindow {
		return &Fault{Code: "ErrorInvalidTimeInterval", Message: "The time window is not valid."}
	}
	view := childText(opts, "RequestedView")
	if view == "" {
		view = "FreeBusy"
	}
	interval := 30
	if s := childText(opts, "MergedFreeBusyIntervalInMinutes"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 5 || n > 1440 {
			return &Fault{Code: ErrorInvalidRequest, Message: "MergedFreeBusyIntervalInMinutes must be between 5 and 1440."}
		}
		interval = n
	}
	c.w.raw(`<m:GetUserAvailabilityResponse xmlns:m="` + nsMessages + `" xmlns:t="` + nsTypes + `"><m:FreeBusyResponseArray>`)
	for _, md := range list {
		c.w.raw(`<m:FreeBusyResponse>`)
		addr := childText(child(md, "Email"), "Address")
		mb, err := c.attendeeMailbox(addr)
		var events []busyEvent
		if err == nil {
			events, err = c.calendarEvents(mb, from, to)
		}
		if err != nil {
			c.msgError("ResponseMessage", err, "ErrorMailRecipientNotFound")
			c.w.raw(`</m:FreeBusyResponse>`)
			continue
		}
		c.msgStart("ResponseMessage")
		c.msgEnd("ResponseMessage")
		c.w.raw(`<m:FreeBusyView>`)
		c.w.elem("t:FreeBusyViewType", view)
		if strings.HasSuffix(view, "Merged") || view == "MergedOnly" {
			c.w.elem("t:MergedFreeBusy", mergedFreeBusy(events, from, to, interval))
		}
		if view != "MergedOnly" && view != "None" {
			c.w.raw(`<t:CalendarEventArray>`)
			for _, ev := range events {
				c.w.raw(`<t:CalendarEvent>`)
				zone.elem(&c.w, "t:StartTime", ev.start)
				zone.elem(&c.w, "t:EndTime", ev.end)
				c.w.elem("t:BusyType", freeBusyNames[clampIdx(int64(ev.busy), len(freeBusyNames), 2)])
				if strings.HasPrefix(view, "Detailed") {
					c.w.raw(`<t:CalendarEventDetails>`)
					c.w.elem("t:Subject", ev.subject)
					c.w.elem("t:Location", ev.location)
					c.w.elemBool("t:IsMeeting", ev.meeting)
					c.w.elemBool("t:IsRecurring", ev.recurring)
					c.w.elemBool("t:IsException", false)
					c.w.elemBool("t:IsReminderSet", false)
					c.w.elemBool("t:IsPrivate", false)
					c.w.raw(`</t:CalendarEventDetails>`)
				}
				c.w.raw(`</t:CalendarEvent>`)
			}
			c.w.raw(`</t:CalendarEventArray>`)
			writeWorkingHours(&c.w, c.workingHoursOf(mb), from.Year())
		}
		c.w.raw(`</m:FreeBusyView></m:FreeBusyResponse>`)
	}
	c.w.raw(`</m:FreeBusyResponseArray>`)
	if sugg != nil {
		c.writeSuggestions(sugg, list, zone)
	}
	c.w.raw(`</m:GetUserAvailabilityResponse>`)
	return nil
}

type busyEvent struct {
	start, end        time.Time
	busy              int
	subject, location string
	meeting           bool
	recurring         bool // an occurrence of a series
	// goid is the meeting's PidLidCleanGlobalObjectId (else
	// PidLidGlobalObjectId), for SuggestionsViewOptions/GlobalObjectId.
	goid []byte
}

// freeBusy reads the calendar items of addr's default calendar that
// overlap [from, to), free ones excluded, in start order.
func (c *call) freeBusy(addr string, from, to time.Time) ([]busyEvent, error) {
	mb, err := c.attendeeMailbox(addr)
	if err != nil {
		return nil, err
	}
	return c.calendarEvents(mb, from, to)
}

// attendeeMailbox opens the mailbox of a user named by address.
func (c *call) attendeeMailbox(addr string) (store.Mailbox, error) {
	dir, ok := c.h.Store.(store.Directory)
	if !ok {
		return nil, errorf("ErrorMailRecipientNotFound", "The recipient %s was not found.", addr)
	}
	e, err := dir.LookupUser(c.ctx, addr)
	if err != nil || e.Kind != store.EntryUser {
		return nil, errorf("ErrorMailRecipientNotFound", "The recipient %s was not found.", addr)
	}
	mb, err := c.h.Store.OpenMailbox(c.ctx, e.SMTPAddress)
	if err != nil {
		return nil, errorf("ErrorMailRecipientNotFound", "The recipient %s has no mailbox.", addr)
	}
	return mb, nil
}

// calendarEvents reads the calendar items of mb's default calendar that
// overlap [from, to), free ones excluded, in start order.
func (c *call) calendarEvents(mb store.Mailbox, from, to time.Time) ([]busyEvent, error) {
	cal, err := mb.SpecialFolder(c.ctx, store.FolderCalendar)
	if err != nil {
		return nil, err
	}
	np, ok1 := mb.(store.NamedProperties)
	t, ok2 := mb.(store.Tables)
	if !ok1 || !ok2 {
		return nil, nil
	}
	props := []mapi.NamedProp{mapi.PidLidAppointmentStartWhole, mapi.PidLidAppointmentEndWhole, mapi.PidLidBusyStatus, mapi.PidLidLocation, mapi.PidLidAppointmentStateFlags,
		mapi.PidLidAppointmentRecur, mapi.PidLidTimeZoneDescription, mapi.PidLidCleanGlobalObjectId, mapi.PidLidGlobalObjectId}
	names := make([]mapi.PropertyName, len(props))
	for i, p := range props {
		names[i] = p.PropertyName()
	}
	ids, err := np.PropIDs(c.ctx, names, false)
	if err != nil {
		return nil, err
	}
	if ids[0] == 0 || ids[1] == 0 {
		return nil, nil // no calendar item was ever stored
	}
	tags := make([]mapi.PropTag, len(props))
	for i, p := range props {
		if ids[i] != 0 {
			tags[i] = mapi.NewPropTag(ids[i], p.Type())
		}
	}
	st, en := tags[0], tags[1]
	var sel mapi.Restriction = mapi.AndRestriction{Restricts: []mapi.Restriction{
		mapi.PropertyRestriction{RelOp: mapi.RelOpLessThan, PropTag: st, Value: mapi.PropValue{Tag: st, Value: to}},
		mapi.PropertyRestriction{RelOp: mapi.RelOpGreaterThan, PropTag: en, Value: mapi.PropValue{Tag: en, Value: from}},
	}}
	if tags[5] != 0 {
		// Series are expanded below.
		sel = mapi.OrRestriction{Restricts: []mapi.Restriction{sel, mapi.ExistRestriction{PropTag: tags[5]}}}
	}
	r, err := t.QueryMessages(c.ctx, cal, &store.Query{
		Restriction: sel,
		Sort:        mapi.SortOrderSet{Orders: []mapi.SortOrder{{PropTag: st, Order: mapi.Ascending}}},
		Columns:     append([]mapi.PropTag{mapi.PidTagSubject}, tags...),
		Limit:       maxCalendarEvents,
	})
	if err != nil {
		return nil, err
	}
	rows := make([]itemData, len(r.Rows))
	for i, row := range r.Rows {
		rows[i] = itemData{props: row.Props}
	}
	var out []busyEvent
	for _, in := range expandView(rows, calTags{start: st, end: en, recur: tags[5], tz: tags[6]}, from, to) {
		if len(out) >= maxCalendarEvents {
			break
		}
		row := r.Rows[in.row]
		ev := busyEvent{busy: 2, start: in.start, end: in.end, recurring: in.occurrence}
		for _, gt := range tags[7:9] {
			if b, ok := getBytes(row.Props, gt); ok && gt != 0 && ev.goid == nil {
				ev.goid = b
			}
		}
		if tags[2] != 0 {
			if b, ok := getInt(row.Props, tags[2]); ok {
				ev.busy = int(b)
			}
		}
		if ev.busy == 0 {
			continue // free time is not reported
		}
		ev.subject, _ = getString(row.Props, mapi.PidTagSubject)
		if tags[3] != 0 {
			ev.location, _ = getString(row.Props, tags[3])
		}
		if tags[4] != 0 {
			f, _ := getInt(row.Props, tags[4])
			ev.meeting = f&asfMeeting != 0
		}
		out = append(out, ev)
	}
	return out, nil
}

// mergedFreeBusy returns one digit per interval of [from, to): the
// highest busy status of the events overlapping it ([MS-OXWAVLS]
// 2.2.4.x MergedFreeBusy: 0 free, 1 tentative, 2 busy, 3 OOF, 4 working
// elsewhere).
func mergedFreeBusy(events []busyEvent, from, to time.Time, minutes int) string {
	step := time.Duration(minutes) * time.Minute
	var b strings.Builder
	for s := from; s.Before(to); s = s.Add(step) {
		e := s.Add(step)
		v := 0
		for _, ev := range events {
			if ev.start.Before(e) && ev.end.After(s) && rank(ev.busy) > rank(v) {
				v = ev.busy
			}
		}
		b.WriteByte(byte('0' + v))
	}
	return b.String()
}

// rank orders busy statuses by precedence: OOF > busy > working elsewhere
// > tentative > free.
func rank(b int) int {
	return [...]int{0, 1, 3, 4, 2}[clampIdx(int64(b), 5, 0)]
}
