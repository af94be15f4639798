package ews

import (
	"strings"

	"github.com/beevik/etree"
	"github.com/oxkit/oxkit/mapi"
	"github.com/oxkit/oxkit/store"
)

// Folder permissions in EWS: t:PermissionSet (t:Permission rows) and,
// for calendar folders, t:CalendarPermissionSet (t:CalendarPermission
// rows) ([MS-OXWSFOLD] 2.2.4.13 PermissionSetType, 2.2.4.4
// CalendarPermissionSetType, 2.2.4.11 PermissionType, 2.2.4.3
// CalendarPermissionType, 2.2.5.x PermissionLevelType and
// CalendarPermissionLevelType), over store.PermissionStore rows
// ([MS-OXCPERM] 2.2.7 PidTagMemberRights).

// Response codes of permissions and delegates ([MS-OXWSCDATA] 2.2.5.24).
const (
	ErrorNonExistentMailbox                             ResponseCode = "ErrorNonExistentMailbox"
	ErrorInvalidUserInfo                                ResponseCode = "ErrorInvalidUserInfo"
	ErrorDuplicateUserIdsSpecified                      ResponseCode = "ErrorDuplicateUserIdsSpecified"
	ErrorInvalidPermissionSettings                      ResponseCode = "ErrorInvalidPermissionSettings"
	ErrorCannotSetCalendarPermissionOnNonCalendarFolder ResponseCode = "ErrorCannotSetCalendarPermissionOnNonCalendarFolder"
	ErrorCannotSetNonCalendarPermissionOnCalendarFolder ResponseCode = "ErrorCannotSetNonCalendarPermissionOnCalendarFolder"
	ErrorCannotSetPermissionUnknownEntries              ResponseCode = "ErrorCannotSetPermissionUnknownEntries"
	ErrorDelegateAlreadyExists                          ResponseCode = "ErrorDelegateAlreadyExists"
	ErrorDelegateCannotAddOwner                         ResponseCode = "ErrorDelegateCannotAddOwner"
	ErrorDelegateNoUser                                 ResponseCode = "ErrorDelegateNoUser"
	ErrorNotDelegate                                    ResponseCode = "ErrorNotDelegate"
	ErrorInvalidDelegatePermission                      ResponseCode = "ErrorInvalidDelegatePermission"
	ErrorMissingUserIdInformation                       ResponseCode = "ErrorMissingUserIdInformation"
	ErrorDistinguishedUserNotSupported                  ResponseCode = "ErrorDistinguishedUserNotSupported"
	ErrorDelegateMissingConfiguration                   ResponseCode = "ErrorDelegateMissingConfiguration"
)

// freeBusyRights are the calendar-only bits.
const freeBusyRights = store.RightFreeBusySimple | store.RightFreeBusyDetailed

// permLevels are the permission levels of PermissionLevelType with their
// rights ([MS-OXCPERM] 2.2.7 and the roles of Outlook's permission
// dialog), in the order levels are matched when writing.
var permLevels = []struct {
	name   string
	rights store.Rights
}{
	{"None", 0},
	{"Owner", store.RightsOwner},
	{"PublishingEditor", store.RightsPublishingEditor},
	{"Editor", store.RightsEditor},
	{"PublishingAuthor", store.RightsPublishingAuthor},
	{"Author", store.RightsAuthor},
	{"NoneditingAuthor", store.RightsNoneditingAuthor},
	{"Reviewer", store.RightsReviewer},
	{"Contributor", store.RightsContributor},
}

// levelRights returns the rights of a permission level; calendar levels
// that read items also see free/busy with details, and the two
// free/busy-only levels of CalendarPermissionLevelType are calendar
// only. ok is false for Custom and unknown names.
func levelRights(name string, calendar bool) (store.Rights, bool) {
	if calendar {
		switch name {
		case "FreeBusyTimeOnly":
			return store.RightFreeBusySimple, true
		case "FreeBusyTimeAndSubjectAndLocation":
			return freeBusyRights, true
		}
	}
	for _, l := range permLevels {
		if l.name == name {
			r := l.rights
			if calendar && r.Has(store.RightReadAny) {
				r |= freeBusyRights
			}
			return r, true
		}
	}
	return 0, false
}

// rightsLevel names the level of rights, "Custom" if none matches.
func rightsLevel(r store.Rights, calendar bool) string {
	if calendar {
		switch r {
		case store.RightFreeBusySimple:
			return "FreeBusyTimeOnly"
		case freeBusyRights:
			return "FreeBusyTimeAndSubjectAndLocation"
		}
	}
	for _, l := range permLevels {
		if lr, _ := levelRights(l.name, calendar); lr == r {
			return l.name
		}
	}
	return "Custom"
}

