package ropbuf

import (
	"fmt"

	"github.com/oxkit/oxkit/mapi"
)

// Table ROPs of [MS-OXCROPS] 2.2.5 (semantics in [MS-OXCTABL]). The row
// ROPs (RopQueryRows, RopFindRow, RopExpandRow) are in oxctabl_rows.go.

// TableStatus is the TableStatus byte of table ROP responses ([MS-OXCTABL] 2.2.2.1.3).
type TableStatus uint8

// Table status values of [MS-OXCTABL] 2.2.2.1.3.
const (
	TblStatComplete      TableStatus = 0x00
	TblStatSorting       TableStatus = 0x09
	TblStatSortError     TableStatus = 0x0A
	TblStatSettingCols   TableStatus = 0x0B
	TblStatSetColError   TableStatus = 0x0D
	TblStatRestricting   TableStatus = 0x0E
	TblStatRestrictError TableStatus = 0x0F
)

var tableStatusNames = map[TableStatus]string{
	TblStatComplete: "TBLSTAT_COMPLETE", TblStatSorting: "TBLSTAT_SORTING", TblStatSortError: "TBLSTAT_SORT_ERROR",
	TblStatSettingCols: "TBLSTAT_SETTING_COLS", TblStatSetColError: "TBLSTAT_SETCOL_ERROR",
	TblStatRestricting: "TBLSTAT_RESTRICTING", TblStatRestrictError: "TBLSTAT_RESTRICT_ERROR",
}

// String returns the spec name ("TBLSTAT_COMPLETE") or "TableStatus(0x42)".
func (s TableStatus) String() string {
	if n, ok := tableStatusNames[s]; ok {
		return n
	}
	return fmt.Sprintf("TableStatus(0x%02X)", uint8(s))
}

// tableStatusResponse codes InputHandleIndex, ReturnValue and, on success, TableStatus.
func tableStatus(c *codec, hi *uint8, rv *mapi.ErrorCode, ts *TableStatus) {
	c.u8(hi)
	c.ec(rv)
	if *rv != 0 {
		return
	}
	u8(c, ts)
}

// SetColumnsRequest is RopSetColumns's request ([MS-OXCROPS] 2.2.5.1.1).
type SetColumnsRequest struct {
	LogonID          uint8
	InputHandleIndex uint8
	SetColumnsFlags  uint8
	PropertyTags     []mapi.PropTag
}

func (q *SetColumnsRequest) requestFields(c *codec) {
	c.u8(&q.LogonID)
	c.u8(&q.InputHandleIndex)
	c.u8(&q.SetColumnsFlags)
	c.tags16("PropertyTags", &q.PropertyTags)
}

// SetColumnsResponse is RopSetColumns's response ([MS-OXCROPS] 2.2.5.1.2, 2.2.5.1.3).
type SetColumnsResponse struct {
	InputHandleIndex uint8
	ReturnValue      mapi.ErrorCode
	TableStatus      TableStatus
}

func (p *SetColumnsResponse) responseFields(c *codec, _ *ResponseContext) {
	tableStatus(c, &p.InputHandleIndex, &p.ReturnValue, &p.TableStatus)
}

// SortTableRequest is RopSortTable's request ([MS-OXCROPS] 2.2.5.2.1):
// SortOrderCount, CategoryCount, ExpandedCount and SortOrders are the
// SortOrderSet of [MS-OXCDATA] 2.13.2.
type SortTableRequest struct {
	LogonID          uint8
	InputHandleIndex uint8
	SortTableFlags   uint8
	SortOrders       mapi.SortOrderSet
}

func (q *SortTableRequest) requestFields(c *codec) {
	c.u8(&q.LogonID)
	c.u8(&q.InputHandleIndex)
	c.u8(&q.SortTableFlags)
	ext(c, "SortOrders", &q.SortOrders, mapi.ParseSortOrderSet, mapi.AppendSortOrderSet)
}

// SortTableResponse is RopSortTable's response ([MS-OXCROPS] 2.2.5.2.2, 2.2.5.2.3).
type SortTableResponse struct {
	InputHandleIndex uint8
	ReturnValue      mapi.ErrorCode
	TableStatus      TableStatus
}

