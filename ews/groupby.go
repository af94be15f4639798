package ews

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/beevik/etree"
	"github.com/oxkit/oxkit/mapi"
	"github.com/oxkit/oxkit/store"
)

// maxGroupedRows bounds the rows a grouped FindItem reads from one
// folder: grouping needs every matching row (groups are ordered by an
// aggregate over all their items) before a page can be cut.
const maxGroupedRows = 10000

// groupBy is a FindItem GroupBy ([MS-OXWSSRCH] 2.2.4.x GroupByType) or
// DistinguishedGroupBy (DistinguishedGroupByType): rows with equal values
// of group form a group; groups are ordered by the Minimum or Maximum of
// agg over their rows, in order.
type groupBy struct {
	group, agg mapi.PropTag
	max        bool // AggregateOn Aggregate="Maximum"
	descending bool
	// perGroup is ItemsPerGroup (0: all).
	perGroup int
}

// parseGroupBy reads GroupBy or DistinguishedGroupBy from a FindItem
// body; nil when neither is present.
func (c *call) parseGroupBy(body *etree.Element) (*groupBy, error) {
	gb, dgb := child(body, "GroupBy"), child(body, "DistinguishedGroupBy")
	if gb == nil && dgb == nil {
		return nil, nil
	}
	if gb != nil && dgb != nil {
		return nil, &Fault{Code: ErrorSchemaValidation, Message: "GroupBy and DistinguishedGroupBy exclude each other."}
	}
	e := gb
	if e == nil {
		e = dgb
	}
	g := &groupBy{}
	switch attr(e, "Order") {
	case "Ascending":
	case "Descending":
		g.descending = true
	default:
		return nil, &Fault{Code: ErrorSchemaValidation, Message: "GroupBy/@Order must be Ascending or Descending."}
	}
	conv := &restrictionConv{c: c}
	if dgb != nil {
		// The one standard grouping ([MS-OXWSSRCH] StandardGroupByType):
		// by conversation topic, groups ordered by their latest item.
		if s := childText(dgb, "StandardGroupBy"); s != "ConversationTopic" {
			return nil, &Fault{Code: ErrorSchemaValidation, Message: "StandardGroupBy " + strconv.Quote(s) + " is not valid."}
		}
		g.group, g.agg, g.max = mapi.PidTagConversationTopic, mapi.PidTagMessageDeliveryTime, true
		return g, nil
	}
	var groupPath *etree.Element
	for _, k := range gb.ChildElements() {
		switch k.Tag {
		case "FieldURI", "IndexedFieldURI", "ExtendedFieldURI":
			groupPath = k
		}
	}
	agg := child(gb, "AggregateOn")
	if groupPath == nil || agg == nil {
		return nil, &Fault{Code: ErrorSchemaValidation, Message: "GroupBy needs a property path and AggregateOn."}
	}
	tagOf := func(e *etree.Element) (mapi.PropTag, error) {
		pp, err := parsePath(e)
		if err != nil {
			return 0, err
		}
		t, err := conv.pathTag(pp)
		if err != nil {
			return 0, &Error{Code: ErrorUnsupportedPathForSortGroup, Message: "The property " + pp.uri + " is not supported for grouping.", Err: err}
		}
		return t, nil
	}
	var err error
	if g.group, err = tagOf(groupPath); err != nil {
		return nil, err
	}
	switch attr(agg, "Aggregate") {
	case "Minimum":
	case "Maximum":
		g.max = true
	default:
		return nil, &Fault{Code: ErrorSchemaValidation, Message: "AggregateOn/@Aggregate must be Minimum or Maximum."}
	}
	aggPath := agg.ChildElements()
	if len(aggPath) != 1 {
		return nil, &Fault{Code: ErrorSchemaValidation, Message: "AggregateOn needs one property path."}
	}
	if g.agg, err = tagOf(aggPath[0]); err != nil {
		return nil, err
	}
	if s := childText(gb, "ItemsPerGroup"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 0 {
			return nil, &Fault{Code: ErrorSchemaValidation, Message: "ItemsPerGroup is not valid."}
		}
		g.perGroup = n
	}
	if s := childText(gb, "UseCollapsibleGroups"); s != "" {
		if _, err := parseBool(s); err != nil {
			return nil, &Fault{Code: ErrorSchemaValidation, Message: "UseCollapsibleGroups is not valid."}
		}
	}
	return g, nil
}