// folderIsCalendar reports whether fid is a calendar folder (its class
// starts with IPF.Appointment).
func (c *call) folderIsCalendar(fid store.FID) (bool, error) {
	f, err := c.mb.Folder(c.ctx, fid, []mapi.PropTag{mapi.PidTagContainerClass})
	if err != nil {
		return false, err
	}
	cls, _ := getString(f.Props, mapi.PidTagContainerClass)
	return hasClassPrefix(cls, "IPF.Appointment"), nil
}

// writePermissionSet writes the PermissionSet of folder fid, whose
// element is el (t:CalendarFolder gets a t:CalendarPermissionSet). Only
// the owner and folder owners see the table; for others it is left out,
// as Exchange leaves it out for callers without the right to see it.
func (c *call) writePermissionSet(fid store.FID, el string) error {
	ps, ok := c.mb.(store.PermissionStore)
	if !ok {
		return nil
	}
	if c.acc != nil {
		r, err := c.folderRights(fid)
		if err != nil {
			return err
		}
		if !r.Has(store.RightFolderOwner) {
			return nil
		}
	}
	perms, err := ps.FolderPermissions(c.ctx, fid)
	if err != nil {
		return err
	}
	// The element is t:PermissionSet in every folder type; in a
	// t:CalendarFolder it has CalendarPermissionSetType.
	calendar := el == "t:CalendarFolder"
	arr, row := "t:Permissions", "t:Permission"
	if calendar {
		arr, row = "t:CalendarPermissions", "t:CalendarPermission"
	}
	c.w.open("t:PermissionSet")
	c.w.open(arr)
	for _, p := range perms {
		c.writePermission(row, p, calendar)
	}
	c.w.close(arr)
	c.w.close("t:PermissionSet")
	return nil
}

// writePermission writes one row ([MS-OXWSFOLD] 2.2.4.11 PermissionType
// / 2.2.4.3 CalendarPermissionType).
func (c *call) writePermission(row string, p store.Permission, calendar bool) {
	c.w.open(row)
	c.w.open("t:UserId")
	switch {
	case p.MemberID == store.MemberDefault:
		c.w.elem("t:DistinguishedUser", "Default")
	case p.MemberID == store.MemberAnonymous:
		c.w.elem("t:DistinguishedUser", "Anonymous")
	default:
		c.w.elem("t:PrimarySmtpAddress", p.Member)
		c.w.elem("t:DisplayName", nonEmpty(p.Name, p.Member))
	}
	c.w.close("t:UserId")
	r := p.Rights
	c.w.elemBool("t:CanCreateItems", r.Has(store.RightCreate))
	c.w.elemBool("t:CanCreateSubFolders", r.Has(store.RightCreateSubfolder))
	c.w.elemBool("t:IsFolderOwner", r.Has(store.RightFolderOwner))
	c.w.elemBool("t:IsFolderVisible", r.Has(store.RightFolderVisible))
	c.w.elemBool("t:IsFolderContact", r.Has(store.RightFolderContact))
	c.w.elem("t:EditItems", actionOf(r, store.RightEditAny, store.RightEditOwned))
	c.w.elem("t:DeleteItems", actionOf(r, store.RightDeleteAny, store.RightDeleteOwned))
	read := "None"
	switch {
	case r.Has(store.RightReadAny):
		read = "FullDetails"
	case calendar && r.Has(store.RightFreeBusyDetailed):
		read = "TimeAndSubjectAndLocation"
	case calendar && r.Has(store.RightFreeBusySimple):
		read = "TimeOnly"
	}
	c.w.elem("t:ReadItems", read)
	if calendar {
		c.w.elem("t:CalendarPermissionLevel", rightsLevel(r, true))
	} else {
		c.w.elem("t:PermissionLevel", rightsLevel(r, false))
	}
	c.w.close(row)
}

// actionOf returns the PermissionActionType of the any/owned bit pair.
func actionOf(r, anyBit, ownBit store.Rights) string {
	switch {
	case r.Has(anyBit):
		return "All"
	case r.Has(ownBit):
		return "Owned"
	}
	return "None"
}

// permMember is a parsed t:UserId.
type permMember struct {
	id      int64 // store.MemberDefault / MemberAnonymous, or 1 for a user
	address string
	name    string
}

