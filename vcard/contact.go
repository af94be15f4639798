package vcard

import (
	"bufio"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"io"
	"mime/quotedprintable"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/oxkit/oxkit/mapi"
)

// ClassContact is the message class of a contact ([MS-OXOCNTC] 2.2.1).
const ClassContact = "IPM.Contact"

// NamedValue is a named property's value, by name ([MS-OXCDATA] 2.6.1);
// the caller maps names to the mailbox's property IDs.
type NamedValue struct {
	Name  mapi.PropertyName
	Type  mapi.PropType
	Value any
}

// Attachment is one attachment of the contact (the contact photo,
// [MS-OXOCNTC] 2.2.1.8).
type Attachment struct {
	Props []mapi.PropValue
}

// Contact is the property-bag form of a contact ([MS-OXOCNTC]).
type Contact struct {
	Props       []mapi.PropValue
	Named       []NamedValue
	Attachments []Attachment
	// Warnings lists what the conversion dropped.
	Warnings []string
}

// Set sets a tagged property.
func (c *Contact) Set(tag mapi.PropTag, v any) {
	for i := range c.Props {
		if c.Props[i].Tag == tag {
			c.Props[i].Value = v
			return
		}
	}
	c.Props = append(c.Props, mapi.PropValue{Tag: tag, Value: v})
}

// Get returns a tagged property's value.
func (c *Contact) Get(tag mapi.PropTag) (any, bool) {
	for _, p := range c.Props {
		if p.Tag == tag {
			return p.Value, true
		}
	}
	return nil, false
}

// SetNamed sets a named property of the generated table.
func (c *Contact) SetNamed(np mapi.NamedProp, v any) {
	pn := np.PropertyName()
	for i := range c.Named {
		if c.Named[i].Name == pn {
			c.Named[i].Value = v
			return
		}
	}
	c.Named = append(c.Named, NamedValue{Name: pn, Type: np.Type(), Value: v})
}

// GetNamed returns a named property's value.
func (c *Contact) GetNamed(np mapi.NamedProp) (any, bool) {
	pn := np.PropertyName()
	for _, n := range c.Named {
		if n.Name == pn {
			return n.Value, true
		}
	}
	return nil, false
}

func (c *Contact) str(tag mapi.PropTag) string {
	v, _ := c.Get(tag)
	s, _ := v.(string)
	return s
}

func (c *Contact) nstr(np mapi.NamedProp) string {
	v, _ := c.GetNamed(np)
	s, _ := v.(string)
	return s
}

func (c *Contact) setStr(tag mapi.PropTag, s string) {
	if s != "" {
		c.Set(tag, s)
	}
}

func (c *Contact) setNStr(np mapi.NamedProp, s string) {
	if s != "" {
		c.SetNamed(np, s)
	}
}

// Dump writes the contact as sorted "name = value" lines for golden files.
func (c *Contact) Dump() string {
	val := func(v any) string {
		switch x := v.(type) {
		case []byte:
			if len(x) > 32 {
				return fmt.Sprintf("%d bytes %X…", len(x), x[:16])
			}
			return strings.ToUpper(hex.EncodeToString(x))
		case time.Time:
			return x.UTC().Format(time.RFC3339)
		case string:
			return fmt.Sprintf("%q", x)
		case []string:
			return fmt.Sprintf("%q", x)
		}
		return fmt.Sprint(v)
	}
	var lines []string
	for _, p := range c.Props {
		lines = append(lines, fmt.Sprintf("%v = %s", p.Tag, val(p.Value)))
	}
	for _, n := range c.Named {
		name := fmt.Sprint(n.Name)
		if np, ok := mapi.NamedPropByName(n.Name); ok {
			name = np.String()
		}
		lines = append(lines, fmt.Sprintf("%s = %s", name, val(n.Value)))
	}
	sort.Strings(lines)
	var b strings.Builder
	for _, l := range lines {
		b.WriteString(l + "\n")
	}
	for i, a := range c.Attachments {
		fmt.Fprintf(&b, "attachment %d:\n", i)
		var al []string
		for _, p := range a.Props {
			al = append(al, fmt.Sprintf("  %v = %s", p.Tag, val(p.Value)))
		}
		sort.Strings(al)
		b.WriteString(strings.Join(al, "\n") + "\n")
	}
	for _, w := range c.Warnings {
		b.WriteString("warning: " + w + "\n")
	}
	return b.String()
}

