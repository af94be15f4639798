package ews

import (
	"encoding/hex"
	"hash/crc32"
	"strings"

	"github.com/beevik/etree"
	"github.com/oxkit/oxkit/mapi"
	"github.com/oxkit/oxkit/store"
)

// Personal distribution lists ([MS-OXWSDLIST] 2.2.4.1
// DistributionListType) are IPM.DistList messages ([MS-OXOCNTC] 2.2.2):
// PidLidDistributionListName, PidLidDistributionListMembers (one entry ID
// per member), PidLidDistributionListOneOffMembers (the members as
// One-Off EntryIDs, [MS-OXCDATA] 2.2.5.1) and
// PidLidDistributionListChecksum (CRC-32 of the members).
//
// Members are stored as One-Off EntryIDs in both lists. A member given by
// the ItemId of a contact is stored as a one-off of that contact's
// address (not as a WrappedEntryId that follows the contact); nested
// personal lists are refused.

// maxDistListBytes bounds PidLidDistributionListMembers and
// PidLidDistributionListOneOffMembers ([MS-OXOCNTC] 2.2.2.2.1: "less than
// 15,000 bytes"; the PidLidDistributionListStream that holds larger lists
// is not written).
const maxDistListBytes = 15000

// distListProps are the named properties of a list, resolved as a group.
var distListProps = [4]extProp{
	namedProp(mapi.PidLidDistributionListName), namedProp(mapi.PidLidDistributionListMembers),
	namedProp(mapi.PidLidDistributionListOneOffMembers), namedProp(mapi.PidLidDistributionListChecksum),
}

const (
	dlName = iota
	dlMembers
	dlOneOff
	dlChecksum
)

func (c *call) distListTags(create bool) ([4]mapi.PropTag, error) {
	var out [4]mapi.PropTag
	xs := make([]*extProp, len(distListProps))
	for i := range distListProps {
		x := distListProps[i]
		xs[i] = &x
	}
	if err := c.resolveNamed(xs, create); err != nil {
		return out, err
	}
	for i, x := range xs {
		out[i] = x.resolved
	}
	return out, nil
}

// dlMember is one member as EWS shows it.
type dlMember struct {
	name, addr, routing string
	entryID             []byte
}

// parseDistListField parses the t:DistributionList elements that are not
// item fields (DisplayName, Members); false for others.
func (c *call) parseDistListField(n *newItem, f *etree.Element) (bool, error) {
	switch f.Tag {
	case "DisplayName", "Members":
	default:
		return false, nil
	}
	tags, err := c.distListTags(true)
	if err != nil {
		return true, err
	}
	if f.Tag == "DisplayName" {
		name := f.Text()
		n.props = append(n.props, mapi.PropValue{Tag: mapi.PidTagDisplayName, Value: name})
		if tags[dlName] != 0 {
			n.props = append(n.props, mapi.PropValue{Tag: tags[dlName], Value: name})
		}
		if get(n.props, mapi.PidTagSubject) == nil {
			n.props = append(n.props, mapi.PropValue{Tag: mapi.PidTagSubject, Value: name})
		}
		// FileAs defaults to the name (a FileAs element after it wins).
		if fa, err := c.namedTag(mapi.PidLidFileUnder, true); err == nil && fa != 0 {
			n.props = append(n.props, mapi.PropValue{Tag: fa, Value: name})
		}
		return true, nil
	}
	var ms []dlMember
	for _, me := range f.ChildElements() {
		if me.Tag != "Member" {
			return true, errorf(ErrorInvalidValueForProperty, "%s is not a distribution list member.", me.Tag)
		}
		m, err := c.parseMember(child(me, "Mailbox"))
		if err != nil {
			return true, err
		}
		ms = append(ms, m)
	}
	props, err := distListValues(tags, ms)
	if err != nil {
		return true, err
	}
	n.props = append(n.props, props...)
	return true, nil
}