// parseUserID resolves a t:UserId ([MS-OXWSFOLD] 2.2.4.16 UserIdType):
// a DistinguishedUser, or a PrimarySmtpAddress of the directory.
// Security identifiers are not supported (no directory SIDs).
func (c *call) parseUserID(u *etree.Element) (permMember, error) {
	if u == nil {
		return permMember{}, errorf(ErrorMissingUserIdInformation, "The UserId is missing.")
	}
	switch childText(u, "DistinguishedUser") {
	case "Default":
		return permMember{id: store.MemberDefault, name: "Default"}, nil
	case "Anonymous":
		return permMember{id: store.MemberAnonymous, name: "Anonymous"}, nil
	case "":
	default:
		return permMember{}, errorf(ErrorInvalidUserInfo, "DistinguishedUser is not valid.")
	}
	addr := childText(u, "PrimarySmtpAddress")
	if addr == "" {
		return permMember{}, errorf(ErrorMissingUserIdInformation, "The UserId has no PrimarySmtpAddress (security identifiers are not supported by this server).")
	}
	m := permMember{id: 1, address: addr, name: childText(u, "DisplayName")}
	if dir, ok := c.h.Store.(store.Directory); ok {
		e, err := dir.LookupUser(c.ctx, addr)
		if err != nil || e.Kind != store.EntryUser {
			return permMember{}, &Error{Code: ErrorInvalidUserInfo, Message: "The user " + addr + " was not found in the directory.", Err: err}
		}
		m.address, m.name = e.SMTPAddress, nonEmpty(e.DisplayName, e.SMTPAddress)
	}
	return m, nil
}

// boolChild parses an optional boolean child; def when absent.
func boolChild(e *etree.Element, name string, def bool) (bool, error) {
	c := child(e, name)
	if c == nil {
		return def, nil
	}
	v, err := parseBool(strings.TrimSpace(c.Text()))
	if err != nil {
		return false, errorf(ErrorInvalidPermissionSettings, "%s is not a boolean.", name)
	}
	return v, nil
}

// childFold returns e's first child whose local name equals name
// case-insensitively.
//
// QUIRK: exchangelib 4.9 writes CanCreateSubfolders (the schema spells
// CanCreateSubFolders) and puts CalendarPermissionLevel in t:Permission
// (exchangelib/properties.py, Permission.permission_level); both are
// read as Exchange's lenient parser reads them.
func childFold(e *etree.Element, name string) *etree.Element {
	for _, t := range e.Child {
		if c, ok := t.(*etree.Element); ok && strings.EqualFold(c.Tag, name) {
			return c
		}
	}
	return nil
}

// parsePermission converts a t:Permission or t:CalendarPermission into a
// member and rights. A named level sets the rights; Custom builds them
// from the individual elements.
func (c *call) parsePermission(p *etree.Element, calendar bool) (permMember, store.Rights, error) {
	m, err := c.parseUserID(child(p, "UserId"))
	if err != nil {
		return m, 0, err
	}
	lvlEl := childFold(p, "PermissionLevel")
	if lvlEl == nil {
		lvlEl = childFold(p, "CalendarPermissionLevel")
	}
	if lvlEl == nil {
		return m, 0, errorf(ErrorInvalidPermissionSettings, "The permission has no permission level.")
	}
	lvl := strings.TrimSpace(lvlEl.Text())
	if lvl != "Custom" {
		r, ok := levelRights(lvl, calendar)
		if !ok {
			return m, 0, errorf(ErrorInvalidPermissionSettings, "The permission level %q is not valid here.", lvl)
		}
		return m, r, nil
	}
	var r store.Rights
	for _, b := range []struct {
		name string
		bit  store.Rights
	}{
		{"CanCreateItems", store.RightCreate},
		{"CanCreateSubFolders", store.RightCreateSubfolder},
		{"IsFolderOwner", store.RightFolderOwner},
		{"IsFolderVisible", store.RightFolderVisible},
		{"IsFolderContact", store.RightFolderContact},
	} {
		e := childFold(p, b.name)
		if e == nil {
			continue
		}
		v, err := parseBool(strings.TrimSpace(e.Text()))
		if err != nil {
			return m, 0, errorf(ErrorInvalidPermissionSettings, "%s is not a boolean.", b.name)
		}
		if v {
			r |= b.bit
		}
	}
	for _, a := range []struct {
		name     string
		any, own store.Rights
	}{{"EditItems", store.RightEditAny, store.RightEditOwned}, {"DeleteItems", store.RightDeleteAny, store.RightDeleteOwned}} {
		switch childText(p, a.name) {
		case "", "None":
		case "Owned":
			r |= a.own
		case "All":
			r |= a.any | a.own
		default:
			return m, 0, errorf(ErrorInvalidPermissionSettings, "%s is not valid.", a.name)
		}
	}
	switch childText(p, "ReadItems") {
	case "", "None":
	case "FullDetails":
		r |= store.RightReadAny
		if calendar {
			r |= freeBusyRights
		}
	case "TimeOnly":
		if !calendar {
			return m, 0, errorf(ErrorInvalidPermissionSettings, "ReadItems TimeOnly is for calendar folders.")
		}
		r |= store.RightFreeBusySimple
	case "TimeAndSubjectAndLocation":
		if !calendar {
			return m, 0, errorf(ErrorInvalidPermissionSettings, "ReadItems TimeAndSubjectAndLocation is for calendar folders.")
		}
		r |= freeBusyRights
	default:
		return m, 0, errorf(ErrorInvalidPermissionSettings, "ReadItems is not valid.")
	}
	return m, r, nil
}

