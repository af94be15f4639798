package ews

import "github.com/oxkit/oxkit/mapi"

// resolveShapeNamed maps every named property a shape parse needs — the
// shape's ExtendedFieldURIs (and Categories) in s.ext, the named item
// fields nps, and, when the shape has contact fields, contactXProps and
// distListProps — in one propIDs call ([MS-OXCPRPT] 3.2.5.7
// GetPropertyIdsFromNames without creating any), so that a store is
// asked once per request for the names its mailbox has not mapped,
// instead of once per group. It fills s.ext's resolved tags, s.cx and
// s.dl, and returns the tags of nps (0: unmapped).
func (c *call) resolveShapeNamed(s *itemShape, nps []mapi.NamedProp) ([]mapi.PropTag, error) {
	tags := make([]mapi.PropTag, len(nps))
	wantCX := s.fields.any(contactXFields)
	wantDL := wantCX && s.fields.has(fMembers)
	n := len(nps)
	for _, x := range s.ext {
		if x.named != nil && x.resolved == 0 {
			n++
		}
	}
	if wantCX {
		n += numContactX
	}
	if wantDL {
		n += len(distListProps)
	}
	names := make([]mapi.PropertyName, 0, n)
	for _, x := range s.ext {
		if x.named != nil && x.resolved == 0 {
			names = append(names, *x.named)
		}
	}
	nExt := len(names)
	for _, p := range nps {
		names = append(names, p.PropertyName())
	}
	var cx [numContactX]mapi.PropTag
	var cxAt [numContactX]int // index in names, -1: not named
	if wantCX {
		for i := range contactXProps {
			x := &contactXProps[i]
			if x.named == nil {
				cx[i], cxAt[i] = x.resolved, -1
				continue
			}
			cxAt[i] = len(names)
			names = append(names, *x.named)
		}
	}
	dlAt := len(names)
	if wantDL {
		for i := range distListProps {
			names = append(names, *distListProps[i].named)
		}
	}
	var ids []mapi.PropID
	if len(names) > 0 {
		var ok bool
		var err error
		ids, ok, err = c.propIDs(names, false)
		if err != nil {
			return nil, err
		}
		if !ok || len(ids) != len(names) {
			ids = nil // nothing named can be stored: every one stays unmapped
		}
	}
	tagAt := func(i int, typ mapi.PropType) mapi.PropTag {
		if i < 0 || i >= len(ids) || ids[i] == 0 {
			return 0
		}
		return mapi.NewPropTag(ids[i], typ)
	}
	k := 0
	for _, x := range s.ext {
		if x.named != nil && x.resolved == 0 {
			x.resolved = tagAt(k, x.typ)
			k++
		}
	}
	for i, p := range nps {
		tags[i] = tagAt(nExt+i, p.Type())
	}
	if wantCX {
		for i := range contactXProps {
			if cxAt[i] >= 0 {
				cx[i] = tagAt(cxAt[i], contactXProps[i].typ)
			}
		}
		s.cx = &cx
	}
	if wantDL {
		var dl [4]mapi.PropTag
		for i := range distListProps {
			dl[i] = tagAt(dlAt+i, distListProps[i].typ)
		}
		s.dl = &dl
	}
	return tags, nil
}