// codeExceededFindCountLimit is Exchange's ErrorExceededFindCountLimit
// ([MS-OXWSCDATA] 2.2.5.24). Unexported so as not to clash with the
// response code list in errors.go; the integrator may move it there.
const codeExceededFindCountLimit ResponseCode = "ErrorExceededFindCountLimit"

// itemGroup is one group of a grouped FindItem.
type itemGroup struct {
	key  any // the group property's value (nil: absent)
	agg  any // the aggregate (nil: no row has the property)
	rows []store.Row
}

// groupRows groups rows (already in SortOrder order) by g.group, keeping
// that order inside each group, and orders the groups by their
// aggregate (groups without one last, ties by group value).
func (g *groupBy) groupRows(rows []store.Row) []itemGroup {
	var groups []itemGroup
	index := map[string]int{} // groupKey → position in groups
	for _, r := range rows {
		k := valueOf(r.Props, g.group)
		if k == nil && g.group == mapi.PidTagConversationTopic {
			// Items saved without a topic are in the conversation of
			// their normalized subject ([MS-OXOMSG] 2.2.1.5).
			if s, ok := getString(r.Props, mapi.PidTagSubject); ok {
				k = normalizedSubject(s)
			}
		}
		i, ok := index[groupKey(k)]
		if !ok {
			groups = append(groups, itemGroup{key: k})
			i = len(groups) - 1
			index[groupKey(k)] = i
		}
		gr := &groups[i]
		gr.rows = append(gr.rows, r)
		if a := valueOf(r.Props, g.agg); a != nil {
			if gr.agg == nil {
				gr.agg = a
			} else if c, err := mapi.CompareValues(mapi.PropValue{Value: a}, mapi.PropValue{Value: gr.agg}); err == nil && (c > 0) == g.max && c != 0 {
				gr.agg = a
			}
		}
	}
	slices.SortStableFunc(groups, func(a, b itemGroup) int {
		switch {
		case a.agg == nil && b.agg == nil:
		case a.agg == nil:
			return 1
		case b.agg == nil:
			return -1
		default:
			if c, err := mapi.CompareValues(mapi.PropValue{Value: a.agg}, mapi.PropValue{Value: b.agg}); err == nil && c != 0 {
				if g.descending {
					return -c
				}
				return c
			}
		}
		return compareKeys(a.key, b.key)
	})
	return groups
}

// valueOf returns the value of tag in props (either string type), nil if
// absent or tag is 0.
func valueOf(props []mapi.PropValue, tag mapi.PropTag) any {
	if tag == 0 {
		return nil
	}
	return getExt(props, tag)
}

// groupKey is the identity of a group value: its type and text, strings
// case-folded (Exchange groups strings without regard to case).
func groupKey(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return "s" + strings.ToLower(x)
	case []string:
		low := make([]string, len(x))
		for i, s := range x {
			low[i] = strings.ToLower(s)
		}
		return "S" + strings.Join(low, "\x00")
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%T:", v)
	forEachValue(v, func(s string) { b.WriteString(s); b.WriteByte(0) })
	b.WriteString(formatValue(v))
	return b.String()
}

func compareKeys(a, b any) int {
	switch {
	case a == nil && b == nil:
		return 0
	case a == nil:
		return 1
	case b == nil:
		return -1
	}
	c, _ := mapi.CompareValues(mapi.PropValue{Value: a}, mapi.PropValue{Value: b})
	return c
}

// groupIndex is GroupIndex: the group's value as text (multi-valued
// values joined with "; "), "" for items without the property.
func groupIndex(v any) string {
	if v == nil {
		return ""
	}
	var s string
	n := 0
	forEachValue(v, func(x string) {
		if n > 0 {
			s += "; "
		}
		s += x
		n++
	})
	if n > 0 {
		return s
	}
	return formatValue(v)
}

