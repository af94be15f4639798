package ical

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/oxkit/oxkit/ical/recur"
	"github.com/oxkit/oxkit/ical/tz"
	"github.com/oxkit/oxkit/mapi"
)

// ProdID is the PRODID Export writes.
const ProdID = "-//oxkit//oxkit ical//EN"

// ExportOptions tune Export. nil means the defaults.
type ExportOptions struct {
	// Now is DTSTAMP when the message has no PidLidAttendeeCriticalChange
	// (default time.Now).
	Now func() time.Time
}

// Export converts messages (appointments, meeting messages or tasks) to
// one VCALENDAR and writes it. The METHOD follows the first message's
// class ([MS-OXCICAL] 2.1.3.1.1.1).
func Export(w io.Writer, msgs []*Message, opt *ExportOptions) error {
	cal, err := ExportCalendar(msgs, opt)
	if err != nil {
		return err
	}
	return Encode(w, cal)
}

func methodOf(m *Message) string {
	switch cls := m.str(mapi.PidTagMessageClass); {
	case strings.HasPrefix(cls, ClassMeetingRequest):
		return "REQUEST"
	case strings.HasPrefix(cls, ClassMeetingCanceled):
		return "CANCEL"
	case strings.HasPrefix(cls, "IPM.Schedule.Meeting.Resp."):
		if m.nbool(mapi.PidLidAppointmentCounterProposal) {
			return "COUNTER"
		}
		return "REPLY"
	}
	return "PUBLISH"
}

// ExportCalendar converts messages to a VCALENDAR component.
func ExportCalendar(msgs []*Message, opt *ExportOptions) (*Component, error) {
	now := time.Now
	if opt != nil && opt.Now != nil {
		now = opt.Now
	}
	cal := &Component{Name: "VCALENDAR"}
	cal.Add("PRODID", ProdID)
	cal.Add("VERSION", "2.0")
	method := "PUBLISH"
	if len(msgs) > 0 {
		method = methodOf(msgs[0])
	}
	seenTZ := map[string]bool{}
	var body []*Component
	for _, m := range msgs {
		if strings.HasPrefix(m.str(mapi.PidTagMessageClass), ClassTask) {
			body = append(body, exportTodo(m, now))
			continue
		}
		evs, vtz, err := exportEvent(m, method, now)
		if err != nil {
			return nil, err
		}
		if vtz != nil && !seenTZ[vtz.Text("TZID")] {
			seenTZ[vtz.Text("TZID")] = true
			cal.Children = append(cal.Children, vtz)
		}
		body = append(body, evs...)
	}
	cal.Children = append(cal.Children, body...)
	// QUIRK: [MS-OXCICAL] 2.1.3.2.1 exports plain appointments as
	// METHOD:PUBLISH, but RFC 5546 3.2.1 requires ORGANIZER in a PUBLISH
	// and libical's iTIP check (interop/suites/ical.sh) rejects it without
	// one. A calendar whose items have no ORGANIZER is written without
	// METHOD, which Outlook and Import read as PUBLISH too.
	needMethod := method != "PUBLISH"
	if !needMethod {
		needMethod = len(body) > 0
		for _, c := range body {
			if c.Prop("ORGANIZER") == nil {
				needMethod = false
			}
		}
	}
	if needMethod {
		cal.Props = append(cal.Props[:2], append([]Prop{{Name: "METHOD", Value: method}}, cal.Props[2:]...)...)
	}
	return cal, nil
}

// eventZone is the series' zone as exported.
type eventZone struct {
	tzid  string
	loc   *time.Location
	rules []tz.YearRule
}

