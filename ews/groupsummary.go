package ews

import (
	"encoding/base64"
	"encoding/binary"
	"hash/fnv"
	"strconv"
	"strings"

	"github.com/oxkit/oxkit/mapi"
)

// msgFlagRead is MSGFLAG_READ of PidTagMessageFlags ([MS-OXCMSG]
// 2.2.1.6).
const msgFlagRead = 0x1

// groupSummaryVersion reports whether the request's RequestServerVersion
// carries GroupedItemsType's GroupSummary element: it came with the
// Exchange 2013 schema (types.xsd GroupSummaryType), so Exchange2007* and
// Exchange2010* requests do not get it.
func (c *call) groupSummaryVersion() bool {
	v := ""
	if c.req != nil {
		v = c.req.Version
	}
	return !strings.HasPrefix(v, "Exchange2007") && !strings.HasPrefix(v, "Exchange2010")
}

// writeGroupSummary writes t:GroupSummary (types.xsd GroupSummaryType,
// Exchange 2013 and later) of a FindItem group: GroupCount is the number
// of items in the whole group (not only those on the page), UnreadCount
// those without MSGFLAG_READ, InstanceKey an opaque key of the group that
// stays the same across requests and pages (8 bytes: the FNV-1a hash of
// the group's value, the way GroupIndex identifies it), GroupByValue the
// group's value as GroupIndex writes it.
func (c *call) writeGroupSummary(gr *itemGroup) {
	unread := 0
	for _, r := range gr.rows {
		if f, _ := getInt(r.Props, mapi.PidTagMessageFlags); f&msgFlagRead == 0 {
			unread++
		}
	}
	h := fnv.New64a()
	h.Write([]byte(groupKey(gr.key)))
	var key [8]byte
	binary.BigEndian.PutUint64(key[:], h.Sum64())
	c.w.raw(`<t:GroupSummary><t:GroupCount>`)
	c.w.b = strconv.AppendInt(c.w.b, int64(len(gr.rows)), 10)
	c.w.raw(`</t:GroupCount><t:UnreadCount>`)
	c.w.b = strconv.AppendInt(c.w.b, int64(unread), 10)
	c.w.raw(`</t:UnreadCount><t:InstanceKey>`)
	c.w.b = base64.StdEncoding.AppendEncode(c.w.b, key[:])
	c.w.raw(`</t:InstanceKey><t:GroupByValue>`)
	c.w.text(groupIndex(gr.key))
	c.w.raw(`</t:GroupByValue></t:GroupSummary>`)
}

// groupSummaryColumns are the columns writeGroupSummary reads.
var groupSummaryColumns = []mapi.PropTag{mapi.PidTagMessageFlags}
