package ews

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/oxkit/oxkit/mapi"
)

// received is an ExtendedProperty setting PidTagMessageDeliveryTime.
func received(at string) string {
	return `<t:ExtendedProperty><t:ExtendedFieldURI PropertyTag="0x0E06" PropertyType="SystemTime"/><t:Value>` + at + `</t:Value></t:ExtendedProperty>`
}

// searchFixture fills user1's Inbox with messages for the QueryString
// and GroupBy tests.
func searchFixture(t *testing.T, e *env) {
	t.Helper()
	mk := func(subject, body, to, cc, cats, recv string) string {
		inner := `<t:Subject>` + subject + `</t:Subject><t:Body BodyType="Text">` + body + `</t:Body>`
		if cats != "" {
			inner += `<t:Categories><t:String>` + cats + `</t:String></t:Categories>`
		}
		inner += received(recv)
		if to != "" {
			inner += `<t:ToRecipients><t:Mailbox><t:Name>` + to + `</t:Name><t:EmailAddress>` + to + `@example.com</t:EmailAddress></t:Mailbox></t:ToRecipients>`
		}
		if cc != "" {
			inner += `<t:CcRecipients><t:Mailbox><t:EmailAddress>` + cc + `@example.org</t:EmailAddress></t:Mailbox></t:CcRecipients>`
		}
		id, _ := createMsg(t, e, `MessageDisposition="SaveOnly"`, dist("inbox"), inner)
		return id
	}
	mk("Quarterly report", "numbers inside", "alice", "", "Work", "2024-01-10T10:00:00Z")
	mk("Lunch plans", "pizza or sushi", "bob", "carol", "", "2024-01-15T12:00:00Z")
	mk("Re: Quarterly report", "looks good", "bob", "", "Work", "2024-02-01T09:00:00Z")
	id := mk("Holiday photos", "see the attached album", "carol", "", "Personal", "2024-02-20T18:00:00Z")
	e.call(`<m:CreateAttachment><m:ParentItemId Id="` + id + `"/><m:Attachments><t:FileAttachment><t:Name>beach.jpg</t:Name><t:Content>aGk=</t:Content></t:FileAttachment></m:Attachments></m:CreateAttachment>`)
}

// findSubjects runs FindItem over the Inbox with extra request parts and
// returns the subjects found (sorted) or the fault code.
func findSubjects(t *testing.T, e *env, extra string) ([]string, string) {
	t.Helper()
	_, doc := e.postAs(user1, envelope(`<m:FindItem Traversal="Shallow"><m:ItemShape><t:BaseShape>Default</t:BaseShape></m:ItemShape>`+
		`<m:ParentFolderIds>`+dist("inbox")+`</m:ParentFolderIds>`+extra+`</m:FindItem>`))
	if f := faultCode(doc); f != "" {
		return nil, f
	}
	els := mustSuccess(t, doc)
	var subs []string
	for _, m := range els[0].FindElements("RootFolder/Items/*") {
		subs = append(subs, text(m, "Subject"))
	}
	slices.Sort(subs)
	return subs, ""
}

func qs(s string) string { return `<m:QueryString>` + s + `</m:QueryString>` }