// phoneSlot is one telephone property of [MS-OXVCARD] 2.1.3.2.2.
type phoneSlot struct {
	tag   mapi.PropTag
	types []string // all must be present (case-insensitive)
	label string   // TYPE list written on export
}

// phoneSlots in matching order: the most specific combinations first.
var phoneSlots = []phoneSlot{
	{mapi.PidTagBusinessFaxNumber, []string{"FAX", "WORK"}, "WORK,FAX"},
	{mapi.PidTagHomeFaxNumber, []string{"FAX", "HOME"}, "HOME,FAX"},
	{mapi.PidTagPrimaryFaxNumber, []string{"FAX"}, "FAX"},
	{mapi.PidTagMobileTelephoneNumber, []string{"CELL"}, "CELL,VOICE"},
	{mapi.PidTagPagerTelephoneNumber, []string{"PAGER"}, "PAGER"},
	{mapi.PidTagCarTelephoneNumber, []string{"CAR"}, "CAR,VOICE"},
	{mapi.PidTagIsdnNumber, []string{"ISDN"}, "ISDN"},
	{mapi.PidTagTelecommunicationsDeviceForDeafTelephoneNumber, []string{"TEXTPHONE"}, "TEXTPHONE"},
	{mapi.PidTagTelecommunicationsDeviceForDeafTelephoneNumber, []string{"X-TTYTDD"}, "TEXTPHONE"},
	{mapi.PidTagAssistantTelephoneNumber, []string{"X-ASSISTANT"}, "X-ASSISTANT"},
	{mapi.PidTagCallbackTelephoneNumber, []string{"X-CALLBACK"}, "X-CALLBACK"},
	{mapi.PidTagCompanyMainTelephoneNumber, []string{"X-COMPANY"}, "X-COMPANY,WORK"},
	{mapi.PidTagRadioTelephoneNumber, []string{"X-RADIO"}, "X-RADIO"},
	{mapi.PidTagBusinessTelephoneNumber, []string{"WORK"}, "WORK,VOICE"},
	{mapi.PidTagBusiness2TelephoneNumber, []string{"WORK"}, "WORK,VOICE"},
	{mapi.PidTagHomeTelephoneNumber, []string{"HOME"}, "HOME,VOICE"},
	{mapi.PidTagHome2TelephoneNumber, []string{"HOME"}, "HOME,VOICE"},
	{mapi.PidTagPrimaryTelephoneNumber, []string{"PREF"}, "PREF,VOICE"},
	{mapi.PidTagOtherTelephoneNumber, nil, "VOICE"},
}

// X-MS-TEL types Outlook writes for the phones vCard has no type for.
var msTelTypes = map[string]string{"ASSISTANT": "X-ASSISTANT", "CALLBACK": "X-CALLBACK", "COMPANY": "X-COMPANY", "RADIO": "X-RADIO", "TTYTDD": "X-TTYTDD"}

type addrSlot struct {
	street, city, state, postal, country, pobox any // mapi.PropTag or mapi.NamedProp
	typ                                         string
	id                                          int32 // PidLidPostalAddressId
}

var addrSlots = []addrSlot{
	{mapi.PidTagHomeAddressStreet, mapi.PidTagHomeAddressCity, mapi.PidTagHomeAddressStateOrProvince, mapi.PidTagHomeAddressPostalCode, mapi.PidTagHomeAddressCountry, mapi.PidTagHomeAddressPostOfficeBox, "HOME", 1},
	{mapi.PidLidWorkAddressStreet, mapi.PidLidWorkAddressCity, mapi.PidLidWorkAddressState, mapi.PidLidWorkAddressPostalCode, mapi.PidLidWorkAddressCountry, mapi.PidLidWorkAddressPostOfficeBox, "WORK", 2},
	{mapi.PidTagOtherAddressStreet, mapi.PidTagOtherAddressCity, mapi.PidTagOtherAddressStateOrProvince, mapi.PidTagOtherAddressPostalCode, mapi.PidTagOtherAddressCountry, mapi.PidTagOtherAddressPostOfficeBox, "", 3},
}

func (c *Contact) setAny(k any, s string) {
	if s == "" {
		return
	}
	switch t := k.(type) {
	case mapi.PropTag:
		c.Set(t, s)
	case mapi.NamedProp:
		c.SetNamed(t, s)
	}
}

func (c *Contact) getAny(k any) string {
	switch t := k.(type) {
	case mapi.PropTag:
		return c.str(t)
	case mapi.NamedProp:
		return c.nstr(t)
	}
	return ""
}

