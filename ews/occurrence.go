package ews

import (
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/beevik/etree"
	"github.com/oxkit/oxkit/ical"
	"github.com/oxkit/oxkit/ical/recur"
	"github.com/oxkit/oxkit/mapi"
	"github.com/oxkit/oxkit/store"
)

// Single occurrences of recurring series ([MS-OXWSCAL] occurrence and
// exception items over [MS-OXOCAL] 2.2.1.44.5 exceptions).
//
// A modified occurrence is stored as [MS-OXOCAL] does: the original date
// in DeletedInstanceDates, the new start date in ModifiedInstanceDates,
// an ExceptionInfo/ExtendedException pair (2.2.1.44.2, 2.2.1.44.4) with
// the overridden subject, location and busy status, and an exception
// attachment (2.2.10.1) whose embedded message carries every property of
// the exception (2.2.10.2), the body included. A deleted occurrence is
// its original date in DeletedInstanceDates.

// exceptionClass is the message class of an exception's embedded message
// ([MS-OXOCAL] 2.2.10.2).
const exceptionClass = "IPM.OLE.CLASS.{00061055-0000-0000-C000-000000000046}"

// afException is PidTagAttachmentFlags' exception bit ([MS-OXOCAL]
// 2.2.10.1.2).
const afException = 0x2

// maxExceptions bounds the exceptions EWS adds to one series.
const maxExceptions = 1000

// series is a loaded recurring master.
type series struct {
	msg  *store.Message
	pat  *recur.AppointmentRecurrencePattern
	loc  *time.Location
	tags calTags
	loc2 calExtra
}

// calExtra are further tags of appointment properties.
type calExtra struct {
	location, busy, goid, cleanGoid, replace, isException, state, reminderSet, reminderDelta mapi.PropTag
}

func (c *call) calExtraTags(mb store.Mailbox, create bool) (calExtra, error) {
	var x calExtra
	for _, e := range []struct {
		np  mapi.NamedProp
		dst *mapi.PropTag
	}{
		{mapi.PidLidLocation, &x.location}, {mapi.PidLidBusyStatus, &x.busy},
		{mapi.PidLidGlobalObjectId, &x.goid}, {mapi.PidLidCleanGlobalObjectId, &x.cleanGoid},
		{mapi.PidLidExceptionReplaceTime, &x.replace}, {mapi.PidLidIsException, &x.isException},
		{mapi.PidLidAppointmentStateFlags, &x.state}, {mapi.PidLidReminderSet, &x.reminderSet},
		{mapi.PidLidReminderDelta, &x.reminderDelta},
	} {
		t, err := c.namedTagIn(mb, e.np, create)
		if err != nil {
			return x, err
		}
		*e.dst = t
	}
	return x, nil
}

// namedTagIn is namedTag for any mailbox.
func (c *call) namedTagIn(mb store.Mailbox, np mapi.NamedProp, create bool) (mapi.PropTag, error) {
	if mb == c.mb {
		return c.namedTag(np, create)
	}
	n, ok := mb.(store.NamedProperties)
	if !ok {
		return 0, nil
	}
	ids, err := n.PropIDs(c.ctx, []mapi.PropertyName{np.PropertyName()}, create)
	if err != nil || len(ids) == 0 || ids[0] == 0 {
		return 0, err
	}
	return mapi.NewPropTag(ids[0], np.Type()), nil
}

// loadSeries reads the whole master mid of the caller's mailbox.
func (c *call) loadSeries(mid store.MID) (*series, error) {
	tags, err := c.calendarTags()
	if err != nil {
		return nil, err
	}
	notFound := errorf(ErrorItemNotFound, "The occurrence was not found.")
	if tags.recur == 0 {
		return nil, notFound
	}
	m, err := c.mb.Message(c.ctx, mid, nil)
	if err != nil {
		return nil, err
	}
	blob, ok := getBytes(m.Props, tags.recur)
	if !ok {
		return nil, notFound
	}
	pat, err := recur.ParseAppointmentRecurrencePattern(blob)
	if err != nil {
		return nil, &Error{Code: ErrorItemNotFound, Message: "The series' recurrence cannot be read.", Err: err}
	}
	tzid, _ := getString(m.Props, tags.tz)
	x, err := c.calExtraTags(c.mb, true)
	if err != nil {
		return nil, err
	}
	return &series{msg: m, pat: pat, loc: seriesLocation(tzid), tags: tags, loc2: x}, nil
}

