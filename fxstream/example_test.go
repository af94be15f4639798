package fxstream_test

import (
	"fmt"

	"github.com/oxkit/oxkit/fxstream"
	"github.com/oxkit/oxkit/mapi"
)

func ExampleAppendMessage() {
	m := &fxstream.Message{
		Props: []mapi.PropValue{{Tag: mapi.PidTagSubject, Value: "Hi"}},
		Recipients: []fxstream.Recipient{
			{Props: []mapi.PropValue{{Tag: mapi.PidTagDisplayName, Value: "Ann"}}},
		},
	}
	b, err := fxstream.AppendMessage(nil, m, false, nil)
	if err != nil {
		panic(err)
	}
	lx := fxstream.NewLexer(b, nil)
	for {
		t, ok := lx.Next()
		if !ok {
			break
		}
		if t.IsMarker {
			fmt.Println(t.Marker)
		} else {
			fmt.Printf("  %v = %v\n", t.Prop.Tag, t.Prop.Value)
		}
	}
	back, _, _, err := fxstream.ParseMessage(b, nil)
	fmt.Println(len(b), "bytes;", back.Props[0].Value, back.Recipients[0].Props[0].Value, err)
	// Output:
	// StartMessage
	//   PidTagSubject = Hi
	// StartRecip
	//   PidTagRowid = 0
	//   PidTagDisplayName = Ann
	// EndToRecip
	// EndMessage
	// 54 bytes; Hi Ann <nil>
}
