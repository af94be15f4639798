package ropbuf

import "github.com/oxkit/oxkit/mapi"

// Responses that carry PropertyRows ([MS-OXCDATA] 2.8.1): their layout
// depends on a column set that is not on the wire. Each such response has
// a Columns field: encoding uses it (or, when nil, the tags of each row's
// values), decoding fills it from the ResponseContext.

// rowColumns returns cols, or the tags of row's values when cols is nil.
func rowColumns(cols []mapi.PropTag, row *mapi.PropertyRow) []mapi.PropTag {
	if cols != nil {
		return cols
	}
	out := make([]mapi.PropTag, len(row.Values))
	for i, v := range row.Values {
		out[i] = v.Tag
	}
	return out
}

// row codes one PropertyRow for cols.
func (c *codec) row(p *mapi.PropertyRow, cols []mapi.PropTag) {
	if c.decoding() {
		if cols == nil {
			c.r.Fail("RowData", ErrNeedContext)
			return
		}
		ext(c, "RowData", p, func(b []byte) (mapi.PropertyRow, int, error) { return mapi.ParsePropertyRow16(b, cols) }, nil)
		return
	}
	cols = rowColumns(cols, p)
	ext(c, "RowData", p, nil, func(b []byte, r mapi.PropertyRow) ([]byte, error) { return mapi.AppendPropertyRow16(b, cols, r) })
}

// rows codes n PropertyRows (decoding) or all of *p (encoding).
func (c *codec) rows(p *[]mapi.PropertyRow, n int, cols []mapi.PropTag) {
	if c.decoding() && n > 0 && cols == nil {
		c.r.Fail("RowData", ErrNeedContext)
		return
	}
	if !slice(c, "RowData", p, n, 1) {
		return
	}
	for i := range *p {
		c.row(&(*p)[i], cols)
	}
}

// GetReceiveFolderTableResponse is RopGetReceiveFolderTable's response
// ([MS-OXCROPS] 2.2.3.4.2, 2.2.3.4.3). Each row has the
// ReceiveFolderTableColumns; no context is needed.
type GetReceiveFolderTableResponse struct {
	InputHandleIndex uint8
	ReturnValue      mapi.ErrorCode
	Rows             []mapi.PropertyRow
}

// ReceiveFolderTableColumns are the columns of each row of the
// RopGetReceiveFolderTable response: PidTagFolderId, PidTagMessageClass
// (PtypString8) and PidTagLastModificationTime ([MS-OXCROPS] 2.2.3.4.2).
var ReceiveFolderTableColumns = []mapi.PropTag{0x67480014, 0x001A001E, 0x30080040}

func (p *GetReceiveFolderTableResponse) responseFields(c *codec, _ *ResponseContext) {
	c.u8(&p.InputHandleIndex)
	c.ec(&p.ReturnValue)
	if p.ReturnValue != 0 {
		return
	}
	n := c.count32("RowCount", len(p.Rows))
	c.rows(&p.Rows, n, ReceiveFolderTableColumns)
}

// QueryRowsResponse is RopQueryRows's response ([MS-OXCROPS] 2.2.5.4.2,
// 2.2.5.4.3). Columns is not on the wire (see rows.go).
type QueryRowsResponse struct {
	InputHandleIndex uint8
	ReturnValue      mapi.ErrorCode
	Origin           uint8
	Rows             []mapi.PropertyRow
	Columns          []mapi.PropTag
}

func (p *QueryRowsResponse) responseFields(c *codec, ctx *ResponseContext) {
	c.u8(&p.InputHandleIndex)
	c.ec(&p.ReturnValue)
	if p.ReturnValue != 0 {
		return
	}
	if c.decoding() {
		p.Columns = ctx.Columns
	}
	c.u8(&p.Origin)
	n := c.count16("RowCount", len(p.Rows))
	c.rows(&p.Rows, n, p.Columns)
}

// FindRowResponse is RopFindRow's response ([MS-OXCROPS] 2.2.5.13.2,
// 2.2.5.13.3). Row is nil when HasRowData is false. Columns is not on the
// wire (see rows.go).
type FindRowResponse struct {
	InputHandleIndex   uint8
	ReturnValue        mapi.ErrorCode
	RowNoLongerVisible bool
	Row                *mapi.PropertyRow
	Columns            []mapi.PropTag
}

func (p *FindRowResponse) responseFields(c *codec, ctx *ResponseContext) {
	c.u8(&p.InputHandleIndex)
	c.ec(&p.ReturnValue)
	if p.ReturnValue != 0 {
		return
	}
	if c.decoding() {
		p.Columns = ctx.Columns
	}
	c.boolean(&p.RowNoLongerVisible)
	has := p.Row != nil
	c.boolean(&has)
	if !has {
		p.Row = nil
		return
	}
	if c.decoding() {
		p.Row = new(mapi.PropertyRow)
	}
	c.row(p.Row, p.Columns)
}

// ExpandRowResponse is RopExpandRow's response ([MS-OXCROPS] 2.2.5.16.2,
// 2.2.5.16.3). Columns is not on the wire (see rows.go).
type ExpandRowResponse struct {
	InputHandleIndex uint8
	ReturnValue      mapi.ErrorCode
	ExpandedRowCount uint32
	Rows             []mapi.PropertyRow
	Columns          []mapi.PropTag
}

func (p *ExpandRowResponse) responseFields(c *codec, ctx *ResponseContext) {
	c.u8(&p.InputHandleIndex)
	c.ec(&p.ReturnValue)
	if p.ReturnValue != 0 {
		return
	}
	if c.decoding() {
		p.Columns = ctx.Columns
	}
	c.u32(&p.ExpandedRowCount)
	n := c.count16("RowCount", len(p.Rows))
	c.rows(&p.Rows, n, p.Columns)
}

// GetPropertiesSpecificResponse is RopGetPropertiesSpecific's response
// ([MS-OXCROPS] 2.2.8.3.2, 2.2.8.3.3): one PropertyRow for the request's
// PropertyTags. Columns is not on the wire: decoding takes it from the
// ResponseContext's Request (or its Columns).
type GetPropertiesSpecificResponse struct {
	InputHandleIndex uint8
	ReturnValue      mapi.ErrorCode
	Row              mapi.PropertyRow
	Columns          []mapi.PropTag
}

func (p *GetPropertiesSpecificResponse) responseFields(c *codec, ctx *ResponseContext) {
	c.u8(&p.InputHandleIndex)
	c.ec(&p.ReturnValue)
	if p.ReturnValue != 0 {
		return
	}
	if c.decoding() {
		p.Columns = ctx.Columns
		if q, ok := ctx.Request.(*GetPropertiesSpecificRequest); ok {
			p.Columns = q.PropertyTags
			if p.Columns == nil {
				p.Columns = []mapi.PropTag{}
			}
		}
	}
	c.row(&p.Row, p.Columns)
}
