package ical

import (
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/oxkit/oxkit/ical/recur"
	"github.com/oxkit/oxkit/ical/tz"
	"github.com/oxkit/oxkit/mapi"
)

// Message classes of [MS-OXCICAL] 2.1.3.1.1.1 (METHOD).
const (
	ClassAppointment     = "IPM.Appointment"
	ClassMeetingRequest  = "IPM.Schedule.Meeting.Request"
	ClassMeetingRespPos  = "IPM.Schedule.Meeting.Resp.Pos"
	ClassMeetingRespNeg  = "IPM.Schedule.Meeting.Resp.Neg"
	ClassMeetingRespTent = "IPM.Schedule.Meeting.Resp.Tent"
	ClassMeetingCanceled = "IPM.Schedule.Meeting.Canceled"
	ClassTask            = "IPM.Task"
	// ClassException is the class of an exception's embedded message
	// ([MS-OXOCAL] 2.2.10.1.1).
	ClassException = "IPM.OLE.CLASS.{00061055-0000-0000-C000-000000000046}"
)

// Busy status values of PidLidBusyStatus ([MS-OXOCAL] 2.2.1.2).
const (
	BusyFree             int32 = 0
	BusyTentative        int32 = 1
	BusyBusy             int32 = 2
	BusyOutOfOffice      int32 = 3
	BusyWorkingElsewhere int32 = 4
)

var busyNames = []string{"FREE", "TENTATIVE", "BUSY", "OOF", "WORKINGELSEWHERE"}

// Response values of PidTagRecipientTrackStatus and PidLidResponseStatus
// ([MS-OXOCAL] 2.2.1.11).
const (
	respNone         int32 = 0
	respOrganized    int32 = 1
	respTentative    int32 = 2
	respAccepted     int32 = 3
	respDeclined     int32 = 4
	respNotResponded int32 = 5
)

// Recipient types ([MS-OXOMSG] 2.2.3.1) and flags ([MS-OXOCAL] 2.2.4.10.1).
const (
	recipTo        int32 = 1
	recipCc        int32 = 2
	recipBcc       int32 = 3
	recipSendable  int32 = 0x1
	recipOrganizer int32 = 0x2
)

// Appointment state flags ([MS-OXOCAL] 2.2.1.10).
const (
	asfMeeting  int32 = 0x1
	asfReceived int32 = 0x2
	asfCanceled int32 = 0x4
)

// ImportOptions tune Import. nil means the defaults.
type ImportOptions struct {
	// Location interprets floating times and all-day dates (default UTC).
	Location *time.Location
	// Limits bound the parser.
	Limits *Limits
	// Received marks meeting requests as received (asfReceived), as they
	// are when imported from mail.
	Received bool
}

// Import parses r and converts every VEVENT and VTODO to a Message
// ([MS-OXCICAL] 2.1.3.1): one Message per series or single item, with the
// series' RECURRENCE-ID instances folded in as exceptions.
func Import(r io.Reader, opt *ImportOptions) ([]*Message, error) {
	var lim *Limits
	if opt != nil {
		lim = opt.Limits
	}
	cals, err := Decode(r, lim)
	if err != nil {
		return nil, err
	}
	var out []*Message
	for _, c := range cals {
		ms, err := ImportCalendar(c, opt)
		if err != nil {
			return out, err
		}
		out = append(out, ms...)
	}
	return out, nil
}

// zones resolves TZIDs of one VCALENDAR.
type zones struct {
	vtz      map[string]*Component
	cache    map[string]*time.Location
	keys     map[string]string
	floating *time.Location
	warn     func(string)
}

func (z *zones) loc(tzid string) *time.Location {
	if l, ok := z.cache[tzid]; ok {
		return l
	}
	var l *time.Location
	// The rules inside the calendar's VTIMEZONE win: Outlook TZIDs are
	// display names, custom zones have made-up names, and even an IANA
	// TZID describes the rules its writer used.
	if c := z.vtz[tzid]; c != nil {
		if loc, err := LocationFromVTimezone(c); err == nil {
			l = loc
		} else {
			z.warn(fmt.Sprintf("VTIMEZONE %q: %v", tzid, err))
		}
	}
	if l == nil {
		if loc, err := tz.Resolve(tzid); err == nil {
			l = loc
		} else {
			z.warn(fmt.Sprintf("unknown TZID %q: using %s", tzid, z.floating))
			l = z.floating
		}
	}
	z.cache[tzid] = l
	return l
}

// windowsID returns the Windows time zone ID for a TZID: by name when it
// is an IANA or Windows name, else the Windows zone whose rules match the
// calendar's VTIMEZONE in year (display-name and custom TZIDs), else the
// TZID itself.
func (z *zones) windowsID(tzid string, year int) string {
	if k, ok := z.keys[tzid]; ok {
		return k
	}
	key := tzid
	if iana, err := tz.Resolve(tzid); err == nil {
		if w, ok := tz.IANAToWindows(iana.String()); ok {
			key = w
		}
	} else if c := z.vtz[tzid]; c != nil {
		if rules, err := RulesFromVTimezone(c); err == nil && len(rules) > 0 {
			r := rules[0].Rule
			for _, yr := range rules {
				if yr.Year <= year {
					r = yr.Rule
				}
			}
			if w, ok := tz.MatchWindows(r, year, tzid); ok {
				key = w
			}
		}
	}
	z.keys[tzid] = key
	return key
}

