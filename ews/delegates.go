package ews

import (
	"errors"
	"strings"

	"github.com/beevik/etree"
	"github.com/oxkit/oxkit/mapi"
	"github.com/oxkit/oxkit/store"
)

// Delegates ([MS-OXWSDLGM]): GetDelegate, AddDelegate, UpdateDelegate
// and RemoveDelegate on the caller's own mailbox. A delegate is stored
// as Exchange stores it ([MS-OXODLGT] 2.2.2): a row in the delegate
// information object (the "LocalFreebusy" message in the Freebusy Data
// folder: PidTagScheduleInfoDelegateNames, ...NamesW, ...EntryIds,
// PidTagDelegateFlags, PidTagScheduleInfoDelegatorWantsCopy/WantsInfo,
// PidTagScheduleInfoDontMailDelegates) plus rows in the permissions
// tables of the Calendar, Tasks, Inbox, Contacts, Notes and Journal
// folders (store.PermissionStore).

// delegateFolders are the folders of DelegatePermissionsType
// ([MS-OXWSDLGM] 2.2.4.4), in schema order.
var delegateFolders = [nDelegateFolders]struct {
	elem string
	kind store.SpecialFolder
}{
	{"CalendarFolderPermissionLevel", store.FolderCalendar},
	{"TasksFolderPermissionLevel", store.FolderTasks},
	{"InboxFolderPermissionLevel", store.FolderInbox},
	{"ContactsFolderPermissionLevel", store.FolderContacts},
	{"NotesFolderPermissionLevel", store.FolderNotes},
	{"JournalFolderPermissionLevel", store.FolderJournal},
}

const nDelegateFolders = 6

// maxDelegates bounds the delegates of a mailbox (and the users of one
// delegate request).
const maxDelegates = 256

const (
	delegateInfoSubject = "LocalFreebusy"
	delegateInfoClass   = "IPM.Microsoft.ScheduleData.FreeBusy"
	// delegateFlagViewPrivate is PidTagDelegateFlags' value for a
	// delegate who can see private items ([MS-OXODLGT] 2.2.2.2.6).
	delegateFlagViewPrivate = 1
)

// receiveCopiesName is the named property (PS_PUBLIC_STRINGS, one 0/1
// value per delegate, parallel to PidTagScheduleInfoDelegateNames) that
// keeps ReceiveCopiesOfMeetingMessages.
//
// QUIRK: Exchange keeps this flag in the recipients of the delegate
// forwarding rule of the Inbox ([MS-OXODLGT] 3.1.4.2), which oxkit does
// not create (the calendar assistant forwards meeting messages on
// delivery instead, calassist.go); the flag is kept beside the delegate
// information, where GetDelegate and the forwarding read it.
var receiveCopiesName = mapi.PropertyName{Kind: mapi.NameKindString, GUID: mapi.PSPublicStrings, Name: "urn:oxkit:delegate:ReceiveCopiesOfMeetingMessages"}

// delegate is one delegate of the information object.
type delegate struct {
	address, name string
	entryID       []byte
	viewPrivate   bool
	receiveCopies bool
}

// delegateInfo is the delegate information object ([MS-OXODLGT]
// 2.2.2.2).
type delegateInfo struct {
	fid       store.FID // the Freebusy Data folder
	mid       store.MID // 0: not created yet
	users     []delegate
	deliver   string // DeliverMeetingRequestsType
	copiesTag mapi.PropTag
}

func (d *delegateInfo) find(addr string) int {
	for i, u := range d.users {
		if strings.EqualFold(u.address, addr) {
			return i
		}
	}
	return -1
}

