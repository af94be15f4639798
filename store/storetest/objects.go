package storetest

import (
	"bytes"
	"errors"
	"io"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/oxkit/oxkit/mapi"
	"github.com/oxkit/oxkit/store"
)

func (s *suite) testMailboxes(t *testing.T) {
	st := s.open(t)
	c := ctx(t)
	mb := must[store.Mailbox](t, "CreateMailbox")(st.CreateMailbox(c, "Alice@Example.com", nil))
	info := mb.Info()
	if info.Owner != "Alice@Example.com" {
		t.Errorf("Owner %q", info.Owner)
	}
	if info.MailboxGUID == (mapi.GUID{}) || info.ReplicaGUID == (mapi.GUID{}) || info.MailboxGUID == info.ReplicaGUID {
		t.Errorf("GUIDs not generated distinct: %v %v", info.MailboxGUID, info.ReplicaGUID)
	}
	_, err := st.CreateMailbox(c, "alice@example.COM", nil)
	wantErr(t, "CreateMailbox twice", err, store.ErrExists)
	mb2 := must[store.Mailbox](t, "OpenMailbox")(st.OpenMailbox(c, "ALICE@example.com"))
	if mb2.Info().MailboxGUID != info.MailboxGUID {
		t.Errorf("OpenMailbox: other mailbox")
	}
	_, err = st.OpenMailbox(c, "nobody@example.com")
	wantErr(t, "OpenMailbox unknown", err, store.ErrNotFound)

	g1 := mapi.NewGUID(0x11111111, 1, 2, 0x8000, 3)
	g2 := mapi.NewGUID(0x22222222, 1, 2, 0x8000, 3)
	mb3 := must[store.Mailbox](t, "CreateMailbox fixed GUIDs")(st.CreateMailbox(c, "bob@example.com", &store.CreateMailboxOptions{MailboxGUID: g1, ReplicaGUID: g2, DisplayName: "Bob"}))
	if i := mb3.Info(); i.MailboxGUID != g1 || i.ReplicaGUID != g2 || i.DisplayName != "Bob" {
		t.Errorf("fixed identities not kept: %+v", i)
	}
	// Mailboxes are independent.
	in1 := special(t, mb, store.FolderInbox)
	createMsg(t, mb, in1, simpleMessage("only alice", 0))
	in3 := special(t, mb3, store.FolderInbox)
	if f := must[*store.Folder](t, "Folder")(mb3.Folder(c, in3, []mapi.PropTag{mapi.PidTagContentCount})); countOf(f.Props) != 0 {
		t.Errorf("bob's inbox has %d messages", countOf(f.Props))
	}
}

func countOf(props []mapi.PropValue) int32 {
	v, _ := prop(props, mapi.PidTagContentCount)
	n, _ := v.(int32)
	return n
}