func zoneOf(m *Message) *eventZone {
	blob := m.nbin(mapi.PidLidAppointmentTimeZoneDefinitionRecur)
	if blob == nil {
		blob = m.nbin(mapi.PidLidAppointmentTimeZoneDefinitionStartDisplay)
	}
	if blob != nil {
		if d, err := tz.ParseTZDefinition(blob); err == nil {
			loc, err := d.Location(d.KeyName)
			if err == nil {
				z := &eventZone{tzid: d.KeyName, loc: loc}
				for _, r := range d.Rules {
					z.rules = append(z.rules, tz.YearRule{Year: int(r.Year), Rule: r.Rule})
				}
				if z.tzid == "" {
					z.tzid = "Custom"
				}
				return z
			}
		}
	}
	if b := m.nbin(mapi.PidLidTimeZoneStruct); b != nil {
		if ts, err := tz.ParseTimeZoneStruct(b); err == nil {
			name := m.nstr(mapi.PidLidTimeZoneDescription)
			if name == "" {
				name = "Custom"
			}
			if loc, err := ts.Rule.Location(name); err == nil {
				return &eventZone{tzid: name, loc: loc, rules: []tz.YearRule{{Year: 1601, Rule: ts.Rule}}}
			}
		}
	}
	return nil
}

func formatUTC(t time.Time) string { return t.UTC().Format("20060102T150405Z") }

// dtProp writes a DATE-TIME in the zone (TZID) or UTC, or a DATE.
func dtProp(c *Component, name string, t time.Time, z *eventZone, allDay bool) {
	switch {
	case allDay:
		l := t
		if z != nil {
			l = t.In(z.loc)
		}
		c.Add(name, l.Format("20060102"), Param{Name: "VALUE", Values: []string{"DATE"}})
	case z != nil:
		c.Add(name, t.In(z.loc).Format("20060102T150405"), Param{Name: "TZID", Values: []string{z.tzid}})
	default:
		c.Add(name, formatUTC(t))
	}
}

