package boltstore

import (
	"github.com/oxkit/oxkit/examples/internal/propbag"
	"github.com/oxkit/oxkit/mapi"
)

// A columnPlan reads the same columns of many messages (a contents
// table's rows) through propbag.Plan's merge. The values are what
// msgObject.Prop returns.
type columnPlan struct{ *propbag.Plan }

func planColumns(tags []mapi.PropTag) *columnPlan {
	return &columnPlan{propbag.NewPlan(tags, func(id mapi.PropID) bool { return computedTag(id, messageTags) != 0 })}
}

// appendRow appends o's values of the plan's columns, in their order,
// to dst: for every column what o.Prop returns, when it returns one.
func (p *columnPlan) appendRow(dst []mapi.PropValue, o *msgObject) []mapi.PropValue {
	if len(p.Tags) > propbag.MaxPlanColumns || o.m == nil || o.root != nil {
		for _, t := range p.Tags {
			if v, ok := o.Prop(t); ok {
				dst = append(dst, v)
			}
		}
		return dst
	}
	// hit[i] is 1 + the index in the stored bag of Tags[i]'s value.
	var hitBuf [propbag.MaxPlanColumns]int32
	hit := hitBuf[:len(p.Tags)]
	props := o.c.props
	p.Match(props, hit)
	for i, t := range p.Tags {
		if p.Computed[i] {
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