func (p *SortTableResponse) responseFields(c *codec, _ *ResponseContext) {
	tableStatus(c, &p.InputHandleIndex, &p.ReturnValue, &p.TableStatus)
}

// RestrictRequest is RopRestrict's request ([MS-OXCROPS] 2.2.5.3.1).
type RestrictRequest struct {
	LogonID          uint8
	InputHandleIndex uint8
	RestrictFlags    uint8
	Restriction      mapi.Restriction // nil: RestrictionDataSize 0 (remove)
}

func (q *RestrictRequest) requestFields(c *codec) {
	c.u8(&q.LogonID)
	c.u8(&q.InputHandleIndex)
	c.u8(&q.RestrictFlags)
	c.restriction16("RestrictionData", &q.Restriction)
}

// RestrictResponse is RopRestrict's response ([MS-OXCROPS] 2.2.5.3.2, 2.2.5.3.3).
type RestrictResponse struct {
	InputHandleIndex uint8
	ReturnValue      mapi.ErrorCode
	TableStatus      TableStatus
}

func (p *RestrictResponse) responseFields(c *codec, _ *ResponseContext) {
	tableStatus(c, &p.InputHandleIndex, &p.ReturnValue, &p.TableStatus)
}

// QueryRowsRequest is RopQueryRows's request ([MS-OXCROPS] 2.2.5.4.1).
type QueryRowsRequest struct {
	LogonID          uint8
	InputHandleIndex uint8
	QueryRowsFlags   uint8
	ForwardRead      bool
	RowCount         uint16
}

func (q *QueryRowsRequest) requestFields(c *codec) {
	c.u8(&q.LogonID)
	c.u8(&q.InputHandleIndex)
	c.u8(&q.QueryRowsFlags)
	c.boolean(&q.ForwardRead)
	c.u16(&q.RowCount)
}

// AbortRequest is RopAbort's request ([MS-OXCROPS] 2.2.5.5.1).
type AbortRequest struct {
	LogonID          uint8
	InputHandleIndex uint8
}

func (q *AbortRequest) requestFields(c *codec) {
	c.u8(&q.LogonID)
	c.u8(&q.InputHandleIndex)
}

// AbortResponse is RopAbort's response ([MS-OXCROPS] 2.2.5.5.2, 2.2.5.5.3).
type AbortResponse struct {
	InputHandleIndex uint8
	ReturnValue      mapi.ErrorCode
	TableStatus      TableStatus
}

func (p *AbortResponse) responseFields(c *codec, _ *ResponseContext) {
	tableStatus(c, &p.InputHandleIndex, &p.ReturnValue, &p.TableStatus)
}

// GetStatusRequest is RopGetStatus's request ([MS-OXCROPS] 2.2.5.6.1).
type GetStatusRequest struct {
	LogonID          uint8
	InputHandleIndex uint8
}

func (q *GetStatusRequest) requestFields(c *codec) {
	c.u8(&q.LogonID)
	c.u8(&q.InputHandleIndex)
}

// GetStatusResponse is RopGetStatus's response ([MS-OXCROPS] 2.2.5.6.2, 2.2.5.6.3).
type GetStatusResponse struct {
	InputHandleIndex uint8
	ReturnValue      mapi.ErrorCode
	TableStatus      TableStatus
}

func (p *GetStatusResponse) responseFields(c *codec, _ *ResponseContext) {
	tableStatus(c, &p.InputHandleIndex, &p.ReturnValue, &p.TableStatus)
}

// QueryPositionRequest is RopQueryPosition's request ([MS-OXCROPS] 2.2.5.7.1).
type QueryPositionRequest struct {
	LogonID          uint8
	InputHandleIndex uint8
}

func (q *QueryPositionRequest) requestFields(c *codec) {
	c.u8(&q.LogonID)
	c.u8(&q.InputHandleIndex)
}

