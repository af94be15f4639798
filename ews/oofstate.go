package ews

import (
	"context"
	"time"

	"github.com/oxkit/oxkit/mapi"
	"github.com/oxkit/oxkit/store"
)

// The MAPI side of Out of Office: PidTagOutOfOfficeState
// ([MS-OXCSTOR] 2.2.2.1.2.4, PR_OOF_STATE), TRUE while the owner is out
// of office. It is a property of the store object; oxkit's store
// interface has no store-object property bag, so the property lives on
// the mailbox's root folder (store.FolderRoot), where a MAPI front end
// reads and writes the logon's store properties.
//
// EWS settings and the MAPI flag are kept in step:
//   - SetUserOofSettings writes the flag: TRUE when OofState is Enabled,
//     or Scheduled and now is within Duration.
//   - A client that changes the flag through the store (Outlook over MAPI
//     sets PR_OOF_STATE on the store object) changes what
//     GetUserOofSettings answers and whether automatic replies go out:
//     TRUE turns OofState Enabled when the settings were not already on,
//     FALSE turns it Disabled when they were. The change is seen the next
//     time the settings are read (GetUserOofSettings, a delivery, or
//     Handler.SyncOofState).
//   - A Scheduled window that starts or ends flips the flag the next time
//     the settings are read; embedders call Handler.SyncOofState
//     periodically (the example server every minute) so that MAPI readers
//     see the flip on time.
//
// To tell a client's change from the last value written, the settings
// message carries a copy of the flag as last written; the root folder's
// value differing from that copy is a change made through the store.

// SyncOofState reconciles owner's Out of Office state (see above) at the
// current time and reports whether the owner is out of office now. A
// mailbox without OOF settings or flag answers false and is not written.
func (h *Handler) SyncOofState(ctx context.Context, owner string) (bool, error) {
	mb, err := h.Store.OpenMailbox(ctx, owner)
	if err != nil {
		return false, err
	}
	c := &call{h: h, ctx: ctx, mb: mb, user: mb.Info().Owner}
	o, _, err := c.syncOof(mb, time.Now())
	if err != nil {
		return false, err
	}
	return o.activeAt(time.Now()), nil
}

// syncOof loads the OOF settings of mb, applies a change of
// PidTagOutOfOfficeState made through the store, and brings the flag and
// its copy up to date with the settings at now. It returns the settings
// and the MID of their message (0: none).
func (c *call) syncOof(mb store.Mailbox, now time.Time) (*oofSettings, store.MID, error) {
	o, root, mid, err := c.loadOof(mb)
	if err != nil {
		return nil, 0, err
	}
	f, err := mb.Folder(c.ctx, root, []mapi.PropTag{mapi.PidTagOutOfOfficeState})
	if err != nil {
		return nil, 0, err
	}
	rootFlag, rootHas := getBool(f.Props, mapi.PidTagOutOfOfficeState)
	var copyFlag, copyHas bool
	if mid != 0 {
		m, err := mb.Message(c.ctx, mid, &store.MessageOptions{Tags: []mapi.PropTag{mapi.PidTagOutOfOfficeState}})
		if err != nil {
			return nil, 0, err
		}
		copyFlag, copyHas = getBool(m.Props, mapi.PidTagOutOfOfficeState)
	}
	active := o.activeAt(now)
	if rootHas && (!copyHas || rootFlag != copyFlag) && rootFlag != active {
		// Changed through the store: the flag wins.
		if rootFlag {
			o.State = "Enabled"
		} else {
			o.State = "Disabled"
		}
		if err := c.storeOof(mb, o); err != nil {
			return nil, 0, err
		}
		if _, _, mid, err = c.loadOof(mb); err != nil {
			return nil, 0, err
		}
		active, copyHas = rootFlag, false
	}
	if mid == 0 && !rootHas {
		return o, 0, nil // never set: nothing to keep in step
	}
	return o, mid, c.writeOofFlag(mb, root, mid, active, rootHas && rootFlag == active, copyHas && copyFlag == active)
}

// writeOofFlag sets PidTagOutOfOfficeState to on on the root folder
// (unless rootOK) and its copy on settings message mid (unless copyOK or
// mid is 0).
func (c *call) writeOofFlag(mb store.Mailbox, root store.FID, mid store.MID, on, rootOK, copyOK bool) error {
	v := []mapi.PropValue{{Tag: mapi.PidTagOutOfOfficeState, Value: on}}
	if mid != 0 && !copyOK {
		if _, err := mb.UpdateMessage(c.ctx, mid, &store.MessageUpdate{Set: v}); err != nil {
			return err
		}
	}
	if !rootOK {
		if _, err := mb.UpdateFolder(c.ctx, root, v, nil, nil); err != nil {
			return err
		}
	}
	return nil
}