var emailSlots = [3]struct{ addr, name, typ, orig mapi.NamedProp }{
	{mapi.PidLidEmail1EmailAddress, mapi.PidLidEmail1DisplayName, mapi.PidLidEmail1AddressType, mapi.PidLidEmail1OriginalDisplayName},
	{mapi.PidLidEmail2EmailAddress, mapi.PidLidEmail2DisplayName, mapi.PidLidEmail2AddressType, mapi.PidLidEmail2OriginalDisplayName},
	{mapi.PidLidEmail3EmailAddress, mapi.PidLidEmail3DisplayName, mapi.PidLidEmail3AddressType, mapi.PidLidEmail3OriginalDisplayName},
}

func parseDate(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	for _, layout := range []string{"2006-01-02", "20060102", "2006-01-02T15:04:05Z", "20060102T150405Z", "2006-01-02T15:04:05", "--0102"} {
		if t, err := time.Parse(layout, s); err == nil {
			return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC), true
		}
	}
	if len(s) >= 10 {
		if t, err := time.Parse("2006-01-02", s[:10]); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// Import parses r and converts each vCard to a Contact ([MS-OXVCARD]
// 2.1.3.1).
func Import(r io.Reader, lim *Limits) ([]*Contact, error) {
	cards, err := Decode(r, lim)
	if err != nil {
		return nil, err
	}
	out := make([]*Contact, 0, len(cards))
	for _, card := range cards {
		out = append(out, ImportCard(card))
	}
	return out, nil
}

// text returns a property's text: vCard 2.1 escapes only ';' (in
// compound values, and Outlook everywhere); 3.0 and 4.0 use TEXT escapes.
func text(p *Prop, version string) string {
	if version == "2.1" {
		return strings.ReplaceAll(p.Value, `\;`, ";")
	}
	return unescape(p.Value)
}

// crlf normalizes line breaks to CRLF, the form of message bodies.
func crlf(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.ReplaceAll(s, "\n", "\r\n")
}

// imAddress strips the URI scheme IMPP values carry.
func imAddress(s string) string {
	for _, scheme := range []string{"xmpp:", "sip:", "im:", "aim:", "skype:", "msnim:", "ymsgr:", "icq:", "x-apple:"} {
		if len(s) > len(scheme) && strings.EqualFold(s[:len(scheme)], scheme) {
			return s[len(scheme):]
		}
	}
	return s
}

// ImportCard converts one parsed vCard.
func ImportCard(card *Card) *Contact {
	c := &Contact{}
	c.Set(mapi.PidTagMessageClass, ClassContact)
	v := card.Version
	if p := card.Prop("FN"); p != nil {
		fn := text(p, v)
		c.setStr(mapi.PidTagDisplayName, fn)
		c.setNStr(mapi.PidLidFileUnder, fn)
	}
	if p := card.Prop("N"); p != nil {
		parts := splitStructured(p.Value)
		get := func(i int) string {
			if i < len(parts) {
				return strings.TrimSpace(parts[i])
			}
			return ""
		}
		c.setStr(mapi.PidTagSurname, get(0))
		c.setStr(mapi.PidTagGivenName, get(1))
		c.setStr(mapi.PidTagMiddleName, get(2))
		c.setStr(mapi.PidTagDisplayNamePrefix, get(3))
		c.setStr(mapi.PidTagGeneration, get(4))
		if c.str(mapi.PidTagDisplayName) == "" {
			fn := strings.TrimSpace(strings.Join([]string{get(3), get(1), get(2), get(0), get(4)}, " "))
			fn = strings.Join(strings.Fields(fn), " ")
			c.setStr(mapi.PidTagDisplayName, fn)
		}
	}
	if p := card.Prop("NICKNAME"); p != nil {
		c.setStr(mapi.PidTagNickname, splitList(p.Value)[0])
	}
	if p := card.Prop("ORG"); p != nil {
		parts := splitStructured(p.Value)
		c.setStr(mapi.PidTagCompanyName, parts[0])
		if len(parts) > 1 {
			c.setStr(mapi.PidTagDepartmentName, parts[1])
		}
	}
	if p := card.Prop("TITLE"); p != nil {
		c.setStr(mapi.PidTagTitle, text(p, v))
	}
	if p := card.Prop("ROLE"); p != nil {
		c.setStr(mapi.PidTagProfession, text(p, v))
	}
	if p := card.Prop("NOTE"); p != nil {
		c.setStr(mapi.PidTagBody, crlf(text(p, v)))
	}
	// Telephones: TEL, and Outlook's X-MS-TEL for the extra kinds.
	used := map[mapi.PropTag]bool{}
	tels := card.PropsNamed("TEL")
	for _, p := range card.PropsNamed("X-MS-TEL") {
		q := *p
		for _, t := range strings.Split(strings.ToUpper(p.Param("TYPE")), ",") {
			if x, ok := msTelTypes[strings.TrimSpace(t)]; ok {
				q.Params = []Param{{Name: "TYPE", Values: []string{x}}}
			}
		}
		tels = append(tels, &q)
	}
	for _, p := range tels {
		num := strings.TrimSpace(strings.TrimPrefix(text(p, v), "tel:"))
		if num == "" {
			continue
		}
		placed := false
		for _, s := range phoneSlots {
			if used[s.tag] {
				continue
			}
			ok := true
			for _, t := range s.types {
				if !p.HasType(t) {
					ok = false
				}
			}
			if ok {
				c.Set(s.tag, num)
				used[s.tag] = true
				placed = true
				break
			}
		}
		if !placed {
			c.Warnings = append(c.Warnings, fmt.Sprintf("TEL %q: no free telephone property", num))
		}
	}
	// E-mail: three slots, PREF first.
	emails := card.PropsNamed("EMAIL")
	sort.SliceStable(emails, func(i, j int) bool { return emails[i].HasType("PREF") && !emails[j].HasType("PREF") })
	n := 0
	for _, p := range emails {
		addr := strings.TrimSpace(strings.TrimPrefix(text(p, v), "mailto:"))
		if addr == "" {
			continue
		}
		if n == 3 {
			c.Warnings = append(c.Warnings, fmt.Sprintf("EMAIL %q: only three e-mail addresses fit", addr))
			continue
		}
		s := emailSlots[n]
		name := c.str(mapi.PidTagDisplayName)
		disp := addr
		if name != "" {
			disp = name + " (" + addr + ")"
		}
		c.SetNamed(s.addr, addr)
		c.SetNamed(s.typ, "SMTP")
		c.SetNamed(s.name, disp)
		c.SetNamed(s.orig, addr)
		n++
	}
	// Addresses.
	for _, p := range card.PropsNamed("ADR") {
		parts := splitStructured(p.Value)
		for len(parts) < 7 {
			parts = append(parts, "")
		}
		slot := addrSlots[2]
		switch {
		case p.HasType("HOME"):
			slot = addrSlots[0]
		case p.HasType("WORK"):
			slot = addrSlots[1]
		}
		if c.getAny(slot.street)+c.getAny(slot.city)+c.getAny(slot.postal)+c.getAny(slot.country) != "" {
			c.Warnings = append(c.Warnings, fmt.Sprintf("second %s address dropped", strings.ToLower(slot.typ+" ADR")))
			continue
		}
		street := strings.TrimSpace(strings.Join(nonEmpty(parts[1], parts[2]), "\n"))
		c.setAny(slot.pobox, parts[0])
		c.setAny(slot.street, street)
		c.setAny(slot.city, parts[3])
		c.setAny(slot.state, parts[4])
		c.setAny(slot.postal, parts[5])
		c.setAny(slot.country, parts[6])
		if p.HasType("PREF") {
			c.SetNamed(mapi.PidLidPostalAddressId, slot.id)
		}
	}
	if p := card.Prop("X-MS-OL-DEFAULT-POSTAL-ADDRESS"); p != nil {
		switch strings.TrimSpace(p.Value) {
		case "1", "2", "3":
			c.SetNamed(mapi.PidLidPostalAddressId, int32(p.Value[0]-'0'))
		}
	}
	if p := card.Prop("BDAY"); p != nil {
		if t, ok := parseDate(p.Value); ok {
			c.Set(mapi.PidTagBirthday, t)
		}
	}
	for _, name := range []string{"ANNIVERSARY", "X-ANNIVERSARY", "X-MS-ANNIVERSARY"} {
		if p := card.Prop(name); p != nil {
			if t, ok := parseDate(p.Value); ok {
				c.Set(mapi.PidTagWeddingAnniversary, t)
				break
			}
		}
	}
	for _, p := range card.PropsNamed("URL") {
		u := strings.TrimSpace(text(p, v))
		if p.HasType("HOME") && c.str(mapi.PidTagPersonalHomePage) == "" {
			c.setStr(mapi.PidTagPersonalHomePage, u)
		} else if c.str(mapi.PidTagBusinessHomePage) == "" {
			c.setStr(mapi.PidTagBusinessHomePage, u)
		}
	}
	var cats []string
	for _, p := range card.PropsNamed("CATEGORIES") {
		for _, s := range splitList(p.Value) {
			if s = strings.TrimSpace(s); s != "" && len(cats) < 256 {
				cats = append(cats, s)
			}
		}
	}
	if len(cats) > 0 {
		c.SetNamed(mapi.PidNameKeywords, cats)
	}
	// GENDER (4.0: "M;…", "F"), X-GENDER (Outlook, Android: Male/Female).
	for _, name := range []string{"GENDER", "X-GENDER", "X-MS-GENDER"} {
		if p := card.Prop(name); p != nil {
			g := strings.ToUpper(strings.TrimSpace(strings.SplitN(p.Value, ";", 2)[0]))
			switch {
			case g == "F" || g == "FEMALE":
				c.Set(mapi.PidTagGender, int16(1))
			case g == "M" || g == "MALE":
				c.Set(mapi.PidTagGender, int16(2))
			}
			break
		}
	}
	// Instant messaging.
	for _, name := range []string{"X-MS-IMADDRESS", "IMPP", "X-JABBER", "X-SKYPE", "X-AIM", "X-MSN", "X-ICQ", "X-YAHOO"} {
		if p := card.Prop(name); p != nil && c.nstr(mapi.PidLidInstantMessagingAddress) == "" {
			c.setNStr(mapi.PidLidInstantMessagingAddress, imAddress(strings.TrimSpace(text(p, v))))
		}
	}
	// Phonetic names ([MS-OXOCNTC] 2.2.1.1.9-10): Apple's
	// X-PHONETIC-FIRST-NAME and X-PHONETIC-LAST-NAME.
	if p := card.Prop("X-PHONETIC-FIRST-NAME"); p != nil {
		c.setNStr(mapi.PidLidYomiFirstName, text(p, v))
	}
	if p := card.Prop("X-PHONETIC-LAST-NAME"); p != nil {
		c.setNStr(mapi.PidLidYomiLastName, text(p, v))
	}
	// Outlook's X-MS-* properties ([MS-OXVCARD] 2.1.3.2.x).
	if p := card.Prop("X-MS-MANAGER"); p != nil {
		c.setStr(mapi.PidTagManagerName, text(p, v))
	}
	if p := card.Prop("X-MS-ASSISTANT"); p != nil {
		c.setStr(mapi.PidTagAssistant, text(p, v))
	}
	if p := card.Prop("X-MS-SPOUSE"); p != nil {
		c.setStr(mapi.PidTagSpouseName, text(p, v))
	}
	var kids []string
	for _, p := range card.PropsNamed("X-MS-CHILD") {
		if s := text(p, v); s != "" && len(kids) < 64 {
			kids = append(kids, s)
		}
	}
	if len(kids) > 0 {
		c.Set(mapi.PidTagChildrensNames, kids)
	}
	if p := card.Prop("CLASS"); p != nil {
		switch strings.ToUpper(strings.TrimSpace(p.Value)) {
		case "PRIVATE":
			c.Set(mapi.PidTagSensitivity, int32(2))
		case "CONFIDENTIAL":
			c.Set(mapi.PidTagSensitivity, int32(3))
		}
	}
	if p := card.Prop("REV"); p != nil {
		for _, layout := range []string{"20060102T150405Z", "2006-01-02T15:04:05Z"} {
			if t, err := time.Parse(layout, strings.TrimSpace(p.Value)); err == nil {
				c.Set(mapi.PidTagLastModificationTime, t)
				break
			}
		}
	}
	// Photo → contact photo attachment ([MS-OXOCNTC] 2.2.1.8).
	for _, name := range []string{"PHOTO", "X-MS-CARDPICTURE"} {
		p := card.Prop(name)
		if p == nil {
			continue
		}
		data, mime := p.Data, ""
		if data == nil && strings.HasPrefix(p.Value, "data:") {
			// 4.0 data URI: data:image/jpeg;base64,....
			if comma := strings.IndexByte(p.Value, ','); comma > 0 && strings.Contains(p.Value[:comma], ";base64") {
				mime = strings.TrimSuffix(strings.TrimPrefix(p.Value[:comma], "data:"), ";base64")
				if d, err := base64.StdEncoding.DecodeString(p.Value[comma+1:]); err == nil {
					data = d
				}
			}
		}
		if data == nil {
			if p.Value != "" {
				c.Warnings = append(c.Warnings, "PHOTO by reference not fetched")
			}
			continue
		}
		ext := photoExt(p.Param("TYPE"), mime, data)
		var a Attachment
		a.Props = []mapi.PropValue{
			{Tag: mapi.PidTagAttachMethod, Value: int32(1)}, // afByValue
			{Tag: mapi.PidTagAttachmentContactPhoto, Value: true},
			{Tag: mapi.PidTagAttachLongFilename, Value: "ContactPicture" + ext},
			{Tag: mapi.PidTagAttachExtension, Value: ext},
			{Tag: mapi.PidTagAttachDataBinary, Value: data},
			{Tag: mapi.PidTagAttachmentHidden, Value: true},
		}
		c.Attachments = append(c.Attachments, a)
		c.SetNamed(mapi.PidLidHasPicture, true)
		break
	}
	return c
}

func nonEmpty(s ...string) []string {
	var out []string
	for _, x := range s {
		if strings.TrimSpace(x) != "" {
			out = append(out, x)
		}
	}
	return out
}

func photoExt(typ, mime string, data []byte) string {
	t := strings.ToUpper(typ + " " + mime)
	switch {
	case strings.Contains(t, "PNG") || len(data) > 4 && string(data[1:4]) == "PNG":
		return ".png"
	case strings.Contains(t, "GIF") || len(data) > 3 && string(data[:3]) == "GIF":
		return ".gif"
	}
	return ".jpg"
}

// Export options.
type ExportOptions struct {
	// Version is "2.1", "3.0" (default) or "4.0".
	Version string
}

// Export writes the contacts as vCards ([MS-OXVCARD] 2.1.3.2). Version
// 2.1 writes non-ASCII and multi-line values as QUOTED-PRINTABLE with
// CHARSET=UTF-8, as Outlook does.
func Export(w io.Writer, contacts []*Contact, opt *ExportOptions) error {
	ver := "3.0"
	if opt != nil && opt.Version != "" {
		ver = opt.Version
	}
	if ver != "2.1" && ver != "3.0" && ver != "4.0" {
		return fmt.Errorf("vcard: unsupported version %q", ver)
	}
	bw := bufio.NewWriter(w)
	for _, c := range contacts {
		e := &encoder{w: bw, ver: ver}
		e.card(c)
	}
	return bw.Flush()
}

type encoder struct {
	w   *bufio.Writer
	ver string
}

func escape(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		switch ch := s[i]; ch {
		case '\\':
			b.WriteString(`\\`)
		case ';':
			b.WriteString(`\;`)
		case ',':
			b.WriteString(`\,`)
		case '\r':
		case '\n':
			b.WriteString(`\n`)
		default:
			b.WriteByte(ch)
		}
	}
	return b.String()
}

