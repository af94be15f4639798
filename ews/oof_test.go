package ews

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestOofSettings(t *testing.T) { testOofSettings(t, newEnv(t)) }

func testOofSettings(t *testing.T, e *env) {
	get := func(user string) (respMsg, []string) {
		doc := e.callAs(user, `<m:GetUserOofSettingsRequest><t:Mailbox><t:Address>`+user+`</t:Address></t:Mailbox></m:GetUserOofSettingsRequest>`)
		_, msgs := messages(doc)
		o := doc.FindElement("//OofSettings")
		if o == nil {
			return msgs[0], nil
		}
		return msgs[0], []string{text(o, "OofState"), text(o, "ExternalAudience"), text(o, "StartTime"), text(o, "EndTime"),
			text(o.SelectElement("InternalReply"), "Message"), text(o.SelectElement("ExternalReply"), "Message")}
	}
	set := func(user, mailbox, settings string) respMsg {
		doc := e.callAs(user, `<m:SetUserOofSettingsRequest><t:Mailbox><t:Address>`+mailbox+`</t:Address></t:Mailbox><t:UserOofSettings>`+settings+`</t:UserOofSettings></m:SetUserOofSettingsRequest>`)
		_, msgs := messages(doc)
		return msgs[0]
	}
	m, got := get(user1)
	if m.Code != "NoError" || !cmp.Equal(got, []string{"Disabled", "All", "", "", "", ""}) {
		t.Fatalf("%+v %v", m, got)
	}
	scheduled := `<t:OofState>Scheduled</t:OofState><t:ExternalAudience>Known</t:ExternalAudience><t:Duration><t:StartTime>2030-01-01T00:00:00Z</t:StartTime><t:EndTime>2030-01-08T00:00:00Z</t:EndTime></t:Duration>` +
		`<t:InternalReply><t:Message>Away &amp; back soon</t:Message></t:InternalReply><t:ExternalReply><t:Message>Away</t:Message></t:ExternalReply>`
	if m := set(user1, user1, scheduled); m.Code != "NoError" {
		t.Fatalf("set: %+v", m)
	}
	_, got = get(user1)
	if d := cmp.Diff([]string{"Scheduled", "Known", "2030-01-01T00:00:00Z", "2030-01-08T00:00:00Z", "Away & back soon", "Away"}, got); d != "" {
		t.Fatal(d)
	}
	// A second Set replaces the first.
	set(user1, user1, `<t:OofState>Enabled</t:OofState><t:ExternalAudience>None</t:ExternalAudience>`)
	if _, got = get(user1); got[0] != "Enabled" || got[4] != "" {
		t.Fatalf("%v", got)
	}
	// Others' settings are not reachable; bad values are refused.
	if m := set(user2, user1, scheduled); m.Code != "ErrorAccessDenied" {
		t.Fatalf("foreign: %+v", m)
	}
	if m := set(user1, user1, `<t:OofState>Scheduled</t:OofState><t:ExternalAudience>All</t:ExternalAudience>`); m.Code != "ErrorInvalidScheduledOofDuration" {
		t.Fatalf("no duration: %+v", m)
	}
	if m := set(user1, user1, `<t:OofState>Maybe</t:OofState><t:ExternalAudience>All</t:ExternalAudience>`); m.Code != "ErrorInvalidUserOofSettings" {
		t.Fatalf("bad state: %+v", m)
	}
	// user2 still has defaults.
	if _, got = get(user2); got[0] != "Disabled" {
		t.Fatalf("user2: %v", got)
	}
}
