package ews

import (
	"strings"

	"github.com/oxkit/oxkit/store"
)

// maxPeople bounds the personas FindPeople reads from the directory.
const maxPeople = 1000

// findPeople implements FindPeople ([MS-OXWSFINDPEOPLE] 3.1.4.1) over
// the directory (ParentFolderId "directory" or none) or a contacts folder
// of the caller's mailbox (see contactPeople). In the directory
// QueryString is ambiguous name resolution (store.Directory.Resolve),
// without it the whole address list. IndexedPageItemView pages.
// Personas carry PersonaId (GetPersona answers it), PersonaType,
// DisplayName, FileAs, GivenName, Surname, CompanyName, EmailAddress,
// EmailAddresses and, for contacts, FolderIds. Restriction and SortOrder
// apply to what was found (people2.go); PersonaShape properties beyond
// these are not implemented.
func (c *call) findPeople() error {
	body := c.req.Body
	if _, err := c.mailbox(); err != nil {
		return err
	}
	view, err := parsePageView(body, "IndexedPageItemView")
	if err != nil {
		return err
	}
	query := strings.TrimSpace(childText(body, "QueryString"))
	var people []persona
	if ids := folderIDList(child(body, "ParentFolderId")); len(ids) > 0 && (ids[0].Tag != "DistinguishedFolderId" || attr(ids[0], "Id") != "directory") {
		fid, err := c.resolveFolder(ids[0])
		if err == nil {
			people, err = c.contactPeople(fid, query)
		}
		if err != nil {
			var f *Fault
			if asFault(err, &f) {
				return f
			}
			c.bareError("FindPeople", err, ErrorFolderNotFound)
			return nil
		}
	} else if dir, ok := c.h.Store.(store.Directory); ok {
		var entries []store.DirectoryEntry
		if query != "" {
			entries, err = dir.Resolve(c.ctx, query, maxPeople)
		} else {
			entries, _, err = dir.ListEntries(c.ctx, 0, maxPeople)
		}
		if err != nil {
			return err
		}
		for _, e := range entries {
			people = append(people, directoryPersona(e))
		}
	}
	if people, err = c.filterPeople(body, people); err != nil { // people2.go
		var f *Fault
		if asFault(err, &f) {
			return f
		}
		c.bareError("FindPeople", err, ErrorInvalidRequest)
		return nil
	}
	c.w.raw(`<m:FindPeopleResponse ResponseClass="Success" xmlns:m="` + nsMessages + `" xmlns:t="` + nsTypes + `"><m:ResponseCode>NoError</m:ResponseCode>`)
	start, end := view.window(len(people))
	c.w.raw(`<m:People>`)
	for i := range people[start:end] {
		people[start+i].write(c, "t:Persona")
	}
	c.w.raw(`</m:People>`)
	c.w.elemInt("m:TotalNumberOfPeopleInView", int64(len(people)))
	c.w.elemInt("m:FirstMatchingRowIndex", 0)
	c.w.elemInt("m:FirstLoadedRowIndex", int64(start))
	c.w.raw(`</m:FindPeopleResponse>`)
	return nil
}