// line writes one property. parts are joined with ';' (structured
// values); each part is escaped per version.
func (e *encoder) line(name string, types []string, parts ...string) {
	var params []string
	if len(types) > 0 {
		if e.ver == "2.1" {
			params = append(params, types...)
		} else {
			params = append(params, "TYPE="+strings.Join(types, ","))
		}
	}
	value := ""
	if e.ver == "2.1" {
		needQP := false
		for _, p := range parts {
			for _, r := range p {
				if r >= 0x80 || r == '\n' || r == '\r' || r == '=' {
					needQP = true
				}
			}
		}
		esc := make([]string, len(parts))
		for i, p := range parts {
			esc[i] = strings.ReplaceAll(p, ";", `\;`)
		}
		value = strings.Join(esc, ";")
		if needQP {
			params = append(params, "CHARSET=UTF-8", "ENCODING=QUOTED-PRINTABLE")
			e.qpLine(name, params, value)
			return
		}
	} else {
		esc := make([]string, len(parts))
		for i, p := range parts {
			esc[i] = escape(p)
		}
		value = strings.Join(esc, ";")
	}
	head := name
	if len(params) > 0 {
		head += ";" + strings.Join(params, ";")
	}
	e.fold(head + ":" + value)
}

func (e *encoder) qpLine(name string, params []string, value string) {
	var sb strings.Builder
	qw := quotedprintable.NewWriter(&sb)
	// Binary mode writes the value's line breaks as =0D=0A; the only line
	// ends left are soft breaks ("=" CRLF), which readers join.
	qw.Binary = true
	qw.Write([]byte(strings.ReplaceAll(strings.ReplaceAll(value, "\r\n", "\n"), "\n", "\r\n")))
	qw.Close()
	e.w.WriteString(name + ";" + strings.Join(params, ";") + ":" + sb.String() + "\r\n")
}