// when is a parsed DATE or DATE-TIME.
type when struct {
	t      time.Time // in its location
	date   bool
	tzid   string // TZID parameter, "" for UTC/floating/date
	utc    bool
	isZero bool
}

func (z *zones) parse(p *Prop) (when, error) {
	v := strings.TrimSpace(p.Value)
	if i := strings.IndexByte(v, ','); i >= 0 {
		v = v[:i]
	}
	if strings.EqualFold(p.Param("VALUE"), "DATE") || len(v) == 8 {
		d, err := time.Parse("20060102", v)
		if err != nil {
			return when{}, fmt.Errorf("ical: %s: bad date %q", p.Name, v)
		}
		return when{t: time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, z.floating), date: true}, nil
	}
	utc := strings.HasSuffix(v, "Z")
	w, err := time.Parse("20060102T150405", strings.TrimSuffix(v, "Z"))
	if err != nil {
		return when{}, fmt.Errorf("ical: %s: bad date-time %q", p.Name, v)
	}
	if utc {
		return when{t: w, utc: true}, nil
	}
	if tzid := p.Param("TZID"); tzid != "" {
		return when{t: recur.LocalTime(w, z.loc(tzid)), tzid: tzid}, nil
	}
	return when{t: recur.LocalTime(w, z.floating)}, nil
}

// ImportCalendar converts the VEVENTs and VTODOs of one parsed VCALENDAR.
func ImportCalendar(cal *Component, opt *ImportOptions) ([]*Message, error) {
	var o ImportOptions
	if opt != nil {
		o = *opt
	}
	if o.Location == nil {
		o.Location = time.UTC
	}
	method := strings.ToUpper(cal.Text("METHOD"))
	var warnings []string
	z := &zones{vtz: map[string]*Component{}, cache: map[string]*time.Location{}, keys: map[string]string{}, floating: o.Location,
		warn: func(s string) { warnings = append(warnings, s) }}
	for _, c := range cal.ChildrenNamed("VTIMEZONE") {
		z.vtz[c.Text("TZID")] = c
	}
	// Group VEVENTs by UID: the master and its RECURRENCE-ID instances.
	type series struct {
		master *Component
		exc    []*Component
	}
	var order []string
	groups := map[string]*series{}
	var out []*Message
	for _, c := range cal.Children {
		switch c.Name {
		case "VEVENT":
			uid := c.Text("UID")
			g := groups[uid]
			if g == nil || uid == "" {
				g = &series{}
				key := uid
				if uid == "" {
					key = fmt.Sprintf("\x00%d", len(order))
				}
				groups[key] = g
				order = append(order, key)
			}
			if c.Prop("RECURRENCE-ID") != nil {
				g.exc = append(g.exc, c)
			} else if g.master == nil {
				g.master = c
			} else {
				warnings = append(warnings, fmt.Sprintf("duplicate VEVENT for UID %q dropped", uid))
			}
		case "VTODO":
			m, err := importTodo(c, z, method)
			if err != nil {
				return out, err
			}
			out = append(out, m)
		}
	}
	for _, key := range order {
		g := groups[key]
		if g.master == nil {
			// Only instances (a meeting update for one occurrence): each
			// becomes its own message.
			for _, e := range g.exc {
				m, err := importEvent(e, nil, z, method, &o)
				if err != nil {
					return out, err
				}
				out = append(out, m)
			}
			continue
		}
		m, err := importEvent(g.master, g.exc, z, method, &o)
		if err != nil {
			return out, err
		}
		out = append(out, m)
	}
	if len(warnings) > 0 && len(out) > 0 {
		out[0].Warnings = append(warnings, out[0].Warnings...)
	}
	return out, nil
}

func messageClass(method string, ev *Component) (string, bool) {
	switch method {
	case "REQUEST":
		return ClassMeetingRequest, false
	case "CANCEL":
		return ClassMeetingCanceled, false
	case "COUNTER":
		return ClassMeetingRespTent, true
	case "REPLY":
		for _, a := range ev.PropsNamed("ATTENDEE") {
			switch strings.ToUpper(a.Param("PARTSTAT")) {
			case "ACCEPTED":
				return ClassMeetingRespPos, false
			case "DECLINED":
				return ClassMeetingRespNeg, false
			case "TENTATIVE":
				return ClassMeetingRespTent, false
			}
		}
		return ClassMeetingRespTent, false
	}
	return ClassAppointment, false
}

func partstat(s string) int32 {
	switch strings.ToUpper(s) {
	case "ACCEPTED":
		return respAccepted
	case "DECLINED":
		return respDeclined
	case "TENTATIVE":
		return respTentative
	case "NEEDS-ACTION":
		return respNone
	}
	return respNone
}

func mailto(v string) string {
	v = strings.TrimSpace(v)
	if len(v) >= 7 && strings.EqualFold(v[:7], "mailto:") {
		v = v[7:]
	}
	return v
}