// QueryPositionResponse is RopQueryPosition's response ([MS-OXCROPS] 2.2.5.7.2, 2.2.5.7.3).
type QueryPositionResponse struct {
	InputHandleIndex uint8
	ReturnValue      mapi.ErrorCode
	Numerator        uint32
	Denominator      uint32
}

func (p *QueryPositionResponse) responseFields(c *codec, _ *ResponseContext) {
	c.u8(&p.InputHandleIndex)
	c.ec(&p.ReturnValue)
	if p.ReturnValue != 0 {
		return
	}
	c.u32(&p.Numerator)
	c.u32(&p.Denominator)
}

// SeekRowRequest is RopSeekRow's request ([MS-OXCROPS] 2.2.5.8.1).
type SeekRowRequest struct {
	LogonID           uint8
	InputHandleIndex  uint8
	Origin            uint8
	RowCount          int32
	WantRowMovedCount bool
}

func (q *SeekRowRequest) requestFields(c *codec) {
	c.u8(&q.LogonID)
	c.u8(&q.InputHandleIndex)
	c.u8(&q.Origin)
	c.i32(&q.RowCount)
	c.boolean(&q.WantRowMovedCount)
}

// SeekRowResponse is RopSeekRow's response ([MS-OXCROPS] 2.2.5.8.2, 2.2.5.8.3).
type SeekRowResponse struct {
	InputHandleIndex uint8
	ReturnValue      mapi.ErrorCode
	HasSoughtLess    bool
	RowsSought       int32
}

func (p *SeekRowResponse) responseFields(c *codec, _ *ResponseContext) {
	c.u8(&p.InputHandleIndex)
	c.ec(&p.ReturnValue)
	if p.ReturnValue != 0 {
		return
	}
	c.boolean(&p.HasSoughtLess)
	c.i32(&p.RowsSought)
}

// SeekRowBookmarkRequest is RopSeekRowBookmark's request ([MS-OXCROPS] 2.2.5.9.1).
type SeekRowBookmarkRequest struct {
	LogonID           uint8
	InputHandleIndex  uint8
	Bookmark          []byte
	RowCount          int32
	WantRowMovedCount bool
}

func (q *SeekRowBookmarkRequest) requestFields(c *codec) {
	c.u8(&q.LogonID)
	c.u8(&q.InputHandleIndex)
	c.bytes16("Bookmark", &q.Bookmark)
	c.i32(&q.RowCount)
	c.boolean(&q.WantRowMovedCount)
}

// SeekRowBookmarkResponse is RopSeekRowBookmark's response ([MS-OXCROPS] 2.2.5.9.2, 2.2.5.9.3).
type SeekRowBookmarkResponse struct {
	InputHandleIndex   uint8
	ReturnValue        mapi.ErrorCode
	RowNoLongerVisible bool
	HasSoughtLess      bool
	RowsSought         int32
}

func (p *SeekRowBookmarkResponse) responseFields(c *codec, _ *ResponseContext) {
	c.u8(&p.InputHandleIndex)
	c.ec(&p.ReturnValue)
	if p.ReturnValue != 0 {
		return
	}
	c.boolean(&p.RowNoLongerVisible)
	c.boolean(&p.HasSoughtLess)
	c.i32(&p.RowsSought)
}

// SeekRowFractionalRequest is RopSeekRowFractional's request ([MS-OXCROPS] 2.2.5.10.1).
type SeekRowFractionalRequest struct {
	LogonID          uint8
	InputHandleIndex uint8
	Numerator        uint32
	Denominator      uint32
}

func (q *SeekRowFractionalRequest) requestFields(c *codec) {
	c.u8(&q.LogonID)
	c.u8(&q.InputHandleIndex)
	c.u32(&q.Numerator)
	c.u32(&q.Denominator)
}

// SeekRowFractionalResponse is RopSeekRowFractional's response ([MS-OXCROPS] 2.2.5.10.2).
type SeekRowFractionalResponse struct {
	InputHandleIndex uint8
	ReturnValue      mapi.ErrorCode
}

func (p *SeekRowFractionalResponse) responseFields(c *codec, _ *ResponseContext) {
	c.u8(&p.InputHandleIndex)
	c.ec(&p.ReturnValue)
}

