package ews

import (
	"strings"

	"github.com/beevik/etree"
	"github.com/oxkit/oxkit/mapi"
	"github.com/oxkit/oxkit/store"
)

// The contact fields of this file ([MS-OXWSCONT] 2.2.4.3
// ContactItemType): FileAsMapping with FileAs kept in step with it, the
// Exchange 2010 SP2 fields (PhoneticFullName, PhoneticFirstName,
// PhoneticLastName, Alias, Notes, Photo, UserSMIMECertificate,
// MSExchangeCertificate) and the Exchange 2016 Gender, each from its
// [MS-OXOCNTC] property; and the contact photo ([MS-OXOCNTC] 2.2.1.8).
//
// Not written because a store contact has no property for them:
// DirectoryId, ManagerMailbox and DirectReports (directory contacts
// only), and the Exchange 2016 and Exchange Online fields AccountName,
// IsAutoUpdateDisabled, IsMessengerEnabled, Comment, ContactShortId,
// ContactType, IsHidden, ObjectId, PassportId, IsPrivate, SourceId,
// TrustLevel, CreatedBy, Urls, AbchEmailAddresses, Cid, the Skype*
// fields, YomiNickname, XboxLiveTag, InviteFree, HidePresenceAndProfile
// and the rest of the sequence after them.

// contact3Fields are the fields of this file; AllProperties has them.
var contact3Fields = bits(fFileAsMapping, fPhoneticFullName, fPhoneticFirstName, fPhoneticLastName, fAlias, fNotes,
	fPhoto, fUserSMIMECertificate, fMSExchangeCertificate, fGender)

// fileAsMapping is one FileAsMappingType value ([MS-OXWSCONT]
// 3.1.4.1.2.4) with its PidLidFileUnderId ([MS-OXOCNTC] 2.2.1.1.12).
type fileAsMapping struct {
	name string
	id   uint32
}

// PidLidFileUnderId values ([MS-OXOCNTC] 2.2.1.1.12).
const (
	fileUnderEmpty       = 0x00000000
	fileUnderUserDefined = 0xFFFFFFFF // PidLidFileUnder is a user-provided string
)

// fileAsMappings pairs the FileAsMappingType values with the
// PidLidFileUnderId formats. MS-OXWSCONT describes the company forms
// with the company in parentheses; the stored PidLidFileUnder follows
// [MS-OXOCNTC] (company and name on two lines, CR LF), which is what
// MAPI clients show.
var fileAsMappings = [...]fileAsMapping{
	{"None", fileUnderUserDefined},
	{"LastCommaFirst", 0x8017},
	{"FirstSpaceLast", 0x8037},
	{"Company", 0x3A16},
	{"LastCommaFirstCompany", 0x8019},
	{"CompanyLastFirst", 0x8032},
	{"LastFirst", 0x8030},
	{"LastFirstCompany", 0x8034},
	{"CompanyLastCommaFirst", 0x8018},
	{"LastFirstSuffix", 0x8038},
	{"LastSpaceFirstCompany", 0x8035},
	{"CompanyLastSpaceFirst", 0x8033},
	{"LastSpaceFirst", 0x8031},
	{"DisplayName", 0x3001},
	{"FirstName", 0x3A06},
	{"LastFirstMiddleSuffix", 0x8036},
	{"LastName", 0x3A11},
	{"Empty", fileUnderEmpty},
}

// fileAsMappingByName returns the PidLidFileUnderId of a
// FileAsMappingType value.
func fileAsMappingByName(name string) (uint32, bool) {
	for _, m := range fileAsMappings {
		if m.name == name {
			return m.id, true
		}
	}
	return 0, false
}

// fileAsMappingName returns the FileAsMappingType value of a
// PidLidFileUnderId ("" for 0xFFFFFFFD, 0xFFFFFFFE and invalid values).
func fileAsMappingName(id uint32) string {
	for _, m := range fileAsMappings {
		if m.id == id {
			return m.name
		}
	}
	return ""
}

// contactNames are the Contact Name properties PidLidFileUnder is made
// of ([MS-OXOCNTC] 2.2.1.1).
type contactNames struct {
	display, given, middle, surname, generation, company string
}

