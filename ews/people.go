package ews

import (
	"encoding/base64"
	"strings"

	"github.com/oxkit/oxkit/store"
)

// maxPeople bounds the personas FindPeople reads from the directory.
const maxPeople = 1000

// findPeople implements FindPeople ([MS-OXWSFINDPEOPLE] 3.1.4.1) over
// the directory (ParentFolderId "directory" or none): QueryString is
// ambiguous name resolution (store.Directory.Resolve), without it the
// whole address list; IndexedPageItemView pages. Personas carry
// PersonaId, PersonaType, DisplayName and EmailAddress. Contacts folders
// as a source, restrictions and sort orders are not implemented.
func (c *call) findPeople() error {
	body := c.req.Body
	if _, err := c.mailbox(); err != nil {
		return err
	}
	view, err := parsePageView(body, "IndexedPageItemView")
	if err != nil {
		return err
	}
	if ids := folderIDList(child(body, "ParentFolderId")); len(ids) > 0 {
		if ids[0].Tag != "DistinguishedFolderId" || attr(ids[0], "Id") != "directory" {
			return &Fault{Code: ErrorInvalidOperation, Message: "FindPeople searches the directory only on this server."}
		}
	}
	c.w.raw(`<m:FindPeopleResponse ResponseClass="Success" xmlns:m="` + nsMessages + `" xmlns:t="` + nsTypes + `"><m:ResponseCode>NoError</m:ResponseCode>`)
	defer c.w.raw(`</m:FindPeopleResponse>`)
	dir, ok := c.h.Store.(store.Directory)
	var people []store.DirectoryEntry
	if ok {
		if q := strings.TrimSpace(childText(body, "QueryString")); q != "" {
			people, err = dir.Resolve(c.ctx, q, maxPeople)
		} else {
			people, _, err = dir.ListEntries(c.ctx, 0, maxPeople)
		}
		if err != nil {
			return err
		}
	}
	start, end := view.window(len(people))
	c.w.raw(`<m:People>`)
	for _, p := range people[start:end] {
		c.w.raw(`<t:Persona><t:PersonaId Id="`)
		c.w.b = base64.StdEncoding.AppendEncode(c.w.b, p.GUID[:])
		c.w.raw(`"/>`)
		c.w.elem("t:PersonaType", "Person")
		c.w.elem("t:DisplayName", p.DisplayName)
		c.w.raw(`<t:EmailAddress>`)
		c.w.elem("t:Name", p.DisplayName)
		c.w.elem("t:EmailAddress", p.SMTPAddress)
		c.w.elem("t:RoutingType", "SMTP")
		if p.Kind == store.EntryDistList {
			c.w.elem("t:MailboxType", "PublicDL")
		} else {
			c.w.elem("t:MailboxType", "Mailbox")
		}
		c.w.raw(`</t:EmailAddress></t:Persona>`)
	}
	c.w.raw(`</m:People>`)
	c.w.elemInt("m:TotalNumberOfPeopleInView", int64(len(people)))
	c.w.elemInt("m:FirstMatchingRowIndex", 0)
	c.w.elemInt("m:FirstLoadedRowIndex", int64(start))
	return nil
}

// getUserPhoto implements GetUserPhoto ([MS-OXWSPHOTO] 3.1.4.1) for a
// server that keeps no photos: ErrorItemNotFound with HasChanged false,
// so clients fall back to initials without retrying.
func (c *call) getUserPhoto() error {
	c.w.raw(`<m:GetUserPhotoResponse ResponseClass="Error" xmlns:m="` + nsMessages + `" xmlns:t="` + nsTypes + `">` +
		`<m:MessageText>The user has no photo.</m:MessageText><m:ResponseCode>ErrorItemNotFound</m:ResponseCode>` +
		`<m:DescriptiveLinkKey>0</m:DescriptiveLinkKey><m:HasChanged>false</m:HasChanged></m:GetUserPhotoResponse>`)
	return nil
}
