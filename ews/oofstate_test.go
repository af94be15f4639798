package ews

import (
	"context"
	"testing"
	"time"

	"github.com/oxkit/oxkit/mapi"
	"github.com/oxkit/oxkit/store"
)

// oofFlag reads PidTagOutOfOfficeState ([MS-OXCSTOR] 2.2.2.1.2.4) as a
// MAPI client would: from the store object's properties, kept on the
// root folder.
func (e *env) oofFlag(user string) (on, present bool) {
	e.t.Helper()
	ctx := context.Background()
	mb, err := e.st.OpenMailbox(ctx, user)
	if err != nil {
		e.t.Fatal(err)
	}
	root, _ := mb.SpecialFolder(ctx, store.FolderRoot)
	f, err := mb.Folder(ctx, root, []mapi.PropTag{mapi.PidTagOutOfOfficeState})
	if err != nil {
		e.t.Fatal(err)
	}
	return getBool(f.Props, mapi.PidTagOutOfOfficeState)
}

// setOofFlag sets PidTagOutOfOfficeState through the store, as a MAPI
// client's SetProps on the logon does.
func (e *env) setOofFlag(user string, on bool) {
	e.t.Helper()
	ctx := context.Background()
	mb, err := e.st.OpenMailbox(ctx, user)
	if err != nil {
		e.t.Fatal(err)
	}
	root, _ := mb.SpecialFolder(ctx, store.FolderRoot)
	if _, err := mb.UpdateFolder(ctx, root, []mapi.PropValue{{Tag: mapi.PidTagOutOfOfficeState, Value: on}}, nil, nil); err != nil {
		e.t.Fatal(err)
	}
}

func (e *env) putOof(user, settings string) {
	e.t.Helper()
	doc := e.callAs(user, `<m:SetUserOofSettingsRequest><t:Mailbox><t:Address>`+user+`</t:Address></t:Mailbox><t:UserOofSettings>`+settings+`</t:UserOofSettings></m:SetUserOofSettingsRequest>`)
	if _, msgs := messages(doc); len(msgs) != 1 || msgs[0].Code != "NoError" {
		e.t.Fatalf("SetUserOofSettings: %+v", msgs)
	}
}

func (e *env) oofState(user string) string {
	e.t.Helper()
	doc := e.callAs(user, `<m:GetUserOofSettingsRequest><t:Mailbox><t:Address>`+user+`</t:Address></t:Mailbox></m:GetUserOofSettingsRequest>`)
	o := doc.FindElement("//OofSettings")
	if o == nil {
		e.t.Fatalf("no OofSettings: %s", dump(doc))
	}
	return text(o, "OofState")
}

func window(from, to time.Time) string {
	return `<t:OofState>Scheduled</t:OofState><t:ExternalAudience>All</t:ExternalAudience><t:Duration><t:StartTime>` +
		from.UTC().Format(time.RFC3339) + `</t:StartTime><t:EndTime>` + to.UTC().Format(time.RFC3339) + `</t:EndTime></t:Duration>` +
		`<t:InternalReply><t:Message>in</t:Message></t:InternalReply><t:ExternalReply><t:Message>out</t:Message></t:ExternalReply>`
}

const oofEnabled = `<t:OofState>Enabled</t:OofState><t:ExternalAudience>All</t:ExternalAudience><t:InternalReply><t:Message>in</t:Message></t:InternalReply><t:ExternalReply><t:Message>out</t:Message></t:ExternalReply>`
const oofDisabled = `<t:OofState>Disabled</t:OofState><t:ExternalAudience>All</t:ExternalAudience><t:InternalReply><t:Message>in</t:Message></t:InternalReply><t:ExternalReply><t:Message>out</t:Message></t:ExternalReply>`