// CreateBookmarkRequest is RopCreateBookmark's request ([MS-OXCROPS] 2.2.5.11.1).
type CreateBookmarkRequest struct {
	LogonID          uint8
	InputHandleIndex uint8
}

func (q *CreateBookmarkRequest) requestFields(c *codec) {
	c.u8(&q.LogonID)
	c.u8(&q.InputHandleIndex)
}

// CreateBookmarkResponse is RopCreateBookmark's response ([MS-OXCROPS] 2.2.5.11.2, 2.2.5.11.3).
type CreateBookmarkResponse struct {
	InputHandleIndex uint8
	ReturnValue      mapi.ErrorCode
	Bookmark         []byte
}

func (p *CreateBookmarkResponse) responseFields(c *codec, _ *ResponseContext) {
	c.u8(&p.InputHandleIndex)
	c.ec(&p.ReturnValue)
	if p.ReturnValue != 0 {
		return
	}
	c.bytes16("Bookmark", &p.Bookmark)
}

// QueryColumnsAllRequest is RopQueryColumnsAll's request ([MS-OXCROPS] 2.2.5.12.1).
type QueryColumnsAllRequest struct {
	LogonID          uint8
	InputHandleIndex uint8
}

func (q *QueryColumnsAllRequest) requestFields(c *codec) {
	c.u8(&q.LogonID)
	c.u8(&q.InputHandleIndex)
}

// QueryColumnsAllResponse is RopQueryColumnsAll's response ([MS-OXCROPS] 2.2.5.12.2, 2.2.5.12.3).
type QueryColumnsAllResponse struct {
	InputHandleIndex uint8
	ReturnValue      mapi.ErrorCode
	PropertyTags     []mapi.PropTag
}

func (p *QueryColumnsAllResponse) responseFields(c *codec, _ *ResponseContext) {
	c.u8(&p.InputHandleIndex)
	c.ec(&p.ReturnValue)
	if p.ReturnValue != 0 {
		return
	}
	c.tags16("PropertyTags", &p.PropertyTags)
}

// FindRowRequest is RopFindRow's request ([MS-OXCROPS] 2.2.5.13.1).
type FindRowRequest struct {
	LogonID          uint8
	InputHandleIndex uint8
	FindRowFlags     uint8
	Restriction      mapi.Restriction
	Origin           uint8
	Bookmark         []byte
}

func (q *FindRowRequest) requestFields(c *codec) {
	c.u8(&q.LogonID)
	c.u8(&q.InputHandleIndex)
	c.u8(&q.FindRowFlags)
	c.restriction16("RestrictionData", &q.Restriction)
	c.u8(&q.Origin)
	c.bytes16("Bookmark", &q.Bookmark)
}

// FreeBookmarkRequest is RopFreeBookmark's request ([MS-OXCROPS] 2.2.5.14.1).
type FreeBookmarkRequest struct {
	LogonID          uint8
	InputHandleIndex uint8
	Bookmark         []byte
}

func (q *FreeBookmarkRequest) requestFields(c *codec) {
	c.u8(&q.LogonID)
	c.u8(&q.InputHandleIndex)
	c.bytes16("Bookmark", &q.Bookmark)
}

// FreeBookmarkResponse is RopFreeBookmark's response ([MS-OXCROPS] 2.2.5.14.2).
type FreeBookmarkResponse struct {
	InputHandleIndex uint8
	ReturnValue      mapi.ErrorCode
}

func (p *FreeBookmarkResponse) responseFields(c *codec, _ *ResponseContext) {
	c.u8(&p.InputHandleIndex)
	c.ec(&p.ReturnValue)
}

// ResetTableRequest is RopResetTable's request ([MS-OXCROPS] 2.2.5.15.1).
type ResetTableRequest struct {
	LogonID          uint8
	InputHandleIndex uint8
}

func (q *ResetTableRequest) requestFields(c *codec) {
	c.u8(&q.LogonID)
	c.u8(&q.InputHandleIndex)
}

