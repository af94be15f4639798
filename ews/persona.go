package ews

import (
	"encoding/base64"
	"strings"

	"github.com/beevik/etree"
	"github.com/oxkit/oxkit/mapi"
	"github.com/oxkit/oxkit/store"
)

// persona is what a t:Persona is written from: a directory entry or a
// contact of the caller's mailbox.
type persona struct {
	id                                           string // PersonaId/@Id
	displayName, fileAs, given, surname, company string
	emails                                       []personaEmail
	folder                                       store.FID // the contact's folder, 0 for the directory
	mailboxType                                  string
}

type personaEmail struct{ name, addr, routing string }

// contactPersonaTags are the tags FindPeople reads from a contact
// (named ones resolved per mailbox; 0 when never used).
type contactPersonaTags struct {
	fileAs mapi.PropTag
	emails [3][3]mapi.PropTag // address, display name, address type
}

func (c *call) contactTags() (contactPersonaTags, error) {
	var t contactPersonaTags
	var err error
	if t.fileAs, err = c.namedTag(mapi.PidLidFileUnder, false); err != nil {
		return t, err
	}
	for i, row := range emailNamed {
		for j, np := range row {
			if t.emails[i][j], err = c.namedTag(np, false); err != nil {
				return t, err
			}
		}
	}
	return t, nil
}

func (t contactPersonaTags) columns() []mapi.PropTag {
	cols := []mapi.PropTag{mapi.PidTagMessageClass, mapi.PidTagDisplayName, mapi.PidTagGivenName, mapi.PidTagSurname, mapi.PidTagCompanyName}
	if t.fileAs != 0 {
		cols = append(cols, t.fileAs)
	}
	for _, row := range t.emails {
		for _, x := range row {
			if x != 0 {
				cols = append(cols, x)
			}
		}
	}
	return cols
}

// contactPersona builds the persona of a contact row.
func (c *call) contactPersona(t contactPersonaTags, fid store.FID, mid store.MID, p []mapi.PropValue) persona {
	str := func(tag mapi.PropTag) string {
		if tag == 0 {
			return ""
		}
		s, _ := getString(p, tag)
		return s
	}
	ps := persona{
		id:          ObjectID{Kind: KindMessage, Mailbox: c.mailboxGUID(), Folder: fid, Message: mid}.String(),
		displayName: str(mapi.PidTagDisplayName), fileAs: str(t.fileAs), given: str(mapi.PidTagGivenName),
		surname: str(mapi.PidTagSurname), company: str(mapi.PidTagCompanyName), folder: fid, mailboxType: "Contact",
	}
	for _, row := range t.emails {
		if a := str(row[0]); a != "" {
			rt := str(row[2])
			if rt == "" {
				rt = "SMTP"
			}
			ps.emails = append(ps.emails, personaEmail{name: nonEmpty(str(row[1]), ps.displayName), addr: a, routing: rt})
		}
	}
	if cls, _ := getString(p, mapi.PidTagMessageClass); hasClassPrefix(cls, "IPM.DistList") {
		ps.mailboxType = "PrivateDL"
	}
	return ps
}

// directoryPersona builds the persona of a directory entry.
func directoryPersona(e store.DirectoryEntry) persona {
	mt := "Mailbox"
	if e.Kind == store.EntryDistList {
		mt = "PublicDL"
	}
	return persona{id: base64.StdEncoding.EncodeToString(e.GUID[:]), displayName: e.DisplayName, mailboxType: mt,
		emails: []personaEmail{{name: e.DisplayName, addr: e.SMTPAddress, routing: "SMTP"}}}
}