// SetUserOofSettings writes PidTagOutOfOfficeState: TRUE for Enabled and
// for Scheduled within Duration, FALSE otherwise.
func TestOofStateWrittenBySet(t *testing.T) {
	e := newEnv(t)
	if on, present := e.oofFlag(user1); on || present {
		t.Fatalf("fresh mailbox: flag %v present %v", on, present)
	}
	now := time.Now()
	for _, tc := range []struct {
		name, settings string
		want           bool
	}{
		{"Enabled", oofEnabled, true},
		{"Disabled", oofDisabled, false},
		{"Scheduled now", window(now.Add(-time.Hour), now.Add(time.Hour)), true},
		{"Scheduled later", window(now.Add(time.Hour), now.Add(2*time.Hour)), false},
		{"Scheduled past", window(now.Add(-2*time.Hour), now.Add(-time.Hour)), false},
	} {
		e.putOof(user1, tc.settings)
		if on, present := e.oofFlag(user1); on != tc.want || !present {
			t.Errorf("%s: flag %v (present %v), want %v", tc.name, on, present, tc.want)
		}
	}
	if _, present := e.oofFlag(user2); present {
		t.Error("user2's flag was written")
	}
}

// A client setting PidTagOutOfOfficeState through the store changes what
// GetUserOofSettings answers: TRUE enables, FALSE disables.
func TestOofStateSetThroughStore(t *testing.T) {
	e := newEnv(t)
	// No settings yet: the flag alone turns OOF on.
	e.setOofFlag(user1, true)
	if got := e.oofState(user1); got != "Enabled" {
		t.Fatalf("after flag TRUE on a fresh mailbox: %s", got)
	}
	e.setOofFlag(user1, false)
	if got := e.oofState(user1); got != "Disabled" {
		t.Fatalf("after flag FALSE: %s", got)
	}
	// A scheduled window that has not started: TRUE turns it on now.
	now := time.Now()
	e.putOof(user1, window(now.Add(time.Hour), now.Add(2*time.Hour)))
	if got := e.oofState(user1); got != "Scheduled" {
		t.Fatalf("scheduled: %s", got)
	}
	e.setOofFlag(user1, true)
	if got := e.oofState(user1); got != "Enabled" {
		t.Fatalf("scheduled, then flag TRUE: %s", got)
	}
	// A reply text set over EWS survives the MAPI toggles.
	doc := e.callAs(user1, `<m:GetUserOofSettingsRequest><t:Mailbox><t:Address>`+user1+`</t:Address></t:Mailbox></m:GetUserOofSettingsRequest>`)
	if got := text(doc.FindElement("//OofSettings/ExternalReply"), "Message"); got != "out" {
		t.Errorf("ExternalReply %q after MAPI toggles", got)
	}
	// Setting the flag to what it already is changes nothing.
	e.setOofFlag(user1, true)
	if got := e.oofState(user1); got != "Enabled" {
		t.Fatalf("flag TRUE again: %s", got)
	}
	// An EWS Set after a MAPI change wins.
	e.setOofFlag(user1, false)
	e.putOof(user1, oofEnabled)
	if got := e.oofState(user1); got != "Enabled" {
		t.Fatalf("EWS Enabled after flag FALSE: %s", got)
	}
	if on, _ := e.oofFlag(user1); !on {
		t.Error("flag not TRUE after EWS Enabled")
	}
}

