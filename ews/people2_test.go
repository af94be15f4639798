package ews

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestFindPeopleRestrictionSort: FindPeople's Restriction and SortOrder
// over a contacts folder's personas ([MS-OXWSFINDPEOPLE] 2.2.4.1.1).
func TestFindPeopleRestrictionSort(t *testing.T) {
	e := newEnv(t)
	for _, c := range []string{
		`<t:DisplayName>Ada Lovelace</t:DisplayName><t:GivenName>Ada</t:GivenName><t:CompanyName>Analytical Engines</t:CompanyName>` +
			`<t:EmailAddresses><t:Entry Key="EmailAddress1">ada@example.org</t:Entry><t:Entry Key="EmailAddress2">countess@example.net</t:Entry></t:EmailAddresses><t:Surname>Lovelace</t:Surname>`,
		`<t:DisplayName>Charles Babbage</t:DisplayName><t:GivenName>Charles</t:GivenName><t:CompanyName>Analytical Engines</t:CompanyName><t:Surname>Babbage</t:Surname>`,
		`<t:DisplayName>Grace Hopper</t:DisplayName><t:GivenName>Grace</t:GivenName><t:CompanyName>Navy</t:CompanyName>` +
			`<t:EmailAddresses><t:Entry Key="EmailAddress1">grace@example.mil</t:Entry></t:EmailAddresses><t:Surname>Hopper</t:Surname>`,
	} {
		mustSuccess(t, e.call(`<m:CreateItem><m:SavedItemFolderId>`+dist("contacts")+`</m:SavedItemFolderId><m:Items><t:Contact>`+c+`</t:Contact></m:Items></m:CreateItem>`))
	}
	find := func(extra string) ([]string, string) {
		t.Helper()
		doc := e.call(`<m:FindPeople><m:PersonaShape><t:BaseShape>Default</t:BaseShape></m:PersonaShape>` +
			`<m:IndexedPageItemView MaxEntriesReturned="2" Offset="0" BasePoint="Beginning"/>` + extra +
			`<m:ParentFolderId>` + dist("contacts") + `</m:ParentFolderId></m:FindPeople>`)
		els := mustSuccess(t, doc)
		var out []string
		for _, p := range els[0].FindElements("People/Persona") {
			out = append(out, text(p, "DisplayName"))
		}
		return out, text(els[0], "TotalNumberOfPeopleInView")
	}
	field := func(f string) string { return `<t:FieldURI FieldURI="persona:` + f + `"/>` }
	for _, tc := range []struct {
		name, extra string
		want        []string
		total       string
	}{
		{"no restriction: the first page by display name", "", []string{"Ada Lovelace", "Charles Babbage"}, "3"},
		{"IsEqualTo CompanyName",
			`<m:Restriction><t:IsEqualTo>` + field("CompanyName") + `<t:FieldURIOrConstant><t:Constant Value="Navy"/></t:FieldURIOrConstant></t:IsEqualTo></m:Restriction>`,
			[]string{"Grace Hopper"}, "1"},
		{"Contains on any address, sorted by surname descending",
			`<m:Restriction><t:Contains ContainmentMode="Substring" ContainmentComparison="IgnoreCase">` + field("EmailAddresses") + `<t:Constant Value="EXAMPLE"/></t:Contains></m:Restriction>` +
				`<m:SortOrder><t:FieldOrder Order="Descending">` + field("Surname") + `</t:FieldOrder></m:SortOrder>`,
			[]string{"Ada Lovelace", "Grace Hopper"}, "2"},
		{"Not Exists EmailAddress",
			`<m:Restriction><t:Not><t:Exists>` + field("EmailAddress") + `</t:Exists></t:Not></m:Restriction>`,
			[]string{"Charles Babbage"}, "1"},
		{"sort by given name descending, paged",
			`<m:SortOrder><t:FieldOrder Order="Descending">` + field("GivenName") + `</t:FieldOrder></m:SortOrder>`,
			[]string{"Grace Hopper", "Charles Babbage"}, "3"},
		{"And with a prefix on DisplayNameLastFirst",
			`<m:Restriction><t:And><t:IsEqualTo>` + field("CompanyName") + `<t:FieldURIOrConstant><t:Constant Value="Analytical Engines"/></t:FieldURIOrConstant></t:IsEqualTo>` +
				`<t:Contains ContainmentMode="Prefixed" ContainmentComparison="IgnoreCase">` + field("DisplayNameLastFirst") + `<t:Constant Value="bab"/></t:Contains></t:And></m:Restriction>`,
			[]string{"Charles Babbage"}, "1"},
	} {
		got, total := find(tc.extra)
		if d := cmp.Diff(tc.want, got); d != "" || total != tc.total {
			t.Errorf("%s: %s total %s, want %s", tc.name, d, total, tc.total)
		}
	}
	// Unsupported paths: a fault for restrictions (as FindItem), an
	// error response for sort orders.
	code, doc := e.postAs(user1, envelope(`<m:FindPeople><m:PersonaShape><t:BaseShape>Default</t:BaseShape></m:PersonaShape><m:IndexedPageItemView MaxEntriesReturned="2" Offset="0" BasePoint="Beginning"/>`+
		`<m:Restriction><t:Exists>`+field("RelevanceScore")+`</t:Exists></m:Restriction><m:ParentFolderId>`+dist("contacts")+`</m:ParentFolderId></m:FindPeople>`))
	if fc := faultCode(doc); code != 500 || fc != "ErrorUnsupportedPathForQuery" {
		t.Errorf("restriction on persona:RelevanceScore: HTTP %d %q", code, fc)
	}
	_, msgs := messages(e.call(`<m:FindPeople><m:PersonaShape><t:BaseShape>Default</t:BaseShape></m:PersonaShape><m:IndexedPageItemView MaxEntriesReturned="2" Offset="0" BasePoint="Beginning"/>` +
		`<m:SortOrder><t:FieldOrder Order="Ascending"><t:FieldURI FieldURI="item:Subject"/></t:FieldOrder></m:SortOrder><m:ParentFolderId>` + dist("contacts") + `</m:ParentFolderId></m:FindPeople>`))
	if d := cmp.Diff([]respMsg{{"Error", "ErrorUnsupportedPathForSortGroup"}}, msgs); d != "" {
		t.Errorf("sorting on item:Subject: %s", d)
	}
}