// fileAsNameTags are the properties of contactNames, in field order.
var fileAsNameTags = [6]mapi.PropTag{mapi.PidTagDisplayName, mapi.PidTagGivenName, mapi.PidTagMiddleName,
	mapi.PidTagSurname, mapi.PidTagGeneration, mapi.PidTagCompanyName}

func namesOf(p []mapi.PropValue) contactNames {
	var v [6]string
	for i, t := range fileAsNameTags {
		v[i], _ = getString(p, t)
	}
	return contactNames{display: v[0], given: v[1], middle: v[2], surname: v[3], generation: v[4], company: v[5]}
}

// joinNonEmpty joins the non-empty parts with sep: a missing name drops
// the separator around it ([MS-OXOCNTC] 2.2.1.1.12).
func joinNonEmpty(sep string, parts ...string) string {
	var b strings.Builder
	for _, p := range parts {
		if p == "" {
			continue
		}
		if b.Len() > 0 {
			b.WriteString(sep)
		}
		b.WriteString(p)
	}
	return b.String()
}

// computeFileAs formats PidLidFileUnder for PidLidFileUnderId id
// ([MS-OXOCNTC] 2.2.1.1.12); false for ids that take no formula
// (user-defined, best-match and implementation-chosen values).
func computeFileAs(id uint32, n contactNames) (string, bool) {
	firstMiddle := joinNonEmpty(" ", n.given, n.middle)
	lastComma := joinNonEmpty(", ", n.surname, firstMiddle)
	lastNoSpace := n.surname + firstMiddle
	lastSpace := joinNonEmpty(" ", n.surname, firstMiddle)
	switch id {
	case fileUnderEmpty:
		return "", true
	case 0x3001:
		return n.display, true
	case 0x3A06:
		return n.given, true
	case 0x3A11:
		return n.surname, true
	case 0x3A16:
		return n.company, true
	case 0x8017:
		return lastComma, true
	case 0x8018:
		return joinNonEmpty("\r\n", n.company, lastComma), true
	case 0x8019:
		return joinNonEmpty("\r\n", lastComma, n.company), true
	case 0x8030:
		return lastNoSpace, true
	case 0x8031:
		return lastSpace, true
	case 0x8032:
		return joinNonEmpty("\r\n", n.company, lastNoSpace), true
	case 0x8033:
		return joinNonEmpty("\r\n", n.company, lastSpace), true
	case 0x8034:
		return joinNonEmpty("\r\n", lastNoSpace, n.company), true
	case 0x8035:
		return joinNonEmpty("\r\n", lastSpace, n.company), true
	case 0x8036:
		return joinNonEmpty(" ", n.surname, n.given, n.middle, n.generation), true
	case 0x8037:
		return joinNonEmpty(" ", n.given, n.middle, n.surname, n.generation), true
	case 0x8038:
		return joinNonEmpty(" ", lastNoSpace, n.generation), true
	}
	return "", false
}

// genderNames are the Gender values by PidTagGender ([MS-OXOCNTC]
// 2.2.1.10.20: 0 unspecified, 1 female, 2 male).
var genderNames = [3]string{"Unspecified", "Female", "Male"}

// versionBefore2010SP2 reports whether the request's
// RequestServerVersion predates the Exchange 2010 SP2 contact fields
// ([MS-OXWSCONT] 2.2.4.3, product behavior note 5); before2016 whether
// it predates the Exchange 2016 ones (notes 9-20). A request without
// RequestServerVersion gets the server's version.
func (c *call) versionBefore2010SP2() bool {
	if c.req == nil {
		return false
	}
	v := c.req.Version
	return strings.HasPrefix(v, "Exchange2007") || v == "Exchange2010" || v == "Exchange2010_SP1"
}

func (c *call) versionBefore2016() bool {
	if c.req == nil {
		return false
	}
	v := c.req.Version
	return strings.HasPrefix(v, "Exchange2007") || strings.HasPrefix(v, "Exchange2010") || strings.HasPrefix(v, "Exchange2013")
}