func (s *suite) testSpecialFolders(t *testing.T) {
	_, mb := s.mailbox(t)
	c := ctx(t)
	info := mb.Info()
	fids := map[store.SpecialFolder]store.FID{}
	seen := map[store.FID]bool{}
	for _, sp := range store.SpecialFolders {
		if sp.OnDemand {
			// Not there until provisioned (testSpecialFoldersOnDemand).
			if fid, err := mb.SpecialFolder(c, sp.Kind); !errors.Is(err, store.ErrNotFound) {
				t.Errorf("%v (on demand): SpecialFolder = %v, %v after CreateMailbox, want ErrNotFound", sp.Kind, fid, err)
			}
			continue
		}
		fid := special(t, mb, sp.Kind)
		if seen[fid] {
			t.Errorf("%v: FID %v shared", sp.Kind, fid)
		}
		if fid.ReplicaID() != store.ReplicaID1 {
			t.Errorf("%v: FID %v not of replica 1", sp.Kind, fid)
		}
		seen[fid] = true
		fids[sp.Kind] = fid
	}
	for _, sp := range store.SpecialFolders {
		if sp.OnDemand {
			continue
		}
		f := must[*store.Folder](t, "Folder")(mb.Folder(c, fids[sp.Kind], nil))
		if f.Kind != sp.Kind {
			t.Errorf("%v: Kind %v", sp.Kind, f.Kind)
		}
		if sp.Parent == 0 {
			if f.ParentID != 0 {
				t.Errorf("root has parent %v", f.ParentID)
			}
		} else if f.ParentID != fids[sp.Parent] {
			t.Errorf("%v: parent %v, want %v (%v)", sp.Kind, f.ParentID, fids[sp.Parent], sp.Parent)
		}
		if v, _ := prop(f.Props, mapi.PidTagDisplayName); v != sp.Name {
			t.Errorf("%v: display name %v, want %q", sp.Kind, v, sp.Name)
		}
		cls, ok := prop(f.Props, mapi.PidTagContainerClass)
		if sp.ContainerClass != "" && cls != sp.ContainerClass {
			t.Errorf("%v: container class %v, want %q", sp.Kind, cls, sp.ContainerClass)
		}
		if sp.ContainerClass == "" && ok {
			t.Errorf("%v: unexpected container class %v", sp.Kind, cls)
		}
		if v, ok := prop(f.Props, mapi.PidTagFolderId); !ok || v != int64(f.ID) {
			t.Errorf("%v: PidTagFolderId %v", sp.Kind, v)
		}
		if v, _ := prop(f.Props, mapi.PidTagEntryId); !bytes.Equal(asBytes(v), store.FolderEntryID(info, f.ID)) {
			t.Errorf("%v: PidTagEntryId %x", sp.Kind, v)
		}
		if v, _ := prop(f.Props, mapi.PidTagSourceKey); !bytes.Equal(asBytes(v), store.SourceKey(info, f.ID)) {
			t.Errorf("%v: PidTagSourceKey %x", sp.Kind, v)
		}
		if f.CN.GlobalCounter() == 0 {
			t.Errorf("%v: no change number", sp.Kind)
		}
		if parent := f.ParentID; parent != 0 {
			kids := must[[]store.FID](t, "Subfolders")(mb.Subfolders(c, parent))
			if !slices.Contains(kids, f.ID) {
				t.Errorf("%v: not among its parent's subfolders", sp.Kind)
			}
		}
	}
	// [MS-OXOSFLD] 2.2.3, 2.2.4: entry IDs on the Root and Inbox folders.
	for _, k := range []store.SpecialFolder{store.FolderRoot, store.FolderInbox} {
		f := must[*store.Folder](t, "Folder")(mb.Folder(c, fids[k], nil))
		for tag, target := range map[mapi.PropTag]store.SpecialFolder{
			mapi.PidTagIpmAppointmentEntryId:  store.FolderCalendar,
			mapi.PidTagIpmContactEntryId:      store.FolderContacts,
			mapi.PidTagIpmJournalEntryId:      store.FolderJournal,
			mapi.PidTagIpmNoteEntryId:         store.FolderNotes,
			mapi.PidTagIpmTaskEntryId:         store.FolderTasks,
			mapi.PidTagIpmDraftsEntryId:       store.FolderDrafts,
			mapi.PidTagRemindersOnlineEntryId: store.FolderReminders,
		} {
			v, _ := prop(f.Props, tag)
			if want := store.FolderEntryID(info, fids[target]); !bytes.Equal(asBytes(v), want) {
				t.Errorf("%v: %v = %x, want %x", k, tag, v, want)
			}
		}
		v, _ := prop(f.Props, mapi.PidTagAdditionalRenEntryIds)
		ren, _ := v.([][]byte)
		order := []store.SpecialFolder{store.FolderConflicts, store.FolderSyncIssues, store.FolderLocalFailures, store.FolderServerFailures, store.FolderJunk}
		if len(ren) < len(order) {
			t.Fatalf("%v: PidTagAdditionalRenEntryIds has %d values", k, len(ren))
		}
		for i, kind := range order {
			if !bytes.Equal(ren[i], store.FolderEntryID(info, fids[kind])) {
				t.Errorf("%v: PidTagAdditionalRenEntryIds[%d] is not %v", k, i, kind)
			}
		}
	}
	// Special folders are protected.
	err := mb.DeleteFolder(c, fids[store.FolderInbox], &store.DeleteOptions{Hard: true, Recursive: true})
	wantErr(t, "DeleteFolder(Inbox)", err, store.ErrAccessDenied)
	_, err = mb.MoveFolder(c, fids[store.FolderDrafts], fids[store.FolderInbox], "")
	wantErr(t, "MoveFolder(Drafts)", err, store.ErrAccessDenied)
}

func asBytes(v any) []byte { b, _ := v.([]byte); return b }

