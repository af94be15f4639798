package oxcmail

import (
	"net/mail"
	"strings"

	"github.com/oxkit/oxkit/mapi"
)

// address is a parsed mailbox.
type address struct {
	Name, Addr string
}

// parseAddressList parses an address header (From, To, Cc, Reply-To, …)
// with RFC 2047 names.
//
// QUIRK: net/mail rejects much of what real mail carries (unquoted dots
// and commas in display names, "Name <addr>" without a space, bare local
// parts, trailing commas, 8-bit names); on its error each comma-separated
// item is parsed on its own and, failing that, taken apart by hand.
func parseAddressList(v string) []address {
	v = strings.TrimSpace(v)
	if v == "" {
		return nil
	}
	p := mail.AddressParser{WordDecoder: wordDecoder}
	if list, err := p.ParseList(v); err == nil {
		out := make([]address, 0, len(list))
		for _, a := range list {
			if a.Address != "" {
				out = append(out, address{Name: decodeHeader(a.Name), Addr: a.Address})
			}
		}
		if len(out) == 0 {
			return nil
		}
		return out
	}
	var out []address
	for _, item := range splitAddresses(v) {
		item = strings.TrimSpace(item)
		if item == "" || strings.HasSuffix(item, ":;") || strings.HasSuffix(item, ":") {
			continue // empty group ("undisclosed-recipients:;")
		}
		if a, err := p.Parse(item); err == nil {
			out = append(out, address{Name: decodeHeader(a.Name), Addr: a.Address})
			continue
		}
		if a := lenientAddress(item); plausibleAddr(a.Addr) {
			out = append(out, a)
		}
	}
	return out
}

// splitAddresses splits at commas outside quotes, angle brackets and
// comments.
func splitAddresses(v string) []string {
	var out []string
	depth, inQ, angle, start := 0, false, false, 0
	for i := 0; i < len(v); i++ {
		switch c := v[i]; {
		case c == '\\' && inQ:
			i++
		case c == '"':
			inQ = !inQ
		case inQ:
		case c == '(':
			depth++
		case c == ')' && depth > 0:
			depth--
		case c == '<':
			angle = true
		case c == '>':
			angle = false
		case (c == ',' || c == ';') && depth == 0 && !angle:
			out = append(out, v[start:i])
			start = i + 1
		}
	}
	return append(out, v[start:])
}

// plausibleAddr reports whether a leniently parsed address is an
// addr-spec worth keeping: local@domain with no characters that would need
// quoting. Anything else (a bare word, a broken group) is dropped rather
// than carried as a recipient nobody can reply to.
func plausibleAddr(s string) bool {
	at := strings.LastIndexByte(s, '@')
	if at <= 0 || at == len(s)-1 {
		return false
	}
	return !strings.ContainsAny(s, " \t\"<>()[],;:\\")
}

func lenientAddress(item string) address {
	if i := strings.LastIndexByte(item, '<'); i >= 0 {
		j := strings.IndexByte(item[i:], '>')
		addr := item[i+1:]
		if j >= 0 {
			addr = item[i+1 : i+j]
		}
		name := strings.Trim(strings.TrimSpace(item[:i]), `"`)
		return address{Name: decodeHeader(name), Addr: strings.TrimSpace(addr)}
	}
	return address{Addr: strings.Trim(strings.TrimSpace(item), "<>\"")}
}

// String formats the address for a header, RFC 2047-encoding the name.
func (a address) String() string {
	return (&mail.Address{Name: a.Name, Address: a.Addr}).String()
}

// displayName is the name or, without one, the address.
func (a address) displayName() string {
	if a.Name != "" {
		return a.Name
	}
	return a.Addr
}

// oneOff returns the one-off entry ID of an SMTP address ([MS-OXCDATA] 2.2.5.1).
func (a address) oneOff() []byte {
	b, _ := mapi.NewOneOffEntryID(a.displayName(), "SMTP", a.Addr, mapi.OneOffNoRichInfo).AppendBinary(nil)
	return b
}

// searchKey is the PidTagSearchKey of an SMTP address: "SMTP:" and the
// upper-cased address, NUL-terminated ([MS-OXCPRPT] 2.2.1.9).
func (a address) searchKey() []byte {
	return append([]byte("SMTP:"+strings.ToUpper(a.Addr)), 0)
}

// addressProps are the properties naming an address under one of the
// sender/representing prefixes.
type addressTags struct {
	name, email, addrType, smtp, entryID, searchKey mapi.PropTag
}

var (
	sentRepresentingTags = addressTags{mapi.PidTagSentRepresentingName, mapi.PidTagSentRepresentingEmailAddress,
		mapi.PidTagSentRepresentingAddressType, mapi.PidTagSentRepresentingSmtpAddress,
		mapi.PidTagSentRepresentingEntryId, mapi.PidTagSentRepresentingSearchKey}
	senderTags = addressTags{mapi.PidTagSenderName, mapi.PidTagSenderEmailAddress,
		mapi.PidTagSenderAddressType, mapi.PidTagSenderSmtpAddress,
		mapi.PidTagSenderEntryId, mapi.PidTagSenderSearchKey}
)

func setAddress(props *[]mapi.PropValue, t addressTags, a address) {
	set(props, t.name, a.displayName())
	set(props, t.email, a.Addr)
	set(props, t.addrType, "SMTP")
	set(props, t.smtp, a.Addr)
	set(props, t.entryID, a.oneOff())
	set(props, t.searchKey, a.searchKey())
}

// addressFrom reads an address back from properties (export): the SMTP
// address when known, else the e-mail address of an SMTP address type.
func addressFrom(props []mapi.PropValue, t addressTags) (address, bool) {
	name, _ := Get(props, t.name).(string)
	addr, _ := Get(props, t.smtp).(string)
	if addr == "" {
		if typ, _ := Get(props, t.addrType).(string); strings.EqualFold(typ, "SMTP") {
			addr, _ = Get(props, t.email).(string)
		}
	}
	if addr == "" {
		return address{}, false
	}
	if name == addr {
		name = ""
	}
	return address{Name: name, Addr: addr}, true
}

// recipientProps builds a recipient row ([MS-OXCMAIL] 2.2.3.2.x).
func recipientProps(a address, typ int32) []mapi.PropValue {
	eid := a.oneOff()
	return []mapi.PropValue{
		{Tag: mapi.PidTagRecipientType, Value: typ},
		{Tag: mapi.PidTagDisplayName, Value: a.displayName()},
		{Tag: mapi.PidTagEmailAddress, Value: a.Addr},
		{Tag: mapi.PidTagAddressType, Value: "SMTP"},
		{Tag: mapi.PidTagSmtpAddress, Value: a.Addr},
		{Tag: mapi.PidTagEntryId, Value: eid},
		{Tag: mapi.PidTagRecipientEntryId, Value: eid},
		{Tag: mapi.PidTagSearchKey, Value: a.searchKey()},
		{Tag: mapi.PidTagRecipientDisplayName, Value: a.displayName()},
		{Tag: mapi.PidTagObjectType, Value: int32(6)},  // MAPI_MAILUSER
		{Tag: mapi.PidTagDisplayType, Value: int32(0)}, // DT_MAILUSER
		{Tag: mapi.PidTagRecipientFlags, Value: int32(1)},
	}
}

// Recipient types ([MS-OXOMSG] 2.2.3.1 PidTagRecipientType).
const (
	recipTo  int32 = 1
	recipCc  int32 = 2
	recipBcc int32 = 3
)