// localMinutes is t's wall clock in loc as minutes since 1601 (the
// time base of exception fields, [MS-OXOCAL] 2.2.1.44.2).
func localMinutes(t time.Time, loc *time.Location) uint32 {
	l := t.In(loc)
	return recur.TimeToMinutes(time.Date(l.Year(), l.Month(), l.Day(), l.Hour(), l.Minute(), 0, 0, time.UTC))
}

// dayMinutes is the midnight of m.
func dayMinutes(m uint32) uint32 { return m - m%1440 }

// find returns the occurrence of s whose original start is original (UTC
// minutes since 1601) and the index of its exception (-1 for none).
func (s *series) find(original uint32) (recur.Occurrence, int, bool) {
	at := recur.MinutesToTime(original)
	lm := localMinutes(at, s.loc)
	for i := range s.pat.Exceptions {
		x := &s.pat.Exceptions[i]
		if x.Info.OriginalStartTime == lm {
			return recur.Occurrence{Start: recur.LocalTime(recur.MinutesToTime(x.Info.StartDateTime), s.loc),
				End: recur.LocalTime(recur.MinutesToTime(x.Info.EndDateTime), s.loc), OriginalStart: at, Exception: x}, i, true
		}
	}
	occ, _ := s.pat.Expand(s.loc, at.Add(-48*time.Hour), at.Add(48*time.Hour), &recur.ExpandOptions{MaxOccurrences: 200})
	for _, o := range occ {
		if o.Exception == nil && o.OriginalStart.Equal(at) {
			return o, -1, true
		}
	}
	return recur.Occurrence{}, -1, false
}

// exceptionAttachment returns the attachment of the exception replacing
// original, nil if none.
func (s *series) exceptionAttachment(original time.Time) *store.Attachment {
	for i := range s.msg.Attachments {
		a := &s.msg.Attachments[i]
		if f, _ := getInt(a.Props, mapi.PidTagAttachmentFlags); f&afException == 0 {
			continue
		}
		if t, ok := getTime(a.Props, mapi.PidTagExceptionReplaceTime); ok && t.Equal(original) && a.Embedded != nil {
			return a
		}
	}
	return nil
}

// occurrenceOf fills it (read from the master) with the occurrence whose
// original start is original, with an exception's own values.
func (c *call) occurrenceOf(it *itemData, original uint32) error {
	s, err := c.loadSeries(it.mid)
	if err != nil {
		return err
	}
	o, xi, ok := s.find(original)
	if !ok {
		return errorf(ErrorItemNotFound, "The occurrence was not found.")
	}
	it.occurrence, it.start, it.end, it.original = true, o.Start.UTC(), o.End.UTC(), o.OriginalStart.UTC()
	if xi >= 0 {
		c.applyException(it, s, &s.pat.Exceptions[xi], true)
	}
	return nil
}

// applyException gives it the exception's values: subject, location and
// busy status from the ExceptionInfo; with full, every property of the
// exception's embedded message (the body included).
func (c *call) applyException(it *itemData, s *series, x *recur.Exception, full bool) {
	it.exception = true
	p := append([]mapi.PropValue(nil), it.props...)
	f := x.Info.OverrideFlags
	if f&recur.AROSubject != 0 {
		setProp(&p, mapi.PropValue{Tag: mapi.PidTagSubject, Value: x.Subject()})
	}
	if f&recur.AROLocation != 0 && s.loc2.location != 0 {
		setProp(&p, mapi.PropValue{Tag: s.loc2.location, Value: x.Location()})
	}
	if f&recur.AROBusyStatus != 0 && s.loc2.busy != 0 {
		setProp(&p, mapi.PropValue{Tag: s.loc2.busy, Value: int32(x.Info.BusyStatus)})
	}
	if full && s.msg != nil {
		if a := s.exceptionAttachment(it.original); a != nil {
			for _, v := range a.Embedded.Props {
				switch v.Tag {
				case mapi.PidTagMessageClass, mapi.PidTagChangeKey, mapi.PidTagEntryId, mapi.PidTagParentEntryId,
					mapi.PidTagSourceKey, mapi.PidTagParentSourceKey, mapi.PidTagMessageFlags:
					continue
				}
				if v.Tag == s.tags.recur || v.Tag == s.tags.recurring {
					continue
				}
				setProp(&p, v)
			}
			if a.Embedded.Recipients != nil {
				it.recips = a.Embedded.Recipients
			}
		}
	}
	it.props = p
}

