package oxcmail

import "github.com/oxkit/oxkit/mapi"

// tnefEnvelopeIDs are the properties MergeTNEF takes from the MIME
// message when it has them: transport envelope data the receiving side
// knows better than the sender's TNEF, and the sender and sent-
// representing addresses, which TNEF from Exchange carries as EX
// (legacyExchangeDN) addresses that do not resolve outside the sender's
// organisation.
//
// QUIRK: the MAPI SDK's SMTP transport appendix ("Message Content":
// "The following properties are excluded from TNEF: PR_SENDER_*,
// PR_ATTACH_DATA_*, PR_BODY") leaves the sender to the MIME headers; the
// sent-representing set is kept from MIME for the EX-address reason above.
//
// The values are groups: when m has any property of a group, all of t's
// properties of that group are dropped, so an address never mixes a MIME
// SMTP address with a TNEF address type.
var tnefEnvelopeIDs = map[mapi.PropID]int{
	mapi.PidTagTransportMessageHeaders.ID():      1,
	mapi.PidTagInternetMessageId.ID():            2,
	mapi.PidTagMessageDeliveryTime.ID():          3,
	mapi.PidTagSenderName.ID():                   4,
	mapi.PidTagSenderEmailAddress.ID():           4,
	mapi.PidTagSenderAddressType.ID():            4,
	mapi.PidTagSenderEntryId.ID():                4,
	mapi.PidTagSenderSearchKey.ID():              4,
	mapi.PidTagSentRepresentingName.ID():         5,
	mapi.PidTagSentRepresentingEmailAddress.ID(): 5,
	mapi.PidTagSentRepresentingAddressType.ID():  5,
	mapi.PidTagSentRepresentingEntryId.ID():      5,
	mapi.PidTagSentRepresentingSearchKey.ID():    5,
}

// tnefBodyIDs are the body properties: when the TNEF carries any of them
// the MIME-derived ones are dropped, since the MIME text part is only a
// plain-text rendering of the TNEF's best body ([MS-OXCMAIL] 2.1.3.3.2).
var tnefBodyIDs = map[mapi.PropID]bool{
	mapi.PidTagBody.ID():          true,
	mapi.PidTagHtml.ID():          true,
	mapi.PidTagRtfCompressed.ID(): true,
	mapi.PidTagRtfInSync.ID():     true,
	mapi.PidTagNativeBody.ID():    true,
}

// MergeTNEF merges a decoded TNEF body part t (from DecodeTNEF) into m,
// the message built from the MIME parts, the way a MIME reader analyses
// an application/ms-tnef part into the Message object and discards the
// part ([MS-OXCMAIL] 2.2.3.4.1.2):
//
//   - TNEF message properties and named properties override the
//     MIME-derived ones with the same property ID (whatever the type),
//     except the envelope and address properties listed in
//     tnefEnvelopeIDs, which m keeps (by group) when it has them;
//   - if t carries a body (PidTagBody, PidTagHtml, PidTagRtfCompressed),
//     m's body properties are removed first;
//   - t's recipient table replaces m's only when m has none (a "summary"
//     TNEF message whose MIME headers carry no recipients); otherwise the
//     MIME To/Cc/Bcc stay authoritative;
//   - t's attachments are appended to m's. The caller must not keep the
//     winmail.dat part itself as an attachment (when DecodeTNEF fails,
//     keep it as application/octet-stream instead, as [MS-OXCMAIL]
//     2.2.3.4.1.2 says).
func MergeTNEF(m, t *Message) {
	if t == nil {
		return
	}
	hasBody := false
	for _, p := range t.Props {
		if tnefBodyIDs[p.Tag.ID()] {
			hasBody = true
			break
		}
	}
	groups := make(map[int]bool)
	for _, p := range m.Props {
		if g := tnefEnvelopeIDs[p.Tag.ID()]; g != 0 {
			groups[g] = true
		}
	}
	keep := m.Props[:0:0]
	replaced := make(map[mapi.PropID]bool)
	for _, p := range t.Props {
		id := p.Tag.ID()
		if g := tnefEnvelopeIDs[id]; g != 0 && groups[g] {
			continue
		}
		replaced[id] = true
	}
	for _, p := range m.Props {
		id := p.Tag.ID()
		if replaced[id] || (hasBody && tnefBodyIDs[id]) {
			continue
		}
		keep = append(keep, p)
	}
	for _, p := range t.Props {
		if replaced[p.Tag.ID()] {
			keep = append(keep, p)
		}
	}
	m.Props = keep
	for _, n := range t.Named {
		setNamedName(&m.Named, n.Name, n.Type, n.Value)
	}
	if len(m.Recipients) == 0 {
		m.Recipients = append(m.Recipients, t.Recipients...)
	}
	m.Attachments = append(m.Attachments, t.Attachments...)
}
