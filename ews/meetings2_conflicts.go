package ews

import (
	"time"

	"github.com/oxkit/oxkit/ical/recur"
	"github.com/oxkit/oxkit/mapi"
	"github.com/oxkit/oxkit/store"
)

// Conflicting and adjacent meetings (types.xsd CalendarItemType and
// MeetingRequestMessageType ConflictingMeetingCount,
// AdjacentMeetingCount, ConflictingMeetings, AdjacentMeetings): the
// items of the caller's default Calendar that overlap the item's time,
// or end when it starts or start when it ends. Free and cancelled items
// do not count, nor the item itself (for a meeting request: the
// meeting's own calendar item). GetItem answers them when the shape asks
// (FindItem leaves them out, as the item's body); each listed item is a
// t:CalendarItem with ItemId, Subject, Start, End, LegacyFreeBusyStatus
// and Location. At most maxConflictItems of each are listed; the counts
// are of the same lists.

// maxConflictItems bounds the conflicting (and the adjacent) meetings
// listed for one item.
const maxConflictItems = 100

// conflictCache holds the conflicts of the item last written, so the
// four fields read the calendar once.
type conflictCache struct {
	mid                   store.MID
	original              time.Time
	conflicting, adjacent []conflictItem
}

// conflictItem is one listed meeting.
type conflictItem struct {
	fid               store.FID
	mid               store.MID
	occurrence        bool
	original          time.Time
	ck                []byte
	subject, location string
	start, end        time.Time
	busy              int64
}

// writeConflicts writes one of the conflict fields of it.
func (c *call) writeConflicts(it *itemData, s *itemShape, f int) error {
	cc := s.conflicts
	if cc == nil || cc.mid != it.mid || !cc.original.Equal(it.original) {
		var err error
		if cc, err = c.conflicts(it); err != nil {
			return err
		}
		s.conflicts = cc
	}
	switch f {
	case fConflictingMeetingCount:
		c.w.elemInt("t:ConflictingMeetingCount", int64(len(cc.conflicting)))
	case fAdjacentMeetingCount:
		c.w.elemInt("t:AdjacentMeetingCount", int64(len(cc.adjacent)))
	case fConflictingMeetings:
		c.writeConflictList("t:ConflictingMeetings", cc.conflicting)
	case fAdjacentMeetings:
		c.writeConflictList("t:AdjacentMeetings", cc.adjacent)
	}
	return nil
}

func (c *call) writeConflictList(el string, items []conflictItem) {
	if len(items) == 0 {
		return // NonEmptyArrayOfAllItemsType
	}
	c.w.open(el)
	for _, x := range items {
		c.w.open("t:CalendarItem")
		if x.occurrence {
			c.writeOccurrenceID("t:ItemId", x.fid, x.mid, recur.TimeToMinutes(x.original), x.ck)
		} else {
			c.writeItemID("t:ItemId", x.mid, x.fid, x.ck)
		}
		c.w.elem("t:Subject", x.subject)
		c.w.elemTime("t:Start", x.start)
		c.w.elemTime("t:End", x.end)
		c.w.elem("t:LegacyFreeBusyStatus", freeBusyNames[clampIdx(x.busy, len(freeBusyNames), 2)])
		if x.location != "" {
			c.w.elem("t:Location", x.location)
		}
		c.w.close("t:CalendarItem")
	}
	c.w.close(el)
}

