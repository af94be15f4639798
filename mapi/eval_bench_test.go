package mapi

import (
	"testing"
	"time"
)

// benchBag is a realistic received message: the ~40 properties a store
// keeps on a mail item, three recipients and one attachment.
func benchBag() *Bag {
	b := &Bag{Props: []PropValue{
		{Tag: PidTagMessageClass, Value: "IPM.Note"},
		{Tag: PidTagSubject, Value: "RE: Quarterly budget review – draft v3 (please comment by Friday)"},
		{Tag: PidTagNormalizedSubject, Value: "Quarterly budget review – draft v3 (please comment by Friday)"},
		{Tag: PidTagConversationTopic, Value: "Quarterly budget review – draft v3 (please comment by Friday)"},
		{Tag: PidTagSenderName, Value: "Alice Example"},
		{Tag: PidTagSenderEmailAddress, Value: "alice@example.com"},
		{Tag: PidTagSentRepresentingName, Value: "Alice Example"},
		{Tag: PidTagDisplayTo, Value: "Bob Example; Carol Example"},
		{Tag: PidTagDisplayCc, Value: "Dave Example"},
		{Tag: PidTagImportance, Value: int32(1)},
		{Tag: PidTagPriority, Value: int32(0)},
		{Tag: PidTagSensitivity, Value: int32(0)},
		{Tag: PidTagMessageFlags, Value: int32(0x00000010)},
		{Tag: PidTagMessageSize, Value: int32(58_213)},
		{Tag: PidTagHasAttachments, Value: true},
		{Tag: PidTagMessageDeliveryTime, Value: time.Date(2026, 11, 27, 9, 30, 0, 0, time.UTC)},
		{Tag: PidTagClientSubmitTime, Value: time.Date(2026, 11, 27, 9, 29, 58, 0, time.UTC)},
		{Tag: PidTagCreationTime, Value: time.Date(2026, 11, 27, 9, 30, 1, 0, time.UTC)},
		{Tag: PidTagLastModificationTime, Value: time.Date(2026, 11, 27, 9, 30, 1, 0, time.UTC)},
		{Tag: PidTagInternetMessageId, Value: "<CAF=abc123@mail.example.com>"},
		{Tag: PidTagInternetCodepage, Value: int32(65001)},
		{Tag: PidTagMessageLocaleId, Value: int32(1033)},
		{Tag: PidTagBody, Value: "Hi all,\n\nattached is draft v3 of the quarterly budget. The travel line is down 12%, " +
			"hardware is flat. Please send comments by Friday.\n\nThanks,\nAlice"},
		{Tag: PidTagNativeBody, Value: int32(1)},
		{Tag: PidTagEntryId, Value: make([]byte, 70)},
		{Tag: PidTagSearchKey, Value: make([]byte, 16)},
		{Tag: PidTagChangeKey, Value: make([]byte, 22)},
		{Tag: PidTagPredecessorChangeList, Value: make([]byte, 23)},
		{Tag: PidTagParentEntryId, Value: make([]byte, 46)},
		{Tag: PidTagConversationIndex, Value: make([]byte, 27)},
		{Tag: PidTagMid, Value: int64(0x0001_0000_0000_1234)},
		{Tag: PidTagFolderId, Value: int64(0x0001_0000_0000_0042)},
		{Tag: PidTagChangeNumber, Value: int64(0x0001_0000_0000_5678)},
		{Tag: PidTagIconIndex, Value: int32(-1)},
		{Tag: PidTagReadReceiptRequested, Value: false},
		{Tag: PidTagOriginatorDeliveryReportRequested, Value: false},
		{Tag: PidTagTransportMessageHeaders, Value: "Received: from mail.example.com ...\r\nSubject: RE: Quarterly budget review\r\n"},
		{Tag: NewPropTag(0x8005, PtypMultipleString), Value: []string{"Finance", "Review"}}, // Keywords (categories), mapped
		{Tag: NewPropTag(0x8010, PtypInteger32), Value: int32(2)},                           // a mapped named property
	}}
	for _, who := range []string{"bob@example.com", "carol@example.com", "dave@example.com"} {
		b.Recipients = append(b.Recipients, &Bag{Props: []PropValue{
			{Tag: PidTagDisplayName, Value: who},
			{Tag: PidTagEmailAddress, Value: who},
			{Tag: PidTagAddressType, Value: "SMTP"},
			{Tag: PidTagRecipientType, Value: int32(1)},
		}})
	}
	b.Attachments = []Object{&Bag{Props: []PropValue{
		{Tag: PidTagAttachLongFilename, Value: "Budget-Q3-draft-v3.xlsx"},
		{Tag: PidTagAttachSize, Value: int32(41_234)},
		{Tag: PidTagAttachMethod, Value: int32(1)},
	}}}
	return b
}

