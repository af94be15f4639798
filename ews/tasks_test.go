package ews

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestTasks(t *testing.T) { testTasks(t, newEnv(t)) }

func testTasks(t *testing.T, e *env) {
	doc := e.call(`<m:CreateItem MessageDisposition="SaveOnly"><m:Items><t:Task><t:Subject>write report</t:Subject>` +
		`<t:BillingInformation>ACME-7</t:BillingInformation><t:DueDate>2030-06-01T17:00:00Z</t:DueDate><t:PercentComplete>50</t:PercentComplete>` +
		`<t:StartDate>2030-05-20T08:00:00Z</t:StartDate><t:Status>InProgress</t:Status><t:TotalWork>120</t:TotalWork></t:Task></m:Items></m:CreateItem>`)
	id, _ := idOf(mustSuccess(t, doc)[0], "ItemId")
	view := func() []string {
		m := getItem(t, e, `<t:BaseShape>AllProperties</t:BaseShape>`, id)
		return []string{m.Tag, text(m, "Subject"), text(m, "BillingInformation"), text(m, "DueDate"), text(m, "IsComplete"),
			text(m, "PercentComplete"), text(m, "StartDate"), text(m, "Status"), text(m, "TotalWork")}
	}
	want := []string{"Task", "write report", "ACME-7", "2030-06-01T17:00:00Z", "false", "50", "2030-05-20T08:00:00Z", "InProgress", "120"}
	if d := cmp.Diff(want, view()); d != "" {
		t.Fatal(d)
	}
	// Saved in Tasks.
	tasks, _ := idOf(e.call(getFolderOp("IdOnly", dist("tasks"))).Root(), "FolderId")
	if p, _ := idOf(getItem(t, e, `<t:BaseShape>AllProperties</t:BaseShape>`, id), "ParentFolderId"); p != tasks {
		t.Fatal("not in Tasks")
	}
	// Completing it.
	mustSuccess(t, e.call(`<m:UpdateItem ConflictResolution="AlwaysOverwrite"><m:ItemChanges><t:ItemChange>`+itemID(id)+
		`<t:Updates><t:SetItemField><t:FieldURI FieldURI="task:Status"/><t:Task><t:Status>Completed</t:Status></t:Task></t:SetItemField></t:Updates></t:ItemChange></m:ItemChanges></m:UpdateItem>`))
	want[4], want[5], want[7] = "true", "100", "Completed"
	if d := cmp.Diff(want, view()); d != "" {
		t.Fatal(d)
	}
	_, msgs := messages(e.call(`<m:CreateItem><m:Items><t:Task><t:PercentComplete>150</t:PercentComplete></t:Task></m:Items></m:CreateItem>`))
	if msgs[0].Code != "ErrorInvalidValueForProperty" {
		t.Fatalf("%+v", msgs)
	}
}
