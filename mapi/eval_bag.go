package mapi

// Bag is a simple Object: a list of properties plus recipient and
// attachment rows, for tests, examples and small in-memory stores.
//
// Prop scans Props linearly and returns the first property with the
// requested ID whose type equals the requested type (ignoring the
// multi-instance flag), or any type when the requested type is
// PtypUnspecified. SubObjects returns Recipients for a tag with the ID of
// PidTagMessageRecipients and Attachments for PidTagMessageAttachments
// (whatever the tag's type), nil otherwise. A Bag must not be modified
// while it is being evaluated. A nil *Bag is an empty object.
type Bag struct {
	Props       []PropValue
	Recipients  []Object
	Attachments []Object
}

var _ Object = (*Bag)(nil)

// Prop implements Object.
func (b *Bag) Prop(tag PropTag) (PropValue, bool) {
	if b == nil {
		return PropValue{}, false
	}
	for _, p := range b.Props {
		if p.Tag.ID() != tag.ID() {
			continue
		}
		if tag.Type() == PtypUnspecified || p.Tag.Type()&^MultiInstanceFlag == tag.Type()&^MultiInstanceFlag {
			return p, true
		}
	}
	return PropValue{}, false
}

// SubObjects implements Object.
func (b *Bag) SubObjects(tag PropTag) []Object {
	if b == nil {
		return nil
	}
	switch tag.ID() {
	case PidTagMessageRecipients.ID():
		return b.Recipients
	case PidTagMessageAttachments.ID():
		return b.Attachments
	}
	return nil
}