// write writes a persona ([MS-OXWSFINDPEOPLE] 2.2.4.x PersonaType) as
// element el, its fields in schema order.
func (ps *persona) write(c *call, el string) {
	c.w.raw(`<` + el + `><t:PersonaId Id="`)
	c.w.attr(ps.id)
	c.w.raw(`"/>`)
	c.w.elem("t:PersonaType", "Person")
	if ps.displayName != "" {
		c.w.elem("t:DisplayName", ps.displayName)
	}
	if ps.fileAs != "" {
		c.w.elem("t:FileAs", ps.fileAs)
	}
	if ps.given != "" {
		c.w.elem("t:GivenName", ps.given)
	}
	if ps.surname != "" {
		c.w.elem("t:Surname", ps.surname)
	}
	if ps.company != "" {
		c.w.elem("t:CompanyName", ps.company)
	}
	writeAddr := func(tag string, e personaEmail) {
		c.w.raw(`<` + tag + `>`)
		c.w.elem("t:Name", e.name)
		c.w.elem("t:EmailAddress", e.addr)
		c.w.elem("t:RoutingType", e.routing)
		c.w.elem("t:MailboxType", ps.mailboxType)
		c.w.raw(`</` + tag + `>`)
	}
	if len(ps.emails) > 0 {
		writeAddr("t:EmailAddress", ps.emails[0])
		c.w.raw(`<t:EmailAddresses>`)
		for _, e := range ps.emails {
			writeAddr("t:Address", e)
		}
		c.w.raw(`</t:EmailAddresses>`)
	}
	if ps.folder != 0 {
		c.w.raw(`<t:FolderIds>`)
		c.writeFolderID("t:FolderId", ps.folder, nil)
		c.w.raw(`</t:FolderIds>`)
	}
	c.w.raw(`</` + el + `>`)
}

// contactPeople lists the personas of the contacts (and personal
// distribution lists) of folder fid matching the query string: every
// word is a prefix of a word of the display name, given name, surname,
// company, file-as name or an e-mail address. They are ordered by
// display name.
func (c *call) contactPeople(fid store.FID, query string) ([]persona, error) {
	tables, ok := c.mb.(store.Tables)
	if !ok {
		return nil, &Fault{Code: ErrorInvalidOperation, Message: "The store cannot query folder contents."}
	}
	t, err := c.contactTags()
	if err != nil {
		return nil, err
	}
	q := &store.Query{Columns: t.columns(), Limit: maxPeople,
		Sort: mapi.SortOrderSet{Orders: []mapi.SortOrder{{PropTag: mapi.PidTagDisplayName, Order: mapi.Ascending}}}}
	classes := mapi.OrRestriction{Restricts: []mapi.Restriction{
		mapi.ContentRestriction{FuzzyLevelLow: mapi.FuzzyPrefix, FuzzyLevelHigh: mapi.FuzzyIgnoreCase, PropTag: mapi.PidTagMessageClass, Value: mapi.PropValue{Tag: mapi.PidTagMessageClass, Value: "IPM.Contact"}},
		mapi.ContentRestriction{FuzzyLevelLow: mapi.FuzzyPrefix, FuzzyLevelHigh: mapi.FuzzyIgnoreCase, PropTag: mapi.PidTagMessageClass, Value: mapi.PropValue{Tag: mapi.PidTagMessageClass, Value: "IPM.DistList"}},
	}}
	var sel mapi.Restriction = classes
	if words := strings.Fields(query); len(words) > 0 {
		if len(words) > maxQueryTerms {
			return nil, &Fault{Code: ErrorInvalidRequest, Message: "The QueryString has too many words."}
		}
		tags := []mapi.PropTag{mapi.PidTagDisplayName, mapi.PidTagGivenName, mapi.PidTagSurname, mapi.PidTagCompanyName}
		if t.fileAs != 0 {
			tags = append(tags, t.fileAs)
		}
		for _, row := range t.emails {
			if row[0] != 0 {
				tags = append(tags, row[0])
			}
		}
		all := []mapi.Restriction{classes}
		for _, w := range words {
			var any []mapi.Restriction
			for _, tag := range tags {
				any = append(any, mapi.ContentRestriction{FuzzyLevelLow: mapi.FuzzyPrefixOnAnyWord, FuzzyLevelHigh: mapi.FuzzyIgnoreCase, PropTag: tag, Value: mapi.PropValue{Tag: tag, Value: w}},
					mapi.ContentRestriction{FuzzyLevelLow: mapi.FuzzyPrefix, FuzzyLevelHigh: mapi.FuzzyIgnoreCase, PropTag: tag, Value: mapi.PropValue{Tag: tag, Value: w}})
			}
			all = append(all, mapi.OrRestriction{Restricts: any})
		}
		sel = mapi.AndRestriction{Restricts: all}
	}
	q.Restriction = sel
	res, err := tables.QueryMessages(c.ctx, fid, q)
	if err != nil {
		return nil, err
	}
	out := make([]persona, 0, len(res.Rows))
	for _, r := range res.Rows {
		out = append(out, c.contactPersona(t, r.Folder, r.Message, r.Props))
	}
	return out, nil
}

