package ews

import (
	"testing"

	"github.com/beevik/etree"
	"github.com/google/go-cmp/cmp"
)

// responseObjects lists the response objects of an item element.
func responseObjects(it *etree.Element) []string {
	out := []string{}
	for _, o := range it.FindElements("ResponseObjects/*") {
		out = append(out, o.Tag)
	}
	return out
}

// rightsOf is an item's EffectiveRights as "Name=value" pairs.
func rightsOf(it *etree.Element) []string {
	var out []string
	for _, r := range it.FindElements("EffectiveRights/*") {
		out = append(out, r.Tag+"="+r.Text())
	}
	return out
}

// TestResponseObjects: GetItem's Default shape lists the response
// objects CreateItem takes for each kind of item; FindItem does not.
func TestResponseObjects(t *testing.T) {
	e := newEnv(t)
	def := `<t:BaseShape>Default</t:BaseShape>`
	reply := []string{"ReplyToItem", "ReplyAllToItem", "ForwardItem"}
	answer := append([]string{"AcceptItem", "TentativelyAcceptItem", "DeclineItem"}, reply...)

	sendWithReceipt(t, e, "asks for a receipt")
	mustSuccess(t, e.call(`<m:CreateItem MessageDisposition="SendOnly"><m:Items><t:Message><t:Subject>plain</t:Subject><t:ToRecipients><t:Mailbox><t:EmailAddress>`+user2+`</t:EmailAddress></t:Mailbox></t:ToRecipients></t:Message></m:Items></m:CreateItem>`))
	draft, _ := createMsg(t, e, `MessageDisposition="SaveOnly"`, "", `<t:Subject>draft</t:Subject>`)
	contact := createContact(t, e, `<t:GivenName>Ann</t:GivenName>`)
	createMeeting(t, e, "sync", "SendToAllAndSaveCopy")
	organizer := findItemsAs(t, e, user1, "calendar", "")
	request := inboxID(t, e, user2, "sync")
	for _, tc := range []struct {
		name, user, id string
		want           []string
	}{
		{"received message", user2, inboxID(t, e, user2, "plain"), reply},
		{"read receipt owed", user2, inboxID(t, e, user2, "asks for a receipt"), append(reply[:3:3], "SuppressReadReceipt")},
		{"draft", user1, draft, []string{"ForwardItem"}},
		{"contact", user1, contact, []string{"ForwardItem"}},
		{"meeting request", user2, request, answer},
		{"organizer's meeting", user1, func() string { id, _ := idOf(organizer[0], "ItemId"); return id }(), []string{"CancelCalendarItem", "ForwardItem"}},
	} {
		it := getItemAs(t, e, tc.user, def, tc.id)
		if d := cmp.Diff(tc.want, responseObjects(it)); d != "" {
			t.Errorf("%s: %s", tc.name, d)
		}
	}
	// The attendee's calendar item once she has answered tentatively.
	mustSuccess(t, e.callAs(user2, `<m:CreateItem MessageDisposition="SaveOnly"><m:Items><t:TentativelyAcceptItem><t:ReferenceItemId Id="`+request+`"/></t:TentativelyAcceptItem></m:Items></m:CreateItem>`))
	cal := findItemsAs(t, e, user2, "calendar", "")
	if len(cal) != 1 {
		t.Fatalf("user2's calendar: %d items", len(cal))
	}
	calID, _ := idOf(cal[0], "ItemId")
	if d := cmp.Diff(answer, responseObjects(getItemAs(t, e, user2, def, calID))); d != "" {
		t.Errorf("attendee's calendar item: %s", d)
	}
	// FindItem leaves them out, even when asked for.
	for _, it := range findItemsAs(t, e, user2, "inbox", `<t:FieldURI FieldURI="item:ResponseObjects"/>`) {
		if it.FindElement("ResponseObjects") != nil {
			t.Errorf("FindItem wrote ResponseObjects for %s", text(it, "Subject"))
		}
	}
	// IdOnly with item:ResponseObjects asked for.
	it := getItemAs(t, e, user2, `<t:BaseShape>IdOnly</t:BaseShape><t:AdditionalProperties><t:FieldURI FieldURI="item:ResponseObjects"/></t:AdditionalProperties>`, inboxID(t, e, user2, "plain"))
	if d := cmp.Diff(reply, responseObjects(it)); d != "" {
		t.Errorf("IdOnly + item:ResponseObjects: %s", d)
	}
}

// TestItemEffectiveRights: the owner may do anything to an item but
// create in it; a delegate what the folder's permissions allow on it.
func TestItemEffectiveRights(t *testing.T) {
	e := newEnv(t)
	id := createMeeting(t, e, "rights", "SendToNone")
	all := `<t:BaseShape>AllProperties</t:BaseShape>`
	owner := []string{"CreateAssociated=false", "CreateContents=false", "CreateHierarchy=false", "Delete=true", "Modify=true", "Read=true", "ViewPrivateItems=true"}
	if d := cmp.Diff(owner, rightsOf(getItemAs(t, e, user1, all, id))); d != "" {
		t.Errorf("owner: %s", d)
	}
	if got := getItemAs(t, e, user1, `<t:BaseShape>Default</t:BaseShape>`, id).FindElement("EffectiveRights"); got != nil {
		t.Error("the Default shape wrote EffectiveRights")
	}
	for _, tc := range []struct {
		level string
		want  []string
	}{
		{"Reviewer", []string{"CreateAssociated=false", "CreateContents=false", "CreateHierarchy=false", "Delete=false", "Modify=false", "Read=true", "ViewPrivateItems=false"}},
		{"Editor", []string{"CreateAssociated=false", "CreateContents=false", "CreateHierarchy=false", "Delete=true", "Modify=true", "Read=true", "ViewPrivateItems=false"}},
	} {
		mustSuccess(t, setPerms(t, e, dist("calendar"), true, calPerm(user2, tc.level)))
		if d := cmp.Diff(tc.want, rightsOf(getItemAs(t, e, user2, all, id))); d != "" {
			t.Errorf("%s delegate: %s", tc.level, d)
		}
	}
}