func exportEvent(m *Message, method string, now func() time.Time) ([]*Component, *Component, error) {
	ev := &Component{Name: "VEVENT"}
	z := zoneOf(m)
	var vtz *Component
	if z != nil {
		vtz = VTimezoneFromRules(z.tzid, z.rules)
	}
	start, ok := m.ntime(mapi.PidLidAppointmentStartWhole)
	if !ok {
		v, _ := m.Get(mapi.PidTagStartDate)
		start, ok = v.(time.Time)
		if !ok {
			return nil, nil, fmt.Errorf("ical: appointment without start time")
		}
	}
	end, ok := m.ntime(mapi.PidLidAppointmentEndWhole)
	if !ok {
		end = start
	}
	if method == "COUNTER" {
		// RFC 5546 3.2.7: a COUNTER carries the proposed times as its
		// DTSTART and DTEND ([MS-OXOCAL] 2.2.7.3, 2.2.7.4).
		ps, ok1 := m.ntime(mapi.PidLidAppointmentProposedStartWhole)
		pe, ok2 := m.ntime(mapi.PidLidAppointmentProposedEndWhole)
		if ok1 && ok2 && !pe.Before(ps) {
			start, end = ps, pe
		}
	}
	allDay := m.nbool(mapi.PidLidAppointmentSubType)
	if goid := m.nbin(mapi.PidLidCleanGlobalObjectId); goid != nil {
		ev.AddText("UID", UIDFromGlobalObjectID(goid))
	} else if goid := m.nbin(mapi.PidLidGlobalObjectId); goid != nil {
		ev.AddText("UID", UIDFromGlobalObjectID(goid))
	}
	stamp, ok := m.ntime(mapi.PidLidAttendeeCriticalChange)
	if !ok {
		stamp = now()
	}
	ev.Add("DTSTAMP", formatUTC(stamp))
	exportCommon(ev, m)
	if l := m.nstr(mapi.PidLidLocation); l != "" {
		ev.AddText("LOCATION", l)
	}
	dtProp(ev, "DTSTART", start, z, allDay)
	dtProp(ev, "DTEND", end, z, allDay)
	if seq, ok := m.nint(mapi.PidLidAppointmentSequence); ok {
		ev.Add("SEQUENCE", strconv.Itoa(int(seq)))
	}
	busy, ok := m.nint(mapi.PidLidBusyStatus)
	if !ok {
		busy = BusyBusy
	}
	if busy == BusyFree {
		ev.Add("TRANSP", "TRANSPARENT")
	} else {
		ev.Add("TRANSP", "OPAQUE")
	}
	state, _ := m.nint(mapi.PidLidAppointmentStateFlags)
	if state&asfCanceled != 0 {
		ev.Add("STATUS", "CANCELLED")
	} else if state&asfMeeting != 0 {
		ev.Add("STATUS", "CONFIRMED")
	}
	// Organizer and attendees.
	partstatOf := map[int32]string{respNone: "NEEDS-ACTION", respTentative: "TENTATIVE", respAccepted: "ACCEPTED", respDeclined: "DECLINED", respNotResponded: "NEEDS-ACTION", respOrganized: "ACCEPTED"}
	rsvp := false
	if v, ok := m.Get(mapi.PidTagResponseRequested); ok {
		rsvp, _ = v.(bool)
	}
	var replyStatus string
	if method == "REPLY" || method == "COUNTER" {
		if s, ok := m.nint(mapi.PidLidResponseStatus); ok {
			replyStatus = partstatOf[s]
		} else {
			switch m.str(mapi.PidTagMessageClass) {
			case ClassMeetingRespPos:
				replyStatus = "ACCEPTED"
			case ClassMeetingRespNeg:
				replyStatus = "DECLINED"
			default:
				replyStatus = "TENTATIVE"
			}
		}
	}
	if replyStatus != "" {
		// A response: ORGANIZER is the recipient (the one flagged
		// organizer, else the first), the one ATTENDEE the sender, as
		// RFC 5546 3.2.3 requires.
		var org *Recipient
		for i := range m.Recipients {
			if f, _ := getProp(m.Recipients[i].Props, mapi.PidTagRecipientFlags); f != nil && f.(int32)&recipOrganizer != 0 {
				org = &m.Recipients[i]
				break
			}
		}
		if org == nil && len(m.Recipients) > 0 {
			org = &m.Recipients[0]
		}
		if org != nil {
			a, n := recipientAddress(org.Props)
			ev.Add("ORGANIZER", "mailto:"+a, cnParam(n, a)...)
		}
		name, addr := m.str(mapi.PidTagSentRepresentingName), m.str(mapi.PidTagSentRepresentingEmailAddress)
		if addr != "" {
			params := append(cnParam(name, addr), Param{Name: "PARTSTAT", Values: []string{replyStatus}})
			ev.Add("ATTENDEE", "mailto:"+addr, params...)
		}
	}
	for _, r := range m.Recipients {
		if replyStatus != "" {
			break
		}
		a, n := recipientAddress(r.Props)
		flags, _ := getProp(r.Props, mapi.PidTagRecipientFlags)
		f, _ := flags.(int32)
		params := cnParam(n, a)
		if f&recipOrganizer != 0 {
			ev.Add("ORGANIZER", "mailto:"+a, params...)
			continue
		}
		typ, _ := getProp(r.Props, mapi.PidTagRecipientType)
		role := "REQ-PARTICIPANT"
		switch t, _ := typ.(int32); t {
		case recipCc:
			role = "OPT-PARTICIPANT"
		case recipBcc:
			// [MS-OXCICAL] 2.1.3.1.1.20.2: Bcc recipients are resources.
			role = "NON-PARTICIPANT"
			params = append(params, Param{Name: "CUTYPE", Values: []string{"RESOURCE"}})
		}
		params = append(params, Param{Name: "ROLE", Values: []string{role}})
		track, _ := getProp(r.Props, mapi.PidTagRecipientTrackStatus)
		ts, _ := track.(int32)
		ps := partstatOf[ts]
		if ps == "" {
			ps = "NEEDS-ACTION"
		}
		params = append(params, Param{Name: "PARTSTAT", Values: []string{ps}})
		if rsvp {
			params = append(params, Param{Name: "RSVP", Values: []string{"TRUE"}})
		}
		ev.Add("ATTENDEE", "mailto:"+a, params...)
	}
	// Microsoft extensions ([MS-OXCICAL] 2.1.3.1.1.20).
	if busy >= 0 && int(busy) < len(busyNames) {
		ev.Add("X-MICROSOFT-CDO-BUSYSTATUS", busyNames[busy])
	}
	if ib, ok := m.nint(mapi.PidLidIntendedBusyStatus); ok && ib >= 0 && int(ib) < len(busyNames) {
		ev.Add("X-MICROSOFT-CDO-INTENDEDSTATUS", busyNames[ib])
	}
	if allDay {
		ev.Add("X-MICROSOFT-CDO-ALLDAYEVENT", "TRUE")
	} else {
		ev.Add("X-MICROSOFT-CDO-ALLDAYEVENT", "FALSE")
	}
	if v, ok := m.Get(mapi.PidTagOwnerAppointmentId); ok {
		if n, ok := v.(int32); ok {
			ev.Add("X-MICROSOFT-CDO-OWNERAPPTID", strconv.Itoa(int(n)))
		}
	}
	if n, ok := m.nint(mapi.PidLidConferencingType); ok {
		ev.Add("X-MS-OLK-CONFTYPE", strconv.Itoa(int(n)))
	}
	boolOut := func(name string, np mapi.NamedProp) {
		if v, ok := m.GetNamed(np); ok {
			if b, ok := v.(bool); ok {
				ev.Add(name, strings.ToUpper(strconv.FormatBool(b)))
			}
		}
	}
	boolOut("X-MS-OLK-AUTOFILLLOCATION", mapi.PidLidAutoFillLocation)
	boolOut("X-MS-OLK-ALLOWEXTERNCHECK", mapi.PidLidAllowExternalCheck)
	boolOut("X-MICROSOFT-DISALLOW-COUNTER", mapi.PidLidAppointmentNotAllowPropose)
	if t, ok := m.ntime(mapi.PidLidAppointmentSequenceTime); ok {
		ev.Add("X-MS-OLK-APPTSEQTIME", formatUTC(t))
	}
	if replace, ok := m.ntime(mapi.PidLidExceptionReplaceTime); ok {
		dtProp(ev, "RECURRENCE-ID", replace, z, allDay)
	}
	exportAlarm(ev, m)
	out := []*Component{ev}
	// Recurrence.
	if blob := m.nbin(mapi.PidLidAppointmentRecur); blob != nil {
		ap, err := recur.ParseAppointmentRecurrencePattern(blob)
		if err != nil {
			return nil, nil, err
		}
		loc := time.UTC
		if z != nil {
			loc = z.loc
		}
		rr, err := ap.RRule(loc, ap.StartTimeOffset, allDay)
		if err != nil {
			return nil, nil, err
		}
		// RRULE goes right after DTEND, where readers look for it.
		rp := Prop{Name: "RRULE", Value: rr.String()}
		idx := 0
		for i := range ev.Props {
			if ev.Props[i].Name == "DTEND" {
				idx = i + 1
			}
		}
		ev.Props = append(ev.Props[:idx], append([]Prop{rp}, ev.Props[idx:]...)...)
		moved := map[uint32]bool{}
		for _, x := range ap.Exceptions {
			moved[x.Info.OriginalStartTime/1440*1440] = true
		}
		for _, d := range ap.DeletedInstanceDates {
			if moved[d/1440*1440] {
				continue
			}
			t := recur.LocalTime(recur.MinutesToTime(d).Add(time.Duration(ap.StartTimeOffset)*time.Minute), loc)
			dtProp(ev, "EXDATE", t, z, allDay)
		}
		for i := range ap.Exceptions {
			out = append(out, exportException(m, ev, ap, i, z, loc, allDay))
		}
	}
	return out, vtz, nil
}