// occurrenceChangeID resolves the item ID of an ItemChange or DeleteItem
// entry when it names one occurrence: an occurrence ItemId or an
// OccurrenceItemId. ok is false for other IDs.
func (c *call) occurrenceTarget(e *etree.Element) (ObjectID, bool, error) {
	switch e.Tag {
	case "OccurrenceItemId":
		id, index, err := c.resolveGetItemID(e)
		if err != nil {
			return id, true, err
		}
		original, err := c.occurrenceByIndex(id, index)
		if err != nil {
			return id, true, err
		}
		id.Kind, id.Attach = KindOccurrence, original
		return id, true, nil
	case "ItemId":
		id, _, err := c.resolveItemOrOccurrence(e)
		if err != nil || id.Kind != KindOccurrence {
			return id, false, nil
		}
		return id, true, nil
	}
	return ObjectID{}, false, nil
}

// exceptionFields are the fields an occurrence update may set.
var exceptionFields = map[int]bool{fSubject: true, fBody: true, fStart: true, fEnd: true, fLocation: true,
	fLegacyFreeBusyStatus: true, fReminderIsSet: true, fReminderMinutesBeforeStart: true, fSensitivity: true,
	fImportance: true, fCategories: true, fIsAllDayEvent: true}

// updateOccurrence applies an ItemChange to one occurrence, turning it
// into (or changing) an exception of its series.
// extra are further properties of the exception's embedded message.
func (c *call) updateOccurrence(ch *etree.Element, id ObjectID, overwrite bool, ck []byte, extra ...mapi.PropValue) (*store.MessageInfo, error) {
	s, err := c.loadSeries(id.Message)
	if err != nil {
		return nil, err
	}
	if !overwrite && ck != nil && !slices.Equal(ck, s.msg.Info.ChangeKey) {
		return nil, errorf("ErrorIrresolvableConflict", "The change key does not match the item's.")
	}
	o, xi, ok := s.find(id.Attach)
	if !ok {
		return nil, errorf(ErrorItemNotFound, "The occurrence was not found.")
	}
	// The exception's properties: what it had, then the updates.
	var props []mapi.PropValue
	if a := s.exceptionAttachment(o.OriginalStart.UTC()); a != nil {
		props = append(props, a.Embedded.Props...)
	} else {
		for _, v := range s.msg.Props {
			switch v.Tag {
			case s.tags.recur, s.tags.recurring, mapi.PidTagChangeKey, mapi.PidTagEntryId, mapi.PidTagSourceKey,
				mapi.PidTagParentSourceKey, mapi.PidTagParentEntryId, mapi.PidTagMessageClass:
				continue
			}
			props = append(props, v)
		}
	}
	start, end := o.Start.UTC(), o.End.UTC()
	if ups := child(ch, "Updates"); ups != nil {
		for _, u := range ups.ChildElements() {
			if u.Tag != "SetItemField" {
				return nil, errorf("ErrorInvalidPropertyForOperation", "%s is not supported on an occurrence.", u.Tag)
			}
			var pathEl, itemEl *etree.Element
			for _, e := range u.ChildElements() {
				switch e.Tag {
				case "FieldURI", "IndexedFieldURI", "ExtendedFieldURI":
					pathEl = e
				default:
					itemEl = e
				}
			}
			if pathEl == nil || itemEl == nil || len(itemEl.ChildElements()) != 1 {
				return nil, errorf(ErrorIncorrectUpdatePropertyCount, "An object within a change description must contain one and only one property to modify.")
			}
			pp, err := parsePath(pathEl)
			if err != nil {
				return nil, err
			}
			f, known := itemFieldURIs[pp.uri]
			if pp.kind == pathField && strings.HasPrefix(pp.uri, "calendar:") && (!known || !exceptionFields[f]) {
				// QUIRK: exchangelib sets calendar:StartTimeZone and
				// EndTimeZone with every change of Start or End (and
				// saves other calendar fields it holds); an exception
				// keeps the series' zone and its times are instants,
				// so those fields are skipped rather than failing the
				// update.
				continue
			}
			if pp.kind != pathField || !known || !exceptionFields[f] {
				return nil, errorf("ErrorInvalidPropertyForOperation", "The property %s cannot be set on an occurrence.", pp.uri)
			}
			n, err := c.parseItem(itemEl)
			if err != nil {
				return nil, err
			}
			for _, v := range n.props {
				if v.Tag == mapi.PidTagMessageClass {
					continue
				}
				if t, ok := v.Value.(time.Time); ok {
					switch v.Tag {
					case s.tags.start:
						start = t.UTC()
					case s.tags.end:
						end = t.UTC()
					}
				}
				if v.Tag == mapi.PidTagBody {
					setProp(&props, v)
					props = slices.DeleteFunc(props, func(p mapi.PropValue) bool { return p.Tag == mapi.PidTagHtml })
					continue
				}
				if v.Tag == mapi.PidTagHtml {
					props = slices.DeleteFunc(props, func(p mapi.PropValue) bool { return p.Tag.ID() == mapi.PidTagBody.ID() })
				}
				setProp(&props, v)
			}
		}
	}
	for _, p := range extra {
		if p.Tag == 0 {
			continue
		}
		setProp(&props, p)
		// Times among extra move the occurrence (an exception meeting
		// request applied by the calendar assistant, meetings2.go).
		if t, ok := p.Value.(time.Time); ok && p.Tag == s.tags.start {
			start = t.UTC()
		} else if ok && p.Tag == s.tags.end {
			end = t.UTC()
		}
	}
	if end.Before(start) {
		return nil, errorf("ErrorCalendarEndDateIsEarlierThanStartDate", "EndDate is earlier than StartDate.")
	}
	if err := s.checkBoundary(o.OriginalStart, start); err != nil {
		return nil, err
	}
	if xi < 0 && len(s.pat.Exceptions) >= maxExceptions {
		return nil, errorf(ErrorInvalidOperation, "The series has too many exceptions.")
	}
	original := o.OriginalStart.UTC()
	setProp(&props, mapi.PropValue{Tag: s.tags.start, Value: start})
	setProp(&props, mapi.PropValue{Tag: s.tags.end, Value: end})
	setProp(&props, mapi.PropValue{Tag: mapi.PidTagMessageClass, Value: exceptionClass})
	if t, _ := c.namedTag(mapi.PidLidAppointmentDuration, true); t != 0 {
		setProp(&props, mapi.PropValue{Tag: t, Value: int32(end.Sub(start) / time.Minute)})
	}
	if s.loc2.replace != 0 {
		setProp(&props, mapi.PropValue{Tag: s.loc2.replace, Value: original})
	}
	if s.loc2.isException != 0 {
		setProp(&props, mapi.PropValue{Tag: s.loc2.isException, Value: true})
	}
	if goid, ok := getBytes(s.msg.Props, s.loc2.cleanGoid); ok && s.loc2.goid != 0 {
		ol := original.In(s.loc)
		setProp(&props, mapi.PropValue{Tag: s.loc2.goid, Value: ical.WithInstanceDate(goid, time.Date(ol.Year(), ol.Month(), ol.Day(), 0, 0, 0, 0, time.UTC))})
	}
	// The ExceptionInfo: overrides where the exception differs from the
	// series.
	x := recur.Exception{}
	x.Info.StartDateTime, x.Info.EndDateTime = localMinutes(start, s.loc), localMinutes(end, s.loc)
	x.Info.OriginalStartTime = localMinutes(original, s.loc)
	if subj, _ := getString(props, mapi.PidTagSubject); subj != strOf(s.msg.Props, mapi.PidTagSubject) {
		x.Info.OverrideFlags |= recur.AROSubject
		x.Info.Subject, x.Extended.WideCharSubject = ascii8(subj), subj
	}
	if s.loc2.location != 0 {
		if l, _ := getString(props, s.loc2.location); l != strOf(s.msg.Props, s.loc2.location) {
			x.Info.OverrideFlags |= recur.AROLocation
			x.Info.Location, x.Extended.WideCharLocation = ascii8(l), l
		}
	}
	if s.loc2.busy != 0 {
		b1, _ := getInt(props, s.loc2.busy)
		b0, _ := getInt(s.msg.Props, s.loc2.busy)
		if b1 != b0 {
			x.Info.OverrideFlags |= recur.AROBusyStatus
			x.Info.BusyStatus = uint32(b1)
		}
	}
	if s.loc2.reminderSet != 0 {
		r1, _ := getBool(props, s.loc2.reminderSet)
		r0, _ := getBool(s.msg.Props, s.loc2.reminderSet)
		if r1 != r0 {
			x.Info.OverrideFlags |= recur.AROReminder
			if r1 {
				x.Info.ReminderSet = 1
			}
		}
	}
	// The body lives in the exception's embedded message only
	// (ARO_EXCEPTIONAL_BODY marks an RTF body, not kept here).
	x.Extended.StartDateTime, x.Extended.EndDateTime = x.Info.StartDateTime, x.Info.EndDateTime
	x.Extended.OriginalStartDate = x.Info.OriginalStartTime
	p := s.pat
	if xi >= 0 {
		old := p.Exceptions[xi]
		p.ModifiedInstanceDates = removeDate(p.ModifiedInstanceDates, dayMinutes(old.Info.StartDateTime))
		p.Exceptions[xi] = x
	} else {
		p.Exceptions = append(p.Exceptions, x)
	}
	sort.SliceStable(p.Exceptions, func(i, j int) bool {
		return p.Exceptions[i].Info.OriginalStartTime < p.Exceptions[j].Info.OriginalStartTime
	})
	p.DeletedInstanceDates = addDate(p.DeletedInstanceDates, dayMinutes(x.Info.OriginalStartTime))
	p.ModifiedInstanceDates = addDate(p.ModifiedInstanceDates, dayMinutes(x.Info.StartDateTime))
	upd, err := s.patternUpdate()
	if err != nil {
		return nil, err
	}
	// The exception attachment ([MS-OXOCAL] 2.2.10.1).
	subj, _ := getString(props, mapi.PidTagSubject)
	att := store.Attachment{Props: []mapi.PropValue{
		{Tag: mapi.PidTagAttachMethod, Value: int32(5)},
		{Tag: mapi.PidTagAttachmentHidden, Value: true},
		{Tag: mapi.PidTagAttachmentFlags, Value: int32(afException)},
		{Tag: mapi.PidTagAttachmentLinkId, Value: int32(0)},
		{Tag: mapi.PidTagExceptionStartTime, Value: wallAsUTC(start, s.loc)},
		{Tag: mapi.PidTagExceptionEndTime, Value: wallAsUTC(end, s.loc)},
		{Tag: mapi.PidTagExceptionReplaceTime, Value: original},
		{Tag: mapi.PidTagRenderingPosition, Value: int32(-1)},
		{Tag: mapi.PidTagDisplayName, Value: subj},
	}, Embedded: &store.Message{Props: props, Recipients: s.msg.Recipients}}
	if a := s.exceptionAttachment(original); a != nil {
		att.Num = a.Num
		if a.Embedded.Recipients != nil {
			// The exception's own attendee tracking stays (meetings2.go).
			att.Embedded.Recipients = a.Embedded.Recipients
		}
	} else {
		for _, a := range s.msg.Attachments {
			att.Num = max(att.Num, a.Num+1)
		}
	}
	upd.SetAttachments = []store.Attachment{att}
	return c.mb.UpdateMessage(c.ctx, s.msg.Info.ID, upd)
}

