package mapi

// SortOrder is one sort key ([MS-OXCDATA] 2.13.1).
type SortOrder struct {
	PropTag PropTag
	Order   uint8
}

// SortOrderSet is a list of sort keys with categorization ([MS-OXCDATA] 2.13.2).
type SortOrderSet struct {
	Orders           []SortOrder
	CategorizedCount uint16
	ExpandedCount    uint16
}
