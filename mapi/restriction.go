package mapi

// RestrictionType is the RestrictType byte of a restriction ([MS-OXCDATA] 2.12).
type RestrictionType uint8

// Restriction is one node of a restriction tree ([MS-OXCDATA] 2.12).
// The concrete types are AndRestriction, OrRestriction, NotRestriction,
// ContentRestriction, PropertyRestriction, ComparePropertiesRestriction,
// BitmaskRestriction, SizeRestriction, ExistRestriction,
// SubObjectRestriction, CommentRestriction and CountRestriction.
type Restriction interface {
	RestrictionType() RestrictionType
}

// Object is what Evaluate matches a restriction against: a property bag
// with optional sub-objects (recipients, attachments).
type Object interface {
	// Prop returns the value of the property with tag's ID. If tag's type
	// is PtypUnspecified any type matches; otherwise the types must agree
	// (multi-valued vs single-valued included). ok is false when absent.
	Prop(tag PropTag) (v PropValue, ok bool)
	// SubObjects returns the rows of a sub-object table named by
	// PidTagMessageRecipients or PidTagMessageAttachments, or nil.
	SubObjects(tag PropTag) []Object
}
