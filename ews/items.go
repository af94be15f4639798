package ews

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/beevik/etree"
	"github.com/oxkit/oxkit/ical/recur"
	"github.com/oxkit/oxkit/mapi"
	"github.com/oxkit/oxkit/oxcmail"
	"github.com/oxkit/oxkit/store"
)

// resolveItem parses an ItemId element into a message of the caller's
// mailbox and the ChangeKey it carried (nil when absent). Occurrence IDs
// are refused: changing one occurrence is not implemented, and acting on
// the series instead would be wrong.
func (c *call) resolveItem(e *etree.Element) (ObjectID, []byte, error) {
	id, ck, err := c.resolveItemOrOccurrence(e)
	if err == nil && id.Kind == KindOccurrence {
		return id, nil, errorf(ErrorInvalidOperation, "Operations on single occurrences are not supported by this server yet.")
	}
	return id, ck, err
}

// resolveGetItemID resolves the item ID forms GetItem accepts: ItemId
// (occurrence IDs included), OccurrenceItemId (a series and a 1-based
// InstanceIndex, returned as index) and RecurringMasterItemId (the series
// of an occurrence).
func (c *call) resolveGetItemID(e *etree.Element) (ObjectID, int, error) {
	switch e.Tag {
	case "OccurrenceItemId":
		id, err := ParseObjectID(attr(e, "RecurringMasterId"))
		if err != nil {
			return id, 0, err
		}
		n, err := strconv.Atoi(attr(e, "InstanceIndex"))
		if err != nil || n < 1 || n > maxCalendarEvents {
			return id, 0, errorf("ErrorInvalidIdMalformed", "InstanceIndex is not valid.")
		}
		if id.Kind != KindMessage || id.Mailbox != c.mailboxGUID() {
			return id, 0, errorf(ErrorItemNotFound, "The specified object was not found in the store.")
		}
		return id, n, nil
	case "RecurringMasterItemId":
		id, err := ParseObjectID(attr(e, "OccurrenceId"))
		if err != nil {
			return id, 0, err
		}
		if (id.Kind != KindOccurrence && id.Kind != KindMessage) || id.Mailbox != c.mailboxGUID() {
			return id, 0, errorf(ErrorItemNotFound, "The specified object was not found in the store.")
		}
		id.Kind, id.Attach = KindMessage, 0
		return id, 0, nil
	}
	id, _, err := c.resolveItemOrOccurrence(e)
	return id, 0, err
}

// resolveItemOrOccurrence is resolveItem accepting occurrence IDs.
func (c *call) resolveItemOrOccurrence(e *etree.Element) (ObjectID, []byte, error) {
	if e.Tag != "ItemId" && e.Tag != "ParentItemId" {
		return ObjectID{}, nil, errorf(ErrorInvalidIdMalformed, "%s is not supported as an item ID.", e.Tag)
	}
	id, err := ParseObjectID(attr(e, "Id"))
	if err != nil {
		return id, nil, err
	}
	if id.Kind != KindMessage && id.Kind != KindOccurrence {
		return id, nil, errorf(ErrorInvalidIdMalformed, "Id is malformed: not an item ID.")
	}
	if id.Mailbox != c.mailboxGUID() {
		return id, nil, errorf(ErrorItemNotFound, "The specified object was not found in the store.")
	}
	var ck []byte
	if s := attr(e, "ChangeKey"); s != "" {
		if ck, err = decodeChangeKey(s); err != nil {
			return id, nil, err
		}
	}
	return id, ck, nil
}

// itemIDList returns the item ID elements of a container.
func itemIDList(e *etree.Element) []*etree.Element {
	if e == nil {
		return nil
	}
	// Counted first: one allocation, not one per doubling.
	n := 0
	for range e.ChildElementsSeq() {
		n++
	}
	out := make([]*etree.Element, 0, n)
	for c := range e.ChildElementsSeq() {
		out = append(out, c)
	}
	return out
}

// loadItem reads a message for shape s.
func (c *call) loadItem(id ObjectID, s *itemShape) (*itemData, error) {
	m, err := c.mb.Message(c.ctx, id.Message, itemOptions(s))
	if err != nil {
		return nil, err
	}
	return itemOf(m), nil
}

// getItem implements GetItem ([MS-OXWSCORE] 3.1.4.4).
func (c *call) getItem() error {
	body := c.req.Body
	if _, err := c.mailbox(); err != nil {
		return err
	}
	shape, err := c.parseItemShape(child(body, "ItemShape"), false)
	if err != nil {
		return err
	}
	c.responseStart("GetItem")
	elems := itemIDList(child(body, "ItemIds"))
	ids := make([]getItemID, 0, min(len(elems), getItemBatch))
	for len(elems) > 0 {
		// Resolve a batch, read its messages at once where the store
		// can (getitem_batch.go), then answer item by item.
		n := min(len(elems), getItemBatch)
		ids = ids[:0]
		for _, e := range elems[:n] {
			var r getItemID
			r.id, r.index, r.err = c.resolveGetItemID(e)
			ids = append(ids, r)
		}
		elems = elems[n:]
		pre := c.prefetchItems(ids, shape)
		for i, r := range ids {
			c.getItemOne(r, pre, i, shape)
		}
	}
	c.responseEnd("GetItem")
	return nil
}

// getItemOne writes the response message of one GetItem ID; pre, if not
// nil, holds its message read ahead at i.
func (c *call) getItemOne(r getItemID, pre []store.MessageResult, i int, shape *itemShape) {
	const name = "GetItemResponseMessage"
	id, index, err := r.id, r.index, r.err
	var it *itemData
	if err == nil {
		if pre != nil && (pre[i].Message != nil || pre[i].Err != nil) {
			if err = pre[i].Err; err == nil {
				it = itemOf(pre[i].Message)
			}
			pre[i] = store.MessageResult{} // done with it
		} else {
			it, err = c.loadItem(id, shape)
		}
		if err != nil {
			it, err = c.loadSoftDeletedItem(id, shape, err) // softfolder.go
		}
	}
	if err == nil && c.acc != nil {
		err = c.allowRead(it.fid, it.mid)
	}
	if err == nil && index > 0 {
		var original uint32
		if original, err = c.occurrenceByIndex(id, index); err == nil {
			id.Kind, id.Attach = KindOccurrence, original
		}
	}
	if err == nil && id.Kind == KindOccurrence {
		err = c.loadOccurrence(it, shape, id.Attach)
	}
	if err != nil {
		c.msgError(name, err, ErrorItemNotFound)
		return
	}
	mark := len(c.w.b)
	c.msgStart(name)
	c.w.open("m:Items")
	if err := c.writeItem(it, shape); err != nil {
		c.w.b = c.w.b[:mark]
		c.msgError(name, err, ErrorItemNotFound)
		return
	}
	c.w.close("m:Items")
	c.msgEnd(name)
}

// findItem implements FindItem ([MS-OXWSSRCH] 3.1.4.2) with indexed and
// fractional paging, restrictions and sort orders.
func (c *call) findItem() error {
	body := c.req.Body
	if _, err := c.mailbox(); err != nil {
		return err
	}
	shape, err := c.parseItemShape(child(body, "ItemShape"), true)
	if err != nil {
		return err
	}
	view, err := parsePageView(body, "IndexedPageItemView", "FractionalPageItemView")
	if err != nil {
		return err
	}
	traversal := attr(body, "Traversal")
	if traversal == "" {
		traversal = "Shallow"
	}
	switch traversal {
	case "Shallow", "Associated", "SoftDeleted":
	default:
		return &Fault{Code: ErrorSchemaValidation, Message: "Traversal is not valid."}
	}
	q := &store.Query{Associated: traversal == "Associated", Columns: shape.tags()}
	if r := child(body, "Restriction"); r != nil {
		conv := &restrictionConv{c: c}
		if q.Restriction, err = conv.convert(r); err != nil {
			return err
		}
	}
	var highlight []highlightTerm
	if qs := child(body, "QueryString"); qs != nil {
		r, terms, err := c.queryStringRestriction(qs)
		if err != nil {
			return c.findItemFailed(err)
		}
		q.Restriction, highlight = andRestriction(q.Restriction, r), terms
	}
	if so := child(body, "SortOrder"); so != nil {
		if q.Sort, err = c.sortOrder(so); err != nil {
			return err
		}
	}
	if q.Restriction, err = c.privateFilter(q.Restriction); err != nil {
		return err
	}
	if cv := child(body, "ContactsView"); cv != nil {
		if view, err = c.contactsView(cv, q); err != nil { // contacts2.go
			return err
		}
	}
	query, err := c.contentsQuery(traversal == "SoftDeleted")
	if err != nil {
		return err
	}
	calView := child(body, "CalendarView")
	if calView != nil {
		if traversal == "SoftDeleted" {
			return &Fault{Code: ErrorInvalidOperation, Message: "CalendarView does not list soft-deleted items."}
		}
		return c.calendarView(calView, q, shape)
	}
	if g, err := c.parseGroupBy(body); err != nil || g != nil {
		if err != nil {
			return err
		}
		return c.findItemGrouped(g, q, view, shape, query, highlight)
	}
	c.responseStart("FindItem")
	for _, e := range folderIDList(child(body, "ParentFolderIds")) {
		const name = "FindItemResponseMessage"
		fid, err := c.resolveFolder(e)
		if err != nil {
			c.msgError(name, err, ErrorFolderNotFound)
			continue
		}
		var rows []store.Row
		var total, start, end int
		if !view.fromEnd && view.fractionD == 0 {
			// Indexed from the beginning: one query gives the page and
			// the total.
			pq := *q
			pq.Offset, pq.Limit = view.offset, view.max
			res, err := query(c.ctx, fid, &pq)
			if err != nil {
				c.msgError(name, err, ErrorFolderNotFound)
				continue
			}
			rows, total = res.Rows, res.Total
			start = min(view.offset, total)
			end = start + len(rows)
		} else {
			// Total first (cheap: no columns), then the page.
			cq := *q
			cq.Columns = nil
			cq.Limit = 1
			tot, err := query(c.ctx, fid, &cq)
			if err != nil {
				c.msgError(name, err, ErrorFolderNotFound)
				continue
			}
			total = tot.Total
			start, end = view.window(total)
			pq := *q
			pq.Offset, pq.Limit = start, end-start
			if end > start {
				res, err := query(c.ctx, fid, &pq)
				if err != nil {
					c.msgError(name, err, ErrorFolderNotFound)
					continue
				}
				rows = res.Rows
			}
		}
		c.msgStart(name)
		c.w.raw(`<m:RootFolder`)
		c.pagingAttrs(view, start, end, total)
		c.w.raw(`><t:Items>`)
		var it itemData
		for i := range rows {
			it = itemData{fid: rows[i].Folder, mid: rows[i].Message, props: rows[i].Props}
			if err := c.writeItem(&it, shape); err != nil {
				return err
			}
		}
		c.w.raw(`</t:Items></m:RootFolder>`)
		c.writeHighlightTerms(highlight)
		c.msgEnd(name)
	}
	c.responseEnd("FindItem")
	return nil
}