// parseMember converts a member's t:Mailbox ([MS-OXWSCDATA]
// EmailAddressType) to a one-off member.
func (c *call) parseMember(mbx *etree.Element) (dlMember, error) {
	if mbx == nil {
		return dlMember{}, errorf(ErrorInvalidValueForProperty, "A distribution list member needs a Mailbox.")
	}
	m := dlMember{name: childText(mbx, "Name"), addr: childText(mbx, "EmailAddress"), routing: childText(mbx, "RoutingType")}
	if idEl := child(mbx, "ItemId"); idEl != nil {
		id, _, err := c.resolveItem(idEl)
		if err != nil {
			return m, err
		}
		em, err := c.namedTag(mapi.PidLidEmail1EmailAddress, false)
		if err != nil {
			return m, err
		}
		want := []mapi.PropTag{mapi.PidTagMessageClass, mapi.PidTagDisplayName}
		if em != 0 {
			want = append(want, em)
		}
		ct, err := c.mb.Message(c.ctx, id.Message, &store.MessageOptions{Tags: want})
		if err != nil {
			return m, err
		}
		cls, _ := getString(ct.Props, mapi.PidTagMessageClass)
		if hasClassPrefix(cls, "IPM.DistList") {
			return m, errorf(ErrorInvalidOperation, "Nested personal distribution lists are not supported by this server yet.")
		}
		if !hasClassPrefix(cls, "IPM.Contact") {
			return m, errorf(ErrorInvalidValueForProperty, "A distribution list member's ItemId must name a contact.")
		}
		if m.addr == "" && em != 0 {
			m.addr, _ = getString(ct.Props, em)
		}
		if m.name == "" {
			m.name, _ = getString(ct.Props, mapi.PidTagDisplayName)
		}
	}
	m.addr = strings.TrimSpace(m.addr)
	if m.addr == "" {
		return m, errorf(ErrorInvalidValueForProperty, "A distribution list member needs an EmailAddress.")
	}
	if m.routing == "" {
		m.routing = "SMTP"
	}
	if m.name == "" {
		m.name = m.addr
	}
	return m, nil
}

// distListValues returns the member properties of a list of members.
func distListValues(tags [4]mapi.PropTag, ms []dlMember) ([]mapi.PropValue, error) {
	members := make([][]byte, 0, len(ms))
	size := 0
	var all []byte
	for _, m := range ms {
		b, err := mapi.NewOneOffEntryID(m.name, m.routing, m.addr, mapi.OneOffNoRichInfo).AppendBinary(nil)
		if err != nil {
			return nil, &Error{Code: ErrorInvalidValueForProperty, Message: "A distribution list member cannot be stored.", Err: err}
		}
		size += len(b)
		if size >= maxDistListBytes {
			return nil, errorf(ErrorInvalidValueForProperty, "The distribution list members exceed %d bytes.", maxDistListBytes)
		}
		members = append(members, b)
		all = append(all, b...)
	}
	var out []mapi.PropValue
	if tags[dlMembers] != 0 {
		out = append(out, mapi.PropValue{Tag: tags[dlMembers], Value: members})
	}
	if tags[dlOneOff] != 0 {
		out = append(out, mapi.PropValue{Tag: tags[dlOneOff], Value: members})
	}
	if tags[dlChecksum] != 0 {
		out = append(out, mapi.PropValue{Tag: tags[dlChecksum], Value: int32(crc32.ChecksumIEEE(all))})
	}
	return out, nil
}

// appendDistList turns the member properties of an AppendToItemField
// into the item's members followed by the new ones.
func (c *call) appendDistList(mid store.MID, props []mapi.PropValue) ([]mapi.PropValue, error) {
	tags, err := c.distListTags(false)
	if err != nil || tags[dlMembers] == 0 {
		return props, err
	}
	var added []dlMember
	found := false
	for _, p := range props {
		if p.Tag == tags[dlMembers] {
			found = true
			added = membersOf(p.Value)
		}
	}
	if !found {
		return props, nil
	}
	old, err := c.mb.Message(c.ctx, mid, &store.MessageOptions{Tags: []mapi.PropTag{tags[dlMembers], tags[dlOneOff]}})
	if err != nil {
		return nil, err
	}
	ms := append(c.storedMembers(old.Props, tags), added...)
	vals, err := distListValues(tags, ms)
	if err != nil {
		return nil, err
	}
	out := props[:0:0]
	for _, p := range props {
		if p.Tag != tags[dlMembers] && p.Tag != tags[dlOneOff] && p.Tag != tags[dlChecksum] {
			out = append(out, p)
		}
	}
	return append(out, vals...), nil
}

