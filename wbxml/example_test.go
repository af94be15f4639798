package wbxml_test

import (
	"fmt"
	"io"
	"os"

	"github.com/oxkit/oxkit/wbxml"
)

func ExampleMarshal() {
	type FolderSyncRequest struct {
		WBXMLName struct{} `wbxml:"FolderHierarchy:FolderSync"`
		SyncKey   string   `wbxml:"SyncKey"`
	}
	b, err := wbxml.Marshal(FolderSyncRequest{SyncKey: "0"})
	if err != nil {
		panic(err)
	}
	fmt.Printf("% X\n", b)
	var req FolderSyncRequest
	if err := wbxml.Unmarshal(b, &req); err != nil {
		panic(err)
	}
	fmt.Printf("SyncKey=%q\n", req.SyncKey)
	// Output:
	// 03 01 6A 00 00 07 56 52 03 30 00 01 01
	// SyncKey="0"
}

func ExampleDecoder_Token() {
	b := []byte{0x03, 0x01, 0x6A, 0x00, 0x00, 0x07, 0x56, 0x52, 0x03, 0x30, 0x00, 0x01, 0x01}
	d := wbxml.NewBytesDecoder(b, nil)
	for {
		t, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			panic(err)
		}
		switch t.Kind {
		case wbxml.StartElement, wbxml.EndElement:
			fmt.Println(t.Kind, t.Tag)
		default:
			fmt.Printf("%v %q\n", t.Kind, t.Data) // t.Data is valid until the next Token call
		}
	}
	// Output:
	// StartElement FolderHierarchy:FolderSync
	// StartElement FolderHierarchy:SyncKey
	// Text "0"
	// EndElement FolderHierarchy:SyncKey
	// EndElement FolderHierarchy:FolderSync
}

func ExampleElement_WriteXML() {
	e := wbxml.NewElement(wbxml.AirSyncSync,
		wbxml.NewElement(wbxml.AirSyncCollections,
			wbxml.NewElement(wbxml.AirSyncCollection,
				wbxml.NewText(wbxml.AirSyncSyncKey, "0"),
				wbxml.NewText(wbxml.AirSyncCollectionId, "5"),
				wbxml.NewElement(wbxml.AirSyncOptions,
					wbxml.NewElement(wbxml.AirSyncBaseBodyPreference,
						wbxml.NewText(wbxml.AirSyncBaseType, "2"))))))
	e.WriteXML(os.Stdout, "  ")
	// Output:
	// <?xml version="1.0" encoding="utf-8"?>
	// <!DOCTYPE ActiveSync PUBLIC "-//MICROSOFT//DTD ActiveSync//EN" "http://www.microsoft.com/">
	// <Sync xmlns="AirSync:" xmlns:airsyncbase="AirSyncBase:">
	//   <Collections>
	//     <Collection>
	//       <SyncKey>0</SyncKey>
	//       <CollectionId>5</CollectionId>
	//       <Options>
	//         <airsyncbase:BodyPreference>
	//           <airsyncbase:Type>2</airsyncbase:Type>
	//         </airsyncbase:BodyPreference>
	//       </Options>
	//     </Collection>
	//   </Collections>
	// </Sync>
}
