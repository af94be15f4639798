package ews

import (
	"bytes"
	"fmt"

	"github.com/oxkit/oxkit/mapi"
	"github.com/oxkit/oxkit/store"
)

// readOnlyUpdate reports whether an UpdateItem change sets nothing but the
// read flag (message:IsRead).
func readOnlyUpdate(u *store.MessageUpdate) bool {
	return u.Read != nil && len(u.Set) == 0 && len(u.Remove) == 0 && len(u.Streams) == 0 &&
		u.Recipients == nil && len(u.SetAttachments) == 0 && len(u.UpdateAttachments) == 0 &&
		len(u.RemoveAttachments) == 0 && u.Import == nil
}

// setReadOnly applies an UpdateItem that changes only message:IsRead as a
// read-state change (Mailbox.SetReadFlags), as Exchange does: the item's
// ChangeKey stays, and SyncFolderItems reports a ReadFlagChange rather
// than an Update ([MS-OXWSSYNC] 2.2.4.5, ReadFlagChange). A ChangeKey in
// the request is checked as for any update (ifCK nil: not checked).
func (c *call) setReadOnly(cur store.MessageInfo, read bool, ifCK []byte) (*store.MessageInfo, error) {
	if ifCK != nil && !bytes.Equal(ifCK, cur.ChangeKey) {
		return nil, fmt.Errorf("ews: stale change key: %w", store.ErrConflict)
	}
	if cur.Read != read {
		if _, err := c.mb.SetReadFlags(c.ctx, cur.FolderID, []store.MID{cur.ID}, read); err != nil {
			return nil, err
		}
	}
	m, err := c.mb.Message(c.ctx, cur.ID, &store.MessageOptions{Tags: []mapi.PropTag{}})
	if err != nil {
		return nil, err
	}
	return &m.Info, nil
}