// findItemGrouped answers a FindItem with GroupBy or DistinguishedGroupBy:
// the page (IndexedPageItemView/FractionalPageItemView) is cut from the
// items in group order, TotalItemsInView and IncludesLastItemInRange
// count items, and every group with an item on the page is written as
// t:GroupedItems (GroupIndex, then its items on the page, at most
// ItemsPerGroup, then GroupSummary for Exchange2013 and later requests).
func (c *call) findItemGrouped(g *groupBy, q *store.Query, view *pageView, shape *itemShape, query contentsQuery, highlight []highlightTerm) error {
	gq := *q
	gq.Offset, gq.Limit = 0, maxGroupedRows+1
	gq.Columns = gq.Columns[:len(gq.Columns):len(gq.Columns)]
	for _, t := range append([]mapi.PropTag{g.group, g.agg, mapi.PidTagSubject}, groupSummaryColumns...) {
		if t != 0 && !slices.Contains(gq.Columns, t) {
			gq.Columns = append(gq.Columns, t)
		}
	}
	c.responseStart("FindItem")
	defer c.responseEnd("FindItem")
	for _, e := range folderIDList(child(c.req.Body, "ParentFolderIds")) {
		const name = "FindItemResponseMessage"
		fid, err := c.resolveFolder(e)
		var res *store.QueryResult
		if err == nil {
			res, err = query(c.ctx, fid, &gq)
		}
		if err == nil && len(res.Rows) > maxGroupedRows {
			err = errorf(codeExceededFindCountLimit, "Grouping is limited to %d items per folder.", maxGroupedRows)
		}
		if err != nil {
			c.msgError(name, err, ErrorFolderNotFound)
			continue
		}
		groups := g.groupRows(res.Rows)
		total := len(res.Rows)
		start, end := view.window(total)
		c.msgStart(name)
		c.w.raw(`<m:RootFolder`)
		c.pagingAttrs(view, start, end, total)
		c.w.raw(`><t:Groups>`)
		pos := 0
		for _, gr := range groups {
			from, to := max(start-pos, 0), min(end-pos, len(gr.rows))
			pos += len(gr.rows)
			if from >= to {
				continue
			}
			if g.perGroup > 0 && to-from > g.perGroup {
				to = from + g.perGroup
			}
			c.w.raw(`<t:GroupedItems><t:GroupIndex>`)
			c.w.text(groupIndex(gr.key))
			c.w.raw(`</t:GroupIndex><t:Items>`)
			for _, r := range gr.rows[from:to] {
				it := itemData{fid: r.Folder, mid: r.Message, props: r.Props}
				if err := c.writeItem(&it, shape); err != nil {
					return err
				}
			}
			c.w.raw(`</t:Items>`)
			if c.groupSummaryVersion() {
				c.writeGroupSummary(&gr)
			}
			c.w.raw(`</t:GroupedItems>`)
		}
		c.w.raw(`</t:Groups></m:RootFolder>`)
		c.writeHighlightTerms(highlight)
		c.msgEnd(name)
	}
	return nil
}

// normalizedSubject strips a subject prefix ("RE: ", "FW: ": at most three
// characters without digits or spaces, then ": ", [MS-OXCMSG] 2.2.1.9).
func normalizedSubject(s string) string {
	i := strings.Index(s, ": ")
	if i < 1 || i > 3 || strings.ContainsFunc(s[:i], func(r rune) bool { return unicode.IsDigit(r) || unicode.IsSpace(r) }) {
		return s
	}
	return s[i+2:]
}

// contentsQuery queries a folder's contents table (store.Tables) or its
// soft-deleted messages (store.SoftDeletedTables).
type contentsQuery func(ctx context.Context, fid store.FID, q *store.Query) (*store.QueryResult, error)

// contentsQuery returns the query FindItem runs: over the folder's
// contents, or with Traversal SoftDeleted over the messages soft-deleted
// from it, which needs a store retaining them.
func (c *call) contentsQuery(softDeleted bool) (contentsQuery, error) {
	if softDeleted {
		sd, ok := c.mb.(store.SoftDeletedTables)
		if !ok {
			return nil, &Fault{Code: ErrorInvalidOperation, Message: "This store does not retain soft-deleted items (Traversal SoftDeleted)."}
		}
		return c.recoverContents(sd.QuerySoftDeleted, true), nil // recover.go
	}
	t, ok := c.mb.(store.Tables)
	if !ok {
		return nil, &Fault{Code: ErrorInvalidOperation, Message: "The store cannot query folder contents."}
	}
	return c.recoverContents(t.QueryMessages, false), nil
}