// recipientAddress returns a recipient row's SMTP address and display
// name.
func recipientAddress(props []mapi.PropValue) (addr, name string) {
	if v, _ := getProp(props, mapi.PidTagSmtpAddress); v != nil {
		addr, _ = v.(string)
	}
	if addr == "" {
		if v, _ := getProp(props, mapi.PidTagEmailAddress); v != nil {
			addr, _ = v.(string)
		}
	}
	if v, _ := getProp(props, mapi.PidTagDisplayName); v != nil {
		name, _ = v.(string)
	}
	return addr, name
}

func cnParam(name, addr string) []Param {
	if name != "" && name != addr {
		return []Param{{Name: "CN", Values: []string{name}}}
	}
	return nil
}

// exportException writes one modified instance as a VEVENT with
// RECURRENCE-ID, from the ExceptionInfo and, where present, the matching
// exception attachment.
func exportException(m *Message, master *Component, ap *recur.AppointmentRecurrencePattern, i int, z *eventZone, loc *time.Location, allDay bool) *Component {
	x := &ap.Exceptions[i]
	ev := &Component{Name: "VEVENT"}
	for _, name := range []string{"UID", "DTSTAMP"} {
		if p := master.Prop(name); p != nil {
			ev.Props = append(ev.Props, *p)
		}
	}
	orig := recur.LocalTime(recur.MinutesToTime(x.Info.OriginalStartTime), loc)
	start := recur.LocalTime(recur.MinutesToTime(x.Info.StartDateTime), loc)
	end := recur.LocalTime(recur.MinutesToTime(x.Info.EndDateTime), loc)
	dtProp(ev, "RECURRENCE-ID", orig, z, allDay)
	subject := master.Text("SUMMARY")
	if x.Info.OverrideFlags&recur.AROSubject != 0 {
		subject = x.Subject()
	}
	location := master.Text("LOCATION")
	if x.Info.OverrideFlags&recur.AROLocation != 0 {
		location = x.Location()
	}
	var em *Message
	for _, a := range m.Attachments {
		if a.Embedded == nil {
			continue
		}
		if rt, ok := a.Embedded.ntime(mapi.PidLidExceptionReplaceTime); ok && rt.Equal(orig) {
			em = a.Embedded
		}
	}
	ev.AddText("SUMMARY", subject)
	if em != nil {
		if b := em.str(mapi.PidTagBody); b != "" {
			ev.AddText("DESCRIPTION", b)
		}
	}
	if location != "" {
		ev.AddText("LOCATION", location)
	}
	dtProp(ev, "DTSTART", start, z, allDay)
	dtProp(ev, "DTEND", end, z, allDay)
	if x.Info.OverrideFlags&recur.AROBusyStatus != 0 && int(x.Info.BusyStatus) < len(busyNames) {
		ev.Add("X-MICROSOFT-CDO-BUSYSTATUS", busyNames[x.Info.BusyStatus])
	}
	for _, name := range []string{"SEQUENCE", "ORGANIZER", "ATTENDEE"} {
		for _, p := range master.PropsNamed(name) {
			ev.Props = append(ev.Props, *p)
		}
	}
	switch {
	case em != nil:
		exportAlarm(ev, em)
	case x.Info.OverrideFlags&(recur.AROReminder|recur.AROReminderDelta) != 0:
		am := &Message{}
		set := m.nbool(mapi.PidLidReminderSet)
		if x.Info.OverrideFlags&recur.AROReminder != 0 {
			set = x.Info.ReminderSet != 0
		}
		delta, _ := m.nint(mapi.PidLidReminderDelta)
		if x.Info.OverrideFlags&recur.AROReminderDelta != 0 {
			delta = int32(x.Info.ReminderDelta)
		}
		am.SetNamed(mapi.PidLidReminderSet, set)
		am.SetNamed(mapi.PidLidReminderDelta, delta)
		exportAlarm(ev, am)
	}
	return ev
}