// ResetTableResponse is RopResetTable's response ([MS-OXCROPS] 2.2.5.15.2).
type ResetTableResponse struct {
	InputHandleIndex uint8
	ReturnValue      mapi.ErrorCode
}

func (p *ResetTableResponse) responseFields(c *codec, _ *ResponseContext) {
	c.u8(&p.InputHandleIndex)
	c.ec(&p.ReturnValue)
}

// ExpandRowRequest is RopExpandRow's request ([MS-OXCROPS] 2.2.5.16.1).
type ExpandRowRequest struct {
	LogonID          uint8
	InputHandleIndex uint8
	MaxRowCount      uint16
	CategoryID       mapi.ID
}

func (q *ExpandRowRequest) requestFields(c *codec) {
	c.u8(&q.LogonID)
	c.u8(&q.InputHandleIndex)
	c.u16(&q.MaxRowCount)
	c.id(&q.CategoryID)
}

// CollapseRowRequest is RopCollapseRow's request ([MS-OXCROPS] 2.2.5.17.1).
type CollapseRowRequest struct {
	LogonID          uint8
	InputHandleIndex uint8
	CategoryID       mapi.ID
}

func (q *CollapseRowRequest) requestFields(c *codec) {
	c.u8(&q.LogonID)
	c.u8(&q.InputHandleIndex)
	c.id(&q.CategoryID)
}

// CollapseRowResponse is RopCollapseRow's response ([MS-OXCROPS] 2.2.5.17.2, 2.2.5.17.3).
type CollapseRowResponse struct {
	InputHandleIndex  uint8
	ReturnValue       mapi.ErrorCode
	CollapsedRowCount uint32
}

func (p *CollapseRowResponse) responseFields(c *codec, _ *ResponseContext) {
	c.u8(&p.InputHandleIndex)
	c.ec(&p.ReturnValue)
	if p.ReturnValue != 0 {
		return
	}
	c.u32(&p.CollapsedRowCount)
}

// GetCollapseStateRequest is RopGetCollapseState's request ([MS-OXCROPS] 2.2.5.18.1).
type GetCollapseStateRequest struct {
	LogonID           uint8
	InputHandleIndex  uint8
	RowID             mapi.ID
	RowInstanceNumber uint32
}

func (q *GetCollapseStateRequest) requestFields(c *codec) {
	c.u8(&q.LogonID)
	c.u8(&q.InputHandleIndex)
	c.id(&q.RowID)
	c.u32(&q.RowInstanceNumber)
}

// GetCollapseStateResponse is RopGetCollapseState's response ([MS-OXCROPS] 2.2.5.18.2, 2.2.5.18.3).
type GetCollapseStateResponse struct {
	InputHandleIndex uint8
	ReturnValue      mapi.ErrorCode
	CollapseState    []byte
}

func (p *GetCollapseStateResponse) responseFields(c *codec, _ *ResponseContext) {
	c.u8(&p.InputHandleIndex)
	c.ec(&p.ReturnValue)
	if p.ReturnValue != 0 {
		return
	}
	c.bytes16("CollapseState", &p.CollapseState)
}

// SetCollapseStateRequest is RopSetCollapseState's request ([MS-OXCROPS] 2.2.5.19.1).
type SetCollapseStateRequest struct {
	LogonID          uint8
	InputHandleIndex uint8
	CollapseState    []byte
}

func (q *SetCollapseStateRequest) requestFields(c *codec) {
	c.u8(&q.LogonID)
	c.u8(&q.InputHandleIndex)
	c.bytes16("CollapseState", &q.CollapseState)
}

// SetCollapseStateResponse is RopSetCollapseState's response ([MS-OXCROPS] 2.2.5.19.2, 2.2.5.19.3).
type SetCollapseStateResponse struct {
	InputHandleIndex uint8
	ReturnValue      mapi.ErrorCode
	Bookmark         []byte
}

func (p *SetCollapseStateResponse) responseFields(c *codec, _ *ResponseContext) {
	c.u8(&p.InputHandleIndex)
	c.ec(&p.ReturnValue)
	if p.ReturnValue != 0 {
		return
	}
	c.bytes16("Bookmark", &p.Bookmark)
}