func (s *suite) testReceiveFolders(t *testing.T) {
	_, mb := s.mailbox(t)
	c := ctx(t)
	inbox, root := special(t, mb, store.FolderInbox), special(t, mb, store.FolderRoot)
	for _, tc := range []struct {
		class, explicit string
		want            store.FID
	}{
		{"", "", inbox},
		{"IPM", "IPM", inbox},
		{"IPM.Note", "IPM", inbox},
		{"IPC", "IPC", root},
		{"Something.Else", "", inbox},
	} {
		fid, ex, err := mb.ReceiveFolder(c, tc.class)
		if err != nil || fid != tc.want || !strings.EqualFold(ex, tc.explicit) {
			t.Errorf("ReceiveFolder(%q) = %v, %q, %v; want %v, %q", tc.class, fid, ex, err, tc.want, tc.explicit)
		}
	}
	cal := special(t, mb, store.FolderCalendar)
	if err := mb.SetReceiveFolder(c, "IPM.Schedule", cal); err != nil {
		t.Fatal(err)
	}
	if fid, ex, _ := mb.ReceiveFolder(c, "IPM.Schedule.Meeting.Request"); fid != cal || !strings.EqualFold(ex, "IPM.Schedule") {
		t.Errorf("after SetReceiveFolder: %v %q", fid, ex)
	}
	if err := mb.SetReceiveFolder(c, "IPM.Schedule", 0); err != nil {
		t.Fatal(err)
	}
	if fid, _, _ := mb.ReceiveFolder(c, "IPM.Schedule.Meeting.Request"); fid != inbox {
		t.Errorf("after removing mapping: %v", fid)
	}
	wantErr(t, "SetReceiveFolder unknown folder", mb.SetReceiveFolder(c, "X", store.MakeFID(0xFFFFFFFF)), store.ErrNotFound)
	// A deleted folder stops receiving.
	tmp := newFolder(t, mb, inbox, "Receiver")
	if err := mb.SetReceiveFolder(c, "IPM.Custom", tmp); err != nil {
		t.Fatal(err)
	}
	if err := mb.DeleteFolder(c, tmp, nil); err != nil {
		t.Fatal(err)
	}
	if fid, _, _ := mb.ReceiveFolder(c, "IPM.Custom"); fid != inbox {
		t.Errorf("receive folder after deleting its target: %v", fid)
	}
}

// everyType is one property of every PropType, single and multi-valued.
func everyType() []mapi.PropValue {
	g := mapi.NewGUID(0x01020304, 0x0506, 0x0708, 0x090A, 0x0B0C0D0E0F10)
	t1 := time.Date(2023, 5, 6, 7, 8, 9, 0, time.UTC)
	tag := func(id mapi.PropID, typ mapi.PropType) mapi.PropTag { return mapi.NewPropTag(id, typ) }
	return []mapi.PropValue{
		{Tag: tag(0x6701, mapi.PtypInteger16), Value: int16(-12)},
		{Tag: tag(0x6702, mapi.PtypInteger32), Value: int32(-123456)},
		{Tag: tag(0x6703, mapi.PtypFloating32), Value: float32(1.5)},
		{Tag: tag(0x6704, mapi.PtypFloating64), Value: float64(-2.25)},
		{Tag: tag(0x6705, mapi.PtypCurrency), Value: mapi.Currency(123450000)},
		{Tag: tag(0x6706, mapi.PtypFloatingTime), Value: mapi.FloatingTime(45000.5)},
		{Tag: tag(0x6707, mapi.PtypErrorCode), Value: mapi.ErrorCode(0x8004010F)},
		{Tag: tag(0x6708, mapi.PtypBoolean), Value: true},
		{Tag: tag(0x6709, mapi.PtypInteger64), Value: int64(-1 << 40)},
		{Tag: tag(0x6710, mapi.PtypString8), Value: "ascii \xe9 bytes"}, // 0x670A is PidTagLocalCommitTimeMax
		{Tag: tag(0x670B, mapi.PtypString), Value: "Unicode ✓ 日本"},
		{Tag: tag(0x670C, mapi.PtypTime), Value: t1},
		{Tag: tag(0x670D, mapi.PtypGuid), Value: g},
		{Tag: tag(0x670E, mapi.PtypServerId), Value: mapi.ServerID{Ours: true, FolderID: 0x0100000000000001, MessageID: 0x0100000000000002, Instance: 3}},
		{Tag: tag(0x670F, mapi.PtypRestriction), Value: mapi.Restriction(mapi.ExistRestriction{PropTag: mapi.PidTagSubject})},
		{Tag: tag(0x6711, mapi.PtypBinary), Value: []byte{0, 1, 2, 0xFF}},
		{Tag: tag(0x6712, mapi.PtypObject), Value: uint32(7)},
		{Tag: tag(0x6713, mapi.PtypMultipleInteger16), Value: []int16{1, -2}},
		{Tag: tag(0x6714, mapi.PtypMultipleInteger32), Value: []int32{3, -4}},
		{Tag: tag(0x6715, mapi.PtypMultipleFloating32), Value: []float32{0.5, -0.25}},
		{Tag: tag(0x6716, mapi.PtypMultipleFloating64), Value: []float64{1e10, -1e-10}},
		{Tag: tag(0x6717, mapi.PtypMultipleCurrency), Value: []mapi.Currency{1, -2}},
		{Tag: tag(0x6718, mapi.PtypMultipleFloatingTime), Value: []mapi.FloatingTime{1.25, 2.5}},
		{Tag: tag(0x6719, mapi.PtypMultipleInteger64), Value: []int64{1 << 50, -1}},
		{Tag: tag(0x671A, mapi.PtypMultipleString8), Value: []string{"a", "bc"}},
		{Tag: tag(0x671B, mapi.PtypMultipleString), Value: []string{"é", "", "x"}},
		{Tag: tag(0x671C, mapi.PtypMultipleTime), Value: []time.Time{t1, t1.Add(time.Hour)}},
		{Tag: tag(0x671D, mapi.PtypMultipleGuid), Value: []mapi.GUID{g, {}}},
		{Tag: tag(0x671E, mapi.PtypMultipleBinary), Value: [][]byte{{1}, {}, {2, 3}}},
	}
}

