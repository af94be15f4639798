package ews

import (
	"slices"
	"testing"
)

// TestWriteFields checks the cached field lists against testing every
// field, for each element type and several field sets, including a
// shape copied and narrowed after its plans were cached (as embedded
// items' shapes are).
func TestWriteFields(t *testing.T) {
	naive := func(s *itemShape, el string, isMsg bool) []uint8 {
		var out []uint8
		for f := 0; f < numItemFields; f++ {
			if f == fExtended || !s.skipField(f, el, isMsg) {
				out = append(out, uint8(f))
			}
		}
		return out
	}
	els := []struct {
		el    string
		isMsg bool
	}{
		{"t:Item", false}, {"t:Message", true}, {"t:MeetingRequest", true}, {"t:MeetingResponse", true},
		{"t:MeetingCancellation", true}, {"t:CalendarItem", false}, {"t:Contact", false},
		{"t:DistributionList", false}, {"t:Task", false}, {"t:PostItem", false},
	}
	for _, fs := range []fieldSet{idOnlyFields, defaultFields, allFields, defaultFields.andNot(findExcluded)} {
		s := &itemShape{fields: fs}
		for round := range 2 { // the second round is served from the cache
			for _, e := range els {
				if got, want := s.writeFields(e.el, e.isMsg), naive(s, e.el, e.isMsg); !slices.Equal(got, want) {
					t.Errorf("round %d, %s: %v, want %v", round, e.el, got, want)
				}
			}
		}
		cp := *s
		cp.fields = cp.fields.andNot(bits(fItemID, fParentFolderID, fAttachments, fMimeContent))
		for _, e := range els {
			if got, want := cp.writeFields(e.el, e.isMsg), naive(&cp, e.el, e.isMsg); !slices.Equal(got, want) {
				t.Errorf("narrowed copy, %s: %v, want %v", e.el, got, want)
			}
			if got, want := s.writeFields(e.el, e.isMsg), naive(s, e.el, e.isMsg); !slices.Equal(got, want) {
				t.Errorf("original after the copy, %s: %v, want %v", e.el, got, want)
			}
		}
	}
}