// loadDelegates reads the delegate information object of the caller's
// mailbox (an empty one if there is none yet).
func (c *call) loadDelegates() (*delegateInfo, error) {
	mb, err := c.mailbox()
	if err != nil {
		return nil, err
	}
	d := &delegateInfo{deliver: "DelegatesAndMe"}
	if d.fid, err = mb.SpecialFolder(c.ctx, store.FolderFreeBusy); err != nil {
		return nil, errorf(ErrorDelegateMissingConfiguration, "The mailbox has no Freebusy Data folder.")
	}
	x := extProp{typ: mapi.PtypMultipleInteger32, named: &receiveCopiesName}
	// Another user's mailbox (canViewPrivate) is read without mapping
	// new names in it.
	if err := c.resolveNamed([]*extProp{&x}, c.acc == nil); err != nil {
		return nil, err
	}
	d.copiesTag = x.resolved
	t, ok := mb.(store.Tables)
	if !ok {
		return nil, errorf(ErrorDelegateMissingConfiguration, "The store cannot list folder contents.")
	}
	r, err := t.QueryMessages(c.ctx, d.fid, &store.Query{
		Restriction: mapi.ContentRestriction{FuzzyLevelLow: mapi.FuzzyFullString, FuzzyLevelHigh: mapi.FuzzyIgnoreCase, PropTag: mapi.PidTagSubject, Value: mapi.PropValue{Tag: mapi.PidTagSubject, Value: delegateInfoSubject}},
		Limit:       1,
	})
	if err != nil {
		return nil, err
	}
	if len(r.Rows) == 0 {
		return d, nil
	}
	d.mid = r.Rows[0].Message
	tags := []mapi.PropTag{mapi.PidTagScheduleInfoDelegateNames, mapi.PidTagScheduleInfoDelegateEntryIds, mapi.PidTagDelegateFlags,
		mapi.PidTagScheduleInfoDelegatorWantsCopy, mapi.PidTagScheduleInfoDelegatorWantsInfo, mapi.PidTagScheduleInfoDontMailDelegates}
	if d.copiesTag != 0 {
		tags = append(tags, d.copiesTag)
	}
	m, err := mb.Message(c.ctx, d.mid, &store.MessageOptions{Tags: tags})
	if err != nil {
		return nil, err
	}
	names, _ := get(m.Props, mapi.PidTagScheduleInfoDelegateNames).([]string)
	eids, _ := get(m.Props, mapi.PidTagScheduleInfoDelegateEntryIds).([][]byte)
	flags, _ := get(m.Props, mapi.PidTagDelegateFlags).([]int32)
	var copies []int32
	if d.copiesTag != 0 {
		copies, _ = get(m.Props, d.copiesTag).([]int32)
	}
	for i, eid := range eids {
		u := delegate{entryID: eid, address: c.entryIDAddress(eid)}
		if u.address == "" {
			continue // not a user this server knows any more
		}
		if i < len(names) {
			u.name = names[i]
		}
		u.viewPrivate = i < len(flags) && flags[i] == delegateFlagViewPrivate
		u.receiveCopies = i < len(copies) && copies[i] != 0
		d.users = append(d.users, u)
	}
	wantsCopy, _ := getBool(m.Props, mapi.PidTagScheduleInfoDelegatorWantsCopy)
	wantsInfo, _ := getBool(m.Props, mapi.PidTagScheduleInfoDelegatorWantsInfo)
	dontMail, _ := getBool(m.Props, mapi.PidTagScheduleInfoDontMailDelegates)
	switch {
	case dontMail:
		d.deliver = "NoForward"
	case wantsCopy && wantsInfo:
		d.deliver = "DelegatesAndSendInformationToMe"
	case wantsCopy:
		d.deliver = "DelegatesAndMe"
	default:
		d.deliver = "DelegatesOnly"
	}
	return d, nil
}

// entryIDAddress returns the SMTP address of a delegate's entry ID: an
// address book entry ID looked up by its DN, or a one-off entry ID.
func (c *call) entryIDAddress(eid []byte) string {
	if e, err := mapi.ParseAddressBookEntryID(eid); err == nil {
		if dir, ok := c.h.Store.(store.Directory); ok {
			if de, err := dir.LookupUser(c.ctx, e.X500DN); err == nil {
				return de.SMTPAddress
			}
		}
		return ""
	}
	if e, err := mapi.ParseOneOffEntryID(eid); err == nil {
		return e.EmailAddress
	}
	return ""
}

