package oxcmail

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/oxkit/oxkit/mapi"
)

func TestMergeTNEF(t *testing.T) {
	named := mapi.PropertyName{Kind: mapi.NameKindID, GUID: mapi.PSETIDCommon, LID: 0x8582}
	m := &Message{
		Props: []mapi.PropValue{
			{Tag: mapi.PidTagSubject, Value: "mime subject"},
			{Tag: mapi.PidTagBody, Value: "plain rendering"},
			{Tag: mapi.PidTagInternetMessageId, Value: "<a@b>"},
			{Tag: mapi.PidTagSenderEmailAddress, Value: "alice@example.com"},
			{Tag: mapi.PidTagImportance, Value: int32(1)},
		},
		Recipients:  []Recipient{{Props: []mapi.PropValue{{Tag: mapi.NewPropTag(0x3001, mapi.PtypString), Value: "Bob"}}}},
		Attachments: []Attachment{{Props: []mapi.PropValue{{Tag: mapi.PidTagAttachFilename, Value: "mime.txt"}}}},
	}
	tn := &Message{
		Props: []mapi.PropValue{
			{Tag: mapi.PidTagSubject, Value: "tnef subject"},
			{Tag: mapi.PidTagRtfCompressed, Value: []byte{1}},
			{Tag: mapi.PidTagSenderEmailAddress, Value: "/O=EXAMPLE/CN=ALICE"},
			{Tag: mapi.PidTagSenderAddressType, Value: "EX"},
			{Tag: mapi.PidTagImportance, Value: int32(2)},
			{Tag: mapi.PidTagMessageClass, Value: "IPM.Note"},
		},
		Named:       []NamedValue{{Name: named, Type: mapi.PtypBoolean, Value: true}},
		Recipients:  []Recipient{{Props: []mapi.PropValue{{Tag: mapi.NewPropTag(0x3001, mapi.PtypString), Value: "Carol"}}}},
		Attachments: []Attachment{{Props: []mapi.PropValue{{Tag: mapi.PidTagAttachFilename, Value: "tnef.doc"}}}},
	}
	MergeTNEF(m, tn)
	want := &Message{
		Props: []mapi.PropValue{
			{Tag: mapi.PidTagInternetMessageId, Value: "<a@b>"},
			{Tag: mapi.PidTagSenderEmailAddress, Value: "alice@example.com"},
			{Tag: mapi.PidTagSubject, Value: "tnef subject"},
			{Tag: mapi.PidTagRtfCompressed, Value: []byte{1}},
			{Tag: mapi.PidTagImportance, Value: int32(2)},
			{Tag: mapi.PidTagMessageClass, Value: "IPM.Note"},
		},
		Named:      []NamedValue{{Name: named, Type: mapi.PtypBoolean, Value: true}},
		Recipients: []Recipient{{Props: []mapi.PropValue{{Tag: mapi.NewPropTag(0x3001, mapi.PtypString), Value: "Bob"}}}},
		Attachments: []Attachment{
			{Props: []mapi.PropValue{{Tag: mapi.PidTagAttachFilename, Value: "mime.txt"}}},
			{Props: []mapi.PropValue{{Tag: mapi.PidTagAttachFilename, Value: "tnef.doc"}}},
		},
	}
	if d := cmp.Diff(want, m); d != "" {
		t.Errorf("MergeTNEF (-want +got):\n%s", d)
	}

	// Without MIME recipients the TNEF recipient table is used.
	m2 := &Message{}
	MergeTNEF(m2, tn)
	if len(m2.Recipients) != 1 || Get(m2.Recipients[0].Props, mapi.NewPropTag(0x3001, mapi.PtypString)) != "Carol" {
		t.Errorf("recipients = %v", m2.Recipients)
	}
}