// benchRestriction is an Outlook-style search folder criterion: unread,
// subject or body mentions "budget" (any case), delivered this month, not
// low importance, categorized "finance", addressed to carol or with a
// spreadsheet attached.
func benchRestriction() Restriction {
	return AndRestriction{Restricts: []Restriction{
		BitmaskRestriction{BitmapRelOp: BitmaskEqualZero, PropTag: PidTagMessageFlags, Mask: 0x00000001},
		OrRestriction{Restricts: []Restriction{
			ContentRestriction{FuzzyLevelLow: FuzzySubstring, FuzzyLevelHigh: FuzzyIgnoreCase, PropTag: PidTagSubject,
				Value: PropValue{Tag: PidTagSubject, Value: "BUDGET"}},
			ContentRestriction{FuzzyLevelLow: FuzzySubstring, FuzzyLevelHigh: FuzzyIgnoreCase, PropTag: PidTagBody,
				Value: PropValue{Tag: PidTagBody, Value: "BUDGET"}},
		}},
		PropertyRestriction{RelOp: RelOpGreaterThanOrEqual, PropTag: PidTagMessageDeliveryTime,
			Value: PropValue{Tag: PidTagMessageDeliveryTime, Value: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)}},
		NotRestriction{Restriction: PropertyRestriction{RelOp: RelOpEqual, PropTag: PidTagImportance,
			Value: PropValue{Tag: PidTagImportance, Value: int32(0)}}},
		PropertyRestriction{RelOp: RelOpEqual, PropTag: NewPropTag(0x8005, PtypMultipleString),
			Value: PropValue{Tag: NewPropTag(0x8005, PtypString), Value: "finance"}},
		OrRestriction{Restricts: []Restriction{
			SubObjectRestriction{SubObject: PidTagMessageRecipients, Restriction: ContentRestriction{
				FuzzyLevelLow: FuzzyPrefix, FuzzyLevelHigh: FuzzyIgnoreCase, PropTag: PidTagEmailAddress,
				Value: PropValue{Tag: PidTagEmailAddress, Value: "carol@"}}},
			SubObjectRestriction{SubObject: PidTagMessageAttachments, Restriction: ContentRestriction{
				FuzzyLevelLow: FuzzySubstring, FuzzyLevelHigh: FuzzyIgnoreCase, PropTag: PidTagAttachLongFilename,
				Value: PropValue{Tag: PidTagAttachLongFilename, Value: ".xlsx"}}},
		}},
	}}
}

func TestBenchRestrictionMatches(t *testing.T) {
	ok, err := Evaluate(benchRestriction(), benchBag())
	if err != nil || !ok {
		t.Fatalf("benchmark restriction does not match its bag: %v, %v", ok, err)
	}
}

// BenchmarkEvaluate compiles and evaluates the restriction once per
// iteration, as a one-off Evaluate call does.
func BenchmarkEvaluate(b *testing.B) {
	r, o := benchRestriction(), benchBag()
	b.ReportAllocs()
	for b.Loop() {
		if ok, err := Evaluate(r, o); err != nil || !ok {
			b.Fatal(ok, err)
		}
	}
}

// BenchmarkEvaluatorMatch evaluates a compiled restriction, as a table
// filtering rows does.
func BenchmarkEvaluatorMatch(b *testing.B) {
	e, err := NewEvaluator(benchRestriction())
	if err != nil {
		b.Fatal(err)
	}
	o := benchBag()
	b.ReportAllocs()
	for b.Loop() {
		if ok, err := e.Match(o); err != nil || !ok {
			b.Fatal(ok, err)
		}
	}
}

func BenchmarkParseRestriction16(b *testing.B) {
	enc, err := AppendRestriction16(nil, benchRestriction())
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(enc)))
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := ParseRestriction16(enc); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkAppendRestriction16(b *testing.B) {
	r := benchRestriction()
	buf := make([]byte, 0, 1024)
	b.ReportAllocs()
	for b.Loop() {
		var err error
		if buf, err = AppendRestriction16(buf[:0], r); err != nil {
			b.Fatal(err)
		}
	}
	b.SetBytes(int64(len(buf)))
}

// BenchmarkSortOrderSetCompare compares two rows on subject then delivery
// time, the common Outlook view sort.
func BenchmarkSortOrderSetCompare(b *testing.B) {
	s := SortOrderSet{Orders: []SortOrder{{PropTag: PidTagSubject}, {PropTag: PidTagMessageDeliveryTime, Order: Descending}}}
	x, y := benchBag(), benchBag()
	y.Props[15].Value = time.Date(2026, 11, 28, 0, 0, 0, 0, time.UTC)
	b.ReportAllocs()
	for b.Loop() {
		if s.Compare(x, y) != 1 {
			b.Fatal("unexpected order")
		}
	}
}