// writeContact3 writes field f of a contact.
func (c *call) writeContact3(f int, it *itemData, s *itemShape) {
	p := it.props
	if f == fGender {
		if c.versionBefore2016() {
			return
		}
	} else if f != fFileAsMapping && c.versionBefore2010SP2() {
		return
	}
	switch f {
	case fFileAsMapping:
		if t := s.tag(f); t != 0 {
			if v, ok := getInt(p, t); ok {
				if name := fileAsMappingName(uint32(v)); name != "" {
					c.w.elem("t:FileAsMapping", name)
				}
			}
		}
	case fPhoneticFullName:
		// No property of its own ([MS-OXOCNTC] has the phonetic given
		// name and surname): the two, given name first.
		var first, last string
		if t := s.cxTag(cxYomiFirst); t != 0 {
			first, _ = getString(p, t)
		}
		if t := s.cxTag(cxYomiLast); t != 0 {
			last, _ = getString(p, t)
		}
		if v := joinNonEmpty(" ", first, last); v != "" {
			c.w.elem("t:PhoneticFullName", v)
		}
	case fPhoneticFirstName, fPhoneticLastName:
		if t := s.tag(f); t != 0 {
			if v, ok := getString(p, t); ok && v != "" {
				c.w.elem(map[bool]string{true: "t:PhoneticFirstName", false: "t:PhoneticLastName"}[f == fPhoneticFirstName], v)
			}
		}
	case fAlias:
		if v, ok := getString(p, mapi.PidTagAccount); ok && v != "" {
			c.w.elem("t:Alias", v)
		}
	case fNotes:
		if v, ok := getString(p, mapi.PidTagBody); ok && v != "" {
			c.w.elem("t:Notes", v)
		}
	case fPhoto:
		if data, ok := contactPhoto(it.msg); ok {
			c.w.elemBase64("t:Photo", data)
		}
	case fUserSMIMECertificate, fMSExchangeCertificate:
		el, tag := "t:UserSMIMECertificate", mapi.PidTagUserX509Certificate
		if f == fMSExchangeCertificate {
			el, tag = "t:MSExchangeCertificate", mapi.PidTagAddressBookX509Certificate
		}
		if v, ok := get(p, tag).([][]byte); ok && len(v) > 0 {
			c.w.open(el)
			for _, b := range v {
				c.w.elemBase64("t:Base64Binary", b)
			}
			c.w.close(el)
		}
	case fGender:
		if v, ok := getInt(p, mapi.PidTagGender); ok {
			c.w.elem("t:Gender", genderNames[clampIdx(v, len(genderNames), 0)])
		}
	}
}

// contactPhoto returns the content of the contact photo attachment of m
// (PidTagAttachmentContactPhoto, [MS-OXOCNTC] 2.2.1.8.2; the first one
// when several are marked).
func contactPhoto(m *store.Message) ([]byte, bool) {
	if m == nil {
		return nil, false
	}
	for _, a := range m.Attachments {
		if photo, _ := getBool(a.Props, mapi.PidTagAttachmentContactPhoto); photo {
			data, ok := getBytes(a.Props, mapi.PidTagAttachDataBinary)
			return data, ok && len(data) > 0
		}
	}
	return nil, false
}