// A Scheduled window flips the flag when it starts and when it ends,
// while the settings stay Scheduled.
func TestOofStateScheduledWindowFlips(t *testing.T) {
	e := newEnv(t)
	start := time.Now().Add(time.Hour)
	end := start.Add(time.Hour)
	e.putOof(user1, window(start, end))
	ctx := context.Background()
	mb, err := e.st.OpenMailbox(ctx, user1)
	if err != nil {
		t.Fatal(err)
	}
	c := &call{h: e.h, ctx: ctx, mb: mb, user: user1}
	for _, step := range []struct {
		at   time.Time
		want bool
	}{
		{start.Add(-time.Minute), false},
		{start.Add(time.Minute), true},
		{end.Add(-time.Minute), true},
		{end.Add(time.Minute), false},
	} {
		o, _, err := c.syncOof(mb, step.at)
		if err != nil {
			t.Fatal(err)
		}
		if o.State != "Scheduled" {
			t.Fatalf("at %v: state %s", step.at, o.State)
		}
		if on, _ := e.oofFlag(user1); on != step.want {
			t.Errorf("at %v: flag %v, want %v", step.at, on, step.want)
		}
	}
	// Ended window, then a client sets FALSE (already false): nothing
	// changes; TRUE enables.
	e.setOofFlag(user1, false)
	if o, _, _ := c.syncOof(mb, end.Add(2*time.Minute)); o.State != "Scheduled" {
		t.Errorf("flag FALSE after the window: %s", o.State)
	}
	// During the window a client turning the flag off disables OOF.
	if _, _, err := c.syncOof(mb, start.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	e.setOofFlag(user1, false)
	if o, _, _ := c.syncOof(mb, start.Add(2*time.Minute)); o.State != "Disabled" {
		t.Errorf("flag FALSE inside the window: %s", o.State)
	}
}

// SyncOofState answers the effective state and does not write to a
// mailbox that never had OOF settings.
func TestSyncOofState(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	if on, err := e.h.SyncOofState(ctx, user2); err != nil || on {
		t.Fatalf("fresh: %v %v", on, err)
	}
	if _, present := e.oofFlag(user2); present {
		t.Error("SyncOofState wrote the flag of a mailbox without settings")
	}
	e.setOofFlag(user2, true)
	if on, err := e.h.SyncOofState(ctx, user2); err != nil || !on {
		t.Fatalf("after flag TRUE: %v %v", on, err)
	}
	if _, err := e.h.SyncOofState(ctx, "nobody@example.com"); err == nil {
		t.Error("no error for a missing mailbox")
	}
}

// The automatic reply follows the flag set through the store.
func TestOofStateDrivesAutoReply(t *testing.T) {
	e := newEnv(t)
	e.putOof(user1, oofDisabled)
	e.setOofFlag(user1, true)
	ctx := context.Background()
	mb, err := e.st.OpenMailbox(ctx, user1)
	if err != nil {
		t.Fatal(err)
	}
	inbox, _ := mb.SpecialFolder(ctx, store.FolderInbox)
	info, err := mb.CreateMessage(ctx, inbox, &store.Message{Props: []mapi.PropValue{
		{Tag: mapi.PidTagMessageClass, Value: "IPM.Note"},
		{Tag: mapi.PidTagSubject, Value: "Hello"},
		{Tag: mapi.PidTagSenderSmtpAddress, Value: user2},
		{Tag: mapi.PidTagSenderEmailAddress, Value: user2},
		{Tag: mapi.PidTagSenderAddressType, Value: "SMTP"},
	}})
	if err != nil {
		t.Fatal(err)
	}
	sent, err := e.h.AutoReply(ctx, mb, info.ID)
	if err != nil || !sent {
		t.Fatalf("AutoReply with the flag TRUE over Disabled settings: %v %v", sent, err)
	}
	e.setOofFlag(user1, false)
	info2, _ := mb.CreateMessage(ctx, inbox, &store.Message{Props: []mapi.PropValue{
		{Tag: mapi.PidTagMessageClass, Value: "IPM.Note"},
		{Tag: mapi.PidTagSubject, Value: "Hello again"},
		{Tag: mapi.PidTagSenderSmtpAddress, Value: "carol@remote.example"},
	}})
	if sent, err := e.h.AutoReply(ctx, mb, info2.ID); err != nil || sent {
		t.Fatalf("AutoReply with the flag FALSE: %v %v", sent, err)
	}
}

// The flag round-trips through boltstore's root folder too.
func TestOofStateBolt(t *testing.T) {
	e := newBoltEnv(t)
	e.putOof(user1, oofEnabled)
	if on, present := e.oofFlag(user1); !on || !present {
		t.Fatalf("flag %v present %v", on, present)
	}
	e.setOofFlag(user1, false)
	if got := e.oofState(user1); got != "Disabled" {
		t.Fatalf("after flag FALSE: %s", got)
	}
}