// patternUpdate is the update that stores s.pat.
func (s *series) patternUpdate() (*store.MessageUpdate, error) {
	blob, err := s.pat.AppendBinary(nil)
	if err != nil {
		return nil, &Error{Code: ErrorInvalidValueForProperty, Message: "The recurrence cannot be stored.", Err: err}
	}
	return &store.MessageUpdate{Set: []mapi.PropValue{{Tag: s.tags.recur, Value: blob}}}, nil
}

// deleteOccurrence deletes one occurrence: its original date joins
// DeletedInstanceDates, and an exception is removed with its attachment.
func (c *call) deleteOccurrence(id ObjectID) error {
	s, err := c.loadSeries(id.Message)
	if err != nil {
		return err
	}
	o, xi, ok := s.find(id.Attach)
	if !ok {
		return errorf(ErrorItemNotFound, "The occurrence was not found.")
	}
	p := s.pat
	var removeAtt []uint32
	if xi >= 0 {
		x := p.Exceptions[xi]
		p.ModifiedInstanceDates = removeDate(p.ModifiedInstanceDates, dayMinutes(x.Info.StartDateTime))
		p.Exceptions = slices.Delete(p.Exceptions, xi, xi+1)
		if a := s.exceptionAttachment(o.OriginalStart.UTC()); a != nil {
			removeAtt = append(removeAtt, a.Num)
		}
	}
	p.DeletedInstanceDates = addDate(p.DeletedInstanceDates, dayMinutes(localMinutes(o.OriginalStart, s.loc)))
	upd, err := s.patternUpdate()
	if err != nil {
		return err
	}
	upd.RemoveAttachments = removeAtt
	_, err = c.mb.UpdateMessage(c.ctx, s.msg.Info.ID, upd)
	return err
}