// calendarView answers FindItem with a CalendarView ([MS-OXWSSRCH]
// 2.2.4.5): the items and series occurrences overlapping [StartDate,
// EndDate) in start order, at most MaxEntriesReturned. Occurrences carry
// their series' ItemId (occurrence IDs are not implemented) and
// CalendarItemType Occurrence.
func (c *call) calendarView(cv *etree.Element, q *store.Query, shape *itemShape) error {
	body := c.req.Body
	from, err1 := c.localTime(attr(cv, "StartDate"))
	to, err2 := c.localTime(attr(cv, "EndDate"))
	if err1 != nil || err2 != nil || to.Before(from) {
		return &Fault{Code: ErrorSchemaValidation, Message: "CalendarView needs StartDate before EndDate."}
	}
	max := 0
	if s := attr(cv, "MaxEntriesReturned"); s != "" {
		m, err := strconv.Atoi(s)
		if err != nil || m < 1 {
			return errorf(ErrorInvalidPagingMaxRows, "MaxEntriesReturned is not valid.")
		}
		max = m
	}
	tags, err := c.calendarTags()
	if err != nil {
		return err
	}
	var sel mapi.Restriction = never
	if tags.start != 0 && tags.end != 0 {
		sel = mapi.AndRestriction{Restricts: []mapi.Restriction{
			mapi.PropertyRestriction{RelOp: mapi.RelOpLessThan, PropTag: tags.start, Value: mapi.PropValue{Tag: tags.start, Value: to}},
			mapi.PropertyRestriction{RelOp: mapi.RelOpGreaterThan, PropTag: tags.end, Value: mapi.PropValue{Tag: tags.end, Value: from}},
		}}
	}
	if tags.recur != 0 {
		sel = mapi.OrRestriction{Restricts: []mapi.Restriction{sel, mapi.ExistRestriction{PropTag: tags.recur}}}
	}
	if q.Restriction != nil {
		sel = mapi.AndRestriction{Restricts: []mapi.Restriction{sel, q.Restriction}}
	}
	cq := *q
	cq.Restriction, cq.Sort, cq.Offset, cq.Limit = sel, mapi.SortOrderSet{}, 0, maxCalendarEvents
	cq.Columns = cq.Columns[:len(cq.Columns):len(cq.Columns)] // appends below copy; the shape's slice is shared
	for _, t := range []mapi.PropTag{tags.start, tags.end, tags.recur, tags.tz} {
		if t != 0 {
			cq.Columns = append(cq.Columns, t)
		}
	}
	tables, ok := c.mb.(store.Tables)
	if !ok {
		return &Fault{Code: ErrorInvalidOperation, Message: "The store cannot query folder contents."}
	}
	c.responseStart("FindItem")
	defer c.responseEnd("FindItem")
	for _, e := range folderIDList(child(body, "ParentFolderIds")) {
		const name = "FindItemResponseMessage"
		fid, err := c.resolveFolder(e)
		var res *store.QueryResult
		if err == nil {
			res, err = c.recoverContents(tables.QueryMessages, false)(c.ctx, fid, &cq) // recover.go
		}
		if err != nil {
			c.msgError(name, err, ErrorFolderNotFound)
			continue
		}
		rows := make([]itemData, len(res.Rows))
		for i, r := range res.Rows {
			rows[i] = itemData{fid: r.Folder, mid: r.Message, props: r.Props}
		}
		inst := expandView(rows, tags, from, to)
		n := len(inst)
		if max > 0 && n > max {
			n = max
		}
		c.msgStart(name)
		c.w.raw(`<m:RootFolder TotalItemsInView="` + itoa(n) + `" IncludesLastItemInRange="` + strconv.FormatBool(n == len(inst)) + `"><t:Items>`)
		for _, in := range inst[:n] {
			it := rows[in.row]
			it.occurrence, it.start, it.end, it.original = in.occurrence, in.start, in.end, in.original
			if in.exception != nil {
				c.applyViewException(&it, in.exception)
			}
			if err := c.writeItem(&it, shape); err != nil {
				return err
			}
		}
		c.w.raw(`</t:Items></m:RootFolder>`)
		c.msgEnd(name)
	}
	return nil
}

// sortOrder converts a SortOrder element ([MS-OXWSSRCH] 2.2.4.33
// NonEmptyArrayOfFieldOrdersType).
func (c *call) sortOrder(e *etree.Element) (mapi.SortOrderSet, error) {
	var set mapi.SortOrderSet
	for _, fo := range e.ChildElements() {
		dir := mapi.Ascending
		if attr(fo, "Order") == "Descending" {
			dir = mapi.Descending
		}
		var tag mapi.PropTag
		for _, p := range fo.ChildElements() {
			pp, err := parsePath(p)
			if err != nil {
				return set, err
			}
			conv := &restrictionConv{c: c}
			if tag, err = conv.pathTag(pp); err != nil {
				return set, &Error{Code: ErrorUnsupportedPathForSortGroup, Message: "The property is not supported for sorting.", Err: err}
			}
		}
		if tag == 0 {
			continue // an unmapped named property sorts nothing
		}
		set.Orders = append(set.Orders, mapi.SortOrder{PropTag: tag, Order: dir})
	}
	return set, nil
}

// itemProps converts an item element (t:Message, t:Item ...) of
// CreateItem or of a SetItemField into a message.
type newItem struct {
	props  []mapi.PropValue
	recips []store.Recipient
	// recipsSet says which recipient types the element set (1 To, 2 Cc,
	// 3 Bcc) for updates.
	recipsSet [4]bool
	read      *bool
	mime      *oxcmail.Message
	flagsSet  bool
	// recurrence and startTZ are a calendar item's t:Recurrence and
	// StartTimeZone Id, applied by calendarDefaults.
	recurrence *etree.Element
	startTZ    string
	// attachments are the item:Attachments of a CreateItem
	// (attachments.go), added by storeMessage.
	attachments []store.Attachment
}