func sameValue(a, b any) bool {
	if ta, ok := a.(time.Time); ok {
		tb, ok := b.(time.Time)
		return ok && ta.Equal(tb)
	}
	if ta, ok := a.([]time.Time); ok {
		tb, ok := b.([]time.Time)
		return ok && slices.EqualFunc(ta, tb, time.Time.Equal)
	}
	return reflect.DeepEqual(a, b)
}

func (s *suite) testPropTypes(t *testing.T) {
	_, mb := s.mailbox(t)
	c := ctx(t)
	inbox := special(t, mb, store.FolderInbox)
	props := everyType()
	// Also on a recipient, an attachment and a folder.
	in := &store.Message{
		Props:       props,
		Recipients:  []store.Recipient{{Props: props}},
		Attachments: []store.Attachment{{Props: props}},
	}
	info := createMsg(t, mb, inbox, in)
	got := must[*store.Message](t, "Message")(mb.Message(c, info.ID, nil))
	check := func(where string, have []mapi.PropValue) {
		t.Helper()
		for _, p := range props {
			v, ok := prop(have, p.Tag)
			if !ok {
				t.Errorf("%s: %v (%v) missing", where, p.Tag, p.Tag.Type())
				continue
			}
			if !sameValue(v, p.Value) {
				t.Errorf("%s: %v (%v) = %#v, want %#v", where, p.Tag, p.Tag.Type(), v, p.Value)
			}
		}
	}
	check("message", got.Props)
	if len(got.Recipients) != 1 || len(got.Attachments) != 1 {
		t.Fatalf("%d recipients, %d attachments", len(got.Recipients), len(got.Attachments))
	}
	check("recipient", got.Recipients[0].Props)
	check("attachment", got.Attachments[0].Props)
	fprops := append([]mapi.PropValue{{Tag: mapi.PidTagDisplayName, Value: "Typed"}}, props...)
	f := must[*store.Folder](t, "CreateFolder")(mb.CreateFolder(c, inbox, fprops, nil))
	check("folder", must[*store.Folder](t, "Folder")(mb.Folder(c, f.ID, nil)).Props)

	// Isolation: changing the caller's slices changes nothing stored.
	props[15].Value.([]byte)[0] = 0x55
	again := must[*store.Message](t, "Message")(mb.Message(c, info.ID, nil))
	if v, _ := prop(again.Props, props[15].Tag); asBytes(v)[0] != 0 {
		t.Errorf("store aliases the caller's []byte")
	}
	asBytes(mustProp(t, again.Props, props[15].Tag))[1] = 0x66
	again2 := must[*store.Message](t, "Message")(mb.Message(c, info.ID, nil))
	if v, _ := prop(again2.Props, props[15].Tag); asBytes(v)[1] != 1 {
		t.Errorf("store hands out its own []byte")
	}

	// A value of the wrong Go type is ErrInvalidArgument.
	_, err := mb.CreateMessage(c, inbox, &store.Message{Props: []mapi.PropValue{{Tag: mapi.PidTagSubject, Value: 42}}})
	wantErr(t, "CreateMessage with int for PtypString", err, store.ErrInvalidArgument)
	_, err = mb.UpdateMessage(c, info.ID, &store.MessageUpdate{Set: []mapi.PropValue{{Tag: mapi.PidTagImportance, Value: "high"}}})
	wantErr(t, "UpdateMessage with string for PtypInteger32", err, store.ErrInvalidArgument)
}