// parseContact3 parses one of this file's fields from a t:Contact of
// CreateItem or SetItemField; false for other elements.
func (c *call) parseContact3(n *newItem, f *etree.Element) (bool, error) {
	t := strings.TrimSpace(f.Text())
	switch f.Tag {
	case "FileAsMapping":
		id, ok := fileAsMappingByName(t)
		if !ok {
			return true, errorf(ErrorInvalidValueForProperty, "FileAsMapping %q is not valid.", t)
		}
		tag, err := c.namedTag(mapi.PidLidFileUnderId, true)
		if err != nil || tag == 0 {
			return true, err
		}
		n.props = append(n.props, mapi.PropValue{Tag: tag, Value: int32(id)})
	case "PhoneticFirstName", "PhoneticLastName":
		np := mapi.PidLidYomiFirstName
		if f.Tag == "PhoneticLastName" {
			np = mapi.PidLidYomiLastName
		}
		tag, err := c.namedTag(np, true)
		if err != nil || tag == 0 {
			return true, err
		}
		n.props = append(n.props, mapi.PropValue{Tag: tag, Value: f.Text()})
	case "Alias":
		n.props = append(n.props, mapi.PropValue{Tag: mapi.PidTagAccount, Value: t})
	case "UserSMIMECertificate", "MSExchangeCertificate":
		var certs [][]byte
		for _, b := range f.ChildElements() {
			data, err := base64StdDecode(strings.TrimSpace(b.Text()))
			if err != nil || b.Tag != "Base64Binary" {
				return true, errorf(ErrorInvalidValueForProperty, "%s holds a value that is not base64.", f.Tag)
			}
			certs = append(certs, data)
		}
		tag := mapi.PidTagUserX509Certificate
		if f.Tag == "MSExchangeCertificate" {
			tag = mapi.PidTagAddressBookX509Certificate
		}
		n.props = append(n.props, mapi.PropValue{Tag: tag, Value: certs})
	case "Gender":
		i := indexOf(genderNames[:], t)
		if i < 0 {
			return true, errorf(ErrorInvalidValueForProperty, "Gender %q is not valid.", t)
		}
		n.props = append(n.props, mapi.PropValue{Tag: mapi.PidTagGender, Value: int16(i)})
	case "Notes", "Photo":
		// Read-only: Notes is the text body, Photo the contact photo
		// attachment (CreateAttachment with IsContactPhoto). Exchange
		// refuses both (exchangelib 4.9 items/contact.py: "Writing to it
		// raises ErrorInvalidPropertyRequest"). The other read-only
		// fields (PhoneticFullName, HasPicture) are ignored, as Exchange
		// ignores read-only fields on create.
		return true, errorf(ErrorInvalidPropertyRequest, "The property %s is read-only.", f.Tag)
	default:
		return false, nil
	}
	return true, nil
}

// deletableContact3 returns the properties DeleteItemField removes for
// this file's fields; false for other fields.
func (c *call) deletableContact3(f int) ([]mapi.PropTag, bool, error) {
	var np mapi.NamedProp
	switch f {
	case fFileAsMapping:
		np = mapi.PidLidFileUnderId
	case fPhoneticFirstName:
		np = mapi.PidLidYomiFirstName
	case fPhoneticLastName:
		np = mapi.PidLidYomiLastName
	case fAlias, fUserSMIMECertificate, fMSExchangeCertificate, fGender:
		return fieldTags[f], true, nil
	case fPhoneticFullName, fNotes, fPhoto:
		return nil, true, errorf(ErrorInvalidPropertyRequest, "The property is read-only.")
	default:
		return nil, false, nil
	}
	t, err := c.namedTag(np, false)
	if err != nil || t == 0 {
		return nil, true, err
	}
	return []mapi.PropTag{t}, true, nil
}

// contactCreateDefaults completes a new contact (CreateItem): the
// PidLidFileUnder of its FileAsMapping, PidLidFileUnderId 0xFFFFFFFF
// (user-provided) when only FileAs was given, and PidLidHasPicture from
// a contact photo among its attachments.
func (c *call) contactCreateDefaults(m *store.Message) error {
	tags, err := c.namedTags([]mapi.NamedProp{mapi.PidLidFileUnder, mapi.PidLidFileUnderId})
	if err != nil {
		return err
	}
	fileAs, fileAsID := tags[0], tags[1]
	if fileAsID != 0 {
		if id, ok := getInt(m.Props, fileAsID); ok {
			if v, ok := computeFileAs(uint32(id), namesOf(m.Props)); ok {
				if fileAs, err = c.namedTag(mapi.PidLidFileUnder, true); err != nil {
					return err
				}
				if fileAs != 0 {
					setProp(&m.Props, mapi.PropValue{Tag: fileAs, Value: v})
				}
			}
		} else if fileAs != 0 && get(m.Props, fileAs) != nil {
			setProp(&m.Props, mapi.PropValue{Tag: fileAsID, Value: int32(-1)})
		}
	} else if fileAs != 0 && get(m.Props, fileAs) != nil {
		if fileAsID, err = c.namedTag(mapi.PidLidFileUnderId, true); err != nil {
			return err
		}
		if fileAsID != 0 {
			setProp(&m.Props, mapi.PropValue{Tag: fileAsID, Value: int32(-1)})
		}
	}
	if _, ok := contactPhoto(m); ok {
		return c.setHasPicture(&m.Props, true)
	}
	return nil
}

