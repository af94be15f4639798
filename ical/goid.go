package ical

import (
	"bytes"
	"encoding/binary"
	"encoding/hex"
	"strings"
	"time"
)

// globalObjectIDPrefix is the Byte Array ID of PidLidGlobalObjectId
// ([MS-OXOCAL] 2.2.1.27).
var globalObjectIDPrefix = []byte{0x04, 0x00, 0x00, 0x00, 0x82, 0x00, 0xE0, 0x00, 0x74, 0xC5, 0xB7, 0x10, 0x1A, 0x82, 0xE0, 0x08}

// vCalUIDMarker starts the Data of a GOID that wraps a foreign UID
// ([MS-OXCICAL] 2.1.3.1.1.20.26).
var vCalUIDMarker = []byte("vCal-Uid\x01\x00\x00\x00")

// GlobalObjectIDFromUID returns the PidLidCleanGlobalObjectId for an
// iCalendar UID ([MS-OXCICAL] 2.1.3.1.1.20.26): a UID that is the hex
// form of a GOID is decoded; any other UID is wrapped as "vCal-Uid" data.
func GlobalObjectIDFromUID(uid string) []byte {
	if raw, err := hex.DecodeString(uid); err == nil && len(raw) >= 40 && bytes.HasPrefix(raw, globalObjectIDPrefix) {
		size := int(binary.LittleEndian.Uint32(raw[36:40]))
		if size == len(raw)-40 {
			clean := append([]byte(nil), raw...)
			copy(clean[16:20], []byte{0, 0, 0, 0})
			return clean
		}
	}
	data := append(append([]byte(nil), vCalUIDMarker...), uid...)
	data = append(data, 0)
	b := append([]byte(nil), globalObjectIDPrefix...)
	b = append(b, 0, 0, 0, 0)         // YH YL M D
	b = append(b, make([]byte, 8)...) // creation time
	b = append(b, make([]byte, 8)...) // reserved
	b = binary.LittleEndian.AppendUint32(b, uint32(len(data)))
	return append(b, data...)
}

// WithInstanceDate returns a copy of a clean GOID with the YH, YL, M and
// D bytes set to date (an exception's original date, [MS-OXOCAL]
// 2.2.1.27).
func WithInstanceDate(goid []byte, date time.Time) []byte {
	out := append([]byte(nil), goid...)
	if len(out) >= 20 {
		y := date.Year()
		out[16], out[17], out[18], out[19] = byte(y>>8), byte(y), byte(date.Month()), byte(date.Day())
	}
	return out
}

// UIDFromGlobalObjectID returns the iCalendar UID of a GOID: the wrapped
// UID of a "vCal-Uid" GOID, otherwise the upper-case hex of the clean
// GOID, as Exchange exports it.
func UIDFromGlobalObjectID(goid []byte) string {
	if len(goid) >= 40 {
		data := goid[40:]
		if bytes.HasPrefix(data, vCalUIDMarker) {
			return strings.TrimRight(string(data[len(vCalUIDMarker):]), "\x00")
		}
		clean := append([]byte(nil), goid...)
		copy(clean[16:20], []byte{0, 0, 0, 0})
		return strings.ToUpper(hex.EncodeToString(clean))
	}
	return strings.ToUpper(hex.EncodeToString(goid))
}
