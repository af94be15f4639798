package main

import (
	"context"
	"log/slog"
	"testing"
	"time"

	"github.com/oxkit/oxkit/ews"
	"github.com/oxkit/oxkit/mapi"
	"github.com/oxkit/oxkit/store"
)

// The sweep turns PidTagOutOfOfficeState on when a Scheduled window
// starts and off when it ends, with no EWS request in between.
func TestOofSweepFlipsScheduledWindow(t *testing.T) {
	s, _, _ := startTest(t, "-users", twoUsers(t))
	start := time.Now().Add(300 * time.Millisecond).Truncate(time.Second).Add(time.Second)
	end := start.Add(time.Second)
	doc := ewsCall(t, s, "user1@example.com", "secret", `<m:SetUserOofSettingsRequest><t:Mailbox><t:Address>user1@example.com</t:Address></t:Mailbox><t:UserOofSettings><t:OofState>Scheduled</t:OofState><t:ExternalAudience>All</t:ExternalAudience><t:Duration><t:StartTime>`+
		start.UTC().Format(time.RFC3339)+`</t:StartTime><t:EndTime>`+end.UTC().Format(time.RFC3339)+`</t:EndTime></t:Duration><t:InternalReply><t:Message>in</t:Message></t:InternalReply><t:ExternalReply><t:Message>out</t:Message></t:ExternalReply></t:UserOofSettings></m:SetUserOofSettingsRequest>`)
	if cls, code := responseClass(doc, ""); cls != "Success" {
		t.Fatalf("SetUserOofSettings: %s %s", cls, code)
	}
	flag := func() bool {
		ctx := context.Background()
		mb, err := s.store.OpenMailbox(ctx, "user1@example.com")
		if err != nil {
			t.Fatal(err)
		}
		root, _ := mb.SpecialFolder(ctx, store.FolderRoot)
		f, err := mb.Folder(ctx, root, []mapi.PropTag{mapi.PidTagOutOfOfficeState})
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range f.Props {
			if p.Tag == mapi.PidTagOutOfOfficeState {
				on, _ := p.Value.(bool)
				return on
			}
		}
		return false
	}
	if flag() {
		t.Fatal("flag on before the window")
	}
	stop := s.startOofSweep(&ews.Handler{Store: s.store, Logger: slog.New(slog.DiscardHandler)}, 10*time.Millisecond)
	defer stop()
	var sawOn bool
	for deadline := end.Add(3 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		on := flag()
		if on && time.Now().Before(start) {
			t.Fatal("flag on before the window started")
		}
		sawOn = sawOn || on
		if sawOn && !on {
			if time.Now().Before(end) {
				t.Fatal("flag off before the window ended")
			}
			return
		}
	}
	t.Fatalf("flag never went on and off again (saw on: %v)", sawOn)
}