// setHasPicture sets PidLidHasPicture ([MS-OXOCNTC] 2.2.1.8.1) in props.
func (c *call) setHasPicture(props *[]mapi.PropValue, v bool) error {
	t, err := c.namedTag(mapi.PidLidHasPicture, true)
	if err != nil || t == 0 {
		return err
	}
	setProp(props, mapi.PropValue{Tag: t, Value: v})
	return nil
}

// contactFileAsUpdate keeps PidLidFileUnder in step with
// PidLidFileUnderId when an UpdateItem changes a contact's names or its
// FileAsMapping, as Exchange does: the new FileAs is added to upd.Set. A
// FileAs set by the update to a new value without a FileAsMapping makes
// it user-provided (PidLidFileUnderId 0xFFFFFFFF), as Outlook does; a
// FileAs equal to the current one (exchangelib's save() sends every
// field back) changes nothing.
func (c *call) contactFileAsUpdate(mid store.MID, upd *store.MessageUpdate) error {
	tags, err := c.namedTags([]mapi.NamedProp{mapi.PidLidFileUnder, mapi.PidLidFileUnderId})
	if err != nil {
		return err
	}
	fileAs, fileAsID := tags[0], tags[1]
	touched := func(t mapi.PropTag) bool {
		if t == 0 {
			return false
		}
		for _, p := range upd.Set {
			if p.Tag == t {
				return true
			}
		}
		for _, r := range upd.Remove {
			if r.ID() == t.ID() {
				return true
			}
		}
		return false
	}
	names := false
	for _, t := range fileAsNameTags {
		names = names || touched(t)
	}
	if !names && !touched(fileAsID) && !touched(fileAs) {
		return nil
	}
	read := append([]mapi.PropTag{}, fileAsNameTags[:]...)
	for _, t := range tags {
		if t != 0 {
			read = append(read, t)
		}
	}
	cur, err := c.mb.Message(c.ctx, mid, &store.MessageOptions{Tags: read})
	if err != nil {
		return err
	}
	// The item as it will be: current values, then the update's.
	props := append([]mapi.PropValue{}, cur.Props...)
	for _, r := range upd.Remove {
		props = withoutProp(props, r)
	}
	for _, p := range upd.Set {
		setProp(&props, p)
	}
	if touched(fileAs) && !touched(fileAsID) {
		newV, _ := getString(props, fileAs)
		oldV, _ := getString(cur.Props, fileAs)
		if newV != oldV {
			if fileAsID == 0 {
				if fileAsID, err = c.namedTag(mapi.PidLidFileUnderId, true); err != nil || fileAsID == 0 {
					return err
				}
			}
			upd.Set = append(upd.Set, mapi.PropValue{Tag: fileAsID, Value: int32(-1)})
			return nil
		}
		upd.Set = withoutSet(upd.Set, []mapi.PropTag{fileAs})
	}
	if fileAsID == 0 {
		return nil
	}
	id, ok := getInt(props, fileAsID)
	if !ok {
		return nil
	}
	v, ok := computeFileAs(uint32(id), namesOf(props))
	if !ok {
		return nil
	}
	if fileAs == 0 {
		if fileAs, err = c.namedTag(mapi.PidLidFileUnder, true); err != nil || fileAs == 0 {
			return err
		}
	}
	upd.Set = append(withoutSet(upd.Set, []mapi.PropTag{fileAs}), mapi.PropValue{Tag: fileAs, Value: v})
	upd.Remove = withoutTag(upd.Remove, fileAs)
	return nil
}

