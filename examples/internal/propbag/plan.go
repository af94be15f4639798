package propbag

import (
	"fmt"
	"slices"

	"github.com/oxkit/oxkit/mapi"
	"github.com/oxkit/oxkit/store"
)

// A Plan reads the same columns of many bags (a contents table's rows, a
// batch of messages) with one merge of each sorted Bag instead of a
// search per column: an EWS shape asks for dozens of columns (FindItem's
// Default shape for 72), most of them absent. The stores use it for the
// stored columns and read the computed ones themselves.
type Plan struct {
	// Tags are the columns, in the caller's order.
	Tags []mapi.PropTag
	// Computed[i] says Tags[i] is computed by the store, not stored.
	Computed []bool
	// stored are the indexes of the other tags, sorted by property ID.
	stored []int
}

// MaxPlanColumns bounds the columns Match handles; callers read longer
// lists one column at a time.
const MaxPlanColumns = 256

// NewPlan plans tags; computed reports the IDs the store computes.
func NewPlan(tags []mapi.PropTag, computed func(mapi.PropID) bool) *Plan {
	p := &Plan{Tags: tags, Computed: make([]bool, len(tags))}
	for i, t := range tags {
		if computed(t.ID()) {
			p.Computed[i] = true
			continue
		}
		p.stored = append(p.stored, i)
	}
	slices.SortStableFunc(p.stored, func(a, b int) int { return int(tags[a].ID()) - int(tags[b].ID()) })
	return p
}

// Match sets hit[i] to 1 + the index in b of Tags[i]'s stored value, as
// Bag.Get would find it (same type rule), and leaves it 0 for absent and
// computed columns. hit must have len(Tags) zeroed entries.
func (p *Plan) Match(b Bag, hit []int32) {
	j := 0
	for _, i := range p.stored {
		t := p.Tags[i]
		id := t.ID()
		for j < len(b) && b[j].Tag.ID() < id {
			j++
		}
		if j == len(b) {
			break
		}
		if b[j].Tag.ID() != id {
			continue
		}
		if want := t.Type() &^ mapi.MultiInstanceFlag; want != mapi.PtypUnspecified && b[j].Tag.Type() != want {
			continue
		}
		hit[i] = int32(j) + 1
	}
}

// PrepareQuery checks a contents or hierarchy table query for the store
// named pkg (in error texts) and compiles its restriction: a nil q is the
// empty query; negative offsets or limits are store.ErrInvalidArgument,
// categorized sorts store.ErrNotSupported; ev is nil without a
// restriction.
func PrepareQuery(pkg string, q *store.Query) (_ *store.Query, ev *mapi.Evaluator, err error) {
	if q == nil {
		q = &store.Query{}
	}
	if q.Offset < 0 || q.Limit < 0 {
		return nil, nil, fmt.Errorf("%s: offset %d limit %d: %w", pkg, q.Offset, q.Limit, store.ErrInvalidArgument)
	}
	if q.Sort.CategorizedCount > 0 {
		return nil, nil, fmt.Errorf("%s: categorized sort: %w", pkg, store.ErrNotSupported)
	}
	if q.Restriction != nil {
		if ev, err = mapi.NewEvaluator(q.Restriction); err != nil {
			return nil, nil, fmt.Errorf("%s: restriction: %w (%w)", pkg, store.ErrInvalidArgument, err)
		}
	}
	return q, ev, nil
}
