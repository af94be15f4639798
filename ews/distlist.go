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
// A member given by address is a One-Off EntryID in both lists; one given
// by the ItemId of a contact or of another personal list is a
// WrappedEntryId ([MS-OXOCNTC] 2.2.2.2.4.1.1) in the members list and a
// one-off of its name and address in the one-off list. ExpandDL does not
// expand nested personal lists (they are returned as PrivateDL members).

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

// dlMember is one member: its PidLidDistributionListMembers entry
// (entryID), its PidLidDistributionListOneOffMembers entry (oneOff) and
// what EWS shows of it.
type dlMember struct {
	name, addr, routing string
	// mailboxType is the EWS MailboxType: OneOff, Contact, PrivateDL,
	// Mailbox or PublicDL.
	mailboxType     string
	fid             store.FID // Contact, PrivateDL: the item
	mid             store.MID
	entryID, oneOff []byte
}

// wrappedProvider is the ProviderUID of a WrappedEntryId ([MS-OXOCNTC]
// 2.2.2.2.4.1.1).
var wrappedProvider = [16]byte{0xC0, 0x91, 0xAD, 0xD3, 0x51, 0x9D, 0xCF, 0x11, 0xA4, 0xA9, 0x00, 0xAA, 0x00, 0x47, 0xFA, 0xA4}

// Kinds of the WrappedEntryId Type's low 4 bits.
const (
	wrappedOneOff    = 0
	wrappedContact   = 3
	wrappedPersonal  = 4
	wrappedGALUser   = 5
	wrappedGALDistro = 6
)

// wrapEntryID builds a WrappedEntryId: Flags 0, the ProviderUID, Type
// (0x80 | addr<<4 | kind) and the embedded entry ID.
func wrapEntryID(kind, addr byte, embedded []byte) []byte {
	b := make([]byte, 0, 21+len(embedded))
	b = append(b, 0, 0, 0, 0)
	b = append(b, wrappedProvider[:]...)
	b = append(b, 0x80|addr<<4|kind)
	return append(b, embedded...)
}