// withoutProp returns props without the property t.
func withoutProp(props []mapi.PropValue, t mapi.PropTag) []mapi.PropValue {
	out := props[:0:0]
	for _, p := range props {
		if p.Tag.ID() != t.ID() {
			out = append(out, p)
		}
	}
	return out
}

// isContactPhotoElement reports whether a t:FileAttachment of
// CreateAttachment or CreateItem has IsContactPhoto true ([MS-OXWSCORE]
// FileAttachmentType).
func isContactPhotoElement(ae *etree.Element) (bool, error) {
	v := childText(ae, "IsContactPhoto")
	if v == "" {
		return false, nil
	}
	b, err := parseBool(v)
	if err != nil {
		return false, errorf(ErrorInvalidValueForProperty, "IsContactPhoto %q is not a boolean.", v)
	}
	return b, nil
}

// contactPhotoAdded completes an update that adds attachment a to the
// item cur: a contact photo sets the contact's PidLidHasPicture.
func (c *call) contactPhotoAdded(cur *store.Message, a *store.Attachment, upd *store.MessageUpdate) error {
	cls, _ := getString(cur.Props, mapi.PidTagMessageClass)
	if photo, _ := getBool(a.Props, mapi.PidTagAttachmentContactPhoto); !photo || !hasClassPrefix(cls, "IPM.Contact") {
		return nil
	}
	return c.setHasPicture(&upd.Set, true)
}

// contactPhotoRemoved completes an update that deletes attachment num of
// cur (read with its attachments): removing the last contact photo
// clears PidLidHasPicture.
func (c *call) contactPhotoRemoved(cur *store.Message, num uint32, upd *store.MessageUpdate) error {
	cls, _ := getString(cur.Props, mapi.PidTagMessageClass)
	if !hasClassPrefix(cls, "IPM.Contact") {
		return nil
	}
	removed, left := false, false
	for _, a := range cur.Attachments {
		photo, _ := getBool(a.Props, mapi.PidTagAttachmentContactPhoto)
		if !photo {
			continue
		}
		if a.Num == num {
			removed = true
		} else {
			left = true
		}
	}
	if !removed || left {
		return nil
	}
	return c.setHasPicture(&upd.Set, false)
}

// contact3PathTag returns the property a restriction or sort order on
// contacts:Alias, contacts:Notes or contacts:Gender compares (the
// phonetic names and FileAsMapping are named fields, resolved with the
// others); false for other paths.
func contact3PathTag(pp propPath) (mapi.PropTag, bool) {
	if pp.kind != pathField {
		return 0, false
	}
	switch f := itemFieldURIs[pp.uri]; f {
	case fAlias, fNotes, fGender:
		return fieldTags[f][0], true
	}
	return 0, false
}

// contact3Constant converts a restriction constant on
// contacts:FileAsMapping or contacts:Gender to the property's value.
func contact3Constant(uri, s string) (any, error) {
	if uri == "contacts:gender" {
		i := indexOf(genderNames[:], s)
		if i < 0 {
			return nil, errorf(ErrorInvalidValueForProperty, "Gender %q is not valid.", s)
		}
		return int16(i), nil
	}
	id, ok := fileAsMappingByName(s)
	if !ok {
		return nil, errorf(ErrorInvalidValueForProperty, "FileAsMapping %q is not valid.", s)
	}
	return int32(id), nil
}

// writeDirectoryContact3 writes the Exchange 2010 SP2 fields of a
// directory contact (ResolveNames ReturnFullContactData) that the
// directory has: Alias (its mail nickname) and DirectoryId (its object
// GUID, lower-case, without braces). ManagerMailbox and DirectReports
// are not kept by store.Directory.
func (c *call) writeDirectoryContact3(e store.DirectoryEntry) {
	if c.versionBefore2010SP2() {
		return
	}
	if e.Alias != "" {
		c.w.elem("t:Alias", e.Alias)
	}
	if e.GUID != ([16]byte{}) {
		c.w.elem("t:DirectoryId", strings.ToLower(strings.Trim(mapi.GUID(e.GUID).String(), "{}")))
	}
}