func (e *encoder) fold(line string) {
	const max = 75
	first := true
	for len(line) > 0 {
		limit := max
		if !first {
			limit = max - 1
			e.w.WriteByte(' ')
		}
		if len(line) <= limit {
			e.w.WriteString(line)
			break
		}
		cut := limit
		for cut > 0 && !utf8.RuneStart(line[cut]) {
			cut--
		}
		e.w.WriteString(line[:cut] + "\r\n")
		line = line[cut:]
		first = false
	}
	e.w.WriteString("\r\n")
}

func (e *encoder) card(c *Contact) {
	e.w.WriteString("BEGIN:VCARD\r\n")
	e.w.WriteString("VERSION:" + e.ver + "\r\n")
	fn := c.str(mapi.PidTagDisplayName)
	if e.ver != "2.1" || fn != "" {
		e.line("FN", nil, fn)
	}
	e.line("N", nil, c.str(mapi.PidTagSurname), c.str(mapi.PidTagGivenName), c.str(mapi.PidTagMiddleName), c.str(mapi.PidTagDisplayNamePrefix), c.str(mapi.PidTagGeneration))
	if s := c.str(mapi.PidTagNickname); s != "" {
		e.line("NICKNAME", nil, s)
	}
	if org := c.str(mapi.PidTagCompanyName); org != "" || c.str(mapi.PidTagDepartmentName) != "" {
		if d := c.str(mapi.PidTagDepartmentName); d != "" {
			e.line("ORG", nil, org, d)
		} else {
			e.line("ORG", nil, org)
		}
	}
	if s := c.str(mapi.PidTagTitle); s != "" {
		e.line("TITLE", nil, s)
	}
	if s := c.str(mapi.PidTagProfession); s != "" {
		e.line("ROLE", nil, s)
	}
	seen := map[mapi.PropTag]bool{}
	for _, s := range phoneSlots {
		if seen[s.tag] {
			continue
		}
		seen[s.tag] = true
		num := c.str(s.tag)
		if num == "" {
			continue
		}
		types := strings.Split(s.label, ",")
		if strings.HasPrefix(s.label, "X-") {
			// Outlook writes the kinds vCard lacks as X-MS-TEL.
			for k, x := range msTelTypes {
				if strings.HasPrefix(s.label, x) {
					e.line("X-MS-TEL", []string{k}, num)
				}
			}
			continue
		}
		if s.tag == mapi.PidTagTelecommunicationsDeviceForDeafTelephoneNumber && e.ver != "4.0" {
			e.line("X-MS-TEL", []string{"TTYTDD"}, num)
			continue
		}
		e.line("TEL", types, num)
	}
	for i, s := range emailSlots {
		if a := c.nstr(s.addr); a != "" {
			types := []string{"INTERNET"}
			if e.ver == "4.0" {
				types = nil
			}
			if i == 0 {
				types = append(types, "PREF")
			}
			e.line("EMAIL", types, a)
		}
	}
	pref := int32(0)
	if v, ok := c.GetNamed(mapi.PidLidPostalAddressId); ok {
		pref, _ = v.(int32)
	}
	for _, s := range addrSlots {
		street, city, state, postal, country, pobox := c.getAny(s.street), c.getAny(s.city), c.getAny(s.state), c.getAny(s.postal), c.getAny(s.country), c.getAny(s.pobox)
		if street+city+state+postal+country+pobox == "" {
			continue
		}
		var types []string
		if s.typ != "" {
			types = append(types, s.typ)
		} else if e.ver != "2.1" {
			types = append(types, "X-OTHER")
		} else {
			types = append(types, "POSTAL")
		}
		if pref == s.id {
			types = append(types, "PREF")
		}
		e.line("ADR", types, pobox, "", street, city, state, postal, country)
	}
	if v, ok := c.Get(mapi.PidTagBirthday); ok {
		if t, ok := v.(time.Time); ok {
			e.line("BDAY", nil, dateString(t, e.ver))
		}
	}
	if v, ok := c.Get(mapi.PidTagWeddingAnniversary); ok {
		if t, ok := v.(time.Time); ok {
			if e.ver == "4.0" {
				e.line("ANNIVERSARY", nil, dateString(t, e.ver))
			} else {
				e.line("X-MS-ANNIVERSARY", nil, dateString(t, e.ver))
			}
		}
	}
	if s := c.str(mapi.PidTagBusinessHomePage); s != "" {
		e.line("URL", []string{"WORK"}, s)
	}
	if s := c.str(mapi.PidTagPersonalHomePage); s != "" {
		e.line("URL", []string{"HOME"}, s)
	}
	if v, ok := c.GetNamed(mapi.PidNameKeywords); ok {
		if cats, ok := v.([]string); ok && len(cats) > 0 {
			esc := make([]string, len(cats))
			for i, s := range cats {
				esc[i] = escape(s) // escape already escapes ";"
			}
			e.fold("CATEGORIES:" + strings.Join(esc, ","))
		}
	}
	if v, ok := c.Get(mapi.PidTagGender); ok {
		g := map[int16]string{1: "F", 2: "M"}[toInt16(v)]
		if g != "" {
			if e.ver == "4.0" {
				e.line("GENDER", nil, g)
			} else {
				e.line("X-GENDER", nil, map[string]string{"F": "Female", "M": "Male"}[g])
			}
		}
	}
	if s := c.nstr(mapi.PidLidInstantMessagingAddress); s != "" {
		if e.ver == "4.0" {
			if !strings.Contains(s, ":") {
				s = "xmpp:" + s
			}
			e.line("IMPP", nil, s)
		} else {
			e.line("X-MS-IMADDRESS", nil, s)
		}
	}
	if s := c.nstr(mapi.PidLidYomiFirstName); s != "" {
		e.line("X-PHONETIC-FIRST-NAME", nil, s)
	}
	if s := c.nstr(mapi.PidLidYomiLastName); s != "" {
		e.line("X-PHONETIC-LAST-NAME", nil, s)
	}
	if s := c.str(mapi.PidTagManagerName); s != "" {
		e.line("X-MS-MANAGER", nil, s)
	}
	if s := c.str(mapi.PidTagAssistant); s != "" {
		e.line("X-MS-ASSISTANT", nil, s)
	}
	if s := c.str(mapi.PidTagSpouseName); s != "" {
		e.line("X-MS-SPOUSE", nil, s)
	}
	if v, ok := c.Get(mapi.PidTagChildrensNames); ok {
		if kids, ok := v.([]string); ok {
			for _, k := range kids {
				e.line("X-MS-CHILD", nil, k)
			}
		}
	}
	if s := c.str(mapi.PidTagBody); s != "" {
		e.line("NOTE", nil, s)
	}
	if v, ok := c.Get(mapi.PidTagLastModificationTime); ok {
		if t, ok := v.(time.Time); ok {
			e.w.WriteString("REV:" + t.UTC().Format("20060102T150405Z") + "\r\n")
		}
	}
	for _, a := range c.Attachments {
		var photo bool
		var data []byte
		var ext string
		for _, p := range a.Props {
			switch p.Tag {
			case mapi.PidTagAttachmentContactPhoto:
				photo, _ = p.Value.(bool)
			case mapi.PidTagAttachDataBinary:
				data, _ = p.Value.([]byte)
			case mapi.PidTagAttachExtension:
				ext, _ = p.Value.(string)
			}
		}
		if !photo || data == nil {
			continue
		}
		typ := strings.ToUpper(strings.TrimPrefix(ext, "."))
		if typ == "JPG" || typ == "" {
			typ = "JPEG"
		}
		b64 := base64.StdEncoding.EncodeToString(data)
		switch e.ver {
		case "2.1":
			// Outlook style: base64 on indented lines, then a blank line.
			e.w.WriteString("PHOTO;TYPE=" + typ + ";ENCODING=BASE64:\r\n")
			for len(b64) > 0 {
				n := min(72, len(b64))
				e.w.WriteString("  " + b64[:n] + "\r\n")
				b64 = b64[n:]
			}
			e.w.WriteString("\r\n")
		case "3.0":
			e.fold("PHOTO;ENCODING=b;TYPE=" + typ + ":" + b64)
		default:
			e.fold("PHOTO:data:image/" + strings.ToLower(typ) + ";base64," + b64)
		}
		break
	}
	e.w.WriteString("END:VCARD\r\n")
}

func toInt16(v any) int16 {
	switch x := v.(type) {
	case int16:
		return x
	case int32:
		return int16(x)
	}
	return 0
}

func dateString(t time.Time, ver string) string {
	if ver == "4.0" {
		return t.UTC().Format("20060102")
	}
	return t.UTC().Format("2006-01-02")
}
