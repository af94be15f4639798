package storetest

import (
	"errors"
	"slices"
	"testing"

	"github.com/oxkit/oxkit/mapi"
	"github.com/oxkit/oxkit/store"
)

// testSpecialFoldersOnDemand checks store.SpecialFolderProvisioner: the
// OnDemand special folders are created where SpecialFolders says, with
// ProvisionProps overlaid by the caller's, published, found by
// SpecialFolder (after a reopen too), protected like the others, and
// created once.
func (s *suite) testSpecialFoldersOnDemand(t *testing.T) {
	st, mb := s.mailbox(t)
	p, ok := mb.(store.SpecialFolderProvisioner)
	if !ok {
		t.Skip("store does not implement store.SpecialFolderProvisioner")
	}
	c := ctx(t)
	var sub store.Subscription
	if n, ok := mb.(store.Notifier); ok {
		sub = must[store.Subscription](t, "Subscribe")(n.Subscribe(c, nil))
		defer sub.Close()
	}
	if _, err := p.ProvisionSpecialFolder(c, store.FolderInbox, nil); !errors.Is(err, store.ErrInvalidArgument) {
		t.Errorf("ProvisionSpecialFolder(Inbox) = %v, want ErrInvalidArgument", err)
	}
	if _, err := p.ProvisionSpecialFolder(c, store.SpecialFolder(250), nil); !errors.Is(err, store.ErrInvalidArgument) {
		t.Errorf("ProvisionSpecialFolder(250) = %v, want ErrInvalidArgument", err)
	}
	made := map[store.SpecialFolder]store.FID{}
	for _, sp := range store.SpecialFolders {
		if !sp.OnDemand {
			continue
		}
		var extra []mapi.PropValue
		name := sp.Name
		if sp.Kind == store.FolderConversationHistory {
			// The caller's properties win over ProvisionProps.
			name = "Unterhaltungsverlauf"
			extra = []mapi.PropValue{{Tag: mapi.PidTagDisplayName, Value: name}, {Tag: mapi.PidTagComment, Value: "IM"}}
		}
		f := must[*store.Folder](t, "ProvisionSpecialFolder")(p.ProvisionSpecialFolder(c, sp.Kind, extra))
		made[sp.Kind] = f.ID
		if f.Kind != sp.Kind {
			t.Errorf("%v: Kind %v", sp.Kind, f.Kind)
		}
		if want := special(t, mb, sp.Parent); f.ParentID != want {
			t.Errorf("%v: parent %v, want %v", sp.Kind, f.ParentID, want)
		}
		if got := special(t, mb, sp.Kind); got != f.ID {
			t.Errorf("%v: SpecialFolder = %v, want %v", sp.Kind, got, f.ID)
		}
		g := must[*store.Folder](t, "Folder")(mb.Folder(c, f.ID, nil))
		if v, _ := prop(g.Props, mapi.PidTagDisplayName); v != name {
			t.Errorf("%v: display name %v, want %q", sp.Kind, v, name)
		}
		if v, _ := prop(g.Props, mapi.PidTagContainerClass); v != sp.ContainerClass {
			t.Errorf("%v: container class %v, want %q", sp.Kind, v, sp.ContainerClass)
		}
		if v, ok := prop(g.Props, mapi.PidTagAttributeHidden); sp.Hidden && v != true || !sp.Hidden && ok && v != false {
			t.Errorf("%v: PidTagAttributeHidden %v, want %v", sp.Kind, v, sp.Hidden)
		}
		if extra != nil {
			if v, _ := prop(g.Props, mapi.PidTagComment); v != "IM" {
				t.Errorf("%v: PidTagComment %v, want the caller's", sp.Kind, v)
			}
		}
		if kids := must[[]store.FID](t, "Subfolders")(mb.Subfolders(c, f.ParentID)); !slices.Contains(kids, f.ID) {
			t.Errorf("%v: not among its parent's subfolders", sp.Kind)
		}
		if sub != nil {
			ev := nextEvent(t, sub)
			if ev.Type != store.EventObjectCreated || ev.Folder != f.ID || ev.Parent != f.ParentID {
				t.Errorf("%v: event %+v, want ObjectCreated of %v under %v", sp.Kind, ev, f.ID, f.ParentID)
			}
		}
		// Once only: the second call answers the folder and ErrExists.
		again, err := p.ProvisionSpecialFolder(c, sp.Kind, nil)
		if !errors.Is(err, store.ErrExists) || again == nil || again.ID != f.ID {
			t.Errorf("%v: second ProvisionSpecialFolder = %v, %v; want folder %v and ErrExists", sp.Kind, again, err, f.ID)
		}
		// Protected like every special folder.
		if err := mb.DeleteFolder(c, f.ID, nil); !errors.Is(err, store.ErrAccessDenied) {
			t.Errorf("%v: DeleteFolder = %v, want ErrAccessDenied", sp.Kind, err)
		}
	}
	if len(made) == 0 {
		t.Fatal("store.SpecialFolders has no OnDemand kind")
	}

	// A folder of the special folder's name that is not it: ErrExists
	// without a folder, and the kind stays unprovisioned.
	_, mb2 := s.mailbox(t)
	p2 := mb2.(store.SpecialFolderProvisioner)
	newFolder(t, mb2, special(t, mb2, store.FolderIPMSubtree), "Conversation History")
	if f, err := p2.ProvisionSpecialFolder(c, store.FolderConversationHistory, nil); !errors.Is(err, store.ErrExists) || f != nil {
		t.Errorf("ProvisionSpecialFolder over a same-named folder = %v, %v; want nil, ErrExists", f, err)
	}
	if _, err := mb2.SpecialFolder(c, store.FolderConversationHistory); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("SpecialFolder after a refused provisioning = %v, want ErrNotFound", err)
	}

	if s.opts.Reopen == nil {
		return
	}
	owner := mb.Info().Owner
	st = s.opts.Reopen(t, st)
	mb = must[store.Mailbox](t, "OpenMailbox")(st.OpenMailbox(c, owner))
	for k, fid := range made {
		if got := special(t, mb, k); got != fid {
			t.Errorf("after reopen %v: SpecialFolder = %v, want %v", k, got, fid)
		}
	}
}