func TestQueryString(t *testing.T) {
	e := newEnv(t)
	searchFixture(t, e)
	all := []string{"Holiday photos", "Lunch plans", "Quarterly report", "Re: Quarterly report"}
	for _, tc := range []struct {
		q    string
		want []string
	}{
		{"", all},
		{"quarterly", []string{"Quarterly report", "Re: Quarterly report"}},
		{"QUART", []string{"Quarterly report", "Re: Quarterly report"}}, // words match as prefixes, any case
		{"uarterly", nil},                                    // but not inside words
		{"pizza", []string{"Lunch plans"}},                   // body
		{"carol", []string{"Holiday photos", "Lunch plans"}}, // recipient names and addresses
		{"subject:lunch", []string{"Lunch plans"}},
		{"subject:pizza", nil},
		{"body:pizza", []string{"Lunch plans"}},
		{`subject:"quarterly report"`, []string{"Quarterly report", "Re: Quarterly report"}},
		{`"looks good"`, []string{"Re: Quarterly report"}},
		{`"good looks"`, nil},
		{"to:bob", []string{"Lunch plans", "Re: Quarterly report"}},
		{"to:carol", []string{"Holiday photos"}}, // carol is only Cc on the lunch
		{"cc:carol", []string{"Lunch plans"}},
		{"cc:carol@example.org", []string{"Lunch plans"}},
		{"participants:alice", []string{"Quarterly report"}},
		{"category:work", []string{"Quarterly report", "Re: Quarterly report"}},
		{"category:Personal", []string{"Holiday photos"}},
		{"attachment:beach", []string{"Holiday photos"}},
		{"attachment:beach.jpg", []string{"Holiday photos"}},
		{"hasattachment:true", []string{"Holiday photos"}},
		{"hasattachments:no", []string{"Lunch plans", "Quarterly report", "Re: Quarterly report"}},
		{"received:2024-01-15", []string{"Lunch plans"}},
		{"received:1/15/2024", []string{"Lunch plans"}},
		{"received:2024-01-01..2024-01-31", []string{"Lunch plans", "Quarterly report"}},
		{"received:>=2024-02-01", []string{"Holiday photos", "Re: Quarterly report"}},
		{"received:>2024-02-01", []string{"Holiday photos"}},
		{"received:&lt;2024-01-15", []string{"Quarterly report"}},
		{"received:&lt;=2024-01-15", []string{"Lunch plans", "Quarterly report"}},
		{"quarterly AND bob", []string{"Re: Quarterly report"}},
		{"quarterly bob", []string{"Re: Quarterly report"}}, // implicit AND
		{"lunch OR holiday", []string{"Holiday photos", "Lunch plans"}},
		{"quarterly NOT bob", []string{"Quarterly report"}},
		{"quarterly -bob", []string{"Quarterly report"}},
		{"quarterly NOT re", nil}, // "re" is a prefix of "report"
		{"(lunch OR holiday) AND to:carol", []string{"Holiday photos"}},
		{"NOT (lunch OR holiday)", []string{"Quarterly report", "Re: Quarterly report"}},
		{"quart*", []string{"Quarterly report", "Re: Quarterly report"}},
	} {
		got, fault := findSubjects(t, e, qs(tc.q))
		if fault != "" {
			t.Errorf("%q: fault %s", tc.q, fault)
			continue
		}
		if d := cmp.Diff(tc.want, got); d != "" {
			t.Errorf("%q: %s", tc.q, d)
		}
	}
	// The attributes are accepted.
	if got, f := findSubjects(t, e, `<m:QueryString ResetCache="true" ReturnHighlightTerms="true">lunch</m:QueryString>`); f != "" || len(got) != 1 {
		t.Errorf("attributes: %v %s", got, f)
	}
	// ReturnHighlightTerms: the words and phrases searched for, outside NOT.
	doc := e.call(`<m:FindItem Traversal="Shallow"><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape></m:ItemShape><m:ParentFolderIds>` + dist("inbox") +
		`</m:ParentFolderIds><m:QueryString ReturnHighlightTerms="true">quarterly subject:"quarterly report" NOT bob -pizza received:2024-01-10</m:QueryString></m:FindItem>`)
	var terms []string
	for _, term := range mustSuccess(t, doc)[0].FindElements("HighlightTerms/Term") {
		terms = append(terms, text(term, "Scope")+"="+text(term, "Value"))
	}
	if d := cmp.Diff([]string{"=quarterly", "subject=quarterly report"}, terms); d != "" {
		t.Error(d)
	}
	doc = e.call(`<m:FindItem Traversal="Shallow"><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape></m:ItemShape><m:ParentFolderIds>` + dist("inbox") +
		`</m:ParentFolderIds>` + qs("quarterly") + `</m:FindItem>`)
	if mustSuccess(t, doc)[0].SelectElement("HighlightTerms") != nil {
		t.Error("HighlightTerms without ReturnHighlightTerms")
	}
	// QueryString and Restriction combine.
	got, _ := findSubjects(t, e, `<m:Restriction><t:Contains ContainmentMode="Substring" ContainmentComparison="IgnoreCase"><t:FieldURI FieldURI="item:Subject"/><t:Constant Value="re:"/></t:Contains></m:Restriction>`+qs("quarterly"))
	if d := cmp.Diff([]string{"Re: Quarterly report"}, got); d != "" {
		t.Error(d)
	}
}

