package ews

import (
	"errors"
	"fmt"
	"time"

	"github.com/oxkit/oxkit/mapi"
	"github.com/oxkit/oxkit/store"
)

// Resource booking: rooms answer their meeting requests themselves, as
// Exchange's resource booking assistant does for a room mailbox with
// AutomateProcessing AutoAccept (its defaults: AllowConflicts false,
// BookingWindowInDays 180, AllowRecurringMeetings true).
//
// When a meeting request reaches the mailbox of a room
// (store.DirectoryEntry.Room) and the calendar assistant has put it on
// the room's calendar, the room accepts it when none of its instances
// in the booking window (from now to BookingWindow ahead; at most
// maxBookingInstances of a series) overlaps another busy item of the
// room's Calendar, and declines it otherwise, the decline saying which
// meeting is in the way and when; a meeting that starts after the
// window is declined as Exchange does. The answer is the AcceptItem or
// DeclineItem response object as the room (MessageDisposition
// SendAndSaveCopy): the organizer's tracking records it; a decline takes
// the meeting off the room's calendar. It happens at delivery, not
// later in the background as Exchange's assistant does. Not implemented:
// the other booking policies (conflict percentage, maximum duration,
// working hours only, delegates approving requests, in-policy and
// out-of-policy users), and declining recurring meetings that reach past
// the window (only the instances inside it are checked).

// BookingWindow is how far ahead a room checks a request for conflicts
// (Exchange's BookingWindowInDays default of 180 days).
const BookingWindow = 180 * 24 * time.Hour

// maxBookingInstances bounds the instances of a series a room checks.
const maxBookingInstances = 500

// bookResource lets room mailbox dst answer meeting request mid (content
// m, in folder fid). It does nothing for other mailboxes and messages;
// its failures are logged, not returned: the delivery stands.
func (c *call) bookResource(dst store.Mailbox, fid store.FID, mid store.MID, m *store.Message) {
	cls, _ := getString(m.Props, mapi.PidTagMessageClass)
	if !hasClassPrefix(cls, classMeetingRequest) {
		return
	}
	owner := dst.Info().Owner
	dir, ok := c.h.Store.(store.Directory)
	if !ok {
		return
	}
	if e, err := dir.LookupUser(c.ctx, owner); err != nil || !e.Room {
		return
	}
	rc := &call{h: c.h, ctx: c.ctx, mb: dst, user: owner}
	if err := rc.book(fid, mid, m); err != nil {
		c.h.logger().Warn("ews: room did not answer a meeting request", "room", owner, "mid", mid, "err", err)
	}
}

// book is bookResource in the room's own call.
func (c *call) book(fid store.FID, mid store.MID, m *store.Message) error {
	x, err := c.calExtraTags(c.mb, false)
	if err != nil {
		return err
	}
	goid, _ := getBytes(m.Props, x.cleanGoid)
	tags, err := c.calendarTags()
	if err != nil {
		return err
	}
	row, err := c.findByGOID(c.mb, x.cleanGoid, goid, tags.start, tags.end, tags.recur, tags.tz, x.cleanGoid, x.busy, x.state)
	if err != nil || row == nil {
		return err // an out-of-date request left no item to answer for
	}
	conflict, beyond, err := c.bookingConflict(itemData{fid: row.Folder, mid: row.Message, props: row.Props}, tags)
	if err != nil {
		return err
	}
	obj, why := "AcceptItem", ""
	switch {
	case beyond:
		obj, why = "DeclineItem", fmt.Sprintf("This room can be booked at most %d days ahead.", int(BookingWindow/(24*time.Hour)))
	case conflict != nil:
		obj, why = "DeclineItem", fmt.Sprintf("This room is not available at %s UTC: it is booked for %q.",
			conflict.start.UTC().Format("Monday, January 2, 2006 15:04"), conflict.subject)
	}
	body := ""
	if why != "" {
		body = `<t:Body BodyType="Text">` + string(appendEscaped(nil, why, false)) + `</t:Body>` // xw.go
	}
	reqID := ObjectID{Kind: KindMessage, Mailbox: c.mb.Info().MailboxGUID, Folder: fid, Message: mid}.String()
	env := `<?xml version="1.0" encoding="utf-8"?><s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/" ` +
		`xmlns:m="` + nsMessages + `" xmlns:t="` + nsTypes + `"><s:Header><t:RequestServerVersion Version="Exchange2016"/></s:Header><s:Body>` +
		`<m:CreateItem MessageDisposition="SendAndSaveCopy"><m:Items><t:` + obj + `><t:ReferenceItemId Id="` + reqID + `"/>` + body +
		`</t:` + obj + `></m:Items></m:CreateItem></s:Body></s:Envelope>`
	req, err := ParseRequest([]byte(env), nil)
	if err != nil {
		return err
	}
	c.req = req
	items := child(req.Body, "Items")
	if items == nil || len(items.ChildElements()) != 1 {
		return errors.New("booking: malformed response object")
	}
	_, err = c.respondToMeeting(items.ChildElements()[0], "SendAndSaveCopy")
	return err
}

// bookingConflict returns the first busy item of the room's Calendar
// that overlaps an instance of it within the booking window, nil if
// none; beyond reports a meeting that starts after the window.
func (c *call) bookingConflict(it itemData, tags calTags) (conflict *conflictItem, beyond bool, err error) {
	now := time.Now().UTC()
	horizon := now.Add(BookingWindow)
	if st, ok := getTime(it.props, tags.start); ok && !st.Before(horizon) {
		return nil, true, nil
	}
	insts := expandView([]itemData{it}, tags, now, horizon)
	if len(insts) > maxBookingInstances {
		insts = insts[:maxBookingInstances]
	}
	for _, in := range insts {
		one := it
		one.start, one.end = in.start, in.end
		if in.occurrence {
			one.occurrence, one.original = true, in.original
		}
		cc, err := c.conflicts(&one) // meetings2_conflicts.go
		if err != nil {
			return nil, false, err
		}
		for i := range cc.conflicting {
			if cc.conflicting[i].mid != it.mid {
				return &cc.conflicting[i], false, nil
			}
		}
	}
	return nil, false, nil
}