func mustProp(t *testing.T, props []mapi.PropValue, tag mapi.PropTag) any {
	t.Helper()
	v, ok := prop(props, tag)
	if !ok {
		t.Fatalf("%v missing", tag)
	}
	return v
}

func (s *suite) testMessageLifecycle(t *testing.T) {
	_, mb := s.mailbox(t)
	c := ctx(t)
	drafts := special(t, mb, store.FolderDrafts)
	embedded := &store.Message{
		Props: []mapi.PropValue{{Tag: mapi.PidTagSubject, Value: "inner"}, {Tag: mapi.PidTagMessageClass, Value: "IPM.Note"}},
		Attachments: []store.Attachment{{Props: []mapi.PropValue{
			{Tag: mapi.PidTagAttachMethod, Value: int32(1)},
			{Tag: mapi.PidTagAttachDataBinary, Value: []byte("innermost")},
		}}},
	}
	in := simpleMessage("hello", 1)
	in.Props = append(in.Props, mapi.PropValue{Tag: mapi.PidTagMessageFlags, Value: int32(0x8)}) // MSGFLAG_UNSENT
	in.Recipients = []store.Recipient{
		{Props: []mapi.PropValue{{Tag: mapi.PidTagDisplayName, Value: "To One"}, {Tag: mapi.PidTagRecipientType, Value: int32(1)}}},
		{Props: []mapi.PropValue{{Tag: mapi.PidTagDisplayName, Value: "Cc Two"}, {Tag: mapi.PidTagRecipientType, Value: int32(2)}}},
	}
	in.Attachments = []store.Attachment{
		{Props: []mapi.PropValue{{Tag: mapi.PidTagAttachMethod, Value: int32(1)}, {Tag: mapi.PidTagAttachDataBinary, Value: []byte("file")}}},
		{Props: []mapi.PropValue{{Tag: mapi.PidTagAttachMethod, Value: int32(5)}}, Embedded: embedded},
	}
	info := createMsg(t, mb, drafts, in)
	if info.FolderID != drafts || info.ID.ReplicaID() != store.ReplicaID1 || info.Size <= 0 || info.Read || len(info.ChangeKey) != 22 {
		t.Errorf("info %+v", info)
	}
	m := must[*store.Message](t, "Message")(mb.Message(c, info.ID, nil))
	if m.Info.ID != info.ID || m.Info.CN != info.CN {
		t.Errorf("Info %+v, want %+v", m.Info, info)
	}
	for tag, want := range map[mapi.PropTag]any{
		mapi.PidTagMid:             int64(info.ID),
		mapi.PidTagFolderId:        int64(drafts),
		mapi.PidTagChangeNumber:    int64(info.CN),
		mapi.PidTagChangeKey:       info.ChangeKey,
		mapi.PidTagHasAttachments:  true,
		mapi.PidTagAssociated:      false,
		mapi.PidTagMessageFlags:    int32(0x8 | 0x10),
		mapi.PidTagMessageSize:     int32(info.Size),
		mapi.PidTagSourceKey:       store.SourceKey(mb.Info(), info.ID),
		mapi.PidTagParentSourceKey: store.SourceKey(mb.Info(), drafts),
		mapi.PidTagEntryId:         store.MessageEntryID(mb.Info(), drafts, info.ID),
		mapi.PidTagParentEntryId:   store.FolderEntryID(mb.Info(), drafts),
	} {
		if v, ok := prop(m.Props, tag); !ok || !reflect.DeepEqual(v, want) {
			t.Errorf("%v = %#v, want %#v", tag, v, want)
		}
	}
	if len(m.Recipients) != 2 || m.Recipients[1].RowID != 1 || mustProp(t, m.Recipients[1].Props, mapi.PidTagDisplayName) != "Cc Two" {
		t.Errorf("recipients %+v", m.Recipients)
	}
	if len(m.Attachments) != 2 || m.Attachments[0].Num != 0 || m.Attachments[1].Num != 1 {
		t.Fatalf("attachments %+v", m.Attachments)
	}
	if e := m.Attachments[1].Embedded; e == nil || mustProp(t, e.Props, mapi.PidTagSubject) != "inner" || len(e.Attachments) != 1 ||
		!bytes.Equal(asBytes(mustProp(t, e.Attachments[0].Props, mapi.PidTagAttachDataBinary)), []byte("innermost")) {
		t.Errorf("embedded message %+v", e)
	} else if _, ok := prop(e.Props, mapi.PidTagMid); ok {
		t.Errorf("embedded message has a PidTagMid")
	}

	// Selected properties only.
	sel := must[*store.Message](t, "Message(Tags)")(mb.Message(c, info.ID, &store.MessageOptions{Tags: []mapi.PropTag{mapi.PidTagSubject, mapi.PidTagBody}}))
	if len(sel.Props) != 1 || sel.Props[0].Value != "hello" || len(sel.Recipients) != 0 || len(sel.Attachments) != 0 {
		t.Errorf("Message(Tags) = %+v", sel)
	}

	// Update: set, remove, replace recipients, add and remove attachments.
	recips := []store.Recipient{{Props: []mapi.PropValue{{Tag: mapi.PidTagDisplayName, Value: "Only"}}}}
	read := true
	info2 := must[*store.MessageInfo](t, "UpdateMessage")(mb.UpdateMessage(c, info.ID, &store.MessageUpdate{
		Set:               []mapi.PropValue{{Tag: mapi.PidTagSubject, Value: "changed"}, {Tag: mapi.PidTagBody, Value: "body"}},
		Remove:            []mapi.PropTag{mapi.PidTagImportance},
		Recipients:        &recips,
		SetAttachments:    []store.Attachment{{Num: 7, Props: []mapi.PropValue{{Tag: mapi.PidTagAttachFilename, Value: "x.txt"}}}},
		RemoveAttachments: []uint32{0},
		Read:              &read,
		IfChangeKey:       info.ChangeKey,
	}))
	if info2.CN.GlobalCounter() <= info.CN.GlobalCounter() || bytes.Equal(info2.ChangeKey, info.ChangeKey) || !info2.Read {
		t.Errorf("update did not bump: %+v -> %+v", info, info2)
	}
	m2 := must[*store.Message](t, "Message")(mb.Message(c, info.ID, nil))
	if mustProp(t, m2.Props, mapi.PidTagSubject) != "changed" || mustProp(t, m2.Props, mapi.PidTagBody) != "body" {
		t.Errorf("set not applied")
	}
	if _, ok := prop(m2.Props, mapi.PidTagImportance); ok {
		t.Errorf("remove not applied")
	}
	if len(m2.Recipients) != 1 || len(m2.Attachments) != 2 || m2.Attachments[0].Num != 1 || m2.Attachments[1].Num != 7 {
		t.Errorf("tables after update: %d recipients, attachments %+v", len(m2.Recipients), m2.Attachments)
	}
	if v := mustProp(t, m2.Props, mapi.PidTagMessageFlags).(int32); v&1 == 0 {
		t.Errorf("read flag not in PidTagMessageFlags: %#x", v)
	}
	// In-place attachment update.
	must[*store.MessageInfo](t, "UpdateMessage(UpdateAttachments)")(mb.UpdateMessage(c, info.ID, &store.MessageUpdate{
		UpdateAttachments: []store.AttachmentUpdate{{Num: 1, Set: []mapi.PropValue{{Tag: mapi.PidTagAttachFilename, Value: "inner.msg"}},
			Embedded: &store.Message{Props: []mapi.PropValue{{Tag: mapi.PidTagSubject, Value: "inner v2"}}}}},
	}))
	ma := must[*store.Message](t, "Message")(mb.Message(c, info.ID, nil))
	if a := ma.Attachments[0]; a.Num != 1 || mustProp(t, a.Props, mapi.PidTagAttachFilename) != "inner.msg" || mustProp(t, a.Props, mapi.PidTagAttachMethod) != int32(5) ||
		a.Embedded == nil || mustProp(t, a.Embedded.Props, mapi.PidTagSubject) != "inner v2" {
		t.Errorf("attachment after in-place update: %+v", a)
	}
	_, err := mb.UpdateMessage(c, info.ID, &store.MessageUpdate{UpdateAttachments: []store.AttachmentUpdate{{Num: 99}}})
	wantErr(t, "UpdateAttachments of a missing attachment", err, store.ErrNotFound)
	// Stale change key.
	_, err = mb.UpdateMessage(c, info.ID, &store.MessageUpdate{Set: []mapi.PropValue{{Tag: mapi.PidTagSubject, Value: "lost"}}, IfChangeKey: info.ChangeKey})
	wantErr(t, "UpdateMessage with stale change key", err, store.ErrConflict)
	m3 := must[*store.Message](t, "Message")(mb.Message(c, info.ID, nil))
	if mustProp(t, m3.Props, mapi.PidTagSubject) != "changed" {
		t.Errorf("conflicting update was applied")
	}
	// Not found.
	_, err = mb.Message(c, store.MakeMID(0xFFFFFFFFFF), nil)
	wantErr(t, "Message(unknown)", err, store.ErrNotFound)
	_, err = mb.UpdateMessage(c, store.MakeMID(0xFFFFFFFFFF), &store.MessageUpdate{})
	wantErr(t, "UpdateMessage(unknown)", err, store.ErrNotFound)
	_, err = mb.CreateMessage(c, store.MakeFID(0xFFFFFFFFFF), simpleMessage("x", 0))
	wantErr(t, "CreateMessage(unknown folder)", err, store.ErrNotFound)
	// Deleted messages are gone.
	del := must[[]store.MID](t, "DeleteMessages")(mb.DeleteMessages(c, drafts, []store.MID{info.ID}, &store.DeleteOptions{Hard: true}))
	if len(del) != 1 || del[0] != info.ID {
		t.Errorf("DeleteMessages = %v", del)
	}
	_, err = mb.Message(c, info.ID, nil)
	wantErr(t, "Message(deleted)", err, store.ErrNotFound)
}