func recipientFrom(p *Prop, organizer bool) Recipient {
	addr := mailto(p.Value)
	name := p.Param("CN")
	if name == "" {
		name = addr
	}
	typ := recipTo
	switch strings.ToUpper(p.Param("ROLE")) {
	case "OPT-PARTICIPANT":
		typ = recipCc
	case "NON-PARTICIPANT":
		typ = recipBcc
	}
	switch strings.ToUpper(p.Param("CUTYPE")) {
	case "RESOURCE", "ROOM":
		typ = recipBcc // [MS-OXCICAL] 2.1.3.1.1.20.2: resources are Bcc
	}
	var r Recipient
	flags := recipSendable
	track := partstat(p.Param("PARTSTAT"))
	if organizer {
		flags |= recipOrganizer
		typ = recipTo
		track = respNone
	}
	setProp(&r.Props, mapi.PidTagDisplayName, name)
	setProp(&r.Props, mapi.PidTagEmailAddress, addr)
	setProp(&r.Props, mapi.PidTagSmtpAddress, addr)
	setProp(&r.Props, mapi.PidTagAddressType, "SMTP")
	setProp(&r.Props, mapi.PidTagRecipientType, typ)
	setProp(&r.Props, mapi.PidTagRecipientFlags, flags)
	setProp(&r.Props, mapi.PidTagRecipientTrackStatus, track)
	return r
}

func parseTrigger(s string) (time.Duration, bool) {
	// RFC 5545 3.3.6 dur-value: [+-]P[nW][nD][T[nH][nM][nS]]
	s = strings.TrimSpace(strings.ToUpper(s))
	neg := false
	if strings.HasPrefix(s, "-") {
		neg, s = true, s[1:]
	} else {
		s = strings.TrimPrefix(s, "+")
	}
	if !strings.HasPrefix(s, "P") {
		return 0, false
	}
	s = s[1:]
	var d time.Duration
	inTime := false
	num := 0
	have := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			num = num*10 + int(c-'0')
			have = true
			if num > 1e7 {
				return 0, false
			}
			continue
		case c == 'T':
			inTime = true
			continue
		}
		if !have {
			return 0, false
		}
		switch {
		case c == 'W' && !inTime:
			d += time.Duration(num) * 7 * 24 * time.Hour
		case c == 'D' && !inTime:
			d += time.Duration(num) * 24 * time.Hour
		case c == 'H' && inTime:
			d += time.Duration(num) * time.Hour
		case c == 'M' && inTime:
			d += time.Duration(num) * time.Minute
		case c == 'S' && inTime:
			d += time.Duration(num) * time.Second
		default:
			return 0, false
		}
		num, have = 0, false
	}
	if have {
		return 0, false
	}
	if neg {
		d = -d
	}
	return d, true
}

// FormatDuration writes d as an RFC 5545 duration (-PT15M, P1D).
func FormatDuration(d time.Duration) string {
	sign := ""
	if d < 0 {
		sign, d = "-", -d
	}
	if d == 0 {
		return "PT0S"
	}
	if d%(24*time.Hour) == 0 {
		days := int64(d / (24 * time.Hour))
		if days%7 == 0 {
			return fmt.Sprintf("%sP%dW", sign, days/7)
		}
		return fmt.Sprintf("%sP%dD", sign, days)
	}
	var b strings.Builder
	b.WriteString(sign + "P")
	if days := d / (24 * time.Hour); days > 0 {
		fmt.Fprintf(&b, "%dD", days)
		d -= days * 24 * time.Hour
	}
	b.WriteByte('T')
	if h := d / time.Hour; h > 0 {
		fmt.Fprintf(&b, "%dH", h)
		d -= h * time.Hour
	}
	if m := d / time.Minute; m > 0 {
		fmt.Fprintf(&b, "%dM", m)
		d -= m * time.Minute
	}
	if s := d / time.Second; s > 0 {
		fmt.Fprintf(&b, "%dS", s)
	}
	return b.String()
}

// common sets the properties VEVENT and VTODO share.
func common(m *Message, c *Component) {
	if s := c.Prop("SUMMARY"); s != nil {
		m.Set(mapi.PidTagSubject, s.Text())
		m.Set(mapi.PidTagNormalizedSubject, s.Text())
	}
	if d := c.Prop("DESCRIPTION"); d != nil {
		m.Set(mapi.PidTagBody, d.Text())
	}
	// Outlook's HTML body ([MS-OXCICAL] 2.1.3.1.1.20.x X-ALT-DESC).
	for _, a := range c.PropsNamed("X-ALT-DESC") {
		if strings.EqualFold(a.Param("FMTTYPE"), "text/html") {
			m.Set(mapi.PidTagHtml, []byte(a.Text()))
			break
		}
	}
	var cats []string
	for _, p := range c.PropsNamed("CATEGORIES") {
		for _, v := range SplitList(p.Value) {
			if v = strings.TrimSpace(UnescapeText(v)); v != "" && len(cats) < 256 {
				cats = append(cats, v)
			}
		}
	}
	if len(cats) > 0 {
		m.SetNamed(mapi.PidNameKeywords, cats)
	}
	switch strings.ToUpper(c.Text("CLASS")) {
	case "PRIVATE":
		m.Set(mapi.PidTagSensitivity, int32(2))
	case "CONFIDENTIAL":
		m.Set(mapi.PidTagSensitivity, int32(3))
	case "PUBLIC":
		m.Set(mapi.PidTagSensitivity, int32(0))
	}
	if v := c.Text("X-MICROSOFT-CDO-IMPORTANCE"); v != "" {
		if n, err := strconv.Atoi(v); err == nil && n >= 0 && n <= 2 {
			m.Set(mapi.PidTagImportance, int32(n))
		}
	} else if v := c.Text("PRIORITY"); v != "" {
		if n, err := strconv.Atoi(v); err == nil {
			switch {
			case n >= 1 && n <= 4:
				m.Set(mapi.PidTagImportance, int32(2))
			case n == 5:
				m.Set(mapi.PidTagImportance, int32(1))
			case n >= 6 && n <= 9:
				m.Set(mapi.PidTagImportance, int32(0))
			}
		}
	}
	for _, name := range []struct {
		prop string
		tag  mapi.PropTag
	}{{"CREATED", mapi.PidTagCreationTime}, {"LAST-MODIFIED", mapi.PidTagLastModificationTime}} {
		if p := c.Prop(name.prop); p != nil {
			if t, err := time.Parse("20060102T150405Z", strings.TrimSpace(p.Value)); err == nil {
				m.Set(name.tag, t)
			}
		}
	}
}