// saveDelegates writes the delegate information object.
func (c *call) saveDelegates(d *delegateInfo) error {
	names := make([]string, len(d.users))
	eids := make([][]byte, len(d.users))
	flags := make([]int32, len(d.users))
	copies := make([]int32, len(d.users))
	for i, u := range d.users {
		names[i], eids[i] = u.name, u.entryID
		if u.viewPrivate {
			flags[i] = delegateFlagViewPrivate
		}
		if u.receiveCopies {
			copies[i] = 1
		}
	}
	set := []mapi.PropValue{
		{Tag: mapi.PidTagScheduleInfoDelegatorWantsCopy, Value: d.deliver == "DelegatesAndMe" || d.deliver == "DelegatesAndSendInformationToMe"},
		{Tag: mapi.PidTagScheduleInfoDelegatorWantsInfo, Value: d.deliver == "DelegatesAndSendInformationToMe"},
		{Tag: mapi.PidTagScheduleInfoDontMailDelegates, Value: d.deliver == "NoForward"},
	}
	multi := []mapi.PropValue{
		{Tag: mapi.PidTagScheduleInfoDelegateNames, Value: names},
		{Tag: mapi.PidTagScheduleInfoDelegateNamesW, Value: names},
		{Tag: mapi.PidTagScheduleInfoDelegateEntryIds, Value: eids},
		{Tag: mapi.PidTagDelegateFlags, Value: flags},
	}
	if d.copiesTag != 0 {
		multi = append(multi, mapi.PropValue{Tag: d.copiesTag, Value: copies})
	}
	var remove []mapi.PropTag
	if len(d.users) > 0 {
		set = append(set, multi...)
	} else {
		// Multi-valued properties have no empty value: an empty list is
		// an absent property.
		for _, p := range multi {
			remove = append(remove, p.Tag)
		}
	}
	if d.mid == 0 {
		set = append(set,
			mapi.PropValue{Tag: mapi.PidTagMessageClass, Value: delegateInfoClass},
			mapi.PropValue{Tag: mapi.PidTagSubject, Value: delegateInfoSubject})
		info, err := c.mb.CreateMessage(c.ctx, d.fid, &store.Message{Props: set, Read: true})
		if err != nil {
			return err
		}
		d.mid = info.ID
		return nil
	}
	_, err := c.mb.UpdateMessage(c.ctx, d.mid, &store.MessageUpdate{Set: set, Remove: remove})
	return err
}

// delegateMailbox checks the request's Mailbox (BaseDelegateType): the
// caller's own only.
func (c *call) delegateMailbox() error {
	if m := child(c.req.Body, "Mailbox"); m != nil {
		if addr := childText(m, "EmailAddress"); addr != "" && !c.isSelf(addr) {
			return &Fault{Code: ErrorAccessDenied, Message: "Access is denied to the delegates of " + addr + "."}
		}
	}
	_, err := c.mailbox()
	return err
}

// delegateUser resolves the t:UserId of a delegate: a directory user
// other than the caller.
func (c *call) delegateUser(u *etree.Element) (delegate, error) {
	if u != nil && childText(u, "DistinguishedUser") != "" {
		return delegate{}, errorf(ErrorDistinguishedUserNotSupported, "Default and Anonymous cannot be delegates.")
	}
	m, err := c.parseUserID(u)
	if err != nil {
		var e *Error
		if errors.As(err, &e) && e.Code == ErrorInvalidUserInfo {
			return delegate{}, &Error{Code: ErrorDelegateNoUser, Message: "The delegate does not map to a user in the directory.", Err: err}
		}
		return delegate{}, err
	}
	d := delegate{address: m.address, name: m.name}
	legacyDN := ""
	if dir, ok := c.h.Store.(store.Directory); ok {
		if e, err := dir.LookupUser(c.ctx, m.address); err == nil {
			legacyDN = e.LegacyDN
		}
	}
	if legacyDN != "" {
		d.entryID, err = mapi.NewAddressBookEntryID(mapi.ABMailUser, legacyDN).AppendBinary(nil)
	} else {
		d.entryID, err = mapi.NewOneOffEntryID(d.name, "SMTP", d.address, 0).AppendBinary(nil)
	}
	if err != nil {
		return delegate{}, &Error{Code: ErrorDelegateNoUser, Message: "The delegate's address cannot be stored.", Err: err}
	}
	return d, nil
}