func exportAlarm(c *Component, m *Message) {
	if !m.nbool(mapi.PidLidReminderSet) {
		return
	}
	delta, _ := m.nint(mapi.PidLidReminderDelta)
	a := &Component{Name: "VALARM"}
	a.Add("ACTION", "DISPLAY")
	a.AddText("DESCRIPTION", "Reminder")
	a.Add("TRIGGER", FormatDuration(-time.Duration(delta)*time.Minute), Param{Name: "RELATED", Values: []string{"START"}})
	c.Children = append(c.Children, a)
}

func exportCommon(c *Component, m *Message) {
	if s, ok := m.Get(mapi.PidTagSubject); ok {
		if s, ok := s.(string); ok {
			c.AddText("SUMMARY", s)
		}
	}
	if b := m.str(mapi.PidTagBody); b != "" {
		c.AddText("DESCRIPTION", b)
	}
	if v, ok := m.Get(mapi.PidTagHtml); ok {
		if h, ok := v.([]byte); ok && len(h) > 0 {
			c.AddText("X-ALT-DESC", string(h), Param{Name: "FMTTYPE", Values: []string{"text/html"}})
		}
	}
	if v, ok := m.GetNamed(mapi.PidNameKeywords); ok {
		if cats, ok := v.([]string); ok && len(cats) > 0 {
			esc := make([]string, len(cats))
			for i, s := range cats {
				esc[i] = EscapeText(s)
			}
			c.Add("CATEGORIES", strings.Join(esc, ","))
		}
	}
	if v, ok := m.Get(mapi.PidTagSensitivity); ok {
		switch v {
		case int32(2):
			c.Add("CLASS", "PRIVATE")
		case int32(3):
			c.Add("CLASS", "CONFIDENTIAL")
		default:
			c.Add("CLASS", "PUBLIC")
		}
	}
	if v, ok := m.Get(mapi.PidTagImportance); ok {
		if n, ok := v.(int32); ok {
			prio := map[int32]string{0: "9", 1: "5", 2: "1"}[n]
			if prio != "" {
				c.Add("PRIORITY", prio)
			}
			c.Add("X-MICROSOFT-CDO-IMPORTANCE", strconv.Itoa(int(n)))
		}
	}
	for _, x := range []struct {
		tag  mapi.PropTag
		name string
	}{{mapi.PidTagCreationTime, "CREATED"}, {mapi.PidTagLastModificationTime, "LAST-MODIFIED"}} {
		if v, ok := m.Get(x.tag); ok {
			if t, ok := v.(time.Time); ok {
				c.Add(x.name, formatUTC(t))
			}
		}
	}
}

