package ropbuf_test

import (
	"fmt"

	"github.com/oxkit/oxkit/mapi"
	"github.com/oxkit/oxkit/ropbuf"
)

// A server decodes an Execute request's ROP buffer, answers each ROP and
// encodes the response buffer inside a compressed RPC_HEADER_EXT.
func Example() {
	in := &ropbuf.RequestBuffer{Rops: []ropbuf.Request{
		&ropbuf.OpenFolderRequest{InputHandleIndex: 0, OutputHandleIndex: 1, FolderID: mapi.MakeID(1, 0x12)},
		&ropbuf.RegisterNotificationRequest{InputHandleIndex: 0, OutputHandleIndex: 2, NotificationTypes: 0x0002, WantWholeStore: true},
		&ropbuf.ReleaseRequest{InputHandleIndex: 1},
	}, Handles: []uint32{0x1000, 0xFFFFFFFF, 0xFFFFFFFF}}
	wire, _ := in.AppendBinary(nil)

	req, err := ropbuf.ParseRequestBuffer(wire, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	out := &ropbuf.ResponseBuffer{Handles: req.Handles}
	for _, q := range req.Rops {
		fmt.Println(q.RopID(), q.RopID().Section())
		switch q := q.(type) {
		case *ropbuf.OpenFolderRequest:
			out.Rops = append(out.Rops, &ropbuf.OpenFolderResponse{OutputHandleIndex: q.OutputHandleIndex})
		case *ropbuf.RegisterNotificationRequest:
			out.Rops = append(out.Rops, &ropbuf.RegisterNotificationResponse{OutputHandleIndex: q.OutputHandleIndex, ReturnValue: 0x80040102})
		}
	}
	payload, _ := out.AppendBinary(nil)
	ext, _ := ropbuf.AppendExt(nil, payload, ropbuf.ExtCompressed|ropbuf.ExtXorMagic|ropbuf.ExtLast)
	bufs, _ := ropbuf.ParseExt(ext, nil)
	fmt.Println(bufs[0].Header.Flags, len(bufs[0].Payload) == len(payload))
	// Output:
	// RopOpenFolder 2.2.4.1
	// RopRegisterNotification 2.2.14.1
	// RopRelease 2.2.15.3
	// Compressed|XorMagic|Last true
}
