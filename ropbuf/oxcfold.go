package ropbuf

import "github.com/oxkit/oxkit/mapi"

// Folder ROPs of [MS-OXCROPS] 2.2.4 (semantics in [MS-OXCFOLD]).

// OpenFolderRequest is RopOpenFolder's request ([MS-OXCROPS] 2.2.4.1.1).
type OpenFolderRequest struct {
	LogonID           uint8
	InputHandleIndex  uint8
	OutputHandleIndex uint8
	FolderID          mapi.ID
	OpenModeFlags     uint8
}

func (q *OpenFolderRequest) requestFields(c *codec) {
	c.u8(&q.LogonID)
	c.u8(&q.InputHandleIndex)
	c.u8(&q.OutputHandleIndex)
	c.id(&q.FolderID)
	c.u8(&q.OpenModeFlags)
}

// OpenFolderResponse is RopOpenFolder's response ([MS-OXCROPS] 2.2.4.1.2,
// 2.2.4.1.3). Ghost is nil when IsGhosted is false.
type OpenFolderResponse struct {
	OutputHandleIndex uint8
	ReturnValue       mapi.ErrorCode
	HasRules          bool
	Ghost             *GhostInfo
}

func (p *OpenFolderResponse) responseFields(c *codec, _ *ResponseContext) {
	c.u8(&p.OutputHandleIndex)
	c.ec(&p.ReturnValue)
	if p.ReturnValue != 0 {
		return
	}
	c.boolean(&p.HasRules)
	c.ghost(&p.Ghost)
}

// CreateFolderRequest is RopCreateFolder's request ([MS-OXCROPS] 2.2.4.2.1).
// DisplayName and Comment are UTF-16 when UseUnicodeStrings is true.
type CreateFolderRequest struct {
	LogonID           uint8
	InputHandleIndex  uint8
	OutputHandleIndex uint8
	FolderType        uint8
	UseUnicodeStrings bool
	OpenExisting      bool
	Reserved          uint8
	DisplayName       string
	Comment           string
}

func (q *CreateFolderRequest) requestFields(c *codec) {
	c.u8(&q.LogonID)
	c.u8(&q.InputHandleIndex)
	c.u8(&q.OutputHandleIndex)
	c.u8(&q.FolderType)
	c.boolean(&q.UseUnicodeStrings)
	c.boolean(&q.OpenExisting)
	c.u8(&q.Reserved)
	c.string8or16(&q.DisplayName, q.UseUnicodeStrings)
	c.string8or16(&q.Comment, q.UseUnicodeStrings)
}

// CreateFolderResponse is RopCreateFolder's response ([MS-OXCROPS]
// 2.2.4.2.2, 2.2.4.2.3). HasRules and Ghost are present only when
// IsExistingFolder is true.
type CreateFolderResponse struct {
	OutputHandleIndex uint8
	ReturnValue       mapi.ErrorCode
	FolderID          mapi.ID
	IsExistingFolder  bool
	HasRules          bool
	Ghost             *GhostInfo
}

func (p *CreateFolderResponse) responseFields(c *codec, _ *ResponseContext) {
	c.u8(&p.OutputHandleIndex)
	c.ec(&p.ReturnValue)
	if p.ReturnValue != 0 {
		return
	}
	c.id(&p.FolderID)
	c.boolean(&p.IsExistingFolder)
	if !p.IsExistingFolder {
		return
	}
	c.boolean(&p.HasRules)
	c.ghost(&p.Ghost)
}

// DeleteFolderRequest is RopDeleteFolder's request ([MS-OXCROPS] 2.2.4.3.1).
type DeleteFolderRequest struct {
	LogonID           uint8
	InputHandleIndex  uint8
	DeleteFolderFlags uint8
	FolderID          mapi.ID
}

func (q *DeleteFolderRequest) requestFields(c *codec) {
	c.u8(&q.LogonID)
	c.u8(&q.InputHandleIndex)
	c.u8(&q.DeleteFolderFlags)
	c.id(&q.FolderID)
}

// partialResponse is the shape shared by the folder ROPs whose single
// response buffer is InputHandleIndex, ReturnValue, PartialCompletion.
func partial(c *codec, hi *uint8, rv *mapi.ErrorCode, pc *bool) {
	c.u8(hi)
	c.ec(rv)
	c.boolean(pc)
}

// DeleteFolderResponse is RopDeleteFolder's response ([MS-OXCROPS]
// 2.2.4.3.2); PartialCompletion is present whatever the ReturnValue.
type DeleteFolderResponse struct {
	InputHandleIndex  uint8
	ReturnValue       mapi.ErrorCode
	PartialCompletion bool
}