func importEvent(ev *Component, exc []*Component, z *zones, method string, o *ImportOptions) (*Message, error) {
	m := &Message{}
	class, counter := messageClass(method, ev)
	m.Set(mapi.PidTagMessageClass, class)
	if counter {
		m.SetNamed(mapi.PidLidAppointmentCounterProposal, true)
	}
	common(m, ev)
	if l := ev.Text("LOCATION"); l != "" {
		m.SetNamed(mapi.PidLidLocation, l)
	}
	uid := ev.Text("UID")
	if uid != "" {
		goid := GlobalObjectIDFromUID(uid)
		m.SetNamed(mapi.PidLidCleanGlobalObjectId, goid)
		if rid := ev.Prop("RECURRENCE-ID"); rid != nil && exc == nil {
			if w, err := z.parse(rid); err == nil {
				goid = WithInstanceDate(goid, w.t)
			}
		}
		m.SetNamed(mapi.PidLidGlobalObjectId, goid)
	}
	seq := ev.Text("SEQUENCE")
	if seq == "" {
		seq = ev.Text("X-MICROSOFT-CDO-APPT-SEQUENCE")
	}
	if s := seq; s != "" {
		if n, err := strconv.Atoi(s); err == nil && n >= 0 {
			m.SetNamed(mapi.PidLidAppointmentSequence, int32(n))
		}
	}
	if p := ev.Prop("DTSTAMP"); p != nil {
		if t, err := time.Parse("20060102T150405Z", strings.TrimSpace(p.Value)); err == nil {
			m.SetNamed(mapi.PidLidAttendeeCriticalChange, t)
		}
	}
	// Times.
	dsp := ev.Prop("DTSTART")
	if dsp == nil {
		return nil, fmt.Errorf("ical: VEVENT %q without DTSTART", uid)
	}
	start, err := z.parse(dsp)
	if err != nil {
		return nil, err
	}
	allDay := start.date || strings.EqualFold(ev.Text("X-MICROSOFT-CDO-ALLDAYEVENT"), "TRUE")
	end := start
	switch {
	case ev.Prop("DTEND") != nil:
		if end, err = z.parse(ev.Prop("DTEND")); err != nil {
			return nil, err
		}
	case ev.Prop("DURATION") != nil:
		d, ok := parseTrigger(ev.Text("DURATION"))
		if !ok || d < 0 {
			return nil, fmt.Errorf("ical: bad DURATION %q", ev.Text("DURATION"))
		}
		end.t = start.t.Add(d)
	case start.date:
		end.t = start.t.AddDate(0, 0, 1)
	}
	if end.t.Before(start.t) {
		end.t = start.t
	}
	m.SetNamed(mapi.PidLidAppointmentStartWhole, start.t.UTC())
	m.SetNamed(mapi.PidLidAppointmentEndWhole, end.t.UTC())
	if m.nbool(mapi.PidLidAppointmentCounterProposal) {
		// RFC 5546 3.2.7: a COUNTER's DTSTART and DTEND are the times it
		// proposes ([MS-OXOCAL] 2.2.7.3-2.2.7.5).
		m.SetNamed(mapi.PidLidAppointmentProposedStartWhole, start.t.UTC())
		m.SetNamed(mapi.PidLidAppointmentProposedEndWhole, end.t.UTC())
		m.SetNamed(mapi.PidLidAppointmentProposedDuration, int32(end.t.Sub(start.t)/time.Minute))
	}
	m.Set(mapi.PidTagStartDate, start.t.UTC())
	m.Set(mapi.PidTagEndDate, end.t.UTC())
	m.SetNamed(mapi.PidLidCommonStart, start.t.UTC())
	m.SetNamed(mapi.PidLidCommonEnd, end.t.UTC())
	m.SetNamed(mapi.PidLidAppointmentDuration, int32(end.t.Sub(start.t)/time.Minute))
	m.SetNamed(mapi.PidLidAppointmentSubType, allDay)
	// Time zone definitions.
	var def *tz.TZDefinition
	if start.tzid != "" {
		def = definitionFor(z, start.tzid, start.t)
		m.SetNamed(mapi.PidLidTimeZoneDescription, start.tzid)
	}
	if def != nil {
		b, _ := def.AppendBinary(nil)
		m.SetNamed(mapi.PidLidAppointmentTimeZoneDefinitionStartDisplay, b)
		edef := def
		if end.tzid != "" && end.tzid != start.tzid {
			edef = definitionFor(z, end.tzid, end.t)
		}
		if edef != nil {
			eb, _ := edef.AppendBinary(nil)
			m.SetNamed(mapi.PidLidAppointmentTimeZoneDefinitionEndDisplay, eb)
		}
	}
	// Busy status.
	busy := BusyBusy
	if strings.EqualFold(ev.Text("TRANSP"), "TRANSPARENT") {
		busy = BusyFree
	}
	if v := strings.ToUpper(ev.Text("X-MICROSOFT-CDO-BUSYSTATUS")); v != "" {
		for i, n := range busyNames {
			if v == n {
				busy = int32(i)
			}
		}
	}
	m.SetNamed(mapi.PidLidBusyStatus, busy)
	if v := strings.ToUpper(ev.Text("X-MICROSOFT-CDO-INTENDEDSTATUS")); v != "" {
		for i, n := range busyNames {
			if v == n {
				m.SetNamed(mapi.PidLidIntendedBusyStatus, int32(i))
			}
		}
	}
	if v := ev.Text("X-MICROSOFT-CDO-OWNERAPPTID"); v != "" {
		if n, err := strconv.ParseInt(v, 10, 32); err == nil {
			m.Set(mapi.PidTagOwnerAppointmentId, int32(n))
		}
	}
	// X-MS-OLK-* ([MS-OXCICAL] 2.1.3.1.1.20.x).
	if v := ev.Text("X-MS-OLK-CONFTYPE"); v != "" {
		if n, err := strconv.Atoi(v); err == nil && n >= 0 && n <= 3 {
			m.SetNamed(mapi.PidLidConferencingType, int32(n))
		}
	}
	boolProp := func(name string, np mapi.NamedProp) {
		if v := ev.Text(name); v != "" {
			m.SetNamed(np, strings.EqualFold(v, "TRUE"))
		}
	}
	boolProp("X-MS-OLK-AUTOFILLLOCATION", mapi.PidLidAutoFillLocation)
	boolProp("X-MS-OLK-ALLOWEXTERNCHECK", mapi.PidLidAllowExternalCheck)
	boolProp("X-MICROSOFT-DISALLOW-COUNTER", mapi.PidLidAppointmentNotAllowPropose)
	if p := ev.Prop("X-MS-OLK-APPTSEQTIME"); p != nil {
		if t, err := time.Parse("20060102T150405Z", strings.TrimSpace(p.Value)); err == nil {
			m.SetNamed(mapi.PidLidAppointmentSequenceTime, t)
		}
	}
	// Organizer and attendees.
	state := int32(0)
	reply := method == "REPLY" || method == "COUNTER"
	setSender := func(r Recipient) {
		name, _ := getProp(r.Props, mapi.PidTagDisplayName)
		addr, _ := getProp(r.Props, mapi.PidTagEmailAddress)
		m.Set(mapi.PidTagSentRepresentingName, name)
		m.Set(mapi.PidTagSentRepresentingEmailAddress, addr)
		m.Set(mapi.PidTagSentRepresentingAddressType, "SMTP")
	}
	if org := ev.Prop("ORGANIZER"); org != nil {
		state |= asfMeeting
		r := recipientFrom(org, true)
		m.Recipients = append(m.Recipients, r)
		if !reply {
			setSender(r)
		}
	}
	if reply {
		// A response goes from the attendee to the organizer: the
		// attendee is the sender, the organizer the recipient, and the
		// PARTSTAT the response ([MS-OXCICAL] 2.1.3.1.1.20.2,
		// [MS-OXOCAL] 2.2.7).
		if a := ev.Prop("ATTENDEE"); a != nil {
			state |= asfMeeting
			setSender(recipientFrom(a, false))
			m.SetNamed(mapi.PidLidResponseStatus, partstat(a.Param("PARTSTAT")))
		}
	} else {
		rsvp := false
		for _, a := range ev.PropsNamed("ATTENDEE") {
			if len(m.Recipients) >= 5000 {
				m.Warnings = append(m.Warnings, "attendees beyond 5000 dropped")
				break
			}
			state |= asfMeeting
			if strings.EqualFold(a.Param("RSVP"), "TRUE") {
				rsvp = true
			}
			m.Recipients = append(m.Recipients, recipientFrom(a, false))
		}
		if rsvp {
			m.Set(mapi.PidTagResponseRequested, true)
		}
	}
	if method == "REQUEST" && o.Received {
		state |= asfReceived
	}
	if strings.EqualFold(ev.Text("STATUS"), "CANCELLED") || method == "CANCEL" {
		state |= asfCanceled
	}
	m.SetNamed(mapi.PidLidAppointmentStateFlags, state)
	// Reminder.
	importAlarm(m, ev, start.t)
	// Recurrence.
	if rr := ev.Prop("RRULE"); rr != nil {
		if err := importRecurrence(m, ev, rr, exc, z, start, end, allDay); err != nil {
			if !errors.Is(err, recur.ErrUnsupported) {
				return nil, err
			}
			m.Warnings = append(m.Warnings, fmt.Sprintf("RRULE %q imported as a single appointment: %v", rr.Value, err))
		}
	} else if len(exc) > 0 {
		m.Warnings = append(m.Warnings, fmt.Sprintf("%d RECURRENCE-ID instances without RRULE dropped", len(exc)))
	}
	if rid := ev.Prop("RECURRENCE-ID"); rid != nil && exc == nil {
		if w, err := z.parse(rid); err == nil {
			m.SetNamed(mapi.PidLidExceptionReplaceTime, w.t.UTC())
			m.SetNamed(mapi.PidLidIsException, true)
		}
	}
	return m, nil
}

