package memstore

import (
	"slices"

	"github.com/oxkit/oxkit/examples/internal/propbag"
	"github.com/oxkit/oxkit/mapi"
)

// A columnPlan reads the same columns of many messages (a contents
// table's rows, a batch of messages) through propbag.Plan's merge.
// Values are what message.Prop returns, copied as columns copies them.
type columnPlan struct{ *propbag.Plan }

func planColumns(tags []mapi.PropTag) *columnPlan {
	return &columnPlan{propbag.NewPlan(tags, func(id mapi.PropID) bool { return computedTag(id, messageTags) != 0 })}
}

// row returns m's values of the plan's columns in their order, as
// columns(m, tags) does.
func (p *columnPlan) row(m *message) []mapi.PropValue {
	if len(p.Tags) == 0 {
		return nil
	}
	if len(p.Tags) > propbag.MaxPlanColumns {
		return columns(m, p.Tags)
	}
	// hit[i] is 1 + the index in m.props of Tags[i]'s stored value.
	var hitBuf [propbag.MaxPlanColumns]int32
	hit := hitBuf[:len(p.Tags)]
	p.Match(m.props, hit)
	var buf [96]mapi.PropValue
	out := buf[:0]
	for i, t := range p.Tags {
		if p.Computed[i] {
			if v, ok := m.Prop(t); ok {
				out = append(out, mapi.PropValue{Tag: v.Tag, Value: computedValue(t, v.Value)})
			}
			continue
		}
		if h := hit[i]; h > 0 {
			v := m.props[h-1]
			out = append(out, mapi.PropValue{Tag: v.Tag, Value: cloneValue(v.Value)})
		}
	}
	return slices.Clone(out)
}

// computedValue returns v, the value message.Prop returns for the
// computed column t, as columns copies it: binaries computed afresh by
// every Prop call (change key, PCL, source keys, entry IDs) are not
// copied again; PidTagCreationTime may be the stored value.
func computedValue(t mapi.PropTag, v any) any {
	if _, ok := v.([]byte); ok && t.ID() != mapi.PidTagCreationTime.ID() {
		return v
	}
	return cloneValue(v)
}