// getPersona implements GetPersona ([MS-OXWSFINDPEOPLE]-family
// GetPersonaType): the persona of a PersonaId FindPeople returned — a
// contact of the caller's mailbox or a directory entry — or of an
// EmailAddress (the directory). A persona that does not exist is
// ErrorItemNotFound in the response message.
func (c *call) getPersona() error {
	body := c.req.Body
	if _, err := c.mailbox(); err != nil {
		return err
	}
	const name = "GetPersonaResponseMessage"
	ps, err := c.findPersona(body)
	c.w.raw(`<m:GetPersonaResponseMessage xmlns:m="` + nsMessages + `" xmlns:t="` + nsTypes + `" ResponseClass="`)
	if err != nil {
		e := toError(err, ErrorItemNotFound)
		c.w.raw(`Error"><m:MessageText>`)
		c.w.text(e.Message)
		c.w.raw(`</m:MessageText><m:ResponseCode>`)
		c.w.text(string(e.Code))
		// The schema requires a Persona with a PersonaId even in an error
		// message: the one asked for.
		c.w.raw(`</m:ResponseCode><m:DescriptiveLinkKey>0</m:DescriptiveLinkKey><m:Persona><t:PersonaId Id="`)
		if id := attr(child(body, "PersonaId"), "Id"); len(id) <= maxIDChars {
			c.w.attr(id)
		}
		c.w.raw(`"/></m:Persona></m:` + name + `>`)
		return nil
	}
	c.w.raw(`Success"><m:ResponseCode>NoError</m:ResponseCode>`)
	ps.write(c, "m:Persona")
	c.w.raw(`</m:` + name + `>`)
	return nil
}

func (c *call) findPersona(body *etree.Element) (*persona, error) {
	notFound := errorf(ErrorItemNotFound, "The persona was not found.")
	dir, _ := c.h.Store.(store.Directory)
	if pe := child(body, "PersonaId"); pe != nil {
		id := attr(pe, "Id")
		if len(id) > maxIDChars {
			return nil, errorf(ErrorInvalidIdMalformed, "The PersonaId is malformed.")
		}
		if oid, err := ParseObjectID(id); err == nil && oid.Kind == KindMessage {
			if oid.Mailbox != c.mailboxGUID() {
				return nil, notFound
			}
			t, err := c.contactTags()
			if err != nil {
				return nil, err
			}
			m, err := c.mb.Message(c.ctx, oid.Message, &store.MessageOptions{Tags: t.columns()})
			if err != nil {
				return nil, toError(err, ErrorItemNotFound)
			}
			cls, _ := getString(m.Props, mapi.PidTagMessageClass)
			if !hasClassPrefix(cls, "IPM.Contact") && !hasClassPrefix(cls, "IPM.DistList") {
				return nil, notFound
			}
			ps := c.contactPersona(t, m.Info.FolderID, m.Info.ID, m.Props)
			return &ps, nil
		}
		g, err := base64.StdEncoding.DecodeString(id)
		if err != nil || len(g) != 16 {
			return nil, errorf(ErrorInvalidIdMalformed, "The PersonaId is malformed.")
		}
		if dir == nil {
			return nil, notFound
		}
		entries, _, err := dir.ListEntries(c.ctx, 0, maxPeople)
		if err != nil {
			return nil, err
		}
		for _, e := range entries {
			if string(e.GUID[:]) == string(g) {
				ps := directoryPersona(e)
				return &ps, nil
			}
		}
		return nil, notFound
	}
	if ea := child(body, "EmailAddress"); ea != nil && dir != nil {
		e, err := dir.LookupUser(c.ctx, strings.TrimSpace(childText(ea, "EmailAddress")))
		if err != nil {
			return nil, notFound
		}
		ps := directoryPersona(*e)
		return &ps, nil
	}
	return nil, &Fault{Code: ErrorSchemaValidation, Message: "GetPersona needs a PersonaId or an EmailAddress."}
}
