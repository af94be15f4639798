package ews

import (
	"testing"

	"github.com/beevik/etree"
	"github.com/google/go-cmp/cmp"
)

type personaView struct {
	ID, Name, Given, Surname, Company, Email string
	Emails                                   []string
	Folder                                   bool
}

func viewPersona(p *etree.Element) personaView {
	v := personaView{ID: p.SelectElement("PersonaId").SelectAttrValue("Id", ""), Name: text(p, "DisplayName"), Given: text(p, "GivenName"),
		Surname: text(p, "Surname"), Company: text(p, "CompanyName"), Email: text(p.SelectElement("EmailAddress"), "EmailAddress"),
		Folder: p.FindElement("FolderIds/FolderId") != nil}
	for _, a := range p.FindElements("EmailAddresses/Address") {
		v.Emails = append(v.Emails, text(a, "EmailAddress"))
	}
	return v
}

// TestFindPeopleContacts: FindPeople over a contacts folder and GetPersona
// for what it returns ([MS-OXWSFINDPEOPLE]).
func TestFindPeopleContacts(t *testing.T) {
	e := newEnv(t)
	for _, c := range []string{
		`<t:DisplayName>Ada Lovelace</t:DisplayName><t:GivenName>Ada</t:GivenName><t:CompanyName>Analytical Engines</t:CompanyName>` +
			`<t:EmailAddresses><t:Entry Key="EmailAddress1">ada@example.org</t:Entry><t:Entry Key="EmailAddress2">countess@example.net</t:Entry></t:EmailAddresses><t:Surname>Lovelace</t:Surname>`,
		`<t:DisplayName>Charles Babbage</t:DisplayName><t:GivenName>Charles</t:GivenName><t:Surname>Babbage</t:Surname>`,
	} {
		mustSuccess(t, e.call(`<m:CreateItem><m:SavedItemFolderId>`+dist("contacts")+`</m:SavedItemFolderId><m:Items><t:Contact>`+c+`</t:Contact></m:Items></m:CreateItem>`))
	}
	find := func(q, view string) ([]personaView, string) {
		t.Helper()
		qs := ""
		if q != "" {
			qs = `<m:QueryString>` + q + `</m:QueryString>`
		}
		doc := e.call(`<m:FindPeople Traversal="Shallow"><m:PersonaShape><t:BaseShape>Default</t:BaseShape></m:PersonaShape>` + view +
			`<m:ParentFolderId>` + dist("contacts") + `</m:ParentFolderId>` + qs + `</m:FindPeople>`)
		els := mustSuccess(t, doc)
		var out []personaView
		for _, p := range els[0].FindElements("People/Persona") {
			out = append(out, viewPersona(p))
		}
		return out, text(els[0], "TotalNumberOfPeopleInView")
	}
	all, total := find("", "")
	ada := personaView{Name: "Ada Lovelace", Given: "Ada", Surname: "Lovelace", Company: "Analytical Engines", Email: "ada@example.org",
		Emails: []string{"ada@example.org", "countess@example.net"}, Folder: true}
	babbage := personaView{Name: "Charles Babbage", Given: "Charles", Surname: "Babbage", Folder: true}
	noID := func(ps []personaView) []personaView {
		var out []personaView
		for _, p := range ps {
			p.ID = ""
			out = append(out, p)
		}
		return out
	}
	if d := cmp.Diff([]personaView{ada, babbage}, noID(all)); d != "" || total != "2" {
		t.Fatalf("%s total %s", d, total)
	}
	for q, want := range map[string][]personaView{
		"lov":         {ada},
		"countess":    {ada},
		"engines":     {ada},
		"ch bab":      {babbage},
		"ada charles": nil,
		"xyz":         nil,
	} {
		got, _ := find(q, "")
		if d := cmp.Diff(want, noID(got)); d != "" {
			t.Errorf("%q: %s", q, d)
		}
	}
	page, total := find("", `<m:IndexedPageItemView MaxEntriesReturned="1" Offset="1" BasePoint="Beginning"/>`)
	if d := cmp.Diff([]personaView{babbage}, noID(page)); d != "" || total != "2" {
		t.Fatalf("page: %s %s", d, total)
	}
	// GetPersona answers the contact's PersonaId, a directory persona and
	// an e-mail address; unknown ones are ErrorItemNotFound.
	get := func(inner string) (*etree.Element, respMsg) {
		t.Helper()
		doc := e.call(`<m:GetPersona>` + inner + `</m:GetPersona>`)
		els, msgs := messages(doc)
		if len(els) != 1 {
			t.Fatalf("%s", dump(doc))
		}
		return els[0], msgs[0]
	}
	el, m := get(`<m:PersonaId Id="` + all[0].ID + `"/>`)
	if m.Code != "NoError" {
		t.Fatal(m)
	}
	if d := cmp.Diff(all[0], viewPersona(el.SelectElement("Persona"))); d != "" {
		t.Fatal(d)
	}
	dirDoc := e.call(`<m:FindPeople><m:IndexedPageItemView MaxEntriesReturned="5" Offset="0" BasePoint="Beginning"/><m:QueryString>user2</m:QueryString></m:FindPeople>`)
	dirID := mustSuccess(t, dirDoc)[0].FindElement("People/Persona/PersonaId").SelectAttrValue("Id", "")
	el, m = get(`<m:PersonaId Id="` + dirID + `"/>`)
	if p := viewPersona(el.SelectElement("Persona")); m.Code != "NoError" || p.Email != user2 || p.Folder {
		t.Fatalf("%+v %+v", m, p)
	}
	el, m = get(`<m:EmailAddress><t:EmailAddress>` + user1 + `</t:EmailAddress></m:EmailAddress>`)
	if p := viewPersona(el.SelectElement("Persona")); m.Code != "NoError" || p.Name != "User One" {
		t.Fatalf("%+v %+v", m, p)
	}
	for inner, code := range map[string]string{
		`<m:PersonaId Id="AAAAAAAAAAAAAAAAAAAAAA=="/>`: "ErrorItemNotFound",
		`<m:PersonaId Id="!!"/>`:                       "ErrorInvalidIdMalformed",
		`<m:EmailAddress><t:EmailAddress>nobody@example.com</t:EmailAddress></m:EmailAddress>`: "ErrorItemNotFound",
	} {
		if _, m := get(inner); m.Code != code {
			t.Errorf("%s: %+v, want %s", inner, m, code)
		}
	}
	// A folder that does not exist is an error message.
	doc := e.call(`<m:FindPeople><m:IndexedPageItemView MaxEntriesReturned="1" Offset="0" BasePoint="Beginning"/><m:ParentFolderId><t:FolderId Id="AAAA"/></m:ParentFolderId></m:FindPeople>`)
	if _, msgs := messages(doc); len(msgs) != 1 || msgs[0].Class != "Error" {
		t.Fatalf("%s", dump(doc))
	}
}