func (p *DeleteFolderResponse) responseFields(c *codec, _ *ResponseContext) {
	partial(c, &p.InputHandleIndex, &p.ReturnValue, &p.PartialCompletion)
}

// SetSearchCriteriaRequest is RopSetSearchCriteria's request ([MS-OXCROPS] 2.2.4.4.1).
type SetSearchCriteriaRequest struct {
	LogonID          uint8
	InputHandleIndex uint8
	Restriction      mapi.Restriction // nil: RestrictionDataSize 0
	FolderIDs        []mapi.ID
	SearchFlags      uint32
}

func (q *SetSearchCriteriaRequest) requestFields(c *codec) {
	c.u8(&q.LogonID)
	c.u8(&q.InputHandleIndex)
	c.restriction16("RestrictionData", &q.Restriction)
	c.ids16("FolderIds", &q.FolderIDs)
	c.u32(&q.SearchFlags)
}

// SetSearchCriteriaResponse is RopSetSearchCriteria's response ([MS-OXCROPS] 2.2.4.4.2).
type SetSearchCriteriaResponse struct {
	InputHandleIndex uint8
	ReturnValue      mapi.ErrorCode
}

func (p *SetSearchCriteriaResponse) responseFields(c *codec, _ *ResponseContext) {
	c.u8(&p.InputHandleIndex)
	c.ec(&p.ReturnValue)
}

// GetSearchCriteriaRequest is RopGetSearchCriteria's request ([MS-OXCROPS] 2.2.4.5.1).
type GetSearchCriteriaRequest struct {
	LogonID            uint8
	InputHandleIndex   uint8
	UseUnicode         bool
	IncludeRestriction bool
	IncludeFolders     bool
}

func (q *GetSearchCriteriaRequest) requestFields(c *codec) {
	c.u8(&q.LogonID)
	c.u8(&q.InputHandleIndex)
	c.boolean(&q.UseUnicode)
	c.boolean(&q.IncludeRestriction)
	c.boolean(&q.IncludeFolders)
}

// GetSearchCriteriaResponse is RopGetSearchCriteria's response ([MS-OXCROPS] 2.2.4.5.2, 2.2.4.5.3).
type GetSearchCriteriaResponse struct {
	InputHandleIndex uint8
	ReturnValue      mapi.ErrorCode
	Restriction      mapi.Restriction
	LogonID          uint8
	FolderIDs        []mapi.ID
	SearchFlags      uint32
}

func (p *GetSearchCriteriaResponse) responseFields(c *codec, _ *ResponseContext) {
	c.u8(&p.InputHandleIndex)
	c.ec(&p.ReturnValue)
	if p.ReturnValue != 0 {
		return
	}
	c.restriction16("RestrictionData", &p.Restriction)
	c.u8(&p.LogonID)
	c.ids16("FolderIds", &p.FolderIDs)
	c.u32(&p.SearchFlags)
}

// MoveCopyMessagesRequest is RopMoveCopyMessages's request ([MS-OXCROPS] 2.2.4.6.1).
type MoveCopyMessagesRequest struct {
	LogonID           uint8
	SourceHandleIndex uint8
	DestHandleIndex   uint8
	MessageIDs        []mapi.ID
	WantAsynchronous  bool
	WantCopy          bool
}

func (q *MoveCopyMessagesRequest) requestFields(c *codec) {
	c.u8(&q.LogonID)
	c.u8(&q.SourceHandleIndex)
	c.u8(&q.DestHandleIndex)
	c.ids16("MessageIds", &q.MessageIDs)
	c.boolean(&q.WantAsynchronous)
	c.boolean(&q.WantCopy)
}

// MoveCopyResponse is the response shape shared by RopMoveCopyMessages,
// RopMoveFolder and RopCopyFolder ([MS-OXCROPS] 2.2.4.6.2, 2.2.4.6.3):
// DestHandleIndex is present only when ReturnValue is ecDstNullObject
// (0x503); PartialCompletion always.
type MoveCopyResponse struct {
	SourceHandleIndex uint8
	ReturnValue       mapi.ErrorCode
	DestHandleIndex   uint32
	PartialCompletion bool
}

func (p *MoveCopyResponse) fields(c *codec) {
	c.u8(&p.SourceHandleIndex)
	c.ec(&p.ReturnValue)
	c.nullDest(p.ReturnValue, &p.DestHandleIndex)
	c.boolean(&p.PartialCompletion)
}

// MoveCopyMessagesResponse is RopMoveCopyMessages's response ([MS-OXCROPS] 2.2.4.6.2, 2.2.4.6.3).
type MoveCopyMessagesResponse struct{ MoveCopyResponse }

