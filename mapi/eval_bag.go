package mapi

// Bag is a simple Object: a list of properties plus recipient and
// attachment rows. Lookups scan Props linearly.
type Bag struct {
	Props       []PropValue
	Recipients  []Object
	Attachments []Object
}

// Prop implements Object.
func (b *Bag) Prop(tag PropTag) (PropValue, bool) {
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
	switch tag.ID() {
	case 0x0E12: // PidTagMessageRecipients
		return b.Recipients
	case 0x0E13: // PidTagMessageAttachments
		return b.Attachments
	}
	return nil
}