func (c *call) parseItem(e *etree.Element) (*newItem, error) {
	n := &newItem{}
	cls := ""
	switch e.Tag {
	case "Message":
		cls = "IPM.Note"
	case "CalendarItem":
		cls = "IPM.Appointment"
	case "Contact":
		cls = "IPM.Contact"
	case "Task":
		cls = "IPM.Task"
	case "PostItem":
		cls = "IPM.Post" // postitem.go
	case "DistributionList":
		cls = "IPM.DistList" // distlist.go
	case "Item", "MeetingRequest", "MeetingResponse", "MeetingCancellation", "MeetingMessage":
		// Meeting messages are only updated (flags, categories ...);
		// CreateItem refuses them.
	default:
		return nil, errorf(ErrorInvalidOperation, "Creating a %s is not supported by this server yet.", e.Tag)
	}
	set := func(tag mapi.PropTag, v any) { n.props = append(n.props, mapi.PropValue{Tag: tag, Value: v}) }
	for _, f := range e.ChildElements() {
		t := strings.TrimSpace(f.Text())
		switch f.Tag {
		case "MimeContent":
			raw, err := base64StdDecode(t)
			if err != nil {
				return nil, &Error{Code: ErrorMimeContentConversionFailed, Message: "MimeContent is not valid base64.", Err: err}
			}
			if ok, err := c.importItemMime(e.Tag, raw, n); err != nil {
				return nil, err
			} else if ok {
				continue // iCalendar or vCard (mimecal.go)
			}
			m, err := oxcmail.Import(raw, nil)
			if err != nil {
				return nil, &Error{Code: ErrorMimeContentConversionFailed, Message: "The MIME content could not be converted.", Err: err}
			}
			n.mime = m
		case "ItemClass":
			cls = t
		case "Subject":
			set(mapi.PidTagSubject, f.Text())
		case "Sensitivity":
			v := map[string]int32{"Normal": 0, "Personal": 1, "Private": 2, "Confidential": 3}
			s, ok := v[t]
			if !ok {
				return nil, errorf(ErrorInvalidValueForProperty, "Sensitivity %q is not valid.", t)
			}
			set(mapi.PidTagSensitivity, s)
		case "Body":
			if attr(f, "BodyType") == "HTML" {
				set(mapi.PidTagHtml, []byte(f.Text()))
				set(mapi.PidTagInternetCodepage, int32(65001))
			} else {
				set(mapi.PidTagBody, f.Text())
			}
		case "Categories":
			var cats []string
			for _, s := range f.ChildElements() {
				cats = append(cats, s.Text())
			}
			x := categoriesExt
			if err := c.resolveNamed([]*extProp{&x}, true); err != nil {
				return nil, err
			}
			if x.resolved != 0 {
				set(x.resolved, cats)
			}
		case "Importance":
			v := map[string]int32{"Low": 0, "Normal": 1, "High": 2}
			s, ok := v[t]
			if !ok {
				return nil, errorf(ErrorInvalidValueForProperty, "Importance %q is not valid.", t)
			}
			set(mapi.PidTagImportance, s)
		case "InReplyTo":
			set(mapi.PidTagInReplyToId, t)
		case "ExtendedProperty":
			p, err := c.extendedValue(f)
			if err != nil {
				return nil, err
			}
			if p.Tag.ID() == mapi.PidTagMessageFlags.ID() {
				n.flagsSet = true
			}
			n.props = append(n.props, p)
		case "ToRecipients", "CcRecipients", "BccRecipients":
			typ := map[string]int32{"ToRecipients": 1, "CcRecipients": 2, "BccRecipients": 3}[f.Tag]
			n.recipsSet[typ] = true
			for _, mbx := range f.ChildElements() {
				n.recips = append(n.recips, recipientFrom(mbx, typ))
			}
		case "From":
			if mbx := child(f, "Mailbox"); mbx != nil {
				name, addr := childText(mbx, "Name"), childText(mbx, "EmailAddress")
				set(mapi.PidTagSentRepresentingName, nonEmpty(name, addr))
				set(mapi.PidTagSentRepresentingSmtpAddress, addr)
				set(mapi.PidTagSentRepresentingEmailAddress, addr)
				set(mapi.PidTagSentRepresentingAddressType, "SMTP")
			}
		case "Sender":
			if mbx := child(f, "Mailbox"); mbx != nil {
				name, addr := childText(mbx, "Name"), childText(mbx, "EmailAddress")
				set(mapi.PidTagSenderName, nonEmpty(name, addr))
				set(mapi.PidTagSenderSmtpAddress, addr)
				set(mapi.PidTagSenderEmailAddress, addr)
				set(mapi.PidTagSenderAddressType, "SMTP")
			}
		case "IsRead":
			b, err := parseBool(t)
			if err != nil {
				return nil, err
			}
			n.read = &b
		case "IsReadReceiptRequested":
			b, err := parseBool(t)
			if err != nil {
				return nil, err
			}
			set(mapi.PidTagReadReceiptRequested, b)
		case "IsDeliveryReceiptRequested":
			b, err := parseBool(t)
			if err != nil {
				return nil, err
			}
			set(mapi.PidTagOriginatorDeliveryReportRequested, b)
		case "IsResponseRequested":
			b, err := parseBool(t)
			if err != nil {
				return nil, err
			}
			set(mapi.PidTagResponseRequested, b)
		case "InternetMessageId":
			set(mapi.PidTagInternetMessageId, t)
		case "References":
			set(mapi.PidTagInternetReferences, t)
		case "ConversationTopic":
			set(mapi.PidTagConversationTopic, f.Text())
		case "StartDate":
			if e.Tag == "Task" {
				if err := c.parseTaskField(n, "StartDate", t); err != nil {
					return nil, err
				}
			}
		case "ReminderIsSet", "ReminderMinutesBeforeStart", "Start", "End", "IsAllDayEvent", "LegacyFreeBusyStatus", "Location":
			if err := c.parseNamedField(n, f.Tag, t); err != nil {
				return nil, err
			}
		case "FileAs":
			tag, err := c.namedTag(mapi.PidLidFileUnder, true)
			if err != nil {
				return nil, err
			}
			if tag != 0 {
				set(tag, f.Text())
			}
		case "EmailAddresses":
			for _, en := range f.ChildElements() {
				k := attr(en, "Key")
				if len(k) != len("EmailAddress1") || !strings.HasPrefix(k, "EmailAddress") || k[12] < '1' || k[12] > '3' {
					return nil, errorf(ErrorInvalidValueForProperty, "EmailAddress key %q is not valid.", k)
				}
				row := emailNamed[k[12]-'1']
				addr := strings.TrimSpace(en.Text())
				for j, v := range []string{addr, addr, "SMTP"} {
					tag, err := c.namedTag(row[j], true)
					if err != nil {
						return nil, err
					}
					if tag != 0 {
						set(tag, v)
					}
				}
			}
		case "PhoneNumbers":
			for _, en := range f.ChildElements() {
				k := attr(en, "Key")
				found := false
				for _, pk := range phoneKeys {
					if pk.key == k {
						set(pk.tag, strings.TrimSpace(en.Text()))
						found = true
					}
				}
				if !found {
					if ok, err := c.parseExtraPhone(n, k, strings.TrimSpace(en.Text())); err != nil {
						return nil, err
					} else if !ok {
						return nil, errorf(ErrorInvalidValueForProperty, "PhoneNumber key %q is not supported.", k)
					}
				}
			}
		case "Birthday":
			b, err := parseTime(t)
			if err != nil {
				return nil, errorf(ErrorInvalidValueForProperty, "Birthday %q is not a date.", t)
			}
			set(mapi.PidTagBirthday, b)
		case "Recurrence":
			n.recurrence = f // calendarDefaults, or taskDefaults (taskrecur.go)
		case "ActualWork", "TotalWork", "BillingInformation", "Owner", "CompleteDate", "DueDate", "IsComplete", "PercentComplete", "Status":
			if err := c.parseTaskField(n, f.Tag, t); err != nil {
				return nil, err
			}
		case "StartTimeZone", "MeetingTimeZone":
			if id := attr(f, "Id"); id != "" && n.startTZ == "" {
				n.startTZ = id
			}
		case "StartTimeZoneId":
			n.startTZ = t
		case "Attachments":
			if err := c.parseItemAttachments(n, f); err != nil {
				return nil, err
			}
		case "UID":
			ps, err := c.uidProps(t)
			if err != nil {
				return nil, err
			}
			n.props = append(n.props, ps...)
		case "RequiredAttendees", "OptionalAttendees", "Resources":
			typ := map[string]int32{"RequiredAttendees": 1, "OptionalAttendees": 2, "Resources": 3}[f.Tag]
			n.recipsSet[typ] = true
			for _, a := range f.ChildElements() {
				if mbx := child(a, "Mailbox"); mbx != nil {
					n.recips = append(n.recips, recipientFrom(mbx, typ))
				}
			}
		default:
			if e.Tag == "DistributionList" {
				if ok, err := c.parseDistListField(n, f); err != nil {
					return nil, err
				} else if ok {
					continue // distlist.go
				}
			}
			if e.Tag == "Contact" {
				if ok, err := c.parseContact3(n, f); err != nil {
					return nil, err
				} else if ok {
					continue // contacts3.go
				}
				if ok, err := c.parseContactX(n, f); err != nil {
					return nil, err
				} else if ok {
					continue // contacts2.go
				}
			}
			if cf, ok := contactElements[f.Tag]; ok && e.Tag == "Contact" {
				set(contactStrings[cf].tag, f.Text())
			}
			// Read-only and not yet supported fields are ignored, as
			// Exchange ignores read-only fields on create.
		}
	}
	if cls != "" && get(n.props, mapi.PidTagMessageClass) == nil {
		set(mapi.PidTagMessageClass, cls)
	}
	return n, nil
}

// parseTaskField sets a task field ([MS-OXOTASK] 2.2.2.2).
func (c *call) parseTaskField(n *newItem, name, t string) error {
	var f int
	var v any
	var err error
	switch name {
	case "ActualWork", "TotalWork":
		f = map[bool]int{true: fActualWork, false: fTotalWork}[name == "ActualWork"]
		v, err = parseValue(mapi.PtypInteger32, t)
	case "BillingInformation", "Owner":
		f = fOwner
		if name == "BillingInformation" {
			f = fBillingInformation
		}
		v = t
	case "CompleteDate", "DueDate", "StartDate":
		f = map[string]int{"CompleteDate": fCompleteDate, "DueDate": fDueDate, "StartDate": fTaskStartDate}[name]
		if v, err = c.localTime(t); err != nil {
			err = errorf(ErrorInvalidValueForProperty, "%s %q is not a date and time.", name, t)
		}
	case "IsComplete":
		f = fIsComplete
		v, err = parseBool(t)
	case "PercentComplete":
		f = fPercentComplete
		var pc float64
		if pc, err = strconv.ParseFloat(t, 64); err != nil || pc < 0 || pc > 100 {
			return errorf(ErrorInvalidValueForProperty, "PercentComplete must be between 0 and 100.")
		}
		v = pc / 100
	case "Status":
		f = fTaskStatus
		i := indexOf(taskStatuses[:], t)
		if i < 0 {
			return errorf(ErrorInvalidValueForProperty, "Status %q is not valid.", t)
		}
		v = int32(i)
	}
	if err != nil {
		return err
	}
	tag, err := c.namedTag(fieldNamed[f], true)
	if err != nil {
		return err
	}
	if tag == 0 {
		return errorf(ErrorInvalidPropertySet, "Named properties are not supported by this store.")
	}
	n.props = append(n.props, mapi.PropValue{Tag: tag, Value: v})
	if f == fTaskStatus && v == int32(2) {
		// Completed means complete and 100 percent ([MS-OXOTASK] 2.2.2.2.20).
		for _, x := range []struct {
			np mapi.NamedProp
			v  any
		}{{mapi.PidLidTaskComplete, true}, {mapi.PidLidPercentComplete, 1.0}} {
			if t, err := c.namedTag(x.np, true); err == nil && t != 0 && get(n.props, t) == nil {
				n.props = append(n.props, mapi.PropValue{Tag: t, Value: x.v})
			}
		}
	}
	return nil
}

// parseNamedField sets a field stored in a named property.
func (c *call) parseNamedField(n *newItem, name, t string) error {
	var f int
	var v any
	var err error
	switch name {
	case "ReminderIsSet":
		f = fReminderIsSet
		v, err = parseBool(t)
	case "ReminderMinutesBeforeStart":
		f = fReminderMinutesBeforeStart
		v, err = parseValue(mapi.PtypInteger32, t)
	case "Start", "End":
		f = fStart
		if name == "End" {
			f = fEnd
		}
		v, err = c.localTime(t)
		if err != nil {
			err = errorf(ErrorInvalidValueForProperty, "%s %q is not a date and time.", name, t)
		}
	case "IsAllDayEvent":
		f = fIsAllDayEvent
		v, err = parseBool(t)
	case "LegacyFreeBusyStatus":
		f = fLegacyFreeBusyStatus
		i := -1
		for k, s := range freeBusyNames {
			if s == t {
				i = k
			}
		}
		if i < 0 {
			return errorf(ErrorInvalidValueForProperty, "LegacyFreeBusyStatus %q is not valid.", t)
		}
		v = int32(i)
	case "Location":
		f = fLocation
		v = t
	}
	if err != nil {
		return err
	}
	tag, err := c.namedTag(fieldNamed[f], true)
	if err != nil {
		return err
	}
	if tag == 0 {
		return errorf(ErrorInvalidPropertySet, "Named properties are not supported by this store.")
	}
	n.props = append(n.props, mapi.PropValue{Tag: tag, Value: v})
	if f == fStart {
		n.props = append(n.props, mapi.PropValue{Tag: mapi.PidTagStartDate, Value: v})
	}
	if f == fEnd {
		n.props = append(n.props, mapi.PropValue{Tag: mapi.PidTagEndDate, Value: v})
	}
	return nil
}