func (p *MoveCopyMessagesResponse) responseFields(c *codec, _ *ResponseContext) { p.fields(c) }

// MoveFolderRequest is RopMoveFolder's request ([MS-OXCROPS] 2.2.4.7.1).
type MoveFolderRequest struct {
	LogonID           uint8
	SourceHandleIndex uint8
	DestHandleIndex   uint8
	WantAsynchronous  bool
	UseUnicode        bool
	FolderID          mapi.ID
	NewFolderName     string // UTF-16 when UseUnicode
}

func (q *MoveFolderRequest) requestFields(c *codec) {
	c.u8(&q.LogonID)
	c.u8(&q.SourceHandleIndex)
	c.u8(&q.DestHandleIndex)
	c.boolean(&q.WantAsynchronous)
	c.boolean(&q.UseUnicode)
	c.id(&q.FolderID)
	c.string8or16(&q.NewFolderName, q.UseUnicode)
}

// MoveFolderResponse is RopMoveFolder's response ([MS-OXCROPS] 2.2.4.7.2, 2.2.4.7.3).
type MoveFolderResponse struct{ MoveCopyResponse }

func (p *MoveFolderResponse) responseFields(c *codec, _ *ResponseContext) { p.fields(c) }

// CopyFolderRequest is RopCopyFolder's request ([MS-OXCROPS] 2.2.4.8.1).
type CopyFolderRequest struct {
	LogonID           uint8
	SourceHandleIndex uint8
	DestHandleIndex   uint8
	WantAsynchronous  bool
	WantRecursive     bool
	UseUnicode        bool
	FolderID          mapi.ID
	NewFolderName     string // UTF-16 when UseUnicode
}

func (q *CopyFolderRequest) requestFields(c *codec) {
	c.u8(&q.LogonID)
	c.u8(&q.SourceHandleIndex)
	c.u8(&q.DestHandleIndex)
	c.boolean(&q.WantAsynchronous)
	c.boolean(&q.WantRecursive)
	c.boolean(&q.UseUnicode)
	c.id(&q.FolderID)
	c.string8or16(&q.NewFolderName, q.UseUnicode)
}

// CopyFolderResponse is RopCopyFolder's response ([MS-OXCROPS] 2.2.4.8.2, 2.2.4.8.3).
type CopyFolderResponse struct{ MoveCopyResponse }

func (p *CopyFolderResponse) responseFields(c *codec, _ *ResponseContext) { p.fields(c) }

// EmptyFolderRequest is RopEmptyFolder's request ([MS-OXCROPS] 2.2.4.9.1).
type EmptyFolderRequest struct {
	LogonID              uint8
	InputHandleIndex     uint8
	WantAsynchronous     bool
	WantDeleteAssociated bool
}

func (q *EmptyFolderRequest) requestFields(c *codec) {
	c.u8(&q.LogonID)
	c.u8(&q.InputHandleIndex)
	c.boolean(&q.WantAsynchronous)
	c.boolean(&q.WantDeleteAssociated)
}

// EmptyFolderResponse is RopEmptyFolder's response ([MS-OXCROPS] 2.2.4.9.2).
type EmptyFolderResponse struct {
	InputHandleIndex  uint8
	ReturnValue       mapi.ErrorCode
	PartialCompletion bool
}

func (p *EmptyFolderResponse) responseFields(c *codec, _ *ResponseContext) {
	partial(c, &p.InputHandleIndex, &p.ReturnValue, &p.PartialCompletion)
}

// HardDeleteMessagesAndSubfoldersRequest is RopHardDeleteMessagesAndSubfolders's request ([MS-OXCROPS] 2.2.4.10.1).
type HardDeleteMessagesAndSubfoldersRequest struct {
	LogonID              uint8
	InputHandleIndex     uint8
	WantAsynchronous     bool
	WantDeleteAssociated bool
}

func (q *HardDeleteMessagesAndSubfoldersRequest) requestFields(c *codec) {
	c.u8(&q.LogonID)
	c.u8(&q.InputHandleIndex)
	c.boolean(&q.WantAsynchronous)
	c.boolean(&q.WantDeleteAssociated)
}

// HardDeleteMessagesAndSubfoldersResponse is RopHardDeleteMessagesAndSubfolders's response ([MS-OXCROPS] 2.2.4.10.2).
type HardDeleteMessagesAndSubfoldersResponse struct {
	InputHandleIndex  uint8
	ReturnValue       mapi.ErrorCode
	PartialCompletion bool
}

func (p *HardDeleteMessagesAndSubfoldersResponse) responseFields(c *codec, _ *ResponseContext) {
	partial(c, &p.InputHandleIndex, &p.ReturnValue, &p.PartialCompletion)
}

