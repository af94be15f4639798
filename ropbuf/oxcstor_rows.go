//go:build pending

package ropbuf

import "github.com/oxkit/oxkit/mapi"

// ReceiveFolderTableColumns are the columns of each row of the
// RopGetReceiveFolderTable response: PidTagFolderId, PidTagMessageClass
// (PtypString8) and PidTagLastModificationTime ([MS-OXCROPS] 2.2.3.4.2).
var ReceiveFolderTableColumns = []mapi.PropTag{0x67480014, 0x001A001E, 0x30080040}

// GetReceiveFolderTableResponse is RopGetReceiveFolderTable's response
// ([MS-OXCROPS] 2.2.3.4.2, 2.2.3.4.3). Each row has the
// ReceiveFolderTableColumns.
type GetReceiveFolderTableResponse struct {
	InputHandleIndex uint8
	ReturnValue      mapi.ErrorCode
	Rows             []mapi.PropertyRow
}

func (p *GetReceiveFolderTableResponse) responseFields(c *codec, _ *ResponseContext) {
	c.u8(&p.InputHandleIndex)
	c.ec(&p.ReturnValue)
	if p.ReturnValue != 0 {
		return
	}
	n := c.count32("RowCount", len(p.Rows))
	c.rows(&p.Rows, n, ReceiveFolderTableColumns)
}