// writeOccurrenceField writes FirstOccurrence, LastOccurrence,
// ModifiedOccurrences or DeletedOccurrences of a recurring master
// ([MS-OXWSCDATA] OccurrenceInfoType, DeletedOccurrenceInfoType).
func (c *call) writeOccurrenceField(it *itemData, s *itemShape, f int) error {
	if it.occurrence {
		return nil
	}
	blob, ok := getBytes(it.props, s.tag(f))
	if !ok || s.tag(f) == 0 {
		return nil
	}
	pat, err := recur.ParseAppointmentRecurrencePattern(blob)
	if err != nil {
		return nil
	}
	tzt, err := c.namedTag(mapi.PidLidTimeZoneDescription, false)
	if err != nil {
		return err
	}
	tzid, ok := getString(it.props, tzt)
	if !ok && tzt != 0 {
		if m, err := c.mb.Message(c.ctx, it.mid, &store.MessageOptions{Tags: []mapi.PropTag{tzt}}); err == nil {
			tzid, _ = getString(m.Props, tzt)
		}
	}
	loc := seriesLocation(tzid)
	ck, _ := getBytes(it.props, mapi.PidTagChangeKey)
	info := func(el string, o recur.Occurrence) {
		c.w.open(el)
		c.w.raw(`<t:ItemId Id="`)
		c.w.b = ObjectID{Kind: KindOccurrence, Mailbox: c.mailboxGUID(), Folder: it.fid, Message: it.mid,
			Attach: recur.TimeToMinutes(o.OriginalStart.UTC())}.AppendText(c.w.b)
		if ck != nil {
			c.w.raw(`" ChangeKey="`)
			c.w.b = appendChangeKey(c.w.b, ck)
		}
		c.w.raw(`"/>`)
		c.w.elemTime("t:Start", o.Start.UTC())
		c.w.elemTime("t:End", o.End.UTC())
		c.w.elemTime("t:OriginalStart", o.OriginalStart.UTC())
		c.w.close(el)
	}
	switch f {
	case fFirstOccurrence, fLastOccurrence:
		// A year and a bit from the start holds the first instance of
		// every pattern (yearly ones included) and at most ~400 daily
		// ones, within the expansion bound.
		from := recur.MinutesToTime(pat.StartDate).Add(-48 * time.Hour)
		to := from.AddDate(0, 0, 400)
		if f == fLastOccurrence {
			if pat.EndType == recur.EndNever || pat.EndDate >= 0x5AE980DF {
				return nil // no last occurrence
			}
			end := recur.MinutesToTime(pat.EndDate)
			from, to = end.AddDate(0, 0, -400), end.Add(72*time.Hour)
		}
		occ, _ := pat.Expand(loc, from, to, &recur.ExpandOptions{MaxOccurrences: maxCalendarEvents})
		if len(occ) == 0 {
			return nil
		}
		o := occ[0]
		if f == fLastOccurrence {
			o = occ[len(occ)-1]
		}
		info(map[bool]string{true: "t:FirstOccurrence", false: "t:LastOccurrence"}[f == fFirstOccurrence], o)
	case fModifiedOccurrences:
		if len(pat.Exceptions) == 0 {
			return nil
		}
		c.w.open("t:ModifiedOccurrences")
		for i := range pat.Exceptions {
			x := &pat.Exceptions[i]
			info("t:Occurrence", recur.Occurrence{
				Start:         recur.LocalTime(recur.MinutesToTime(x.Info.StartDateTime), loc),
				End:           recur.LocalTime(recur.MinutesToTime(x.Info.EndDateTime), loc),
				OriginalStart: recur.LocalTime(recur.MinutesToTime(x.Info.OriginalStartTime), loc)})
		}
		c.w.close("t:ModifiedOccurrences")
	case fDeletedOccurrences:
		modified := map[uint32]bool{}
		for _, x := range pat.Exceptions {
			modified[dayMinutes(x.Info.OriginalStartTime)] = true
		}
		n := 0
		for _, d := range pat.DeletedInstanceDates {
			if modified[d] {
				continue
			}
			if n == 0 {
				c.w.open("t:DeletedOccurrences")
			}
			n++
			c.w.open("t:DeletedOccurrence")
			c.w.elemTime("t:Start", recur.LocalTime(recur.MinutesToTime(d+pat.StartTimeOffset), loc).UTC())
			c.w.close("t:DeletedOccurrence")
		}
		if n > 0 {
			c.w.close("t:DeletedOccurrences")
		}
	}
	return nil
}