// delegateLevelRights returns the rights of a DelegateFolderPermissionLevelType
// ([MS-OXWSDLGM] 2.2.5.1); Custom cannot be set.
func delegateLevelRights(level string, calendar bool) (store.Rights, error) {
	var r store.Rights
	switch level {
	case "None":
		return 0, nil
	case "Editor":
		r = store.RightsEditor
	case "Reviewer":
		r = store.RightsReviewer
	case "Author":
		r = store.RightsAuthor
	default:
		return 0, errorf(ErrorInvalidDelegatePermission, "The delegate permission level %q cannot be set.", level)
	}
	if calendar {
		r |= freeBusyRights
	}
	return r, nil
}

// delegateLevel names the delegate level of rights.
func delegateLevel(r store.Rights) string {
	switch r &^ (freeBusyRights) {
	case 0, store.RightFolderVisible:
		return "None"
	case store.RightsEditor:
		return "Editor"
	case store.RightsReviewer:
		return "Reviewer"
	case store.RightsAuthor:
		return "Author"
	}
	return "Custom"
}

// parseDelegatePerms returns the levels a DelegatePermissions element
// sets, by index of delegateFolders ("" for an element left out).
func parseDelegatePerms(e *etree.Element) ([nDelegateFolders]string, error) {
	var out [nDelegateFolders]string
	if e == nil {
		return out, nil
	}
	for i, f := range delegateFolders {
		if el := child(e, f.elem); el != nil {
			lvl := strings.TrimSpace(el.Text())
			if _, err := delegateLevelRights(lvl, false); err != nil {
				return out, err
			}
			out[i] = lvl
		}
	}
	return out, nil
}

// setMemberRights sets member's row of folder fid to rights (removing it
// for 0).
func (c *call) setMemberRights(ps store.PermissionStore, fid store.FID, member, name string, rights store.Rights) error {
	perms, err := ps.FolderPermissions(c.ctx, fid)
	if err != nil {
		return err
	}
	var ch store.PermissionChange
	exists := false
	for _, p := range perms {
		if p.MemberID > 0 && strings.EqualFold(p.Member, member) {
			exists = true
			ch.MemberID = p.MemberID
		}
	}
	switch {
	case exists && rights == 0:
		ch.Op = store.PermissionRemove
	case exists:
		ch.Op, ch.Rights = store.PermissionModify, rights
	case rights == 0:
		return nil
	default:
		ch = store.PermissionChange{Op: store.PermissionAdd, Member: member, Name: name, Rights: rights}
	}
	return ps.ModifyPermissions(c.ctx, fid, false, []store.PermissionChange{ch})
}

// memberRights returns member's own row's rights on fid (0 if none).
func (c *call) memberRights(ps store.PermissionStore, fid store.FID, member string) (store.Rights, error) {
	perms, err := ps.FolderPermissions(c.ctx, fid)
	if err != nil {
		return 0, err
	}
	for _, p := range perms {
		if p.MemberID > 0 && strings.EqualFold(p.Member, member) {
			return p.Rights, nil
		}
	}
	return 0, nil
}

// applyDelegatePerms sets the delegate's rights on the delegate folders
// for the levels given (an empty level leaves that folder alone). It
// also makes the mailbox's root folders visible to a delegate with any
// access.
//
// QUIRK: a delegate also gets FolderVisible on the Root and Top of
// Information Store folders. Outlook opens a delegated folder through
// the folder alone, but exchangelib (folders/roots.py, Account.root)
// reads the other mailbox's root folder before any delegated folder and
// fails on ErrorAccessDenied; FolderVisible shows those two folders'
// names and IDs and nothing else (FindFolder lists only folders the
// delegate may see).
func (c *call) applyDelegatePerms(u delegate, levels [nDelegateFolders]string) error {
	ps, ok := c.mb.(store.PermissionStore)
	if !ok {
		return errorf(ErrorDelegateMissingConfiguration, "The store does not keep folder permissions.")
	}
	for i, f := range delegateFolders {
		if levels[i] == "" {
			continue
		}
		fid, err := c.mb.SpecialFolder(c.ctx, f.kind)
		if err != nil {
			return err
		}
		r, err := delegateLevelRights(levels[i], f.kind == store.FolderCalendar)
		if err != nil {
			return err
		}
		if err := c.setMemberRights(ps, fid, u.address, u.name, r); err != nil {
			return err
		}
	}
	return c.delegateRootVisibility(ps, u, true)
}

