package oxcmail_test

import (
	"fmt"

	"github.com/oxkit/oxkit/mapi"
	"github.com/oxkit/oxkit/oxcmail"
)

func ExampleDecodeTNEF() {
	m := &oxcmail.Message{
		Props: []mapi.PropValue{
			{Tag: mapi.PidTagMessageClass, Value: "IPM.Note"},
			{Tag: mapi.PidTagSubject, Value: "Quarterly report"},
		},
		Attachments: []oxcmail.Attachment{{Props: []mapi.PropValue{
			{Tag: mapi.PidTagAttachFilename, Value: "q3.txt"},
			{Tag: mapi.PidTagAttachDataBinary, Value: []byte("numbers")},
		}}},
	}
	winmail, err := oxcmail.EncodeTNEF(m, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	got, err := oxcmail.DecodeTNEF(winmail, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(got.Prop(mapi.PidTagSubject))
	a := got.Attachments[0]
	fmt.Println(oxcmail.Get(a.Props, mapi.PidTagAttachFilename), string(oxcmail.Get(a.Props, mapi.PidTagAttachDataBinary).([]byte)))
	// Output:
	// Quarterly report
	// q3.txt numbers
}