func (s *suite) testStreams(t *testing.T) {
	_, mb := s.mailbox(t)
	c := ctx(t)
	inbox := special(t, mb, store.FolderInbox)
	big := bytes.Repeat([]byte("0123456789abcdef"), 1<<16) // 1 MiB
	text := strings.Repeat("Grüße ", 50000)
	in := simpleMessage("big", 0)
	in.Streams = []store.StreamProp{
		{Tag: mapi.PidTagBody, R: strings.NewReader(text)},
		{Tag: mapi.PidTagRtfCompressed, R: bytes.NewReader(big)},
	}
	in.Attachments = []store.Attachment{{
		Props:    []mapi.PropValue{{Tag: mapi.PidTagAttachMethod, Value: int32(1)}},
		Streams:  []store.StreamProp{{Tag: mapi.PidTagAttachDataBinary, R: bytes.NewReader(big[:300000])}},
		Embedded: nil,
	}, {
		Props: []mapi.PropValue{{Tag: mapi.PidTagAttachMethod, Value: int32(5)}},
		Embedded: &store.Message{Props: []mapi.PropValue{{Tag: mapi.PidTagSubject, Value: "inner"}},
			Streams: []store.StreamProp{{Tag: mapi.PidTagBody, R: strings.NewReader(text[:5000])}}},
	}}
	info := createMsg(t, mb, inbox, in)
	if info.Size < int64(len(big)) {
		t.Errorf("size %d smaller than the streamed data", info.Size)
	}
	m := must[*store.Message](t, "Message")(mb.Message(c, info.ID, &store.MessageOptions{StreamThreshold: 4096}))
	large := map[mapi.PropTag]int64{}
	for _, l := range m.Large {
		large[l.Tag] = l.Size
	}
	if large[mapi.PidTagBody] != int64(len(text)) || large[mapi.PidTagRtfCompressed] != int64(len(big)) {
		t.Errorf("Large = %+v", m.Large)
	}
	if _, ok := prop(m.Props, mapi.PidTagRtfCompressed); ok {
		t.Errorf("large value also in Props")
	}
	if v, _ := prop(m.Props, mapi.PidTagSubject); v != "big" {
		t.Errorf("small value withheld")
	}
	if len(m.Attachments) != 2 || len(m.Attachments[0].Large) != 1 {
		t.Errorf("attachment Large: %+v", m.Attachments)
	}
	read := func(ref store.PropRef) []byte {
		t.Helper()
		r, n, err := mb.OpenPropertyStream(c, ref)
		if err != nil {
			t.Fatalf("OpenPropertyStream(%+v): %v", ref, err)
		}
		defer r.Close()
		b, err := io.ReadAll(r)
		if err != nil {
			t.Fatal(err)
		}
		if int64(len(b)) != n {
			t.Errorf("stream %v: size %d, read %d", ref.Tag, n, len(b))
		}
		return b
	}
	if !bytes.Equal(read(store.PropRef{Message: info.ID, Tag: mapi.PidTagRtfCompressed}), big) {
		t.Errorf("binary stream differs")
	}
	if string(read(store.PropRef{Message: info.ID, Tag: mapi.PidTagBody})) != text {
		t.Errorf("string stream differs")
	}
	if !bytes.Equal(read(store.PropRef{Message: info.ID, Attachments: []uint32{0}, Tag: mapi.PidTagAttachDataBinary}), big[:300000]) {
		t.Errorf("attachment stream differs")
	}
	if string(read(store.PropRef{Message: info.ID, Attachments: []uint32{1}, Embedded: true, Tag: mapi.PidTagBody})) != text[:5000] {
		t.Errorf("embedded stream differs")
	}
	// Whole values come back too when no threshold is asked for.
	full := must[*store.Message](t, "Message")(mb.Message(c, info.ID, nil))
	if v, _ := prop(full.Props, mapi.PidTagBody); v != text {
		t.Errorf("streamed string not readable as a value")
	}
	// Updating through a stream.
	must[*store.MessageInfo](t, "UpdateMessage(Streams)")(mb.UpdateMessage(c, info.ID, &store.MessageUpdate{
		Streams: []store.StreamProp{{Tag: mapi.PidTagRtfCompressed, R: bytes.NewReader(big[:10])}},
	}))
	if !bytes.Equal(read(store.PropRef{Message: info.ID, Tag: mapi.PidTagRtfCompressed}), big[:10]) {
		t.Errorf("stream update not applied")
	}
	// Writing through store.PropertyWriter (RopWriteStream's path).
	for _, ref := range []store.PropRef{
		{Message: info.ID, Tag: mapi.PidTagHtml},
		{Message: info.ID, Attachments: []uint32{0}, Tag: mapi.PidTagAttachDataBinary},
	} {
		pw, err := store.NewPropertyWriter(c, mb, ref)
		if err != nil {
			t.Fatal(err)
		}
		for range 20 {
			pw.Write(big[:50000])
		}
		if err := pw.Close(); err != nil {
			t.Fatalf("PropertyWriter.Close: %v", err)
		}
		if got := read(ref); len(got) != 20*50000 || !bytes.Equal(got[:50000], big[:50000]) {
			t.Errorf("PropertyWriter %v: read back %d bytes", ref.Tag, len(got))
		}
	}
	if m := must[*store.Message](t, "Message")(mb.Message(c, info.ID, &store.MessageOptions{StreamThreshold: 1})); len(m.Attachments) != 2 || m.Attachments[1].Embedded == nil {
		t.Errorf("PropertyWriter on attachment 0 disturbed the others")
	}
	if _, err := store.NewPropertyWriter(c, mb, store.PropRef{Message: info.ID, Tag: mapi.PidTagImportance}); !errorsIs(err, store.ErrInvalidArgument) {
		t.Errorf("PropertyWriter for an integer: %v", err)
	}
	_, _, err := mb.OpenPropertyStream(c, store.PropRef{Message: info.ID, Tag: mapi.NewPropTag(0x6799, mapi.PtypBinary)})
	wantErr(t, "OpenPropertyStream(absent)", err, store.ErrNotFound)
	_, _, err = mb.OpenPropertyStream(c, store.PropRef{Message: info.ID, Attachments: []uint32{9}, Tag: mapi.PidTagAttachDataBinary})
	wantErr(t, "OpenPropertyStream(no attachment)", err, store.ErrNotFound)
}