func TestQueryStringErrors(t *testing.T) {
	e := newEnv(t)
	for _, q := range []string{
		`folder:inbox`, // unknown property
		`kind:faxes`,   // unknown kind
		`importance:urgent`, `read:maybe`, `size:big`,
		`subject:(a OR b)`, // grouped property values
		`"unterminated`,    // phrase
		`(lunch`, `lunch)`, // parentheses
		`lunch OR`, `AND lunch`, // operands
		`received:someday`, // dates
		`received:2024-02-01..2024-01-01`,
		`hasattachment:maybe`,
	} {
		// One error message per folder, not a fault (see findItemFailed).
		doc := e.call(`<m:FindItem Traversal="Shallow"><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape></m:ItemShape>` +
			`<m:ParentFolderIds>` + dist("inbox") + dist("drafts") + `</m:ParentFolderIds>` + qs(q) + `</m:FindItem>`)
		els, msgs := messages(doc)
		if d := cmp.Diff([]respMsg{{"Error", "ErrorInvalidRequest"}, {"Error", "ErrorInvalidRequest"}}, msgs); d != "" {
			t.Errorf("%q: %s", q, d)
			continue
		}
		if msg := text(els[0], "MessageText"); !strings.Contains(msg, "QueryString") {
			t.Errorf("%q: message %q", q, msg)
		}
	}
	// The message names what is not supported.
	doc := e.call(`<m:FindItem Traversal="Shallow"><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape></m:ItemShape>` +
		`<m:ParentFolderIds>` + dist("inbox") + `</m:ParentFolderIds>` + qs("lunch folder:inbox") + `</m:FindItem>`)
	if els, _ := messages(doc); len(els) != 1 || text(els[0], "MessageText") != `The QueryString cannot be used: QueryString at offset 6: property "folder:" is not supported` {
		t.Errorf("message: %s", dump(doc))
	}
	if _, f := findSubjects(t, e, `<m:QueryString ResetCache="maybe">x</m:QueryString>`); f != string(ErrorSchemaValidation) {
		t.Errorf("bad attribute: %q", f)
	}
	long := make([]byte, maxQueryStringBytes+1)
	for i := range long {
		long[i] = 'a'
	}
	if _, msgs := messages(e.call(`<m:FindItem Traversal="Shallow"><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape></m:ItemShape><m:ParentFolderIds>` + dist("inbox") + `</m:ParentFolderIds>` + qs(string(long)) + `</m:FindItem>`)); len(msgs) != 1 || msgs[0].Code != "ErrorInvalidRequest" {
		t.Errorf("long query: %+v", msgs)
	}
	deep := ""
	for range maxQueryDepth + 2 {
		deep += "NOT "
	}
	if _, msgs := messages(e.call(`<m:FindItem Traversal="Shallow"><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape></m:ItemShape><m:ParentFolderIds>` + dist("inbox") + `</m:ParentFolderIds>` + qs(deep+"x") + `</m:FindItem>`)); len(msgs) != 1 || msgs[0].Code != "ErrorInvalidRequest" {
		t.Errorf("deep query: %+v", msgs)
	}
}

// TestQueryStringRelativeDates checks today/yesterday/this week against a
// fixed now, in the request's time zone.
func TestQueryStringRelativeDates(t *testing.T) {
	e := newEnv(t)
	c := &call{h: e.h, ctx: t.Context(), req: &Request{TimeZone: "Tokyo Standard Time"}}
	now := time.Date(2024, 3, 13, 20, 0, 0, 0, time.UTC) // Thursday 05:00 in Tokyo
	r, err := c.parseAQS("received:today", now)
	if err != nil {
		t.Fatal(err)
	}
	s := restrictionBounds(r)
	want := []time.Time{time.Date(2024, 3, 13, 15, 0, 0, 0, time.UTC), time.Date(2024, 3, 14, 15, 0, 0, 0, time.UTC)}
	if d := cmp.Diff(want, s); d != "" {
		t.Fatal(d)
	}
	r, _ = c.parseAQS(`received:"this week"`, now)
	want = []time.Time{time.Date(2024, 3, 10, 15, 0, 0, 0, time.UTC), time.Date(2024, 3, 17, 15, 0, 0, 0, time.UTC)} // Monday 11th .. Monday 18th, Tokyo
	if d := cmp.Diff(want, restrictionBounds(r)); d != "" {
		t.Fatal(d)
	}
	r, _ = c.parseAQS("received:yesterday", now)
	want = []time.Time{time.Date(2024, 3, 12, 15, 0, 0, 0, time.UTC), time.Date(2024, 3, 13, 15, 0, 0, 0, time.UTC)}
	if d := cmp.Diff(want, restrictionBounds(r)); d != "" {
		t.Fatal(d)
	}
}