// definitionFor builds the TZDEFINITION of a TZID: from the calendar's
// VTIMEZONE rules when present, else from the IANA zone it resolves to,
// with the rule in force at t flagged effective.
func definitionFor(z *zones, tzid string, t time.Time) *tz.TZDefinition {
	key := z.windowsID(tzid, t.Year())
	if len([]rune(key)) > tz.MaxKeyName {
		key = string([]rune(key)[:tz.MaxKeyName])
	}
	if c := z.vtz[tzid]; c != nil {
		rules, err := RulesFromVTimezone(c)
		if err == nil && len(rules) > 0 {
			if len(rules) > tz.MaxRules {
				rules = rules[len(rules)-tz.MaxRules:]
			}
			d := &tz.TZDefinition{Flags: tz.TZDefinitionFlagValidKeyName, KeyName: key}
			eff := 0
			for i, r := range rules {
				d.Rules = append(d.Rules, tz.TZRule{Year: uint16(r.Year), Rule: r.Rule})
				if r.Year <= t.Year() {
					eff = i
				}
			}
			d.Rules[eff].Flags = tz.TZRuleFlagEffectiveTZReg | tz.TZRuleFlagRecurCurrentTZReg
			return d
		}
	}
	loc := t.Location()
	if loc == time.UTC || loc == nil {
		return nil
	}
	return tz.DefinitionFromLocation(loc, key, t.Year(), t.Year(), t.Year())
}