// DeleteMessagesRequest is RopDeleteMessages's request ([MS-OXCROPS] 2.2.4.11.1).
type DeleteMessagesRequest struct {
	LogonID          uint8
	InputHandleIndex uint8
	WantAsynchronous bool
	NotifyNonRead    bool
	MessageIDs       []mapi.ID
}

func (q *DeleteMessagesRequest) requestFields(c *codec) {
	c.u8(&q.LogonID)
	c.u8(&q.InputHandleIndex)
	c.boolean(&q.WantAsynchronous)
	c.boolean(&q.NotifyNonRead)
	c.ids16("MessageIds", &q.MessageIDs)
}

// DeleteMessagesResponse is RopDeleteMessages's response ([MS-OXCROPS] 2.2.4.11.2).
type DeleteMessagesResponse struct {
	InputHandleIndex  uint8
	ReturnValue       mapi.ErrorCode
	PartialCompletion bool
}

func (p *DeleteMessagesResponse) responseFields(c *codec, _ *ResponseContext) {
	partial(c, &p.InputHandleIndex, &p.ReturnValue, &p.PartialCompletion)
}

// HardDeleteMessagesRequest is RopHardDeleteMessages's request ([MS-OXCROPS] 2.2.4.12.1).
type HardDeleteMessagesRequest struct {
	LogonID          uint8
	InputHandleIndex uint8
	WantAsynchronous bool
	NotifyNonRead    bool
	MessageIDs       []mapi.ID
}

func (q *HardDeleteMessagesRequest) requestFields(c *codec) {
	c.u8(&q.LogonID)
	c.u8(&q.InputHandleIndex)
	c.boolean(&q.WantAsynchronous)
	c.boolean(&q.NotifyNonRead)
	c.ids16("MessageIds", &q.MessageIDs)
}

// HardDeleteMessagesResponse is RopHardDeleteMessages's response ([MS-OXCROPS] 2.2.4.12.2).
type HardDeleteMessagesResponse struct {
	InputHandleIndex  uint8
	ReturnValue       mapi.ErrorCode
	PartialCompletion bool
}

func (p *HardDeleteMessagesResponse) responseFields(c *codec, _ *ResponseContext) {
	partial(c, &p.InputHandleIndex, &p.ReturnValue, &p.PartialCompletion)
}

// GetHierarchyTableRequest is RopGetHierarchyTable's request ([MS-OXCROPS] 2.2.4.13.1).
type GetHierarchyTableRequest struct {
	LogonID           uint8
	InputHandleIndex  uint8
	OutputHandleIndex uint8
	TableFlags        uint8
}

func (q *GetHierarchyTableRequest) requestFields(c *codec) {
	c.u8(&q.LogonID)
	c.u8(&q.InputHandleIndex)
	c.u8(&q.OutputHandleIndex)
	c.u8(&q.TableFlags)
}

// GetHierarchyTableResponse is RopGetHierarchyTable's response ([MS-OXCROPS] 2.2.4.13.2, 2.2.4.13.3).
type GetHierarchyTableResponse struct {
	OutputHandleIndex uint8
	ReturnValue       mapi.ErrorCode
	RowCount          uint32
}

func (p *GetHierarchyTableResponse) responseFields(c *codec, _ *ResponseContext) {
	c.u8(&p.OutputHandleIndex)
	c.ec(&p.ReturnValue)
	if p.ReturnValue != 0 {
		return
	}
	c.u32(&p.RowCount)
}

// GetContentsTableRequest is RopGetContentsTable's request ([MS-OXCROPS] 2.2.4.14.1).
type GetContentsTableRequest struct {
	LogonID           uint8
	InputHandleIndex  uint8
	OutputHandleIndex uint8
	TableFlags        uint8
}

func (q *GetContentsTableRequest) requestFields(c *codec) {
	c.u8(&q.LogonID)
	c.u8(&q.InputHandleIndex)
	c.u8(&q.OutputHandleIndex)
	c.u8(&q.TableFlags)
}

// GetContentsTableResponse is RopGetContentsTable's response ([MS-OXCROPS] 2.2.4.14.2, 2.2.4.14.3).
type GetContentsTableResponse struct {
	OutputHandleIndex uint8
	ReturnValue       mapi.ErrorCode
	RowCount          uint32
}

func (p *GetContentsTableResponse) responseFields(c *codec, _ *ResponseContext) {
	c.u8(&p.OutputHandleIndex)
	c.ec(&p.ReturnValue)
	if p.ReturnValue != 0 {
		return
	}
	c.u32(&p.RowCount)
}