var taskStatusNames = map[int32]string{0: "NEEDS-ACTION", 1: "IN-PROCESS", 2: "COMPLETED", 3: "NEEDS-ACTION", 4: "CANCELLED"}

func exportTodo(m *Message, now func() time.Time) *Component {
	c := &Component{Name: "VTODO"}
	if goid := m.nbin(mapi.PidLidCleanGlobalObjectId); goid != nil {
		c.AddText("UID", UIDFromGlobalObjectID(goid))
	}
	c.Add("DTSTAMP", formatUTC(now()))
	exportCommon(c, m)
	if t, ok := m.ntime(mapi.PidLidTaskStartDate); ok {
		c.Add("DTSTART", t.Format("20060102"), Param{Name: "VALUE", Values: []string{"DATE"}})
	}
	if t, ok := m.ntime(mapi.PidLidTaskDueDate); ok {
		c.Add("DUE", t.Format("20060102"), Param{Name: "VALUE", Values: []string{"DATE"}})
	}
	status, _ := m.nint(mapi.PidLidTaskStatus)
	if s, ok := taskStatusNames[status]; ok {
		c.Add("STATUS", s)
	}
	if t, ok := m.ntime(mapi.PidLidTaskDateCompleted); ok {
		c.Add("COMPLETED", formatUTC(t))
	}
	if v, ok := m.GetNamed(mapi.PidLidPercentComplete); ok {
		if f, ok := v.(float64); ok {
			c.Add("PERCENT-COMPLETE", strconv.Itoa(int(f*100+0.5)))
		}
	}
	if b := m.nbin(mapi.PidLidTaskRecurrence); b != nil {
		// A regenerating pattern (SlidingFlag) has no RRULE form: its next
		// date depends on when the current one is completed.
		if p, err := recur.ParseRecurrencePattern(b); err == nil && !p.Regenerating() {
			if rr, err := p.RRule(time.UTC, 0, true); err == nil {
				c.Add("RRULE", rr.String())
			}
		}
	}
	if m.nbool(mapi.PidLidReminderSet) {
		delta, _ := m.nint(mapi.PidLidReminderDelta)
		a := &Component{Name: "VALARM"}
		a.Add("ACTION", "DISPLAY")
		a.AddText("DESCRIPTION", "Reminder")
		a.Add("TRIGGER", FormatDuration(-time.Duration(delta)*time.Minute))
		c.Children = append(c.Children, a)
	}
	return c
}