func importAlarm(m *Message, c *Component, start time.Time) {
	for _, a := range c.ChildrenNamed("VALARM") {
		trig := a.Prop("TRIGGER")
		if trig == nil {
			continue
		}
		var signal time.Time
		if strings.EqualFold(trig.Param("VALUE"), "DATE-TIME") {
			t, err := time.Parse("20060102T150405Z", strings.TrimSpace(trig.Value))
			if err != nil {
				continue
			}
			signal = t
		} else {
			d, ok := parseTrigger(trig.Value)
			if !ok {
				continue
			}
			if strings.EqualFold(trig.Param("RELATED"), "END") {
				continue // not representable as PidLidReminderDelta
			}
			signal = start.Add(d)
		}
		delta := int32(start.Sub(signal) / time.Minute)
		m.SetNamed(mapi.PidLidReminderSet, true)
		m.SetNamed(mapi.PidLidReminderDelta, delta)
		m.SetNamed(mapi.PidLidReminderTime, start.UTC())
		m.SetNamed(mapi.PidLidReminderSignalTime, signal.UTC())
		return
	}
	m.SetNamed(mapi.PidLidReminderSet, false)
}

var recurrenceTypes = map[recur.Frequency]int32{recur.FrequencyDaily: 1, recur.FrequencyWeekly: 2, recur.FrequencyMonthly: 3, recur.FrequencyYearly: 4}