// membersOf decodes a PtypMultipleBinary of one-off entry IDs.
func membersOf(v any) []dlMember {
	bs, _ := v.([][]byte)
	var out []dlMember
	for _, b := range bs {
		if e, err := mapi.ParseOneOffEntryID(b); err == nil {
			out = append(out, dlMember{name: e.DisplayName, addr: e.EmailAddress, routing: e.AddressType, entryID: b})
		}
	}
	return out
}

// storedMembers reads a list's members: the one-off list, or the members
// list when it has no one-off list. Entries that are not one-offs
// (WrappedEntryIds written by MAPI clients) are skipped.
func (c *call) storedMembers(p []mapi.PropValue, tags [4]mapi.PropTag) []dlMember {
	if tags[dlOneOff] != 0 {
		if v := get(p, tags[dlOneOff]); v != nil {
			return membersOf(v)
		}
	}
	if tags[dlMembers] != 0 {
		return membersOf(get(p, tags[dlMembers]))
	}
	return nil
}

// writeDistList writes DistributionListType's own fields.
func (c *call) writeDistList(it *itemData, s *itemShape) {
	p := it.props
	if s.fields.has(fDisplayName) {
		if v, ok := getString(p, mapi.PidTagDisplayName); ok {
			c.w.elem("t:DisplayName", v)
		}
	}
	if s.fields.has(fFileAs) {
		if t := s.tag(fFileAs); t != 0 {
			if v, ok := getString(p, t); ok {
				c.w.elem("t:FileAs", v)
			}
		}
	}
	if s.fields.has(fMembers) && s.dl != nil {
		ms := c.storedMembers(p, *s.dl)
		c.w.open("t:Members")
		for _, m := range ms {
			c.w.raw(`<t:Member Key="` + strings.ToUpper(hex.EncodeToString(m.entryID)) + `">`)
			c.writeMemberMailbox(m)
			c.w.raw(`<t:Status>Normal</t:Status></t:Member>`)
		}
		c.w.close("t:Members")
	}
}

func (c *call) writeMemberMailbox(m dlMember) {
	c.w.open("t:Mailbox")
	c.w.elem("t:Name", m.name)
	c.w.elem("t:EmailAddress", m.addr)
	c.w.elem("t:RoutingType", m.routing)
	c.w.elem("t:MailboxType", "OneOff")
	c.w.close("t:Mailbox")
}

// expandPersonalDL answers ExpandDL for a personal distribution list
// named by its ItemId ([MS-OXWSDLIST] 3.1.4.1).
func (c *call) expandPersonalDL(idEl *etree.Element) {
	const name = "ExpandDLResponseMessage"
	fail := func(err error) { c.msgError(name, err, ErrorItemNotFound) }
	if _, err := c.mailbox(); err != nil {
		fail(err)
		return
	}
	id, _, err := c.resolveItem(idEl)
	if err != nil {
		fail(err)
		return
	}
	tags, err := c.distListTags(false)
	if err != nil {
		fail(err)
		return
	}
	want := []mapi.PropTag{mapi.PidTagMessageClass}
	for _, t := range tags[dlMembers:dlChecksum] {
		if t != 0 {
			want = append(want, t)
		}
	}
	m, err := c.mb.Message(c.ctx, id.Message, &store.MessageOptions{Tags: want})
	if err != nil {
		fail(err)
		return
	}
	if cls, _ := getString(m.Props, mapi.PidTagMessageClass); !hasClassPrefix(cls, "IPM.DistList") {
		fail(errorf(ErrorNameResolutionNoResults, "The item is not a distribution list."))
		return
	}
	ms := c.storedMembers(m.Props, tags)
	c.msgStart(name)
	c.w.raw(`<m:DLExpansion IndexedPagingOffset="` + itoa(len(ms)) + `" TotalItemsInView="` + itoa(len(ms)) + `" IncludesLastItemInRange="true">`)
	for _, x := range ms {
		c.writeMemberMailbox(x)
	}
	c.w.raw(`</m:DLExpansion>`)
	c.msgEnd(name)
}
