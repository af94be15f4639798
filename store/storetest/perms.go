package storetest

import (
	"testing"

	"github.com/oxkit/oxkit/store"
)

// permRow is the comparable part of a permissions row (MemberIDs of
// users are the store's choice).
type permRow struct {
	user   bool
	member string
	name   string
	rights store.Rights
}

func permRows(t *testing.T, pm store.PermissionStore, fid store.FID) ([]permRow, []store.Permission) {
	t.Helper()
	perms := must[[]store.Permission](t, "FolderPermissions")(pm.FolderPermissions(ctx(t), fid))
	var out []permRow
	for _, p := range perms {
		out = append(out, permRow{user: p.MemberID > 0, member: p.Member, name: p.Name, rights: p.Rights})
	}
	return out, perms
}

func samePerms(t *testing.T, what string, got, want []permRow) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d rows %+v, want %+v", what, len(got), got, want)
	}
	for i := range got {
		if got[i] != want[i] {
			t.Errorf("%s: row %d = %+v, want %+v", what, i, got[i], want[i])
		}
	}
}

// testPermissions checks store.PermissionStore against [MS-OXCPERM]
// 2.2.1 (the table and its Default and Anonymous rows) and 2.2.2
// (RopModifyPermissions: add, modify, remove, ReplaceRows).
func (s *suite) testPermissions(t *testing.T) {
	st, mb := s.mailbox(t)
	pm, ok := mb.(store.PermissionStore)
	if !ok {
		t.Skip("the mailbox does not implement store.PermissionStore")
	}
	c := ctx(t)
	cal := special(t, mb, store.FolderCalendar)
	inbox := special(t, mb, store.FolderInbox)
	def := permRow{member: "", name: "Default"}
	anon := permRow{member: "", name: "Anonymous"}

	got, perms := permRows(t, pm, cal)
	samePerms(t, "fresh calendar", got, []permRow{def, anon})
	if perms[0].MemberID != store.MemberDefault || perms[1].MemberID != store.MemberAnonymous {
		t.Errorf("fresh table member IDs %d, %d; want %d, %d", perms[0].MemberID, perms[1].MemberID, store.MemberDefault, store.MemberAnonymous)
	}

	// Add two users and set the Default row in one call.
	must[struct{}](t, "ModifyPermissions add")(struct{}{}, pm.ModifyPermissions(c, cal, false, []store.PermissionChange{
		{Op: store.PermissionAdd, Member: "a@example.com", Name: "A", Rights: store.RightsEditor},
		{Op: store.PermissionAdd, Member: "b@example.com", Rights: store.RightsReviewer},
		{Op: store.PermissionModify, MemberID: store.MemberDefault, Rights: store.RightFreeBusySimple},
	}))
	a := permRow{user: true, member: "a@example.com", name: "A", rights: store.RightsEditor}
	b := permRow{user: true, member: "b@example.com", name: "b@example.com", rights: store.RightsReviewer}
	def.rights = store.RightFreeBusySimple
	got, perms = permRows(t, pm, cal)
	samePerms(t, "after add", got, []permRow{def, anon, a, b})
	if perms[2].MemberID <= 0 || perms[2].MemberID == perms[3].MemberID {
		t.Errorf("user member IDs %d, %d: want distinct positive IDs", perms[2].MemberID, perms[3].MemberID)
	}
	// Other folders are untouched.
	got, _ = permRows(t, pm, inbox)
	samePerms(t, "inbox", got, []permRow{{name: "Default"}, {name: "Anonymous"}})

	if r := store.MemberRights(perms, "A@Example.com"); r != store.RightsEditor {
		t.Errorf("MemberRights(a) = %v, want %v", r, store.RightsEditor)
	}
	if r := store.MemberRights(perms, "c@example.com"); r != store.RightFreeBusySimple {
		t.Errorf("MemberRights(c) = %v, want the Default row's %v", r, store.RightFreeBusySimple)
	}

	// A failing batch changes nothing.
	err := pm.ModifyPermissions(c, cal, false, []store.PermissionChange{
		{Op: store.PermissionModify, MemberID: perms[2].MemberID, Rights: store.RightsOwner},
		{Op: store.PermissionAdd, Member: "B@example.com", Rights: store.RightsOwner},
	})
	wantErr(t, "duplicate add", err, store.ErrExists)
	err = pm.ModifyPermissions(c, cal, false, []store.PermissionChange{{Op: store.PermissionRemove, MemberID: 1 << 40}})
	wantErr(t, "remove missing", err, store.ErrNotFound)
	err = pm.ModifyPermissions(c, cal, false, []store.PermissionChange{{Op: store.PermissionAdd, Member: "x@example.com", Rights: 0x80000000}})
	wantErr(t, "undefined rights bits", err, store.ErrInvalidArgument)
	err = pm.ModifyPermissions(c, cal, false, []store.PermissionChange{{Op: store.PermissionAdd, Rights: store.RightReadAny}})
	wantErr(t, "add without member", err, store.ErrInvalidArgument)
	got, _ = permRows(t, pm, cal)
	samePerms(t, "after failed batches", got, []permRow{def, anon, a, b})

	// Modify by address, remove by ID, remove the Default row.
	must[struct{}](t, "ModifyPermissions modify/remove")(struct{}{}, pm.ModifyPermissions(c, cal, false, []store.PermissionChange{
		{Op: store.PermissionModify, Member: "b@example.com", Rights: store.RightsAuthor},
		{Op: store.PermissionRemove, MemberID: perms[2].MemberID},
		{Op: store.PermissionRemove, MemberID: store.MemberDefault},
	}))
	b.rights = store.RightsAuthor
	def.rights = 0
	got, _ = permRows(t, pm, cal)
	samePerms(t, "after modify/remove", got, []permRow{def, anon, b})

	// ReplaceRows.
	must[struct{}](t, "ModifyPermissions replace")(struct{}{}, pm.ModifyPermissions(c, cal, true, []store.PermissionChange{
		{Op: store.PermissionAdd, Member: "c@example.com", Name: "C", Rights: store.RightsOwner},
	}))
	cRow := permRow{user: true, member: "c@example.com", name: "C", rights: store.RightsOwner}
	got, _ = permRows(t, pm, cal)
	samePerms(t, "after replace", got, []permRow{def, anon, cRow})

	// A deleted folder's table goes with it; a new folder starts empty.
	tmp := newFolder(t, mb, special(t, mb, store.FolderInbox), "perm tmp")
	must[struct{}](t, "ModifyPermissions tmp")(struct{}{}, pm.ModifyPermissions(c, tmp, false, []store.PermissionChange{{Op: store.PermissionAdd, Member: "a@example.com", Rights: store.RightsOwner}}))
	if err := mb.DeleteFolder(c, tmp, &store.DeleteOptions{Hard: true, Recursive: true}); err != nil {
		t.Fatal(err)
	}
	_, err = pm.FolderPermissions(c, tmp)
	wantErr(t, "FolderPermissions of a deleted folder", err, store.ErrNotFound)
	must[struct{}](t, "ModifyPermissions after a delete")(struct{}{}, pm.ModifyPermissions(c, cal, false, nil))
	tmp2 := newFolder(t, mb, special(t, mb, store.FolderInbox), "perm tmp")
	got, _ = permRows(t, pm, tmp2)
	samePerms(t, "new folder", got, []permRow{{name: "Default"}, {name: "Anonymous"}})

	_, err = pm.FolderPermissions(c, store.FID(0x7fff000000000001))
	wantErr(t, "FolderPermissions of a missing folder", err, store.ErrNotFound)
	err = pm.ModifyPermissions(c, store.FID(0x7fff000000000001), false, nil)
	wantErr(t, "ModifyPermissions of a missing folder", err, store.ErrNotFound)

	if s.opts.Reopen != nil {
		st = s.opts.Reopen(t, st)
		t.Cleanup(func() { st.Close() })
		mb2 := must[store.Mailbox](t, "OpenMailbox")(st.OpenMailbox(c, "user@example.com"))
		got, _ = permRows(t, mb2.(store.PermissionStore), cal)
		samePerms(t, "after reopen", got, []permRow{def, anon, cRow})
	}
}