// parsePermissionSet converts a t:PermissionSet into the changes that
// replace a folder's table (ModifyPermissions with replace): the rows
// not listed are removed and Default/Anonymous reset to None.
func (c *call) parsePermissionSet(set *etree.Element, calendar bool) ([]store.PermissionChange, error) {
	// QUIRK: exchangelib 4.9 wraps the set in a second PermissionSet
	// element (<t:PermissionSet><t:PermissionSet><t:Permissions>...,
	// seen from its UpdateFolder with folder:PermissionSet); the inner
	// one is the set.
	if inner := child(set, "PermissionSet"); inner != nil && len(set.ChildElements()) == 1 {
		set = inner
	}
	if u := child(set, "UnknownEntries"); u != nil && len(u.ChildElements()) > 0 {
		return nil, errorf(ErrorCannotSetPermissionUnknownEntries, "Permissions cannot be set on unknown entries.")
	}
	var rows []*etree.Element
	for _, arr := range set.ChildElements() {
		switch arr.Tag {
		case "Permissions", "CalendarPermissions":
			for _, p := range arr.ChildElements() {
				switch {
				case p.Tag == "CalendarPermission" && !calendar:
					return nil, errorf(ErrorCannotSetCalendarPermissionOnNonCalendarFolder, "Calendar permissions cannot be set on a folder that is not a calendar.")
				case p.Tag == "Permission" && calendar:
					return nil, errorf(ErrorCannotSetNonCalendarPermissionOnCalendarFolder, "Permissions of other folders cannot be set on a calendar folder.")
				case p.Tag != "Permission" && p.Tag != "CalendarPermission":
					return nil, errorf(ErrorInvalidPermissionSettings, "%s is not a permission.", p.Tag)
				}
				rows = append(rows, p)
			}
		case "UnknownEntries":
		default:
			return nil, errorf(ErrorInvalidPermissionSettings, "%s is not part of a permission set.", arr.Tag)
		}
	}
	if len(rows) > maxPermissionRows {
		return nil, errorf(ErrorInvalidPermissionSettings, "A folder can have at most %d permission entries.", maxPermissionRows)
	}
	seen := map[string]bool{}
	changes := []store.PermissionChange{} // non-nil: an empty set clears the table
	for _, p := range rows {
		m, r, err := c.parsePermission(p, calendar)
		if err != nil {
			return nil, err
		}
		key := strings.ToLower(m.address)
		if m.id <= 0 {
			key = m.name
		}
		if seen[key] {
			return nil, errorf(ErrorDuplicateUserIdsSpecified, "The user %s is listed more than once.", nonEmpty(m.address, m.name))
		}
		seen[key] = true
		if m.id <= 0 {
			changes = append(changes, store.PermissionChange{Op: store.PermissionModify, MemberID: m.id, Rights: r})
		} else {
			changes = append(changes, store.PermissionChange{Op: store.PermissionAdd, Member: m.address, Name: m.name, Rights: r})
		}
	}
	return changes, nil
}

// maxPermissionRows bounds the rows of one PermissionSet.
const maxPermissionRows = 1000

// setPermissions replaces fid's table with changes.
func (c *call) setPermissions(fid store.FID, changes []store.PermissionChange) error {
	ps, ok := c.mb.(store.PermissionStore)
	if !ok {
		return errorf(ErrorInvalidOperation, "The store does not keep folder permissions.")
	}
	return ps.ModifyPermissions(c.ctx, fid, true, changes)
}

// folderPermissionSet parses the PermissionSet of a CreateFolder folder
// element f with properties props; nil if it has none.
func (c *call) folderPermissionSet(f *etree.Element, props []mapi.PropValue) ([]store.PermissionChange, error) {
	set := child(f, "PermissionSet")
	if set == nil {
		return nil, nil
	}
	cls, _ := getString(props, mapi.PidTagContainerClass)
	return c.parsePermissionSet(set, hasClassPrefix(cls, "IPF.Appointment"))
}

// updatePermissionSet parses the PermissionSet of a SetFolderField
// folder:PermissionSet on folder fid ([MS-OXWSFOLD] 3.1.4.8).
func (c *call) updatePermissionSet(fid store.FID, folderEl *etree.Element) ([]store.PermissionChange, error) {
	set := child(folderEl, "PermissionSet")
	if set == nil {
		return nil, errorf(ErrorIncorrectUpdatePropertyCount, "An object within a change description must contain one and only one property to modify.")
	}
	calendar, err := c.folderIsCalendar(fid)
	if err != nil {
		return nil, err
	}
	return c.parsePermissionSet(set, calendar)
}
