package ews

import "github.com/oxkit/oxkit/store"

// writeParentFolderID is writeFolderID("t:ParentFolderId", fid, nil)
// keeping the last folder's encoded ID: FindItem writes the same one for
// every row.
func (c *call) writeParentFolderID(fid store.FID) {
	if c.pfidText == nil || c.pfid != fid {
		c.pfid = fid
		c.pfidText = ObjectID{Kind: KindFolder, Mailbox: c.mailboxGUID(), Folder: fid}.AppendText(c.pfidText[:0])
	}
	c.w.raw(`<t:ParentFolderId Id="`)
	c.w.b = append(c.w.b, c.pfidText...)
	c.w.raw(`"/>`)
}