// delegateRootVisibility grants (or, on removal, takes back) the
// FolderVisible rows of the Root and IPM subtree folders; rows with
// other rights are left alone.
func (c *call) delegateRootVisibility(ps store.PermissionStore, u delegate, grant bool) error {
	for _, k := range []store.SpecialFolder{store.FolderRoot, store.FolderIPMSubtree} {
		fid, err := c.mb.SpecialFolder(c.ctx, k)
		if err != nil {
			return err
		}
		cur, err := c.memberRights(ps, fid, u.address)
		if err != nil {
			return err
		}
		switch {
		case grant && cur == 0:
			err = c.setMemberRights(ps, fid, u.address, u.name, store.RightFolderVisible)
		case !grant && cur == store.RightFolderVisible:
			err = c.setMemberRights(ps, fid, u.address, u.name, 0)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// writeDelegateUser writes t:DelegateUser ([MS-OXWSDLGM] 2.2.4.3
// DelegateUserType), with the folder levels when perms.
func (c *call) writeDelegateUser(u delegate, perms bool) error {
	c.w.open("m:DelegateUser")
	c.w.open("t:UserId")
	c.w.elem("t:PrimarySmtpAddress", u.address)
	c.w.elem("t:DisplayName", nonEmpty(u.name, u.address))
	c.w.close("t:UserId")
	if perms {
		ps, ok := c.mb.(store.PermissionStore)
		c.w.open("t:DelegatePermissions")
		for _, f := range delegateFolders {
			lvl := "None"
			if ok {
				fid, err := c.mb.SpecialFolder(c.ctx, f.kind)
				if err != nil {
					return err
				}
				r, err := c.memberRights(ps, fid, u.address)
				if err != nil {
					return err
				}
				lvl = delegateLevel(r)
			}
			c.w.elem("t:"+f.elem, lvl)
		}
		c.w.close("t:DelegatePermissions")
	}
	c.w.elemBool("t:ReceiveCopiesOfMeetingMessages", u.receiveCopies)
	c.w.elemBool("t:ViewPrivateItems", u.viewPrivate)
	c.w.close("m:DelegateUser")
	return nil
}

// delegateResponseStart opens <m:{op}Response> with its own
// ResponseClass (BaseDelegateResponseMessageType is a response message
// itself) and the per-user ResponseMessages.
func (c *call) delegateResponseStart(op string, users bool) {
	c.w.raw(`<m:` + op + `Response ResponseClass="Success" xmlns:m="` + nsMessages + `" xmlns:t="` + nsTypes + `"><m:ResponseCode>NoError</m:ResponseCode>`)
	if users {
		c.w.raw(`<m:ResponseMessages>`)
	}
}

func (c *call) delegateResponseEnd(op string, users bool, deliver string) {
	if users {
		c.w.raw(`</m:ResponseMessages>`)
	}
	if deliver != "" {
		c.w.elem("m:DeliverMeetingRequests", deliver)
	}
	c.w.raw(`</m:` + op + `Response>`)
}

const delegateMsg = "DelegateUserResponseMessageType"

// userElements returns the children of a container element (DelegateUsers,
// UserIds), failing past maxDelegates.
func userElements(e *etree.Element) ([]*etree.Element, error) {
	if e == nil {
		return nil, nil
	}
	els := e.ChildElements()
	if len(els) > maxDelegates {
		return nil, &Fault{Code: ErrorInvalidRequest, Message: "The request names too many users."}
	}
	return els, nil
}

// deliverMeetingRequests parses an optional DeliverMeetingRequests.
func deliverMeetingRequests(body *etree.Element) (string, error) {
	v := childText(body, "DeliverMeetingRequests")
	switch v {
	case "", "DelegatesOnly", "DelegatesAndMe", "DelegatesAndSendInformationToMe", "NoForward":
		return v, nil
	}
	return "", &Fault{Code: ErrorSchemaValidation, Message: "DeliverMeetingRequests is not valid."}
}

// getDelegate implements GetDelegate ([MS-OXWSDLGM] 3.1.4.3): every
// delegate, or those of UserIds (ErrorNotDelegate for the others), with
// their folder permission levels when IncludePermissions is true.
func (c *call) getDelegate() error {
	if err := c.delegateMailbox(); err != nil {
		return err
	}
	incl, err := parseBool(attr(c.req.Body, "IncludePermissions"))
	if err != nil && attr(c.req.Body, "IncludePermissions") != "" {
		return &Fault{Code: ErrorSchemaValidation, Message: "IncludePermissions is not valid."}
	}
	ids, err := userElements(child(c.req.Body, "UserIds"))
	if err != nil {
		return err
	}
	d, err := c.loadDelegates()
	if err != nil {
		return err
	}
	var users []delegate
	var errs []error
	if ids == nil {
		users = d.users
		errs = make([]error, len(users))
	} else {
		for _, u := range ids {
			du, err := c.delegateUser(u)
			if err == nil {
				if i := d.find(du.address); i >= 0 {
					du = d.users[i]
				} else {
					err = errorf(ErrorNotDelegate, "%s is not a delegate of this mailbox.", du.address)
				}
			}
			users, errs = append(users, du), append(errs, err)
		}
	}
	c.delegateResponseStart("GetDelegate", len(users) > 0)
	for i, u := range users {
		if errs[i] != nil {
			c.msgError(delegateMsg, errs[i], ErrorNotDelegate)
			continue
		}
		mark := len(c.w.b)
		c.msgStart(delegateMsg)
		if err := c.writeDelegateUser(u, incl); err != nil {
			c.w.b = c.w.b[:mark]
			c.msgError(delegateMsg, err, ErrorNotDelegate)
			continue
		}
		c.msgEnd(delegateMsg)
	}
	c.delegateResponseEnd("GetDelegate", len(users) > 0, d.deliver)
	return nil
}

// addDelegate implements AddDelegate ([MS-OXWSDLGM] 3.1.4.1).
func (c *call) addDelegate() error {
	return c.changeDelegates("AddDelegate", c.addOne)
}

func (c *call) writeDelegateResult(u delegate, err error) {
	if err == nil {
		mark := len(c.w.b)
		c.msgStart(delegateMsg)
		if err = c.writeDelegateUser(u, true); err == nil {
			c.msgEnd(delegateMsg)
			return
		}
		c.w.b = c.w.b[:mark]
	}
	c.msgError(delegateMsg, err, ErrorNotDelegate)
}

func (c *call) addOne(d *delegateInfo, ue *etree.Element) (delegate, error) {
	u, err := c.delegateUser(child(ue, "UserId"))
	if err != nil {
		return u, err
	}
	if c.isSelf(u.address) {
		return u, errorf(ErrorDelegateCannotAddOwner, "The owner of the mailbox cannot be a delegate of it.")
	}
	if d.find(u.address) >= 0 {
		return u, errorf(ErrorDelegateAlreadyExists, "%s is already a delegate of this mailbox.", u.address)
	}
	if len(d.users) >= maxDelegates {
		return u, errorf(ErrorInvalidRequest, "The mailbox has too many delegates.")
	}
	levels, err := parseDelegatePerms(child(ue, "DelegatePermissions"))
	if err != nil {
		return u, err
	}
	if u.receiveCopies, err = boolChild(ue, "ReceiveCopiesOfMeetingMessages", false); err != nil {
		return u, err
	}
	if u.viewPrivate, err = boolChild(ue, "ViewPrivateItems", false); err != nil {
		return u, err
	}
	if err := c.applyDelegatePerms(u, levels); err != nil {
		return u, err
	}
	d.users = append(d.users, u)
	return u, nil
}

// updateDelegate implements UpdateDelegate ([MS-OXWSDLGM] 3.1.4.4):
// the folder levels, ReceiveCopiesOfMeetingMessages and ViewPrivateItems
// given replace the delegate's; what is left out stays.
func (c *call) updateDelegate() error {
	return c.changeDelegates("UpdateDelegate", c.updateOne)
}

// changeDelegates is AddDelegate and UpdateDelegate: DeliverMeetingRequests
// and one step per DelegateUser, saved together, one response message
// per user in request order.
func (c *call) changeDelegates(op string, one func(*delegateInfo, *etree.Element) (delegate, error)) error {
	if err := c.delegateMailbox(); err != nil {
		return err
	}
	body := c.req.Body
	users, err := userElements(child(body, "DelegateUsers"))
	if err != nil {
		return err
	}
	deliver, err := deliverMeetingRequests(body)
	if err != nil {
		return err
	}
	d, err := c.loadDelegates()
	if err != nil {
		return err
	}
	if deliver != "" {
		d.deliver = deliver
	}
	type result struct {
		u   delegate
		err error
	}
	var results []result
	for _, ue := range users {
		u, err := one(d, ue)
		results = append(results, result{u, err})
	}
	if err := c.saveDelegates(d); err != nil {
		return err
	}
	c.delegateResponseStart(op, len(results) > 0)
	for _, r := range results {
		c.writeDelegateResult(r.u, r.err)
	}
	c.delegateResponseEnd(op, len(results) > 0, "")
	return nil
}

func (c *call) updateOne(d *delegateInfo, ue *etree.Element) (delegate, error) {
	u, err := c.delegateUser(child(ue, "UserId"))
	if err != nil {
		return u, err
	}
	i := d.find(u.address)
	if i < 0 {
		return u, errorf(ErrorNotDelegate, "%s is not a delegate of this mailbox.", u.address)
	}
	cur := d.users[i]
	levels, err := parseDelegatePerms(child(ue, "DelegatePermissions"))
	if err != nil {
		return cur, err
	}
	if cur.receiveCopies, err = boolChild(ue, "ReceiveCopiesOfMeetingMessages", cur.receiveCopies); err != nil {
		return cur, err
	}
	if cur.viewPrivate, err = boolChild(ue, "ViewPrivateItems", cur.viewPrivate); err != nil {
		return cur, err
	}
	if err := c.applyDelegatePerms(cur, levels); err != nil {
		return cur, err
	}
	d.users[i] = cur
	return cur, nil
}

// removeDelegate implements RemoveDelegate ([MS-OXWSDLGM] 3.1.4.2): the
// delegates leave the information object and lose their rows on the
// delegate folders (and the root visibility AddDelegate gave them).
func (c *call) removeDelegate() error {
	if err := c.delegateMailbox(); err != nil {
		return err
	}
	ids, err := userElements(child(c.req.Body, "UserIds"))
	if err != nil {
		return err
	}
	d, err := c.loadDelegates()
	if err != nil {
		return err
	}
	var errs []error
	for _, ue := range ids {
		errs = append(errs, c.removeOne(d, ue))
	}
	if err := c.saveDelegates(d); err != nil {
		return err
	}
	c.delegateResponseStart("RemoveDelegate", len(errs) > 0)
	for _, err := range errs {
		if err != nil {
			c.msgError(delegateMsg, err, ErrorNotDelegate)
			continue
		}
		c.msgStart(delegateMsg)
		c.msgEnd(delegateMsg)
	}
	c.delegateResponseEnd("RemoveDelegate", len(errs) > 0, "")
	return nil
}

func (c *call) removeOne(d *delegateInfo, ue *etree.Element) error {
	u, err := c.delegateUser(ue)
	if err != nil {
		return err
	}
	i := d.find(u.address)
	if i < 0 {
		return errorf(ErrorNotDelegate, "%s is not a delegate of this mailbox.", u.address)
	}
	u = d.users[i]
	if ps, ok := c.mb.(store.PermissionStore); ok {
		for _, f := range delegateFolders {
			fid, err := c.mb.SpecialFolder(c.ctx, f.kind)
			if err != nil {
				return err
			}
			if err := c.setMemberRights(ps, fid, u.address, u.name, 0); err != nil {
				return err
			}
		}
		if err := c.delegateRootVisibility(ps, u, false); err != nil {
			return err
		}
	}
	d.users = append(d.users[:i], d.users[i+1:]...)
	return nil
}
