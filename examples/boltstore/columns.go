package boltstore

import (
	"slices"

	"github.com/oxkit/oxkit/mapi"
)

// A columnPlan reads the same columns of many messages (a contents
// table's rows) with one merge of each message's sorted stored
// properties instead of a computed-property switch and a search per
// column: an EWS shape asks for dozens of columns (FindItem's Default
// shape for 72), most of them absent. The values are what msgObject.Prop
// returns.
type columnPlan struct {
	tags []mapi.PropTag
	// computed[i] says tags[i] is a computed property (messageTags),
	// read through msgObject.Prop.
	computed []bool
	// stored are the indexes of the other tags, sorted by property ID.
	stored []int
}

// maxPlanColumns bounds the columns a plan merges with a stack buffer;
// longer lists are read one Prop call per column.
const maxPlanColumns = 256

func planColumns(tags []mapi.PropTag) *columnPlan {
	p := &columnPlan{tags: tags, computed: make([]bool, len(tags))}
	for i, t := range tags {
		if computedTag(t.ID(), messageTags) != 0 {
			p.computed[i] = true
			continue
		}
		p.stored = append(p.stored, i)
	}
	slices.SortStableFunc(p.stored, func(a, b int) int { return int(tags[a].ID()) - int(tags[b].ID()) })
	return p
}

// appendRow appends o's values of the plan's columns, in their order,
// to dst: for every column what o.Prop returns, when it returns one.
func (p *columnPlan) appendRow(dst []mapi.PropValue, o *msgObject) []mapi.PropValue {
	if len(p.tags) > maxPlanColumns || o.m == nil || o.root != nil {
		for _, t := range p.tags {
			if v, ok := o.Prop(t); ok {
				dst = append(dst, v)
			}
		}
		return dst
	}
	// hit[i] is 1 + the index in the stored bag of tags[i]'s value.
	var hitBuf [maxPlanColumns]int32
	hit := hitBuf[:len(p.tags)]
	props := o.c.props
	j := 0
	for _, i := range p.stored {
		t := p.tags[i]
		id := t.ID()
		for j < len(props) && props[j].Tag.ID() < id {
			j++
		}
		if j == len(props) {
			break
		}
		if props[j].Tag.ID() != id {
			continue
		}
		// propbag.Bag.Get's rule: the type must match unless
		// PtypUnspecified (the multi-instance flag is ignored).
		if want := t.Type() &^ mapi.MultiInstanceFlag; want != mapi.PtypUnspecified && props[j].Tag.Type() != want {
			continue
		}
		hit[i] = int32(j) + 1
	}
	for i, t := range p.tags {
		if p.computed[i] {
			if v, ok := o.Prop(t); ok {
				dst = append(dst, v)
			}
			continue
		}
		if h := hit[i]; h > 0 {
			dst = append(dst, props[h-1])
		}
	}
	return dst
}
