package mapi_test

import (
	"encoding/hex"
	"fmt"

	"github.com/oxkit/oxkit/mapi"
)

// ExampleParsePropertyRow16 reads one row of a RopQueryRows response for
// the columns a client set with RopSetColumns: the server could not return
// the message size, so it sent a FlaggedPropertyRow.
func ExampleParsePropertyRow16() {
	cols := []mapi.PropTag{
		0x0037001F, // PidTagSubject, PtypString
		0x0E080003, // PidTagMessageSize, PtypInteger32
		0x0E060040, // PidTagMessageDeliveryTime, PtypTime
	}
	b, _ := hex.DecodeString("01" + // FlaggedPropertyRow
		"00" + "480069000000" + // "Hi"
		"0A" + "0F010480" + // error ecNotFound
		"00" + "001C060A1B7FDD01") // 2026-11-28 09:30 UTC
	row, n, err := mapi.ParsePropertyRow16(b, cols)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("bytes read:", n, "flagged:", row.Flagged)
	for _, v := range row.Values {
		switch x := v.Value.(type) {
		case mapi.ErrorValue:
			fmt.Printf("0x%08X: error 0x%08X\n", uint32(v.Tag), uint32(x))
		default:
			fmt.Printf("0x%08X: %v\n", uint32(v.Tag), x)
		}
	}
	// Output:
	// bytes read: 22 flagged: true
	// 0x0037001F: Hi
	// 0x0E080003: error 0x8004010F
	// 0x0E060040: 2026-11-28 09:30:00 +0000 UTC
}