func importRecurrence(m *Message, ev *Component, rrp *Prop, exc []*Component, z *zones, start, end when, allDay bool) error {
	rr, err := recur.ParseRRule(rrp.Value)
	if err != nil {
		return fmt.Errorf("%w: %v", recur.ErrUnsupported, err)
	}
	loc := start.t.Location()
	p, err := rr.ToPattern(start.t, loc)
	if err != nil {
		return err
	}
	sMin := uint32(start.t.Hour()*60 + start.t.Minute())
	ap := &recur.AppointmentRecurrencePattern{
		RecurrencePattern: *p,
		ReaderVersion2:    recur.ReaderVersion2, WriterVersion2: recur.WriterVersion2,
		StartTimeOffset: sMin, EndTimeOffset: sMin + uint32(end.t.Sub(start.t)/time.Minute),
	}
	deleted := map[uint32]bool{}
	for _, ex := range ev.PropsNamed("EXDATE") {
		for _, v := range SplitList(ex.Value) {
			q := *ex
			q.Value = v
			w, err := z.parse(&q)
			if err != nil {
				continue
			}
			lt := w.t.In(loc)
			deleted[recur.TimeToMinutes(lt)/1440*1440] = true
		}
	}
	if len(ev.PropsNamed("RDATE")) > 0 {
		m.Warnings = append(m.Warnings, "RDATE has no [MS-OXOCAL] equivalent and was dropped")
	}
	modified := map[uint32]bool{}
	subject := ev.Text("SUMMARY")
	location := ev.Text("LOCATION")
	type excItem struct {
		x   recur.Exception
		att Attachment
	}
	var items []excItem
	for _, e := range exc {
		rid, err := z.parse(e.Prop("RECURRENCE-ID"))
		if err != nil {
			m.Warnings = append(m.Warnings, err.Error())
			continue
		}
		orig := rid.t.In(loc)
		es, ee := start, end
		if p := e.Prop("DTSTART"); p != nil {
			if es, err = z.parse(p); err != nil {
				return err
			}
		}
		ee.t = es.t.Add(end.t.Sub(start.t))
		if p := e.Prop("DTEND"); p != nil {
			if ee, err = z.parse(p); err != nil {
				return err
			}
		}
		ls, le := es.t.In(loc), ee.t.In(loc)
		info := recur.ExceptionInfo{
			StartDateTime: recur.TimeToMinutes(ls), EndDateTime: recur.TimeToMinutes(le),
			OriginalStartTime: recur.TimeToMinutes(orig),
		}
		ext := recur.ExtendedException{}
		if s := e.Prop("SUMMARY"); s != nil && s.Text() != subject {
			info.OverrideFlags |= recur.AROSubject
			info.Subject = asciiOnly(s.Text())
			ext.WideCharSubject = s.Text()
		}
		if l := e.Prop("LOCATION"); l != nil && l.Text() != location {
			info.OverrideFlags |= recur.AROLocation
			info.Location = asciiOnly(l.Text())
			ext.WideCharLocation = l.Text()
		}
		if info.OverrideFlags&(recur.AROSubject|recur.AROLocation) != 0 {
			ext.StartDateTime, ext.EndDateTime, ext.OriginalStartDate = info.StartDateTime, info.EndDateTime, info.OriginalStartTime
		}
		if v := strings.ToUpper(e.Text("X-MICROSOFT-CDO-BUSYSTATUS")); v != "" {
			for i, n := range busyNames {
				if v == n {
					info.OverrideFlags |= recur.AROBusyStatus
					info.BusyStatus = uint32(i)
				}
			}
		}
		// A reminder that differs from the series' ([MS-OXOCAL] 2.2.1.44.2
		// ARO_REMINDER, ARO_REMINDERDELTA).
		ea := &Message{}
		importAlarm(ea, e, es.t)
		masterSet := m.nbool(mapi.PidLidReminderSet)
		masterDelta, _ := m.nint(mapi.PidLidReminderDelta)
		if set := ea.nbool(mapi.PidLidReminderSet); set != masterSet {
			info.OverrideFlags |= recur.AROReminder
			if set {
				info.ReminderSet = 1
			}
		}
		if d, _ := ea.nint(mapi.PidLidReminderDelta); ea.nbool(mapi.PidLidReminderSet) && d != masterDelta {
			info.OverrideFlags |= recur.AROReminderDelta
			info.ReminderDelta = uint32(d)
		}
		deleted[info.OriginalStartTime/1440*1440] = true
		modified[info.StartDateTime/1440*1440] = true
		// The exception's embedded message ([MS-OXOCAL] 2.2.10.1).
		em := &Message{}
		em.Set(mapi.PidTagMessageClass, ClassException)
		common(em, e)
		if l := e.Prop("LOCATION"); l != nil {
			em.SetNamed(mapi.PidLidLocation, l.Text())
		}
		em.SetNamed(mapi.PidLidAppointmentStartWhole, es.t.UTC())
		em.SetNamed(mapi.PidLidAppointmentEndWhole, ee.t.UTC())
		em.SetNamed(mapi.PidLidExceptionReplaceTime, rid.t.UTC())
		em.SetNamed(mapi.PidLidAppointmentSubType, allDay)
		em.SetNamed(mapi.PidLidBusyStatus, int32(info.BusyStatus))
		importAlarm(em, e, es.t)
		var att Attachment
		setProp(&att.Props, mapi.PidTagAttachMethod, int32(5)) // afEmbeddedMessage
		setProp(&att.Props, mapi.PidTagAttachmentHidden, true)
		setProp(&att.Props, mapi.PidTagAttachmentFlags, int32(2)) // afException
		setProp(&att.Props, mapi.PidTagRenderingPosition, int32(-1))
		// PidTagExceptionStartTime/EndTime are in local time ([MS-OXOCAL] 2.2.10.1.4).
		setProp(&att.Props, mapi.PidTagExceptionStartTime, wallUTC(ls))
		setProp(&att.Props, mapi.PidTagExceptionEndTime, wallUTC(le))
		att.Embedded = em
		items = append(items, excItem{recur.Exception{Info: info, Extended: ext}, att})
	}
	sort.SliceStable(items, func(i, j int) bool { return items[i].x.Info.StartDateTime < items[j].x.Info.StartDateTime })
	for _, it := range items {
		ap.Exceptions = append(ap.Exceptions, it.x)
		m.Attachments = append(m.Attachments, it.att)
	}
	// DeletedInstanceDates holds the original dates of deleted and moved
	// instances; ModifiedInstanceDates the dates the moved ones now fall
	// on, as Outlook writes them ([MS-OXOCAL] 2.2.1.44.1 is ambiguous here;
	// its 4.1.1.2 example moves an instance within its day). Readers in
	// this module use ExceptionInfo.OriginalStartTime, not these dates, to
	// pair exceptions with pattern slots.
	ap.DeletedInstanceDates = sortedKeys(deleted)
	ap.ModifiedInstanceDates = sortedKeys(modified)
	blob, err := ap.AppendBinary(nil)
	if err != nil {
		return err
	}
	m.SetNamed(mapi.PidLidAppointmentRecur, blob)
	m.SetNamed(mapi.PidLidRecurring, true)
	m.SetNamed(mapi.PidLidIsRecurring, true)
	m.SetNamed(mapi.PidLidRecurrenceType, recurrenceTypes[p.Frequency])
	if rr.Freq == "DAILY" && p.PatternType == recur.PatternWeek {
		m.SetNamed(mapi.PidLidRecurrenceType, int32(1))
	}
	clipStart := recur.LocalTime(recur.MinutesToTime(p.StartDate), loc)
	m.SetNamed(mapi.PidLidClipStart, clipStart.UTC())
	if p.EndType == recur.EndNever || p.EndType == recur.EndNeverAlt {
		m.SetNamed(mapi.PidLidClipEnd, time.Date(4500, 8, 31, 23, 59, 0, 0, time.UTC))
	} else {
		m.SetNamed(mapi.PidLidClipEnd, recur.LocalTime(recur.MinutesToTime(p.EndDate), loc).UTC())
	}
	// PidLidAppointmentTimeZoneDefinitionRecur and PidLidTimeZoneStruct.
	if start.tzid != "" {
		if def := definitionFor(z, start.tzid, start.t); def != nil {
			b, _ := def.AppendBinary(nil)
			m.SetNamed(mapi.PidLidAppointmentTimeZoneDefinitionRecur, b)
			if eff, ok := def.Effective(); ok {
				ts := tz.TimeZoneStruct{Rule: eff.Rule}
				tb, _ := ts.AppendBinary(nil)
				m.SetNamed(mapi.PidLidTimeZoneStruct, tb)
			}
		}
	}
	return nil
}