// conflicts computes the conflicting and adjacent meetings of it.
func (c *call) conflicts(it *itemData) (*conflictCache, error) {
	cc := &conflictCache{mid: it.mid, original: it.original}
	names := []mapi.NamedProp{mapi.PidLidAppointmentStartWhole, mapi.PidLidAppointmentEndWhole, mapi.PidLidAppointmentRecur,
		mapi.PidLidTimeZoneDescription, mapi.PidLidBusyStatus, mapi.PidLidLocation, mapi.PidLidAppointmentStateFlags,
		mapi.PidLidCleanGlobalObjectId}
	tags, err := c.namedTags(names)
	if err != nil {
		return nil, err
	}
	st, en, rc, tz, busyT, locT, stateT, cgT := tags[0], tags[1], tags[2], tags[3], tags[4], tags[5], tags[6], tags[7]
	if st == 0 || en == 0 {
		return cc, nil // no calendar item was ever stored
	}
	start, end := it.start, it.end
	ownGOID, _ := getBytes(it.props, cgT)
	if !it.occurrence {
		var ok1, ok2 bool
		start, ok1 = getTime(it.props, st)
		end, ok2 = getTime(it.props, en)
		if (!ok1 || !ok2 || ownGOID == nil) && it.mid != 0 {
			m, err := c.mb.Message(c.ctx, it.mid, &store.MessageOptions{Tags: []mapi.PropTag{st, en, cgT}})
			if err != nil {
				return nil, err
			}
			start, ok1 = getTime(m.Props, st)
			end, ok2 = getTime(m.Props, en)
			ownGOID, _ = getBytes(m.Props, cgT)
		}
		if !ok1 || !ok2 {
			return cc, nil
		}
	}
	tables, ok := c.mb.(store.Tables)
	if !ok {
		return cc, nil
	}
	cal, err := c.mb.SpecialFolder(c.ctx, store.FolderCalendar)
	if err != nil {
		return nil, err
	}
	// Adjacent meetings touch the item: the window reaches a minute
	// beyond it on both sides.
	from, to := start.Add(-time.Minute), end.Add(time.Minute)
	var sel mapi.Restriction = mapi.AndRestriction{Restricts: []mapi.Restriction{
		mapi.PropertyRestriction{RelOp: mapi.RelOpLessThan, PropTag: st, Value: mapi.PropValue{Tag: st, Value: to}},
		mapi.PropertyRestriction{RelOp: mapi.RelOpGreaterThan, PropTag: en, Value: mapi.PropValue{Tag: en, Value: from}},
	}}
	if rc != 0 {
		sel = mapi.OrRestriction{Restricts: []mapi.Restriction{sel, mapi.ExistRestriction{PropTag: rc}}}
	}
	cols := []mapi.PropTag{mapi.PidTagSubject, mapi.PidTagChangeKey}
	for _, t := range tags {
		if t != 0 {
			cols = append(cols, t)
		}
	}
	res, err := tables.QueryMessages(c.ctx, cal, &store.Query{Restriction: sel, Columns: cols, Limit: maxCalendarEvents,
		Sort: mapi.SortOrderSet{Orders: []mapi.SortOrder{{PropTag: st, Order: mapi.Ascending}}}})
	if err != nil {
		return nil, err
	}
	rows := make([]itemData, len(res.Rows))
	for i, r := range res.Rows {
		rows[i] = itemData{props: r.Props}
	}
	for _, in := range expandView(rows, calTags{start: st, end: en, recur: rc, tz: tz}, from, to) {
		r := res.Rows[in.row]
		if r.Message == it.mid && (!in.occurrence || !it.occurrence || in.original.Equal(it.original)) {
			continue // the item itself
		}
		if g, ok := getBytes(r.Props, cgT); ok && ownGOID != nil && string(g) == string(ownGOID) && !it.occurrence {
			continue // a meeting request's own calendar item
		}
		if state, _ := getInt(r.Props, stateT); state&asfCanceled != 0 && stateT != 0 {
			continue
		}
		row := itemData{props: r.Props}
		if in.exception != nil {
			c.applyViewException(&row, in.exception)
		}
		x := conflictItem{fid: r.Folder, mid: r.Message, occurrence: in.occurrence, original: in.original,
			start: in.start, end: in.end, busy: 2}
		x.ck, _ = getBytes(r.Props, mapi.PidTagChangeKey)
		x.subject, _ = getString(row.props, mapi.PidTagSubject)
		if locT != 0 {
			x.location, _ = getString(row.props, locT)
		}
		if v, ok := getInt(row.props, busyT); ok && busyT != 0 {
			x.busy = v
		}
		if x.busy == 0 {
			continue // free time does not conflict
		}
		switch {
		case x.start.Before(end) && x.end.After(start):
			if len(cc.conflicting) < maxConflictItems {
				cc.conflicting = append(cc.conflicting, x)
			}
		case x.end.Equal(start) || x.start.Equal(end):
			if len(cc.adjacent) < maxConflictItems {
				cc.adjacent = append(cc.adjacent, x)
			}
		}
	}
	return cc, nil
}
