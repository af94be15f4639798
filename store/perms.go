package store

import (
	"context"
	"strconv"
	"strings"
)

// Rights is PidTagMemberRights ([MS-OXCPERM] 2.2.7): the bits of what a
// member of a folder's permissions table may do.
type Rights uint32

// Rights bits ([MS-OXCPERM] 2.2.7).
const (
	RightReadAny          Rights = 0x00000001 // read any item
	RightCreate           Rights = 0x00000002 // create items
	RightEditOwned        Rights = 0x00000008 // edit items the member created
	RightDeleteOwned      Rights = 0x00000010 // delete items the member created
	RightEditAny          Rights = 0x00000020 // edit any item
	RightDeleteAny        Rights = 0x00000040 // delete any item
	RightCreateSubfolder  Rights = 0x00000080 // create subfolders
	RightFolderOwner      Rights = 0x00000100 // all rights on the folder, its properties and permissions
	RightFolderContact    Rights = 0x00000200 // receives the folder's notifications
	RightFolderVisible    Rights = 0x00000400 // see the folder
	RightFreeBusySimple   Rights = 0x00000800 // see free/busy times (calendars)
	RightFreeBusyDetailed Rights = 0x00001000 // see free/busy with subject and location (calendars)

	// RightsAll is every defined bit.
	RightsAll Rights = 0x00001FFB
)

// Common permission levels of [MS-OXCPERM] 2.2.7 as Outlook names them
// (the FreeBusy bits come on top for calendar folders).
const (
	RightsOwner            = RightReadAny | RightCreate | RightEditOwned | RightDeleteOwned | RightEditAny | RightDeleteAny | RightCreateSubfolder | RightFolderOwner | RightFolderContact | RightFolderVisible
	RightsPublishingEditor = RightReadAny | RightCreate | RightEditOwned | RightDeleteOwned | RightEditAny | RightDeleteAny | RightCreateSubfolder | RightFolderVisible
	RightsEditor           = RightReadAny | RightCreate | RightEditOwned | RightDeleteOwned | RightEditAny | RightDeleteAny | RightFolderVisible
	RightsPublishingAuthor = RightReadAny | RightCreate | RightEditOwned | RightDeleteOwned | RightCreateSubfolder | RightFolderVisible
	RightsAuthor           = RightReadAny | RightCreate | RightEditOwned | RightDeleteOwned | RightFolderVisible
	RightsNoneditingAuthor = RightReadAny | RightCreate | RightDeleteOwned | RightFolderVisible
	RightsReviewer         = RightReadAny | RightFolderVisible
	RightsContributor      = RightCreate | RightFolderVisible
)

// Has reports whether r has every bit of want.
func (r Rights) Has(want Rights) bool { return r&want == want }

// String returns the rights as "0x..." hex.
func (r Rights) String() string { return "0x" + strconv.FormatUint(uint64(r), 16) }

// Member IDs of the two rows every permissions table has ([MS-OXCPERM]
// 2.2.5 PidTagMemberId).
const (
	// MemberDefault is the "Default" row: the rights of every
	// authenticated user without a row of their own.
	MemberDefault int64 = 0
	// MemberAnonymous is the "Anonymous" row: the rights of
	// unauthenticated users.
	MemberAnonymous int64 = -1
)

// Permission is a row of a folder's permissions table ([MS-OXCPERM]
// 2.2.1, 2.2.4 to 2.2.7).
type Permission struct {
	// MemberID is PidTagMemberId: MemberDefault, MemberAnonymous, or an
	// ID the store assigns to a user's row (positive, unique within the
	// folder).
	MemberID int64
	// Member is the user's primary SMTP address ("" for the Default and
	// Anonymous rows). Compared case-insensitively.
	Member string
	// Name is PidTagMemberName ("Default", "Anonymous" or the user's
	// display name).
	Name string
	// Rights is PidTagMemberRights.
	Rights Rights
}

// PermissionOp is the kind of a PermissionChange, the RowFlags of
// RopModifyPermissions' PermissionData ([MS-OXCPERM] 2.2.2 and
// [MS-OXCROPS] 2.2.10.1).
type PermissionOp uint8

// Permission change kinds (the wire values of PermissionData.RowFlags).
const (
	PermissionAdd    PermissionOp = 0x01 // ROW_ADD
	PermissionModify PermissionOp = 0x02 // ROW_MODIFY
	PermissionRemove PermissionOp = 0x04 // ROW_REMOVE
)

// String returns "add", "modify", "remove" or "PermissionOp(n)".
func (o PermissionOp) String() string {
	switch o {
	case PermissionAdd:
		return "add"
	case PermissionModify:
		return "modify"
	case PermissionRemove:
		return "remove"
	}
	return "PermissionOp(" + strconv.Itoa(int(o)) + ")"
}