// wallAsUTC is t's wall clock in loc labelled UTC (PidTagExceptionStartTime
// and EndTime are local times, [MS-OXOCAL] 2.2.10.1.4).
func wallAsUTC(t time.Time, loc *time.Location) time.Time {
	return recur.MinutesToTime(localMinutes(t, loc))
}

func addDate(ds []uint32, d uint32) []uint32 {
	i, found := slices.BinarySearch(ds, d)
	if found {
		return ds
	}
	return slices.Insert(ds, i, d)
}

func removeDate(ds []uint32, d uint32) []uint32 {
	if i, found := slices.BinarySearch(ds, d); found {
		return slices.Delete(ds, i, i+1)
	}
	return ds
}

// strOf returns the string value of tag ("" if absent).
func strOf(props []mapi.PropValue, tag mapi.PropTag) string {
	s, _ := getString(props, tag)
	return s
}

// ascii8 is the 8-bit form of s for ExceptionInfo's Subject and Location
// (non-ASCII characters become '?'; the Unicode text is in the
// ExtendedException).
func ascii8(s string) string {
	b := make([]byte, 0, len(s))
	for _, r := range s {
		if r < 0x80 {
			b = append(b, byte(r))
		} else {
			b = append(b, '?')
		}
	}
	return string(b)
}