// calendarDefaults completes a new calendar item: duration, busy status,
// appointment state ([MS-OXOCAL] 2.2.1).
func (c *call) calendarDefaults(n *newItem) error {
	st, _ := c.namedTag(mapi.PidLidAppointmentStartWhole, true)
	en, _ := c.namedTag(mapi.PidLidAppointmentEndWhole, true)
	start, ok1 := getTime(n.props, st)
	end, ok2 := getTime(n.props, en)
	if ok1 && ok2 {
		if end.Before(start) {
			return errorf("ErrorCalendarEndDateIsEarlierThanStartDate", "EndDate is earlier than StartDate.")
		}
		if t, err := c.namedTag(mapi.PidLidAppointmentDuration, true); err == nil && t != 0 {
			n.props = append(n.props, mapi.PropValue{Tag: t, Value: int32(end.Sub(start) / time.Minute)})
		}
	}
	if bs, err := c.namedTag(mapi.PidLidBusyStatus, true); err == nil && bs != 0 && get(n.props, bs) == nil {
		n.props = append(n.props, mapi.PropValue{Tag: bs, Value: int32(2)})
	}
	if n.startTZ != "" {
		if t, err := c.namedTag(mapi.PidLidTimeZoneDescription, true); err == nil && t != 0 {
			n.props = append(n.props, mapi.PropValue{Tag: t, Value: n.startTZ})
		}
	}
	if n.recurrence != nil {
		if !ok1 || !ok2 {
			return errorf(ErrorInvalidValueForProperty, "A recurring item needs Start and End.")
		}
		pat, err := parseRecurrence(n.recurrence, start, end, seriesLocation(n.startTZ))
		if err != nil {
			return err
		}
		blob, err := pat.AppendBinary(nil)
		if err != nil {
			return &Error{Code: ErrorInvalidValueForProperty, Message: "The recurrence cannot be stored.", Err: err}
		}
		for _, x := range []struct {
			np mapi.NamedProp
			v  any
		}{
			{mapi.PidLidAppointmentRecur, blob},
			{mapi.PidLidRecurring, true},
			{mapi.PidLidClipStart, recur.MinutesToTime(pat.StartDate)},
			{mapi.PidLidClipEnd, recur.MinutesToTime(pat.EndDate)},
		} {
			t, err := c.namedTag(x.np, true)
			if err != nil {
				return err
			}
			if t != 0 {
				n.props = append(n.props, mapi.PropValue{Tag: t, Value: x.v})
			}
		}
	}
	if sf, err := c.namedTag(mapi.PidLidAppointmentStateFlags, true); err == nil && sf != 0 && get(n.props, sf) == nil {
		flags := int32(0)
		if len(n.recips) > 0 {
			flags = asfMeeting
		}
		n.props = append(n.props, mapi.PropValue{Tag: sf, Value: flags})
	}
	return c.meetingDefaults(n)
}