// decodeMembers reads PidLidDistributionListMembers and
// PidLidDistributionListOneOffMembers (either may be nil) into members.
// A member whose entry ID is neither a one-off nor a WrappedEntryId is
// shown from its one-off entry alone.
func decodeMembers(members, oneOffs any) []dlMember {
	ms, _ := members.([][]byte)
	os, _ := oneOffs.([][]byte)
	n := max(len(ms), len(os))
	out := make([]dlMember, 0, n)
	for i := 0; i < n; i++ {
		var m dlMember
		if i < len(os) {
			m.oneOff = os[i]
		}
		if i < len(ms) {
			m.entryID = ms[i]
		} else {
			m.entryID = m.oneOff
		}
		if e, err := mapi.ParseOneOffEntryID(m.oneOff); err == nil {
			m.name, m.addr, m.routing = e.DisplayName, e.EmailAddress, e.AddressType
		}
		m.mailboxType = "OneOff"
		id := m.entryID
		if len(id) > 21 && [16]byte(id[4:20]) == wrappedProvider {
			typ := id[20]
			switch typ & 0x0F {
			case wrappedOneOff:
				if e, err := mapi.ParseOneOffEntryID(id[21:]); err == nil && m.oneOff == nil {
					m.name, m.addr, m.routing = e.DisplayName, e.EmailAddress, e.AddressType
				}
			case wrappedContact, wrappedPersonal:
				if e, err := mapi.ParseMessageEntryID(id[21:]); err == nil {
					m.fid, m.mid = store.MakeFID(e.FolderGlobalCounter), store.MakeMID(e.MessageGlobalCounter)
					m.mailboxType = "Contact"
					if typ&0x0F == wrappedPersonal {
						m.mailboxType = "PrivateDL"
					}
				}
			case wrappedGALUser:
				m.mailboxType = "Mailbox"
			case wrappedGALDistro:
				m.mailboxType = "PublicDL"
			}
		} else if e, err := mapi.ParseOneOffEntryID(id); err == nil && m.oneOff == nil {
			m.name, m.addr, m.routing = e.DisplayName, e.EmailAddress, e.AddressType
			m.oneOff = id
		}
		if m.name == "" && m.addr == "" && m.mid == 0 {
			continue // nothing to show of it
		}
		out = append(out, m)
	}
	return out
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
// EmailAddressType): an address becomes a one-off member; the ItemId of
// a contact a WrappedEntryId of the contact's e-mail address (the one
// EmailAddress names, else the first), the ItemId of a personal list a
// WrappedEntryId of the list ([MS-OXOCNTC] 2.2.2.2.4.1.1).
func (c *call) parseMember(mbx *etree.Element) (dlMember, error) {
	if mbx == nil {
		return dlMember{}, errorf(ErrorInvalidValueForProperty, "A distribution list member needs a Mailbox.")
	}
	m := dlMember{name: childText(mbx, "Name"), addr: strings.TrimSpace(childText(mbx, "EmailAddress")), routing: childText(mbx, "RoutingType"), mailboxType: "OneOff"}
	if m.routing == "" {
		m.routing = "SMTP"
	}
	var wrapped []byte
	if idEl := child(mbx, "ItemId"); idEl != nil {
		id, _, err := c.resolveItem(idEl)
		if err != nil {
			return m, err
		}
		var emails [3][2]mapi.PropTag // address, display name
		want := []mapi.PropTag{mapi.PidTagMessageClass, mapi.PidTagDisplayName}
		for i := range emailNamed {
			for j := 0; j < 2; j++ {
				if emails[i][j], err = c.namedTag(emailNamed[i][j], false); err != nil {
					return m, err
				}
				if emails[i][j] != 0 {
					want = append(want, emails[i][j])
				}
			}
		}
		it, err := c.mb.Message(c.ctx, id.Message, &store.MessageOptions{Tags: want})
		if err != nil {
			return m, err
		}
		eid := store.MessageEntryID(c.mb.Info(), it.Info.FolderID, it.Info.ID)
		cls, _ := getString(it.Props, mapi.PidTagMessageClass)
		display, _ := getString(it.Props, mapi.PidTagDisplayName)
		switch {
		case hasClassPrefix(cls, "IPM.DistList"):
			m.name, m.addr, m.routing, m.mailboxType = nonEmpty(m.name, display), "", "MAPIPDL", "PrivateDL"
			wrapped = wrapEntryID(wrappedPersonal, 3, eid)
		case hasClassPrefix(cls, "IPM.Contact"):
			idx := -1
			for i := range emails {
				a, _ := getString(it.Props, emails[i][0])
				if a == "" {
					continue
				}
				if idx < 0 || strings.EqualFold(a, m.addr) {
					idx = i
				}
			}
			if idx < 0 {
				return m, errorf(ErrorInvalidValueForProperty, "The contact %q has no e-mail address.", display)
			}
			m.addr, _ = getString(it.Props, emails[idx][0])
			name, _ := getString(it.Props, emails[idx][1])
			m.name = nonEmpty(m.name, nonEmpty(display, name))
			m.mailboxType = "Contact"
			wrapped = wrapEntryID(wrappedContact, byte(4+idx), eid)
		default:
			return m, errorf(ErrorInvalidValueForProperty, "A distribution list member's ItemId must name a contact or a distribution list.")
		}
		m.fid, m.mid = it.Info.FolderID, it.Info.ID
	}
	if m.addr == "" && m.mailboxType != "PrivateDL" {
		return m, errorf(ErrorInvalidValueForProperty, "A distribution list member needs an EmailAddress.")
	}
	m.name = nonEmpty(m.name, m.addr)
	oneOff, err := mapi.NewOneOffEntryID(m.name, m.routing, m.addr, mapi.OneOffNoRichInfo).AppendBinary(nil)
	if err != nil {
		return m, &Error{Code: ErrorInvalidValueForProperty, Message: "A distribution list member cannot be stored.", Err: err}
	}
	m.oneOff, m.entryID = oneOff, oneOff
	if wrapped != nil {
		m.entryID = wrapped
	}
	return m, nil
}

// distListValues returns the member properties of a list of members.
func distListValues(tags [4]mapi.PropTag, ms []dlMember) ([]mapi.PropValue, error) {
	members := make([][]byte, 0, len(ms))
	oneOffs := make([][]byte, 0, len(ms))
	var all []byte
	size, oneOffSize := 0, 0
	for _, m := range ms {
		size += len(m.entryID)
		oneOffSize += len(m.oneOff)
		if size >= maxDistListBytes || oneOffSize >= maxDistListBytes {
			return nil, errorf(ErrorInvalidValueForProperty, "The distribution list members exceed %d bytes.", maxDistListBytes)
		}
		members = append(members, m.entryID)
		oneOffs = append(oneOffs, m.oneOff)
		all = append(all, m.entryID...)
	}
	var out []mapi.PropValue
	if tags[dlMembers] != 0 {
		out = append(out, mapi.PropValue{Tag: tags[dlMembers], Value: members})
	}
	if tags[dlOneOff] != 0 {
		out = append(out, mapi.PropValue{Tag: tags[dlOneOff], Value: oneOffs})
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
	var newMembers, newOneOffs any
	for _, p := range props {
		switch p.Tag {
		case tags[dlMembers]:
			newMembers = p.Value
		case tags[dlOneOff]:
			newOneOffs = p.Value
		}
	}
	if newMembers == nil {
		return props, nil
	}
	added := decodeMembers(newMembers, newOneOffs)
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

// storedMembers reads a list's members from its properties.
func (c *call) storedMembers(p []mapi.PropValue, tags [4]mapi.PropTag) []dlMember {
	var members, oneOffs any
	if tags[dlMembers] != 0 {
		members = get(p, tags[dlMembers])
	}
	if tags[dlOneOff] != 0 {
		oneOffs = get(p, tags[dlOneOff])
	}
	return decodeMembers(members, oneOffs)
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
	if m.name != "" {
		c.w.elem("t:Name", m.name)
	}
	if m.addr != "" {
		c.w.elem("t:EmailAddress", m.addr)
	}
	if m.routing != "" {
		c.w.elem("t:RoutingType", m.routing)
	}
	c.w.elem("t:MailboxType", m.mailboxType)
	if m.mid != 0 {
		c.writeItemID("t:ItemId", m.mid, m.fid, nil)
	}
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
