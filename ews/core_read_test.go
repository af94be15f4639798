package ews

import (
	"testing"

	"github.com/beevik/etree"
	"github.com/google/go-cmp/cmp"
)

// TestCoreUpdateItemIsReadIsReadFlagChange: an UpdateItem that sets only
// message:IsRead is a read-state change, as in Exchange: the ChangeKey
// stays, and the next SyncFolderItems reports a ReadFlagChange, not an
// Update ([MS-OXWSSYNC] 2.2.4.5). exchangelib's
// item.save(update_fields=["is_read"]) sends exactly this. A stale
// ChangeKey is still refused; an IsRead change with another field is an
// Update.
func TestCoreUpdateItemIsReadIsReadFlagChange(t *testing.T) {
	e := newEnv(t)
	sync := func(state string) (string, []string) {
		doc := e.call(`<m:SyncFolderItems><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape></m:ItemShape><m:SyncFolderId>` + dist("inbox") +
			`</m:SyncFolderId><m:SyncState>` + state + `</m:SyncState><m:MaxChangesReturned>100</m:MaxChangesReturned></m:SyncFolderItems>`)
		el := mustSuccess(t, doc)[0]
		var ch []string
		for _, c := range el.FindElements("Changes/*") {
			s := c.Tag
			if c.Tag == "ReadFlagChange" {
				s += ":" + text(c, "IsRead")
			}
			ch = append(ch, s)
		}
		return text(el, "SyncState"), ch
	}
	id, ck := createMsg(t, e, `MessageDisposition="SaveOnly"`, dist("inbox"), `<t:Subject>unread</t:Subject><t:IsRead>false</t:IsRead>`)
	s0, ch := sync("")
	if d := cmp.Diff([]string{"Create"}, ch); d != "" {
		t.Fatal(d)
	}
	update := func(ck, fields string) *respMsgDoc {
		doc := e.call(`<m:UpdateItem ConflictResolution="AutoResolve" MessageDisposition="SaveOnly"><m:ItemChanges><t:ItemChange><t:ItemId Id="` + id + `" ChangeKey="` + ck + `"/><t:Updates>` +
			fields + `</t:Updates></t:ItemChange></m:ItemChanges></m:UpdateItem>`)
		els, msgs := messages(doc)
		return &respMsgDoc{els: els, code: msgs[0].Code}
	}
	setRead := func(v string) string {
		return `<t:SetItemField><t:FieldURI FieldURI="message:IsRead"/><t:Message><t:IsRead>` + v + `</t:IsRead></t:Message></t:SetItemField>`
	}
	r := update(ck, setRead("true"))
	if r.code != "NoError" {
		t.Fatalf("UpdateItem IsRead: %s", r.code)
	}
	if _, ck2 := idOf(r.els[0].FindElement("Items/*"), "ItemId"); ck2 != ck {
		t.Fatalf("ChangeKey %q after a read-flag change, was %q", ck2, ck)
	}
	if got := text(getItem(t, e, `<t:BaseShape>Default</t:BaseShape>`, id), "IsRead"); got != "true" {
		t.Fatalf("IsRead %q", got)
	}
	s1, ch := sync(s0)
	if d := cmp.Diff([]string{"ReadFlagChange:true"}, ch); d != "" {
		t.Fatal(d)
	}
	// Setting the same value again changes nothing.
	if r := update(ck, setRead("true")); r.code != "NoError" {
		t.Fatalf("UpdateItem IsRead again: %s", r.code)
	}
	s1, ch = sync(s1)
	if len(ch) != 0 {
		t.Fatalf("changes after a no-op: %v", ch)
	}
	// IsRead with the subject: a content change.
	r = update(ck, setRead("false")+`<t:SetItemField><t:FieldURI FieldURI="item:Subject"/><t:Message><t:Subject>changed</t:Subject></t:Message></t:SetItemField>`)
	if r.code != "NoError" {
		t.Fatalf("UpdateItem IsRead+Subject: %s", r.code)
	}
	_, ck3 := idOf(r.els[0].FindElement("Items/*"), "ItemId")
	if ck3 == ck {
		t.Fatal("ChangeKey unchanged after a subject change")
	}
	if _, ch = sync(s1); !cmp.Equal(ch, []string{"Update"}) {
		t.Fatalf("changes after IsRead+Subject: %v", ch)
	}
	// The old ChangeKey is stale now, for a read-only update too.
	if r := update(ck, setRead("true")); r.code != "ErrorIrresolvableConflict" {
		t.Fatalf("stale ChangeKey on a read-flag update: %s", r.code)
	}
}

// respMsgDoc is one operation's response messages and the first one's
// ResponseCode.
type respMsgDoc struct {
	els  []*etree.Element
	code string
}
