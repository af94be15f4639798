package mapi_test

import (
	"fmt"
	"slices"

	"github.com/oxkit/oxkit/mapi"
)

// Build "high importance and the subject contains 'budget' (any case)" and
// encode it for a RopRestrict request buffer.
func ExampleAppendRestriction16() {
	r := mapi.AndRestriction{Restricts: []mapi.Restriction{
		mapi.PropertyRestriction{
			RelOp:   mapi.RelOpEqual,
			PropTag: mapi.PidTagImportance,
			Value:   mapi.PropValue{Tag: mapi.PidTagImportance, Value: int32(2)},
		},
		mapi.ContentRestriction{
			FuzzyLevelLow:  mapi.FuzzySubstring,
			FuzzyLevelHigh: mapi.FuzzyIgnoreCase,
			PropTag:        mapi.PidTagSubject,
			Value:          mapi.PropValue{Tag: mapi.PidTagSubject, Value: "budget"},
		},
	}}
	b, err := mapi.AppendRestriction16(nil, r)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("% X\n", b)

	back, n, err := mapi.ParseRestriction16(b)
	fmt.Println(n, err, back.RestrictionType())
	// Output:
	// 00 02 00 04 04 03 00 17 00 03 00 17 00 02 00 00 00 03 01 00 01 00 1F 00 37 00 1F 00 37 00 62 00 75 00 64 00 67 00 65 00 74 00 00 00
	// 44 <nil> RES_AND
}

// Match messages against a search folder's criteria and sort the hits.
func ExampleEvaluate() {
	msg := func(subject string, importance int32, to ...string) *mapi.Bag {
		m := &mapi.Bag{Props: []mapi.PropValue{
			{Tag: mapi.PidTagSubject, Value: subject},
			{Tag: mapi.PidTagImportance, Value: importance},
		}}
		for _, addr := range to {
			m.Recipients = append(m.Recipients, &mapi.Bag{Props: []mapi.PropValue{
				{Tag: mapi.PidTagEmailAddress, Value: addr},
			}})
		}
		return m
	}
	inbox := []*mapi.Bag{
		msg("Lunch?", 1, "bob@example.com"),
		msg("Q3 budget", 2, "alice@example.com", "bob@example.com"),
		msg("RE: Q3 Budget", 1, "ALICE@example.com"),
		msg("Holiday plan", 0, "alice@example.com"),
	}

	// Sent to Alice (any case) and not low importance.
	criteria := mapi.AndRestriction{Restricts: []mapi.Restriction{
		mapi.SubObjectRestriction{
			SubObject: mapi.PidTagMessageRecipients,
			Restriction: mapi.ContentRestriction{
				FuzzyLevelLow:  mapi.FuzzyFullString,
				FuzzyLevelHigh: mapi.FuzzyIgnoreCase,
				PropTag:        mapi.PidTagEmailAddress,
				Value:          mapi.PropValue{Tag: mapi.PidTagEmailAddress, Value: "alice@example.com"},
			},
		},
		mapi.NotRestriction{Restriction: mapi.PropertyRestriction{
			RelOp:   mapi.RelOpEqual,
			PropTag: mapi.PidTagImportance,
			Value:   mapi.PropValue{Tag: mapi.PidTagImportance, Value: int32(0)},
		}},
	}}
	e, err := mapi.NewEvaluator(criteria)
	if err != nil {
		fmt.Println(err)
		return
	}
	var hits []*mapi.Bag
	for _, m := range inbox {
		if ok, err := e.Match(m); err == nil && ok {
			hits = append(hits, m)
		}
	}

	// Sort by subject, ascending (case-insensitive, like Exchange).
	order := mapi.SortOrderSet{Orders: []mapi.SortOrder{{PropTag: mapi.PidTagSubject, Order: mapi.Ascending}}}
	slices.SortStableFunc(hits, func(a, b *mapi.Bag) int { return order.Compare(a, b) })
	for _, m := range hits {
		v, _ := m.Prop(mapi.PidTagSubject)
		fmt.Println(v.Value)
	}
	// Output:
	// Q3 budget
	// RE: Q3 Budget
}