// PermissionChange is one row change of ModifyPermissions.
type PermissionChange struct {
	Op PermissionOp
	// MemberID names the row to modify or remove (MemberDefault and
	// MemberAnonymous included). A modify or remove with MemberID 0 and
	// a non-empty Member names the user's row by address instead.
	MemberID int64
	// Member is the SMTP address of the user an add is for.
	Member string
	// Name is PidTagMemberName for an add ("" keeps Member).
	Name string
	// Rights is the row's new PidTagMemberRights (add and modify).
	Rights Rights
}

// PermissionStore is the optional capability of a Mailbox to keep folder
// permissions ([MS-OXCPERM]). It is what RopGetPermissionsTable and
// RopModifyPermissions, EWS PermissionSet and delegate access stand on.
// The mailbox owner always has every right and has no row.
type PermissionStore interface {
	// FolderPermissions returns the permissions table of folder fid: the
	// Default row first, the Anonymous row second, then users' rows in
	// the order they were added. The Default and Anonymous rows are
	// always present (rights 0 unless set). ErrNotFound if there is no
	// such folder.
	FolderPermissions(ctx context.Context, fid FID) ([]Permission, error)
	// ModifyPermissions applies changes to fid's table in one atomic
	// step. With replace, every user row is removed first and the Default
	// and Anonymous rows reset to 0 (ModifyFlags ReplaceRows,
	// [MS-OXCPERM] 2.2.2). Adding a row for a member that has one is
	// ErrExists; modifying or removing a missing row is ErrNotFound;
	// removing the Default or Anonymous row sets its rights to 0; an add
	// without Member, or rights with undefined bits, is
	// ErrInvalidArgument. Nothing changes when any change fails.
	ModifyPermissions(ctx context.Context, fid FID, replace bool, changes []PermissionChange) error
}

// MemberRights returns the rights perms grant the user with SMTP address
// member (compared case-insensitively): the user's own row, else the
// Default row, else 0. An empty member gets the Anonymous row's rights.
func MemberRights(perms []Permission, member string) Rights {
	var def Rights
	for _, p := range perms {
		switch {
		case member == "" && p.MemberID == MemberAnonymous:
			return p.Rights
		case member != "" && p.MemberID > 0 && strings.EqualFold(p.Member, member):
			return p.Rights
		case p.MemberID == MemberDefault:
			def = p.Rights
		}
	}
	if member == "" {
		return 0
	}
	return def
}

// ApplyPermissionChanges is the reference semantics of ModifyPermissions
// over a table held in memory: it returns the new table (cur is not
// modified) or an error wrapping ErrExists, ErrNotFound or
// ErrInvalidArgument. next returns the MemberID of a new row.
// Implementations may use it so they agree on the edge cases.
func ApplyPermissionChanges(cur []Permission, replace bool, changes []PermissionChange, next func() int64) ([]Permission, error) {
	out := []Permission{{MemberID: MemberDefault, Name: "Default"}, {MemberID: MemberAnonymous, Name: "Anonymous"}}
	if !replace {
		for _, p := range cur {
			switch p.MemberID {
			case MemberDefault:
				out[0].Rights = p.Rights
			case MemberAnonymous:
				out[1].Rights = p.Rights
			default:
				out = append(out, p)
			}
		}
	}
	find := func(ch PermissionChange) int {
		for i, p := range out {
			if ch.MemberID != 0 || ch.Member == "" {
				if p.MemberID == ch.MemberID {
					return i
				}
			} else if p.MemberID > 0 && strings.EqualFold(p.Member, ch.Member) {
				return i
			}
		}
		return -1
	}
	for _, ch := range changes {
		if ch.Rights&^RightsAll != 0 {
			return nil, &PermissionError{Change: ch, Err: ErrInvalidArgument}
		}
		switch ch.Op {
		case PermissionAdd:
			if ch.Member == "" {
				return nil, &PermissionError{Change: ch, Err: ErrInvalidArgument}
			}
			c2 := ch
			c2.MemberID = 0
			if find(c2) >= 0 {
				return nil, &PermissionError{Change: ch, Err: ErrExists}
			}
			name := ch.Name
			if name == "" {
				name = ch.Member
			}
			out = append(out, Permission{MemberID: next(), Member: ch.Member, Name: name, Rights: ch.Rights})
		case PermissionModify, PermissionRemove:
			i := find(ch)
			if i < 0 {
				return nil, &PermissionError{Change: ch, Err: ErrNotFound}
			}
			switch {
			case ch.Op == PermissionModify:
				out[i].Rights = ch.Rights
			case out[i].MemberID <= 0:
				out[i].Rights = 0
			default:
				out = append(out[:i], out[i+1:]...)
			}
		default:
			return nil, &PermissionError{Change: ch, Err: ErrInvalidArgument}
		}
	}
	return out, nil
}

// PermissionError locates a failed PermissionChange.
type PermissionError struct {
	Change PermissionChange
	Err    error
}

func (e *PermissionError) Error() string {
	who := e.Change.Member
	if who == "" {
		who = "member " + strconv.FormatInt(e.Change.MemberID, 10)
	}
	return "store: permission " + e.Change.Op.String() + " " + who + ": " + e.Err.Error()
}

// Unwrap returns the sentinel.
func (e *PermissionError) Unwrap() error { return e.Err }