// restrictionBounds returns the time constants of a restriction tree in
// order.
func restrictionBounds(r mapi.Restriction) []time.Time {
	var out []time.Time
	switch v := r.(type) {
	case mapi.AndRestriction:
		for _, k := range v.Restricts {
			out = append(out, restrictionBounds(k)...)
		}
	case mapi.PropertyRestriction:
		if tm, ok := v.Value.Value.(time.Time); ok {
			out = append(out, tm)
		}
	}
	return out
}

// FuzzParseAQS checks that any QueryString either translates into a
// restriction mapi can evaluate or fails with an aqsError, without
// panicking.
func FuzzParseAQS(f *testing.F) {
	for _, s := range []string{"quarterly", `subject:"a b" OR -c`, "received:2024-01-01..2024-02-01", "(a (b) NOT c", "to:x@y.z hasattachment:yes", `"`, "-", "AND", "received:>=1/2/2024 category:Work"} {
		f.Add(s)
	}
	e := newEnv(f)
	mb, err := e.st.OpenMailbox(f.Context(), user1)
	if err != nil {
		f.Fatal(err)
	}
	c := &call{h: e.h, ctx: f.Context(), mb: mb, req: &Request{}}
	now := time.Date(2024, 3, 13, 12, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, s string) {
		if len(s) > maxQueryStringBytes {
			return
		}
		r, err := c.parseAQS(s, now)
		if err != nil {
			var ae *aqsError
			if !errors.As(err, &ae) {
				t.Fatalf("%q: %v is not an aqsError", s, err)
			}
			return
		}
		if r == nil {
			return
		}
		if _, err := mapi.NewEvaluator(r); err != nil {
			t.Fatalf("%q: restriction does not compile: %v", s, err)
		}
	})
}

// TestQueryStringKinds covers kind:, importance:, read: and size:.
func TestQueryStringKinds(t *testing.T) {
	e := newEnv(t)
	createMsg(t, e, `MessageDisposition="SaveOnly"`, dist("inbox"), `<t:Subject>urgent</t:Subject><t:Body BodyType="Text">`+strings.Repeat("x", 5000)+`</t:Body><t:Importance>High</t:Importance>`)
	createMsg(t, e, `MessageDisposition="SaveOnly"`, dist("inbox"), `<t:Subject>calm</t:Subject><t:Importance>Low</t:Importance><t:IsRead>true</t:IsRead>`)
	mustSuccess(t, e.call(`<m:CreateItem><m:SavedItemFolderId>`+dist("inbox")+`</m:SavedItemFolderId><m:Items><t:Task><t:Subject>todo</t:Subject></t:Task></m:Items></m:CreateItem>`))
	for _, tc := range []struct {
		q    string
		want []string
	}{
		{"kind:email", []string{"calm", "urgent"}},
		{"kind:tasks", []string{"todo"}},
		{"kind:contacts", nil},
		{"importance:high", []string{"urgent"}},
		{"importance:LOW", []string{"calm"}},
		{"read:true", []string{"calm"}},
		{"isread:no kind:email", []string{"urgent"}},
		{"size:&gt;4KB", []string{"urgent"}},
		{"size:&lt;4096", []string{"calm", "todo"}},
		{"size:0..1kb", []string{"calm", "todo"}},
	} {
		got, fault := findSubjects(t, e, qs(tc.q))
		if fault != "" {
			t.Errorf("%q: fault %s", tc.q, fault)
			continue
		}
		if d := cmp.Diff(tc.want, got); d != "" {
			t.Errorf("%q: %s", tc.q, d)
		}
	}
}
