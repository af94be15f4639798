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
	var b bag
	pp := store.ProvisionProps(mb.info, kind, nil, nil)
	if err := setProps(&b, append(pp, props...), folderComputed); err != nil {
		return nil, err
	}
	name := displayName(b)
	if name == "" {
		return nil, fmt.Errorf("boltstore: folder without display name: %w", store.ErrInvalidArgument)
	}
	var out, existing *store.Folder
	err := mb.update(ctx, func(w *writer) error {
		if fid, ok := mb.special[kind]; ok {
			if f := mb.folders[fid]; f != nil {
				existing = mb.snapshotFolder(f, nil)
				return fmt.Errorf("boltstore: special folder %v: %w", kind, store.ErrExists)
			}
		}
		p := mb.folders[mb.special[spec.Parent]]
		if p == nil {
			return fmt.Errorf("boltstore: parent of special folder %v: %w", kind, store.ErrNotFound)
		}
		if c := p.childNamed(name, nil); c != nil {
			return fmt.Errorf("boltstore: folder %q: %w", name, store.ErrExists)
		}
		w.mutating()
		f := mb.newFolder(store.MakeFID(mb.nextID()), p)
		f.kind = kind
		f.props = b
		mb.bumpFolder(f)
		f.order = f.cn
		mb.special[kind] = f.id
		mb.publish(store.Event{Type: store.EventObjectCreated, CN: store.MakeCN(f.cn), Folder: f.id, Parent: p.id})
		out = mb.snapshotFolder(f, nil)
		return w.putFolder(f)
	})
	if existing != nil {
		return existing, err
	}
	if err != nil {
		return nil, err
	}
	return out, nil
}
