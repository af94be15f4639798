package boltstore

import (
	"context"
	"fmt"

	"github.com/oxkit/oxkit/mapi"
	"github.com/oxkit/oxkit/store"
)

var _ store.SpecialFolderProvisioner = (*Mailbox)(nil)

// ProvisionSpecialFolder implements store.SpecialFolderProvisioner. The
// folder record carries its kind (codec.go), so loadMailbox finds it
// again after a reopen.
func (mb *Mailbox) ProvisionSpecialFolder(ctx context.Context, kind store.SpecialFolder, props []mapi.PropValue) (*store.Folder, error) {
	spec, ok := store.SpecialFolderSpecOf(kind)
	if !ok || !spec.OnDemand {
		return nil, fmt.Errorf("boltstore: special folder %v is not provisioned on demand: %w", kind, store.ErrInvalidArgument)
	}
	parent, err := mb.SpecialFolder(ctx, spec.Parent) // special folders never move
	if err != nil {
		return nil, err
	}
	return mb.createFolder(ctx, parent, append(store.ProvisionProps(mb.info, kind, nil, nil), props...), nil, kind) // mailbox.go
}
