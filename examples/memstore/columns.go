package memstore

import (
	"slices"

	"github.com/oxkit/oxkit/mapi"
)

// A columnPlan reads the same columns of many messages (a contents
// table's rows, a batch of messages) with one merge of the sorted stored
// properties per message instead of a search per column: an EWS shape
// asks for dozens of columns (FindItem's Default shape for 72), most of
// them absent. Values are what message.Prop returns, copied as columns
// copies them.
type columnPlan struct {
	tags []mapi.PropTag
	// computed[i] says tags[i] is a computed property (messageTags),
	// read through message.Prop.
	computed []bool
	// stored are the indexes of the other tags, sorted by property ID.
	stored []int
}

// maxPlanColumns bounds the columns a plan handles with a stack buffer;
// longer lists take columns' path.
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

// row returns m's values of the plan's columns in their order, as
// columns(m, tags) does.
func (p *columnPlan) row(m *message) []mapi.PropValue {
	if len(p.tags) == 0 {
		return nil
	}
	if len(p.tags) > maxPlanColumns {
		return columns(m, p.tags)
	}
	// hit[i] is 1 + the index in m.props of tags[i]'s stored value.
	var hitBuf [maxPlanColumns]int32
	hit := hitBuf[:len(p.tags)]
	props := m.props
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
	var buf [96]mapi.PropValue
	out := buf[:0]
	for i, t := range p.tags {
		if p.computed[i] {
			if v, ok := m.Prop(t); ok {
				out = append(out, mapi.PropValue{Tag: v.Tag, Value: cloneValue(v.Value)})
			}
			continue
		}
		if h := hit[i]; h > 0 {
			v := props[h-1]
			out = append(out, mapi.PropValue{Tag: v.Tag, Value: cloneValue(v.Value)})
		}
	}
	return slices.Clone(out)
}