// applyViewException gives a CalendarView row of an exception the
// exception's subject, location and busy status (the ExceptionInfo
// overrides; the body is only read by GetItem).
func (c *call) applyViewException(it *itemData, x *recur.Exception) {
	var s series
	s.loc2.location, _ = c.namedTag(mapi.PidLidLocation, false)
	s.loc2.busy, _ = c.namedTag(mapi.PidLidBusyStatus, false)
	c.applyException(it, &s, x, false)
}

// checkBoundary refuses to move the occurrence originally at original to
// start on or beyond the day of a neighbouring occurrence (Exchange's
// ErrorOccurrenceCrossingBoundary; the modified and deleted instance
// dates of [MS-OXOCAL] 2.2.1.44.1 keep their order so).
func (s *series) checkBoundary(original, start time.Time) error {
	bare := *s.pat
	bare.DeletedInstanceDates, bare.ModifiedInstanceDates, bare.Exceptions = nil, nil, nil
	from, to := original.AddDate(0, 0, -400), original.AddDate(0, 0, 400)
	occ, _ := bare.Expand(s.loc, from, to, &recur.ExpandOptions{MaxOccurrences: 2 * maxCalendarEvents})
	day := dayMinutes(localMinutes(start, s.loc))
	for i, o := range occ {
		if !o.OriginalStart.Equal(original) {
			continue
		}
		if i > 0 && day <= dayMinutes(localMinutes(occ[i-1].OriginalStart, s.loc)) ||
			i+1 < len(occ) && day >= dayMinutes(localMinutes(occ[i+1].OriginalStart, s.loc)) {
			return errorf("ErrorOccurrenceCrossingBoundary", "An occurrence cannot be moved to or beyond the day of another occurrence.")
		}
		break
	}
	return nil
}
