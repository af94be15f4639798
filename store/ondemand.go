package store

import (
	"context"

	"github.com/oxkit/oxkit/mapi"
)

// SpecialFolderProvisioner is the capability of creating the special
// folders CreateMailbox leaves out (SpecialFolderSpec.OnDemand) when a
// client first needs one: EWS resolving DistinguishedFolderId
// "recipientcache", or CreateFolder with DistinguishedFolderId
// "conversationhistory" ([MS-OXWSFOLD] 2.2.4.5). Mailboxes without it
// answer ErrNotFound for those kinds, as before.
type SpecialFolderProvisioner interface {
	// ProvisionSpecialFolder creates special folder kind, an OnDemand
	// kind of SpecialFolders, under its parent special folder with the
	// properties of ProvisionProps overlaid by props (a display name in
	// props replaces the English one), in one transaction, and returns
	// it as Folder would (with no tags: every property). From then on
	// SpecialFolder returns its FID, after a reopen too, and it cannot be
	// moved or deleted like the other special folders; its creation is
	// published like CreateFolder's. If kind is already provisioned the
	// existing folder is returned with ErrExists; a folder of the same
	// name under the parent that is not the special folder is ErrExists
	// with a nil Folder; a kind that is not OnDemand is
	// ErrInvalidArgument.
	ProvisionSpecialFolder(ctx context.Context, kind SpecialFolder, props []mapi.PropValue) (*Folder, error)
}

// SpecialFolderSpecOf returns the SpecialFolders entry of kind.
func SpecialFolderSpecOf(kind SpecialFolder) (SpecialFolderSpec, bool) {
	for _, s := range SpecialFolders {
		if s.Kind == kind {
			return s, true
		}
	}
	return SpecialFolderSpec{}, false
}