// wallUTC returns t's wall clock as a UTC time (for properties stored in
// local time).
func wallUTC(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), 0, time.UTC)
}

func sortedKeys(m map[uint32]bool) []uint32 {
	if len(m) == 0 {
		return nil
	}
	out := make([]uint32, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}

// asciiOnly gives the 8-bit ExceptionInfo string: non-ASCII characters
// become '?', as the Unicode text is in ExtendedException.
func asciiOnly(s string) string {
	b := []byte(nil)
	for _, r := range s {
		if r < 0x80 {
			b = append(b, byte(r))
		} else {
			b = append(b, '?')
		}
	}
	return string(b)
}

var taskStatus = map[string]int32{"NEEDS-ACTION": 0, "IN-PROCESS": 1, "COMPLETED": 2, "CANCELLED": 4}

// importTodo converts a VTODO to a task ([MS-OXCICAL] 2.1.3.1.2,
// [MS-OXOTASK] 2.2.2.2).
func importTodo(c *Component, z *zones, method string) (*Message, error) {
	m := &Message{}
	m.Set(mapi.PidTagMessageClass, ClassTask)
	common(m, c)
	dateOf := func(w when) time.Time {
		// PidLidTaskStartDate/DueDate hold the local date at midnight.
		l := w.t
		return time.Date(l.Year(), l.Month(), l.Day(), 0, 0, 0, 0, time.UTC)
	}
	var start, due when
	var haveStart, haveDue bool
	if p := c.Prop("DTSTART"); p != nil {
		w, err := z.parse(p)
		if err != nil {
			return nil, err
		}
		start, haveStart = w, true
		m.SetNamed(mapi.PidLidTaskStartDate, dateOf(w))
		m.SetNamed(mapi.PidLidCommonStart, w.t.UTC())
	}
	if p := c.Prop("DUE"); p != nil {
		w, err := z.parse(p)
		if err != nil {
			return nil, err
		}
		due, haveDue = w, true
		m.SetNamed(mapi.PidLidTaskDueDate, dateOf(w))
		m.SetNamed(mapi.PidLidCommonEnd, w.t.UTC())
	}
	status := int32(0)
	if v, ok := taskStatus[strings.ToUpper(c.Text("STATUS"))]; ok {
		status = v
	}
	if p := c.Prop("COMPLETED"); p != nil {
		if w, err := z.parse(p); err == nil {
			m.SetNamed(mapi.PidLidTaskDateCompleted, dateOf(w))
			status = 2
		}
	}
	m.SetNamed(mapi.PidLidTaskStatus, status)
	m.SetNamed(mapi.PidLidTaskComplete, status == 2)
	pct := 0.0
	if v := c.Text("PERCENT-COMPLETE"); v != "" {
		if n, err := strconv.Atoi(v); err == nil && n >= 0 && n <= 100 {
			pct = float64(n) / 100
		}
	}
	if status == 2 {
		pct = 1
	}
	m.SetNamed(mapi.PidLidPercentComplete, pct)
	if uid := c.Text("UID"); uid != "" {
		m.SetNamed(mapi.PidLidCleanGlobalObjectId, GlobalObjectIDFromUID(uid))
	}
	ref := due.t
	if !haveDue {
		ref = start.t
	}
	if haveStart || haveDue {
		importAlarm(m, c, ref)
	}
	if rrp := c.Prop("RRULE"); rrp != nil && haveStart {
		rr, err := recur.ParseRRule(rrp.Value)
		var p *recur.RecurrencePattern
		if err == nil {
			p, err = rr.ToPattern(start.t, start.t.Location())
		}
		if err != nil {
			m.Warnings = append(m.Warnings, fmt.Sprintf("RRULE %q not imported: %v", rrp.Value, err))
		} else {
			b, _ := p.AppendBinary(nil)
			m.SetNamed(mapi.PidLidTaskRecurrence, b)
			m.SetNamed(mapi.PidLidTaskFRecurring, true)
		}
	}
	_ = method
	return m, nil
}
