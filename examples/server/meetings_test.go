package main

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	netsmtp "net/smtp"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/oxkit/oxkit/examples/memstore"
	"github.com/oxkit/oxkit/ical"
	"github.com/oxkit/oxkit/mapi"
	"github.com/oxkit/oxkit/store"
)

// An iMIP REQUEST ([RFC 6047]) from an external organizer delivered over
// SMTP is processed by the calendar assistant before the 250: when DATA
// returns, the attendee's Calendar holds the tentative item of the
// meeting's UID ([MS-OXOCAL] 3.1.5.1) and the request is in the Inbox.
func TestSMTPDeliveryProcessesMeetingRequest(t *testing.T) {
	dir := t.TempDir()
	users := filepath.Join(dir, "users")
	os.WriteFile(users, []byte("user2@example.com secret User Two\n"), 0o600)
	s, _, _ := startTest(t, "-users", users, "-smtp", "127.0.0.1:0")
	raw, err := os.ReadFile("testdata/imip-request.eml")
	if err != nil {
		t.Fatal(err)
	}
	c, err := netsmtp.Dial(s.smtpLns[0].Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.Hello("partner.example")
	if err := c.Mail("olga@partner.example"); err != nil {
		t.Fatal(err)
	}
	if err := c.Rcpt("user2@example.com"); err != nil {
		t.Fatal(err)
	}
	wc, err := c.Data()
	if err != nil {
		t.Fatal(err)
	}
	wc.Write(raw)
	if err := wc.Close(); err != nil {
		t.Fatalf("DATA: %v", err)
	}
	c.Quit()

	ctx := context.Background()
	mb, err := s.store.OpenMailbox(ctx, "user2@example.com")
	if err != nil {
		t.Fatal(err)
	}
	ids, err := mb.(store.NamedProperties).PropIDs(ctx, []mapi.PropertyName{
		mapi.PidLidCleanGlobalObjectId.PropertyName(), mapi.PidLidResponseStatus.PropertyName(), mapi.PidLidBusyStatus.PropertyName()}, false)
	if err != nil {
		t.Fatal(err)
	}
	goidT, respT, busyT := mapi.NewPropTag(ids[0], mapi.PtypBinary), mapi.NewPropTag(ids[1], mapi.PtypInteger32), mapi.NewPropTag(ids[2], mapi.PtypInteger32)
	query := func(kind store.SpecialFolder) []store.Row {
		fid, err := mb.SpecialFolder(ctx, kind)
		if err != nil {
			t.Fatal(err)
		}
		res, err := mb.(store.Tables).QueryMessages(ctx, fid, &store.Query{Columns: []mapi.PropTag{mapi.PidTagMessageClass, mapi.PidTagSubject, goidT, respT, busyT}})
		if err != nil {
			t.Fatal(err)
		}
		return res.Rows
	}
	get := func(r store.Row, tag mapi.PropTag) any {
		for _, p := range r.Props {
			if p.Tag == tag {
				return p.Value
			}
		}
		return nil
	}
	inbox := query(store.FolderInbox)
	if len(inbox) != 1 || get(inbox[0], mapi.PidTagMessageClass) != "IPM.Schedule.Meeting.Request" {
		t.Fatalf("inbox: %+v", inbox)
	}
	cal := query(store.FolderCalendar)
	if len(cal) != 1 {
		t.Fatalf("calendar has %d items", len(cal))
	}
	goid, _ := get(cal[0], goidT).([]byte)
	got := []any{get(cal[0], mapi.PidTagMessageClass), get(cal[0], mapi.PidTagSubject), ical.UIDFromGlobalObjectID(goid), get(cal[0], respT), get(cal[0], busyT)}
	want := []any{"IPM.Appointment", "Partner sync", "imip-weekly-0001@partner.example", int32(5), int32(1)} // respNotResponded, tentative
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("calendar item: got %v, want %v", got, want)
		}
	}
}

// A calendar assistant failure is logged; the message stays delivered
// and the delivery reports success (the 250 depends on the commit only).
func TestDeliveryKeepsMeetingWhenProcessingFails(t *testing.T) {
	ctx := context.Background()
	st := memstore.New(nil)
	defer st.Close()
	const user = "user2@example.com"
	if err := st.PutEntry(ctx, store.DirectoryEntry{Kind: store.EntryUser, SMTPAddress: user, DisplayName: "User Two", Alias: "user2"}, "secret"); err != nil {
		t.Fatal(err)
	}
	if _, err := st.CreateMailbox(ctx, user, nil); err != nil {
		t.Fatal(err)
	}
	var logs bytes.Buffer
	called := 0
	d := &deliverer{store: st, hostname: "localhost", log: slog.New(slog.NewTextHandler(&logs, nil)), now: time.Now,
		meetings: func(context.Context, store.Mailbox, store.FID, store.MID) error {
			called++
			return errors.New("assistant down")
		}}
	raw, err := os.ReadFile("testdata/imip-request.eml")
	if err != nil {
		t.Fatal(err)
	}
	errs, err := d.deliver(ctx, raw, []string{user})
	if err != nil || len(errs) != 1 || errs[0] != nil {
		t.Fatalf("deliver: %v %v", err, errs)
	}
	if called != 1 || !strings.Contains(logs.String(), "meeting not processed") {
		t.Fatalf("assistant called %d times; log:\n%s", called, logs.String())
	}
	mb, _ := st.OpenMailbox(ctx, user)
	inbox, _ := mb.SpecialFolder(ctx, store.FolderInbox)
	res, err := mb.(store.Tables).QueryMessages(ctx, inbox, &store.Query{Columns: []mapi.PropTag{mapi.PidTagMessageClass}})
	if err != nil || len(res.Rows) != 1 {
		t.Fatalf("inbox: %v %+v", err, res)
	}
}