func nonEmpty(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// recipientFrom converts a t:Mailbox to a recipient row.
func recipientFrom(mbx *etree.Element, typ int32) store.Recipient {
	name, addr := childText(mbx, "Name"), childText(mbx, "EmailAddress")
	rt := childText(mbx, "RoutingType")
	if rt == "" {
		rt = "SMTP"
	}
	props := []mapi.PropValue{
		{Tag: mapi.PidTagRecipientType, Value: typ},
		{Tag: mapi.PidTagDisplayName, Value: nonEmpty(name, addr)},
		{Tag: mapi.PidTagEmailAddress, Value: addr},
		{Tag: mapi.PidTagAddressType, Value: rt},
	}
	if strings.EqualFold(rt, "SMTP") {
		props = append(props, mapi.PropValue{Tag: mapi.PidTagSmtpAddress, Value: addr})
	}
	return store.Recipient{Props: props}
}

// storeMessage builds the store message of a new item: MIME content
// first, explicit fields over it.
func (c *call) storeMessage(n *newItem) (*store.Message, error) {
	m := &store.Message{}
	if n.mime != nil {
		sm, err := c.fromOxcmail(n.mime)
		if err != nil {
			return nil, err
		}
		m = sm
	}
	for _, p := range n.props {
		setProp(&m.Props, p)
	}
	if n.recips != nil {
		var keep []store.Recipient
		for _, r := range m.Recipients {
			t, _ := getInt(r.Props, mapi.PidTagRecipientType)
			if t < 1 || t > 3 || !n.recipsSet[t] {
				keep = append(keep, r)
			}
		}
		m.Recipients = append(keep, n.recips...)
	}
	for _, a := range n.attachments {
		a.Num = uint32(len(m.Attachments))
		m.Attachments = append(m.Attachments, a)
	}
	if n.read != nil {
		m.Read = *n.read
	}
	if f, ok := getInt(m.Props, mapi.PidTagMessageFlags); ok && f&msgflagRead != 0 {
		m.Read = true
	}
	fillDisplayNames(m)
	return m, nil
}

// fillDisplayNames sets PidTagDisplayTo/Cc/Bcc from the recipients.
func fillDisplayNames(m *store.Message) {
	var lists [4][]string
	for _, r := range m.Recipients {
		t, _ := getInt(r.Props, mapi.PidTagRecipientType)
		if t >= 1 && t <= 3 {
			n, _ := getString(r.Props, mapi.PidTagDisplayName)
			lists[t] = append(lists[t], n)
		}
	}
	setProp(&m.Props, mapi.PropValue{Tag: mapi.PidTagDisplayTo, Value: strings.Join(lists[1], "; ")})
	setProp(&m.Props, mapi.PropValue{Tag: mapi.PidTagDisplayCc, Value: strings.Join(lists[2], "; ")})
	setProp(&m.Props, mapi.PropValue{Tag: mapi.PidTagDisplayBcc, Value: strings.Join(lists[3], "; ")})
}

// setProp sets or replaces a property (by ID, so a PtypString value
// replaces a PtypString8 one).
func setProp(props *[]mapi.PropValue, p mapi.PropValue) {
	for i := range *props {
		if (*props)[i].Tag.ID() == p.Tag.ID() {
			(*props)[i] = p
			return
		}
	}
	*props = append(*props, p)
}

// fromOxcmail converts an imported MIME message to a store message,
// mapping named properties to the mailbox's IDs.
func (c *call) fromOxcmail(m *oxcmail.Message) (*store.Message, error) {
	return fromOxcmailIn(c, c.mb, m, 0)
}

func fromOxcmailIn(c *call, mb store.Mailbox, m *oxcmail.Message, depth int) (*store.Message, error) {
	props, err := withNamed(c, mb, m.Props, m.Named)
	if err != nil {
		return nil, err
	}
	out := &store.Message{Props: props}
	for _, r := range m.Recipients {
		out.Recipients = append(out.Recipients, store.Recipient{Props: r.Props})
	}
	for _, a := range m.Attachments {
		ap, err := withNamed(c, mb, a.Props, a.Named)
		if err != nil {
			return nil, err
		}
		sa := store.Attachment{Props: ap}
		if a.Embedded != nil && depth < 16 {
			if sa.Embedded, err = fromOxcmailIn(c, mb, a.Embedded, depth+1); err != nil {
				return nil, err
			}
		}
		out.Attachments = append(out.Attachments, sa)
	}
	return out, nil
}

func withNamed(c *call, mb store.Mailbox, props []mapi.PropValue, named []oxcmail.NamedValue) ([]mapi.PropValue, error) {
	out := append([]mapi.PropValue(nil), props...)
	if len(named) == 0 {
		return out, nil
	}
	np, ok := mb.(store.NamedProperties)
	if !ok {
		return out, nil
	}
	names := make([]mapi.PropertyName, len(named))
	for i, n := range named {
		names[i] = n.Name
	}
	ids, err := np.PropIDs(c.ctx, names, true)
	if err != nil {
		return nil, err
	}
	for i, n := range named {
		if ids[i] != 0 {
			out = append(out, mapi.PropValue{Tag: mapi.NewPropTag(ids[i], n.Type), Value: n.Value})
		}
	}
	return out, nil
}

// createItem implements CreateItem ([MS-OXWSCORE] 3.1.4.2) for messages:
// MessageDisposition SaveOnly, SendOnly and SendAndSaveCopy.
func (c *call) createItem() error {
	body := c.req.Body
	mb, err := c.mailbox()
	if err != nil {
		return err
	}
	disp := attr(body, "MessageDisposition")
	switch disp {
	case "", "SaveOnly", "SendOnly", "SendAndSaveCopy":
	default:
		return &Fault{Code: ErrorSchemaValidation, Message: "MessageDisposition is not valid."}
	}
	if err := checkMeetingOptions(body); err != nil {
		return err
	}
	var saveIn store.FID
	var saveErr error
	explicit := false
	if ids := folderIDList(child(body, "SavedItemFolderId")); len(ids) > 0 {
		saveIn, saveErr = c.resolveFolder(ids[0])
		explicit = true
	} else {
		kind := store.FolderDrafts
		if disp == "SendAndSaveCopy" {
			kind = store.FolderSentItems
		}
		saveIn, saveErr = mb.SpecialFolder(c.ctx, kind)
		if c.acc != nil && disp == "SendAndSaveCopy" {
			saveIn = 0 // the caller's own Sent Items (saveSentCopy, onbehalf.go)
		}
	}
	c.responseStart("CreateItem")
	if items := child(body, "Items"); items != nil {
		for _, e := range items.ChildElements() {
			const name = "CreateItemResponseMessage"
			in, inErr := saveIn, saveErr
			d := disp
			if kind, ok := defaultFolders[e.Tag]; ok {
				// Calendar items, contacts and tasks go to their folder
				// and are saved, not sent (meeting invitations are sent
				// by inviteCreated).
				if !explicit {
					in, inErr = mb.SpecialFolder(c.ctx, kind)
				}
				d = "SaveOnly"
			}
			switch e.Tag {
			case "PostItem":
				d = "SaveOnly" // posts are never sent (postitem.go)
			case "PostReplyItem":
				d = "SaveOnly"
				if !explicit {
					in, inErr = 0, nil // beside the original post
				}
			}
			if inErr == nil && c.acc != nil {
				inErr = c.allowCreate(in, d)
				if inErr == nil && e.Tag == "CalendarItem" {
					inErr = c.allowInvitations(e) // onbehalf.go
				}
			}
			if inErr != nil && (d != "SendOnly" || c.acc != nil) {
				c.msgError(name, inErr, ErrorFolderNotFound)
				continue
			}
			var mi *created
			var err error
			if meetingResponseObjects[e.Tag] {
				mi, err = c.respondToMeeting(e, disp)
			} else if isMeetingElement("t:" + e.Tag) {
				// [MS-OXWSMTGS] 3.1.4.2.1 (R1197): meeting messages are
				// sent by the server, not created.
				err = errorf(ErrorInvalidOperation, "A %s cannot be created; meeting messages are sent by calendar operations.", e.Tag)
			} else if mi, err = c.createOne(e, d, in); err == nil && mi != nil && e.Tag == "CalendarItem" {
				mi.info, err = c.inviteCreated(mi.info) // SendMeetingInvitations
			}
			if err != nil {
				c.msgError(name, err, ErrorItemNotFound)
				continue
			}
			c.msgStart(name)
			if mi == nil {
				c.w.raw(`<m:Items/>`)
			} else {
				el, _ := itemElement(mi.class)
				c.w.raw(`<m:Items><` + el + `>`)
				c.writeItemID("t:ItemId", mi.info.ID, mi.info.FolderID, mi.info.ChangeKey)
				if a := child(e, "Attachments"); a != nil && len(a.ChildElements()) > 0 {
					c.writeCreatedAttachments(mi.info) // attachments.go
				}
				c.w.raw(`</` + el + `></m:Items>`)
			}
			c.msgEnd(name)
		}
	}
	c.responseEnd("CreateItem")
	return nil
}

// defaultFolders are the folders items other than messages are saved in
// without a SavedItemFolderId.
var defaultFolders = map[string]store.SpecialFolder{
	"CalendarItem": store.FolderCalendar,
	"Contact":      store.FolderContacts,
	"Task":         store.FolderTasks,
	// distlist.go
	"DistributionList": store.FolderContacts,
}

type created struct {
	info  *store.MessageInfo
	class string
}

// createOne creates (and sends) one item; it returns nil when nothing
// is saved (SendOnly) or the item is sent (EWS returns no ID then).
func (c *call) createOne(e *etree.Element, disp string, saveIn store.FID) (*created, error) {
	var n *newItem
	var m *store.Message
	var err error
	switch e.Tag {
	case "SuppressReadReceipt":
		return nil, c.suppressReadReceipt(e) // readreceipt.go
	case "ReplyToItem", "ReplyAllToItem", "ForwardItem":
		if m, err = c.smartResponse(e); err != nil {
			return nil, err
		}
		n = &newItem{}
		e = etree.NewElement("Message") // drafts of responses are messages
	case "PostReplyItem":
		var fid store.FID
		if m, fid, err = c.postReply(e); err != nil {
			return nil, err
		}
		if saveIn == 0 {
			saveIn = fid
		}
		n = &newItem{}
		e = etree.NewElement("PostItem")
	default:
		if n, err = c.parseItem(e); err != nil {
			return nil, err
		}
		if e.Tag == "CalendarItem" {
			if err := c.calendarDefaults(n); err != nil {
				return nil, err
			}
		}
		if e.Tag == "Task" {
			if err := c.taskDefaults(n); err != nil { // taskrecur.go
				return nil, err
			}
		}
		if m, err = c.storeMessage(n); err != nil {
			return nil, err
		}
		if e.Tag == "Contact" {
			if err := c.contactCreateDefaults(m); err != nil { // contacts3.go
				return nil, err
			}
		}
	}
	cls, _ := getString(m.Props, mapi.PidTagMessageClass)
	if cls == "" {
		cls = "IPM.Note"
		setProp(&m.Props, mapi.PropValue{Tag: mapi.PidTagMessageClass, Value: cls})
	}
	now := time.Now().UTC().Truncate(time.Second)
	if e.Tag == "PostItem" {
		c.completePost(m, now)
	}
	if e.Tag == "CalendarItem" && get(m.Props, mapi.PidTagSentRepresentingSmtpAddress) == nil {
		// The creator organizes the meeting (a delegate creates it for
		// the mailbox's owner).
		name, owner := c.mb.Info().DisplayName, c.targetOwner()
		setProp(&m.Props, mapi.PropValue{Tag: mapi.PidTagSentRepresentingName, Value: nonEmpty(name, owner)})
		setProp(&m.Props, mapi.PropValue{Tag: mapi.PidTagSentRepresentingSmtpAddress, Value: owner})
		setProp(&m.Props, mapi.PropValue{Tag: mapi.PidTagSentRepresentingEmailAddress, Value: owner})
		setProp(&m.Props, mapi.PropValue{Tag: mapi.PidTagSentRepresentingAddressType, Value: "SMTP"})
	}
	if disp == "" || disp == "SaveOnly" {
		if !n.flagsSet && n.mime == nil && e.Tag == "Message" {
			setProp(&m.Props, mapi.PropValue{Tag: mapi.PidTagMessageFlags, Value: int32(msgflagUnsent)})
		}
		// Every item has a DateTimeReceived in Exchange: for a saved item
		// it is the time it entered the mailbox. DavMail reads it
		// (PidTagMessageDeliveryTime, 0x0E06) as the IMAP INTERNALDATE of
		// messages it APPENDs.
		if get(m.Props, mapi.PidTagMessageDeliveryTime) == nil {
			setProp(&m.Props, mapi.PropValue{Tag: mapi.PidTagMessageDeliveryTime, Value: now})
		}
		c.stampCreator(m)
		info, err := c.mb.CreateMessage(c.ctx, saveIn, m)
		if err != nil {
			return nil, err
		}
		return &created{info: info, class: cls}, nil
	}
	// Sending: stamp the sender and submit time, deliver, keep a copy.
	if err := c.stampSender(m, now); err != nil { // onbehalf.go
		return nil, err
	}
	if err := c.send(m); err != nil {
		return nil, err
	}
	c.savePrincipalCopy(m, disp == "SendAndSaveCopy" && saveIn != 0) // sendas.go
	if disp == "SendAndSaveCopy" {
		m.Read = true
		setProp(&m.Props, mapi.PropValue{Tag: mapi.PidTagMessageFlags, Value: int32(msgflagRead | msgflagFromMe)})
		if err := c.saveSentCopy(m, saveIn); err != nil { // onbehalf.go
			return nil, err
		}
	}
	return nil, nil
}

// smartResponse builds the message of a ReplyToItem, ReplyAllToItem or
// ForwardItem response object ([MS-OXWSCORE] 2.2.4.x SmartResponseType):
// the referenced item's subject with an RE:/FW: prefix (unless Subject is
// given), recipients from the original sender (and, for reply-all, its
// To and Cc minus the caller) or from the element, NewBodyContent above
// the quoted original text body, threading headers, and for forwards the
// original attachments.
func (c *call) smartResponse(e *etree.Element) (*store.Message, error) {
	ref := child(e, "ReferenceItemId")
	if ref == nil {
		return nil, errorf(ErrorInvalidIdMalformed, "The response object has no ReferenceItemId.")
	}
	id, err := ParseObjectID(attr(ref, "Id"))
	if err != nil {
		return nil, err
	}
	if id.Kind != KindMessage || id.Mailbox != c.mailboxGUID() {
		return nil, errorf(ErrorItemNotFound, "The referenced item was not found.")
	}
	orig, err := c.mb.Message(c.ctx, id.Message, nil)
	if err == nil {
		err = c.allowRead(orig.Info.FolderID, id.Message)
	}
	if err != nil {
		return nil, err
	}
	// The element's own fields (recipients, subject, flags) as for a message.
	fields := etree.NewElement("Message")
	for _, k := range e.ChildElements() {
		switch k.Tag {
		case "ReferenceItemId", "NewBodyContent":
		default:
			fields.AddChild(k.Copy())
		}
	}
	n, err := c.parseItem(fields)
	if err != nil {
		return nil, err
	}
	m, err := c.storeMessage(n)
	if err != nil {
		return nil, err
	}
	subject, _ := getString(orig.Props, mapi.PidTagSubject)
	prefix := "RE: "
	if e.Tag == "ForwardItem" {
		prefix = "FW: "
	}
	if get(m.Props, mapi.PidTagSubject) == nil {
		setProp(&m.Props, mapi.PropValue{Tag: mapi.PidTagSubject, Value: prefix + subject})
	}
	setProp(&m.Props, mapi.PropValue{Tag: mapi.PidTagMessageClass, Value: "IPM.Note"})
	if e.Tag != "ForwardItem" && n.recips == nil {
		var rs []store.Recipient
		from, _ := getString(orig.Props, mapi.PidTagSentRepresentingSmtpAddress)
		if from == "" {
			from, _ = getString(orig.Props, mapi.PidTagSenderSmtpAddress)
		}
		fromName, _ := getString(orig.Props, mapi.PidTagSentRepresentingName)
		if from != "" {
			rs = append(rs, recipientProps(fromName, from, 1))
		}
		if e.Tag == "ReplyAllToItem" {
			for _, r := range orig.Recipients {
				t, _ := getInt(r.Props, mapi.PidTagRecipientType)
				addr, _ := getString(r.Props, mapi.PidTagSmtpAddress)
				if (t != 1 && t != 2) || addr == "" || c.isSelf(addr) || strings.EqualFold(addr, from) {
					continue
				}
				name, _ := getString(r.Props, mapi.PidTagDisplayName)
				rs = append(rs, recipientProps(name, addr, int32(t)))
			}
		}
		m.Recipients = rs
		fillDisplayNames(m)
	}
	// Body: the new content above the quoted original text.
	origText, _ := getString(orig.Props, mapi.PidTagBody)
	if origText == "" {
		if h, ok := getBytes(orig.Props, mapi.PidTagHtml); ok {
			cp, _ := getInt(orig.Props, mapi.PidTagInternetCodepage)
			origText = htmlToText(decodeCodepage(h, cp))
		}
	}
	newText := ""
	if nb := child(e, "NewBodyContent"); nb != nil {
		newText = nb.Text()
		if attr(nb, "BodyType") == "HTML" {
			newText = htmlToText(newText)
		}
	}
	origFrom, _ := getString(orig.Props, mapi.PidTagSentRepresentingName)
	body := newText + "\r\n\r\n-----Original Message-----\r\nFrom: " + origFrom + "\r\nSubject: " + subject + "\r\n\r\n" + origText
	setProp(&m.Props, mapi.PropValue{Tag: mapi.PidTagBody, Value: body})
	if msgID, ok := getString(orig.Props, mapi.PidTagInternetMessageId); ok && msgID != "" {
		setProp(&m.Props, mapi.PropValue{Tag: mapi.PidTagInReplyToId, Value: msgID})
		refs, _ := getString(orig.Props, mapi.PidTagInternetReferences)
		setProp(&m.Props, mapi.PropValue{Tag: mapi.PidTagInternetReferences, Value: strings.TrimSpace(refs + " " + msgID)})
	}
	if topic, ok := getString(orig.Props, mapi.PidTagConversationTopic); ok {
		setProp(&m.Props, mapi.PropValue{Tag: mapi.PidTagConversationTopic, Value: topic})
	} else {
		setProp(&m.Props, mapi.PropValue{Tag: mapi.PidTagConversationTopic, Value: subject})
	}
	if e.Tag == "ForwardItem" {
		for _, a := range orig.Attachments {
			a.Num = 0
			m.Attachments = append(m.Attachments, a)
		}
	}
	return m, nil
}

// recipientProps builds an SMTP recipient row.
func recipientProps(name, addr string, typ int32) store.Recipient {
	return store.Recipient{Props: []mapi.PropValue{
		{Tag: mapi.PidTagRecipientType, Value: typ},
		{Tag: mapi.PidTagDisplayName, Value: nonEmpty(name, addr)},
		{Tag: mapi.PidTagEmailAddress, Value: addr},
		{Tag: mapi.PidTagAddressType, Value: "SMTP"},
		{Tag: mapi.PidTagSmtpAddress, Value: addr},
	}}
}

// localAddresses returns the store addresses addr stands for: the
// directory user's, or a distribution list's members; ok is false when
// dir is nil or does not know addr (a remote recipient).
func (c *call) localAddresses(dir store.Directory, addr string) (local []string, ok bool, err error) {
	if dir == nil {
		return nil, false, nil
	}
	e, err := dir.LookupUser(c.ctx, addr)
	if err != nil {
		return nil, false, nil
	}
	if e.Kind != store.EntryDistList {
		return []string{e.SMTPAddress}, true, nil
	}
	members, err := dir.Members(c.ctx, e.SMTPAddress)
	if err != nil {
		return nil, false, err
	}
	for _, m := range members {
		local = append(local, m.SMTPAddress)
	}
	return local, true, nil
}

// send delivers m to its recipients: into the Inbox of recipients with a
// mailbox in the store, through Handler.Sender for the others.
func (c *call) send(m *store.Message) error {
	var remote []string
	var local []string
	dir, _ := c.h.Store.(store.Directory)
	for _, r := range m.Recipients {
		addr, _ := getString(r.Props, mapi.PidTagSmtpAddress)
		if addr == "" {
			addr, _ = getString(r.Props, mapi.PidTagEmailAddress)
		}
		if addr == "" {
			continue
		}
		in, ok, err := c.localAddresses(dir, addr)
		if err != nil {
			return err
		}
		if ok {
			local = append(local, in...)
			continue
		}
		remote = append(remote, addr)
	}
	if len(local) == 0 && len(remote) == 0 {
		return errorf(ErrorInvalidRecipients, "At least one recipient is required.")
	}
	if id, _ := getString(m.Props, mapi.PidTagInternetMessageId); id == "" {
		// Every sent message gets a Message-ID (RFC 5322 3.6.4), shared by
		// the delivered copies and the Sent Items copy, for threading.
		var rnd [12]byte
		rand.Read(rnd[:])
		domain := "localhost"
		if i := strings.LastIndexByte(c.user, '@'); i >= 0 {
			domain = c.user[i+1:]
		}
		setProp(&m.Props, mapi.PropValue{Tag: mapi.PidTagInternetMessageId, Value: "<" + hex.EncodeToString(rnd[:]) + "@" + domain + ">"})
	}
	om, err := c.toOxcmail(m)
	if err != nil {
		return err
	}
	raw, err := oxcmail.Export(om, nil)
	if err != nil {
		return &Error{Code: ErrorItemSave, Message: "The message could not be converted for sending.", Err: err}
	}
	seen := map[string]bool{}
	for _, addr := range local {
		k := strings.ToLower(addr)
		if seen[k] {
			continue
		}
		seen[k] = true
		if err := c.deliverLocal(addr, raw); err != nil {
			return err
		}
	}
	if len(remote) > 0 {
		if c.h.Sender == nil {
			c.h.logger().Warn("ews: no Sender configured; remote recipients skipped", "from", c.user, "rcpts", remote)
			return nil
		}
		if err := c.h.Sender.Send(c.ctx, c.envelopeFrom(m), remote, raw); err != nil { // sendas.go
			return &Error{Code: ErrorItemSave, Message: "The message could not be submitted.", Err: err}
		}
	}
	return nil
}

// deliverLocal puts a copy of raw into the Inbox of owner's mailbox, as
// the example server's SMTP delivery does.
func (c *call) deliverLocal(owner string, raw []byte) error {
	mb, err := c.h.Store.OpenMailbox(c.ctx, owner)
	if err != nil {
		return err
	}
	om, err := oxcmail.Import(raw, nil)
	if err != nil {
		return &Error{Code: ErrorItemSave, Message: "The message could not be delivered.", Err: err}
	}
	sm, err := fromOxcmailIn(c, mb, om, 0)
	if err != nil {
		return err
	}
	setProp(&sm.Props, mapi.PropValue{Tag: mapi.PidTagMessageDeliveryTime, Value: time.Now().UTC().Truncate(time.Second)})
	MarkReceiptPending(&sm.Props) // readreceipt.go
	sm.NewMail = true
	inbox, _, err := mb.ReceiveFolder(c.ctx, "IPM.Note")
	if err != nil {
		return err
	}
	info, err := mb.CreateMessage(c.ctx, inbox, sm)
	if err != nil {
		return err
	}
	c.h.runInboxRules(c.ctx, mb, inbox, info.ID) // rules_deliver.go
	return nil
}

// updateItem implements UpdateItem ([MS-OXWSCORE] 3.1.4.9) with
// SetItemField, AppendToItemField (recipients, body) and
// DeleteItemField.
func (c *call) updateItem() error {
	body := c.req.Body
	if _, err := c.mailbox(); err != nil {
		return err
	}
	cr := attr(body, "ConflictResolution")
	switch cr {
	case "", "NeverOverwrite", "AutoResolve", "AlwaysOverwrite":
	default:
		return &Fault{Code: ErrorSchemaValidation, Message: "ConflictResolution is not valid."}
	}
	disp := attr(body, "MessageDisposition")
	if err := checkMeetingOptions(body); err != nil {
		return err
	}
	c.responseStart("UpdateItem")
	if changes := child(body, "ItemChanges"); changes != nil {
		for _, ch := range changes.ChildElements() {
			const name = "UpdateItemResponseMessage"
			info, cls, occ, err := c.applyItemChangeMeeting(ch, cr == "AlwaysOverwrite")
			if err == nil && (disp == "SendOnly" || disp == "SendAndSaveCopy") {
				err = c.sendExisting(info, disp)
			}
			if err != nil {
				c.msgError(name, err, ErrorItemNotFound)
				continue
			}
			c.msgStart(name)
			el, _ := itemElement(cls)
			c.w.raw(`<m:Items><` + el + `>`)
			if occ != 0 {
				c.writeOccurrenceID("t:ItemId", info.FolderID, info.ID, occ, info.ChangeKey)
			} else {
				c.writeItemID("t:ItemId", info.ID, info.FolderID, info.ChangeKey)
			}
			c.w.raw(`</` + el + `></m:Items><m:ConflictResults><t:Count>0</t:Count></m:ConflictResults>`)
			c.msgEnd(name)
		}
	}
	c.responseEnd("UpdateItem")
	return nil
}

// sendExisting sends a saved draft and moves it to Sent Items
// (SendAndSaveCopy) or deletes it (SendOnly).
func (c *call) sendExisting(info *store.MessageInfo, disp string) error {
	m, err := c.mb.Message(c.ctx, info.ID, nil)
	if err != nil {
		return err
	}
	if err := taskNotSendable(m); err != nil { // taskrecur.go
		return err
	}
	// From another user's mailbox: on behalf of its owner (onbehalf.go).
	if err := c.stampSender(m, time.Now().UTC().Truncate(time.Second)); err != nil {
		return err
	}
	if err := c.send(m); err != nil {
		return err
	}
	c.savePrincipalCopy(m, false) // sendas.go
	if disp == "SendAndSaveCopy" {
		setProp(&m.Props, mapi.PropValue{Tag: mapi.PidTagMessageFlags, Value: int32(msgflagRead | msgflagFromMe)})
		if err := c.saveSentCopy(&store.Message{Props: m.Props, Recipients: m.Recipients, Attachments: m.Attachments, Read: true}, 0); err != nil { // onbehalf.go
			return err
		}
	}
	_, err = c.mb.DeleteMessages(c.ctx, info.FolderID, []store.MID{info.ID}, &store.DeleteOptions{Hard: true})
	return err
}

func (c *call) applyItemChange(ch *etree.Element, overwrite bool) (*store.MessageInfo, string, error) {
	idEl := child(ch, "ItemId")
	if idEl == nil {
		return nil, "", errorf(ErrorInvalidIdMalformed, "ItemChange has no supported item ID.")
	}
	id, ck, err := c.resolveItem(idEl)
	if err != nil {
		return nil, "", err
	}
	cur, err := c.mb.Message(c.ctx, id.Message, &store.MessageOptions{Tags: []mapi.PropTag{mapi.PidTagMessageClass, mapi.PidTagDisplayTo, mapi.PidTagMessageFlags}, Recipients: true})
	if err == nil {
		err = c.allowItem(cur.Info.FolderID, id.Message, store.RightEditAny, store.RightEditOwned)
	}
	if err != nil {
		return nil, "", err
	}
	cls, _ := getString(cur.Props, mapi.PidTagMessageClass)
	upd := &store.MessageUpdate{}
	if !overwrite && ck != nil {
		upd.IfChangeKey = ck
	}
	recips := append([]store.Recipient(nil), cur.Recipients...)
	recipsChanged := false
	var newRecur *etree.Element
	var newTZ string
	var mimeCal *oxcmail.Message // an iCalendar item:MimeContent (mimecal.go)
	var taskCopy *store.Message  // a recurring task's one-off occurrence (taskrecur.go)
	if ups := child(ch, "Updates"); ups != nil {
		for _, u := range ups.ChildElements() {
			var pathEl, itemEl *etree.Element
			for _, e := range u.ChildElements() {
				switch e.Tag {
				case "FieldURI", "IndexedFieldURI", "ExtendedFieldURI":
					pathEl = e
				default:
					itemEl = e
				}
			}
			if pathEl == nil {
				return nil, "", errorf(ErrorInvalidPropertyRequest, "An update needs a property path.")
			}
			pp, err := parsePath(pathEl)
			if err != nil {
				return nil, "", err
			}
			switch u.Tag {
			case "SetItemField", "AppendToItemField":
				if itemEl == nil || len(itemEl.ChildElements()) != 1 {
					return nil, "", errorf(ErrorIncorrectUpdatePropertyCount, "An object within a change description must contain one and only one property to modify.")
				}
				n, err := c.parseItem(itemEl)
				if err != nil {
					return nil, "", err
				}
				if n.mime != nil {
					if mimeKindOfElement(itemEl.Tag) == mimeRFC5322 {
						return nil, "", errorf(ErrorInvalidPropertySet, "MimeContent cannot be updated.")
					}
					// iCalendar or vCard (mimecal.go): its properties are in
					// n.props, its attendees replace the item's.
					if itemEl.Tag == "CalendarItem" {
						recips, recipsChanged = mimeRecipients(n.mime), true
						mimeCal = n.mime
					}
				}
				if u.Tag == "AppendToItemField" && itemEl.Tag == "DistributionList" {
					if n.props, err = c.appendDistList(id.Message, n.props); err != nil {
						return nil, "", err
					}
				}
				if n.recurrence != nil {
					newRecur = n.recurrence
				}
				if n.startTZ != "" {
					newTZ = n.startTZ
				}
				for _, p := range n.props {
					if p.Tag == mapi.PidTagMessageClass && pp.uri != "item:itemclass" {
						continue // the element's implied class
					}
					if u.Tag == "AppendToItemField" && p.Tag == mapi.PidTagBody {
						if old, err := c.mb.Message(c.ctx, id.Message, &store.MessageOptions{Tags: []mapi.PropTag{mapi.PidTagBody}}); err == nil {
							if s, ok := getString(old.Props, mapi.PidTagBody); ok {
								p.Value = s + p.Value.(string)
							}
						}
					}
					upd.Set = append(upd.Set, p)
					upd.Remove = withoutTag(upd.Remove, p.Tag) // the later change wins
				}
				if n.read != nil {
					upd.Read = n.read
				}
				for t := 1; t <= 3; t++ {
					if !n.recipsSet[t] {
						continue
					}
					recipsChanged = true
					if u.Tag == "SetItemField" {
						recips = dropType(recips, int64(t))
					}
				}
				recips = append(recips, n.recips...)
			case "DeleteItemField":
				tags, rt, err := c.deletableTags(pp)
				if err != nil {
					return nil, "", err
				}
				upd.Remove = append(upd.Remove, tags...)
				upd.Set = withoutSet(upd.Set, tags) // the later change wins
				if rt != 0 {
					recips = dropType(recips, rt)
					recipsChanged = true
				}
			default:
				return nil, "", errorf(ErrorInvalidRequest, "%s is not an item update.", u.Tag)
			}
		}
	}
	if mimeCal != nil {
		// The iCalendar object replaces the item's content, its times
		// and recurrence included: calendarUpdate is not applied.
		if err := c.replaceCalendarMime(id.Message, mimeCal, upd); err != nil {
			return nil, "", err
		}
	} else if hasClassPrefix(cls, "IPM.Appointment") {
		extra, err := c.calendarUpdate(id.Message, upd.Set, newRecur, newTZ)
		if err != nil {
			return nil, "", err
		}
		upd.Set = append(upd.Set, extra...)
	} else if hasClassPrefix(cls, "IPM.Task") {
		if taskCopy, err = c.taskUpdate(id.Message, upd, newRecur); err != nil {
			return nil, "", err
		}
	}
	if hasClassPrefix(cls, "IPM.Contact") {
		if err := c.contactFileAsUpdate(id.Message, upd); err != nil { // contacts3.go
			return nil, "", err
		}
	}
	if recipsChanged {
		for i := range recips {
			recips[i].RowID = 0
		}
		upd.Recipients = &recips
		tmp := &store.Message{Recipients: recips}
		fillDisplayNames(tmp)
		upd.Set = append(upd.Set, tmp.Props...)
	}
	// A message becoming read answers its pending read receipt
	// (readreceipt.go).
	receipt := upd.Read != nil && *upd.Read && !cur.Info.Read && receiptPending(cur.Props)
	if readOnlyUpdate(upd) {
		// Only message:IsRead changed: a read-state change (core_read.go).
		info, err := c.setReadOnly(cur.Info, *upd.Read, upd.IfChangeKey)
		if err == nil && receipt {
			c.readReceipt(id.Message, c.suppressReadReceipts())
			info, err = c.infoOf(id.Message)
		}
		return info, cls, err
	}
	info, err := c.mb.UpdateMessage(c.ctx, id.Message, upd)
	if err != nil {
		return nil, "", err
	}
	if receipt {
		c.readReceipt(id.Message, c.suppressReadReceipts())
		if info, err = c.infoOf(id.Message); err != nil {
			return nil, "", err
		}
	}
	if taskCopy != nil {
		// Exchange answers with the one-off task's ID (taskrecur.go).
		info, err = c.mb.CreateMessage(c.ctx, info.FolderID, taskCopy)
		if err != nil {
			return nil, "", err
		}
	}
	return info, cls, nil
}

func dropType(recips []store.Recipient, t int64) []store.Recipient {
	out := recips[:0:0]
	for _, r := range recips {
		if rt, _ := getInt(r.Props, mapi.PidTagRecipientType); rt&0xF != t {
			out = append(out, r)
		}
	}
	return out
}

// deletableTags maps a DeleteItemField path to the properties it removes
// (and a recipient type to clear, for recipient collections).
func (c *call) deletableTags(pp propPath) ([]mapi.PropTag, int64, error) {
	if pp.kind == pathExtended {
		x := pp.ext
		if err := c.resolveNamed([]*extProp{&x}, false); err != nil {
			return nil, 0, err
		}
		if x.resolved == 0 {
			return nil, 0, nil
		}
		return []mapi.PropTag{x.resolved}, 0, nil
	}
	f, ok := itemFieldURIs[pp.uri]
	if !ok {
		if unstoredTaskFields[pp.uri] {
			return nil, 0, nil // taskrecur.go
		}
		return nil, 0, errorf(ErrorInvalidPropertyRequest, "The property %s cannot be deleted.", pp.uri)
	}
	switch f {
	case fToRecipients, fRequiredAttendees:
		return nil, 1, nil
	case fCcRecipients, fOptionalAttendees:
		return nil, 2, nil
	case fBccRecipients, fResources:
		return nil, 3, nil
	case fCategories:
		x := categoriesExt
		if err := c.resolveNamed([]*extProp{&x}, false); err != nil {
			return nil, 0, err
		}
		if x.resolved == 0 {
			return nil, 0, nil
		}
		return []mapi.PropTag{x.resolved}, 0, nil
	case fSubject, fBody, fSensitivity, fImportance, fInReplyTo, fInternetMessageID, fReferences,
		fIsReadReceiptRequested, fIsDeliveryReceiptRequested, fIsResponseRequested, fConversationTopic:
		return fieldTags[f], 0, nil
	case fFrom:
		return fieldTags[fFrom], 0, nil
	case fBirthday:
		return []mapi.PropTag{mapi.PidTagBirthday}, 0, nil
	case fFileAs:
		t, err := c.namedTag(mapi.PidLidFileUnder, false)
		if err != nil || t == 0 {
			return nil, 0, err
		}
		return []mapi.PropTag{t}, 0, nil
	case fPhoneNumbers:
		for _, k := range phoneKeys {
			if k.key == pp.index {
				return []mapi.PropTag{k.tag}, 0, nil
			}
		}
		if tags, ok, err := c.deletableContactX(f, pp); ok {
			return tags, 0, err
		}
		return nil, 0, errorf(ErrorInvalidPropertyRequest, "The phone number key %q is not valid.", pp.index)
	case fEmailAddresses:
		k := pp.index
		if len(k) != len("EmailAddress1") || !strings.HasPrefix(k, "EmailAddress") || k[12] < '1' || k[12] > '3' {
			return nil, 0, errorf(ErrorInvalidPropertyRequest, "The email address key %q is not valid.", k)
		}
		var tags []mapi.PropTag
		for _, np := range emailNamed[k[12]-'1'] {
			t, err := c.namedTag(np, false)
			if err != nil {
				return nil, 0, err
			}
			if t != 0 {
				tags = append(tags, t)
			}
		}
		return tags, 0, nil
	case fSender:
		return fieldTags[fSender], 0, nil
	}
	if cs, ok := contactStrings[f]; ok {
		return []mapi.PropTag{cs.tag}, 0, nil
	}
	if tags, ok, err := c.deletableContactX(f, pp); ok {
		return tags, 0, err
	}
	if tags, ok, err := c.deletableContact3(f); ok { // contacts3.go
		return tags, 0, err
	}
	if tags, ok, err := c.deletableTaskTags(f); ok { // taskrecur.go
		return tags, 0, err
	}
	return nil, 0, errorf(ErrorInvalidPropertyRequest, "The property %s cannot be deleted.", pp.uri)
}

// deleteItem implements DeleteItem ([MS-OXWSCORE] 3.1.4.3).
func (c *call) deleteItem() error {
	body := c.req.Body
	dt := attr(body, "DeleteType")
	if dt != "HardDelete" && dt != "SoftDelete" && dt != "MoveToDeletedItems" {
		return &Fault{Code: ErrorSchemaValidation, Message: "DeleteType is not valid."}
	}
	mb, err := c.mailbox()
	if err != nil {
		return err
	}
	if err := checkMeetingOptions(body); err != nil {
		return err
	}
	if err := checkTaskOccurrences(body); err != nil { // taskrecur.go
		return err
	}
	c.responseStart("DeleteItem")
	for _, e := range itemIDList(child(body, "ItemIds")) {
		const name = "DeleteItemResponseMessage"
		err := c.deleteOne(mb, e, dt)
		if err != nil {
			c.msgError(name, err, ErrorItemNotFound)
			continue
		}
		c.msgStart(name)
		c.msgEnd(name)
	}
	c.responseEnd("DeleteItem")
	return nil
}

func (c *call) deleteOne(mb store.Mailbox, e *etree.Element, dt string) error {
	if handled, err := c.deleteMeetingHook(e); handled || err != nil {
		return err // an occurrence, or cancellations that could not be sent
	}
	id, _, err := c.resolveItem(e)
	if err != nil {
		return err
	}
	cur, err := mb.Message(c.ctx, id.Message, &store.MessageOptions{Tags: []mapi.PropTag{mapi.PidTagMessageClass}})
	if err != nil {
		return c.deleteSoftDeletedOne(id, dt, err) // recover.go
	}
	fid := cur.Info.FolderID
	if err := c.allowItem(fid, id.Message, store.RightDeleteAny, store.RightDeleteOwned); err != nil {
		return err
	}
	if cls, _ := getString(cur.Props, mapi.PidTagMessageClass); cls != "" {
		if handled, err := c.deleteTask(id.Message, cls); handled || err != nil { // taskrecur.go
			return err
		}
	}
	if dt == "MoveToDeletedItems" {
		del, err := mb.SpecialFolder(c.ctx, store.FolderDeletedItems)
		if err != nil {
			return err
		}
		if del != fid {
			moved, err := mb.MoveMessages(c.ctx, fid, del, []store.MID{id.Message})
			if err != nil {
				return err
			}
			if len(moved) == 0 {
				return toError(store.ErrNotFound, ErrorItemNotFound)
			}
			return nil
		}
	}
	nrn := c.nonReadReceipt(mb, id.Message) // readreceipt.go
	done, err := mb.DeleteMessages(c.ctx, fid, []store.MID{id.Message}, &store.DeleteOptions{Hard: dt == "HardDelete"})
	if err != nil {
		return err
	}
	if nrn != nil && len(done) > 0 {
		c.sendNonReadReceipt(nrn)
	}
	if len(done) == 0 {
		return toError(store.ErrNotFound, ErrorItemNotFound)
	}
	return nil
}

// moveItem implements MoveItem ([MS-OXWSCORE] 3.1.4.7).
func (c *call) moveItem() error { return c.moveOrCopyItem("MoveItem", false) }

// copyItem implements CopyItem ([MS-OXWSCORE] 3.1.4.1).
func (c *call) copyItem() error { return c.moveOrCopyItem("CopyItem", true) }

func (c *call) moveOrCopyItem(op string, cp bool) error {
	body := c.req.Body
	to := folderIDList(child(body, "ToFolderId"))
	if len(to) != 1 {
		return &Fault{Code: ErrorSchemaValidation, Message: op + " needs one ToFolderId."}
	}
	mb, err := c.mailbox()
	if err != nil {
		return err
	}
	if c.cross {
		return c.moveOrCopyItemAcross(op, cp) // othermbx_move.go
	}
	dst, derr := c.resolveFolder(to[0])
	c.moveOrCopyLoop(op, derr, func(e *etree.Element) (*store.MessageInfo, string, error) {
		return c.moveOne(mb, e, dst, cp)
	}, nil)
	return nil
}

// moveOrCopyLoop answers MoveItem/CopyItem: one response message per
// ItemId from one (derr: the target folder could not be resolved), the
// new ItemId written by writeID's wrapper when it is not nil (another
// mailbox's GUID, othermbx_move.go).
func (c *call) moveOrCopyLoop(op string, derr error, one func(*etree.Element) (*store.MessageInfo, string, error), wrap func(func())) {
	c.responseStart(op)
	for _, e := range itemIDList(child(c.req.Body, "ItemIds")) {
		name := op + "ResponseMessage"
		if derr != nil {
			c.msgError(name, derr, ErrorFolderNotFound)
			continue
		}
		info, cls, err := one(e)
		if err != nil {
			c.msgError(name, err, ErrorItemNotFound)
			continue
		}
		c.msgStart(name)
		el, _ := itemElement(cls)
		c.w.raw(`<m:Items><` + el + `>`)
		writeID := func() { c.writeItemID("t:ItemId", info.ID, info.FolderID, info.ChangeKey) }
		if wrap != nil {
			wrap(writeID)
		} else {
			writeID()
		}
		c.w.raw(`</` + el + `></m:Items>`)
		c.msgEnd(name)
	}
	c.responseEnd(op)
}

func (c *call) moveOne(mb store.Mailbox, e *etree.Element, dst store.FID, cp bool) (*store.MessageInfo, string, error) {
	if _, occ, _ := c.occurrenceTarget(e); occ {
		// [MS-OXWSMTGS] 3.1.4.1.1, 3.1.4.6.1 (R1193, R1231).
		return nil, "", errorf("ErrorCalendarCannotMoveOrCopyOccurrence", "An occurrence of a recurring calendar item cannot be moved or copied.")
	}
	id, _, err := c.resolveItem(e)
	if err != nil {
		return nil, "", err
	}
	cur, err := mb.Message(c.ctx, id.Message, &store.MessageOptions{Tags: []mapi.PropTag{mapi.PidTagMessageClass}})
	if err != nil {
		return c.restoreOne(id, dst, cp, err) // recover.go
	}
	if cp {
		err = c.allowItem(cur.Info.FolderID, id.Message, store.RightReadAny, 0)
	} else {
		err = c.allowItem(cur.Info.FolderID, id.Message, store.RightReadAny|store.RightDeleteAny, store.RightReadAny|store.RightDeleteOwned)
	}
	if err != nil {
		return nil, "", err
	}
	cls, _ := getString(cur.Props, mapi.PidTagMessageClass)
	if recoverKindOf(dst) != 0 {
		return c.moveToRecover(cur, dst, cls, cp) // recover.go
	}
	var pairs []store.MovedMessage
	if cp {
		pairs, err = mb.CopyMessages(c.ctx, cur.Info.FolderID, dst, []store.MID{id.Message})
	} else {
		pairs, err = mb.MoveMessages(c.ctx, cur.Info.FolderID, dst, []store.MID{id.Message})
	}
	if err != nil {
		return nil, "", err
	}
	if len(pairs) == 0 {
		return nil, "", &Error{Code: ErrorMoveCopyFailed, Message: "The move or copy operation failed.", Err: store.ErrNotFound}
	}
	nm, err := mb.Message(c.ctx, pairs[0].New, &store.MessageOptions{Tags: []mapi.PropTag{mapi.PidTagMessageClass}})
	if err != nil {
		return nil, "", err
	}
	return &nm.Info, cls, nil
}

// markAllItemsAsRead implements MarkAllItemsAsRead ([MS-OXWSCORE]
// 3.1.4.11).
func (c *call) markAllItemsAsRead() error {
	body := c.req.Body
	read, err := parseBool(childText(body, "ReadFlag"))
	if err != nil {
		return &Fault{Code: ErrorSchemaValidation, Message: "ReadFlag is not valid."}
	}
	mb, err := c.mailbox()
	if err != nil {
		return err
	}
	c.responseStart("MarkAllItemsAsRead")
	for _, e := range folderIDList(child(body, "FolderIds")) {
		const name = "MarkAllItemsAsReadResponseMessage"
		fid, err := c.resolveFolder(e)
		var receipts []store.MID
		if err == nil && read {
			receipts, err = c.pendingReceipts(fid) // readreceipt.go
		}
		if err == nil {
			_, err = mb.SetReadFlags(c.ctx, fid, nil, read)
		}
		if err != nil {
			c.msgError(name, err, ErrorFolderNotFound)
			continue
		}
		for _, mid := range receipts {
			c.readReceipt(mid, c.suppressReadReceipts())
		}
		c.msgStart(name)
		c.msgEnd(name)
	}
	c.responseEnd("MarkAllItemsAsRead")
	return nil
}

var _ = errors.Is

// archiveItem implements ArchiveItem ([MS-OXWSCORE] 3.1.4.x).
//
// QUIRK: Exchange moves the items to the user's archive mailbox; oxkit
// has no archive mailboxes, so they go to the primary mailbox's Archive
// folder (Outlook's one-click archive target), which is what users of a
// single mailbox expect.
func (c *call) archiveItem() error {
	body := c.req.Body
	mb, err := c.mailbox()
	if err != nil {
		return err
	}
	dst, derr := mb.SpecialFolder(c.ctx, store.FolderArchive)
	c.responseStart("ArchiveItem")
	for _, e := range itemIDList(child(body, "ItemIds")) {
		const name = "ArchiveItemResponseMessage"
		if derr != nil {
			c.msgError(name, derr, ErrorFolderNotFound)
			continue
		}
		info, cls, err := c.moveOne(mb, e, dst, false)
		if err != nil {
			c.msgError(name, err, ErrorItemNotFound)
			continue
		}
		c.msgStart(name)
		el, _ := itemElement(cls)
		c.w.raw(`<m:Items><` + el + `>`)
		c.writeItemID("t:ItemId", info.ID, info.FolderID, info.ChangeKey)
		c.w.raw(`</` + el + `></m:Items>`)
		c.msgEnd(name)
	}
	c.responseEnd("ArchiveItem")
	return nil
}
