package memstore

import (
	"context"
	"fmt"

	"github.com/oxkit/oxkit/mapi"
	"github.com/oxkit/oxkit/store"
)

var _ store.SpecialFolderProvisioner = (*Mailbox)(nil)

// ProvisionSpecialFolder implements store.SpecialFolderProvisioner.
func (mb *Mailbox) ProvisionSpecialFolder(ctx context.Context, kind store.SpecialFolder, props []mapi.PropValue) (*store.Folder, error) {
	spec, ok := store.SpecialFolderSpecOf(kind)
	if !ok || !spec.OnDemand {
		return nil, fmt.Errorf("memstore: special folder %v is not provisioned on demand: %w", kind, store.ErrInvalidArgument)
	}
	if err := mb.lock(ctx); err != nil {
		return nil, err
	}
	defer mb.mu.Unlock()
	if fid, ok := mb.special[kind]; ok {
		if f := mb.folders[fid]; f != nil {
			return mb.snapshotFolder(f, nil), fmt.Errorf("memstore: special folder %v: %w", kind, store.ErrExists)
		}
	}
	p := mb.folders[mb.special[spec.Parent]]
	if p == nil {
		return nil, fmt.Errorf("memstore: parent of special folder %v: %w", kind, store.ErrNotFound)
	}
	var b bag
	pp := store.ProvisionProps(mb.info, kind, nil, nil)
	if err := setProps(&b, append(pp, props...), folderComputed); err != nil {
		return nil, err
	}
	name := displayName(b)
	if name == "" {
		return nil, fmt.Errorf("memstore: folder without display name: %w", store.ErrInvalidArgument)
	}
	if c := p.childNamed(name, nil); c != nil {
		return nil, fmt.Errorf("memstore: folder %q: %w", name, store.ErrExists)
	}
	f := mb.newFolder(store.MakeFID(mb.nextID()), p)
	f.kind = kind
	f.props = b
	mb.bumpFolder(f)
	mb.special[kind] = f.id
	mb.publish(store.Event{Type: store.EventObjectCreated, CN: store.MakeCN(f.cn), Folder: f.id, Parent: p.id})
	return mb.snapshotFolder(f, nil), nil
}
