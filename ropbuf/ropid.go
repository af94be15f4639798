package ropbuf

//go:generate go run ./internal/genrops zropid.go

import "fmt"

// RopID identifies a ROP: the RopId byte that starts every ROP request and
// response buffer ([MS-OXCROPS] 2.2.2).
type RopID uint8

// ropInfo is one row of the table of RopIds.
type ropInfo struct {
	name        string
	section     string
	newRequest  func() Request
	newResponse func() Response
}

// String returns the spec name ("RopOpenFolder") or "RopID(0x28)" for an
// ID this package does not know.
func (id RopID) String() string {
	if n := ropTable[id].name; n != "" {
		return n
	}
	return fmt.Sprintf("RopID(0x%02X)", uint8(id))
}

// Section returns the [MS-OXCROPS] section that defines the ROP ("2.2.4.1"),
// or "" for unknown IDs and the five ROPs that the current spec lists as
// reserved (see the package documentation).
func (id RopID) Section() string { return ropTable[id].section }

// Known reports whether the package can encode and decode id.
func (id RopID) Known() bool { return ropTable[id].name != "" }

// HasRequest reports whether id has a request buffer (false for the
// response-only ROPs RopNotify, RopPending, RopBackoff, RopBufferTooSmall).
func (id RopID) HasRequest() bool { return ropTable[id].newRequest != nil }

// HasResponse reports whether id has a response buffer (false for
// RopRelease, which the server never answers).
func (id RopID) HasResponse() bool { return ropTable[id].newResponse != nil }

// RopIDs returns every ROP the package can encode and decode, in numeric
// order. The slice is fresh on each call.
func RopIDs() []RopID {
	out := make([]RopID, len(ropIDs))
	copy(out, ropIDs[:])
	return out
}

// NewRequest returns a zero request of id, or nil if id has no request.
func NewRequest(id RopID) Request {
	if f := ropTable[id].newRequest; f != nil {
		return f()
	}
	return nil
}

// NewResponse returns a zero response of id, or nil if id has no response.
func NewResponse(id RopID) Response {
	if f := ropTable[id].newResponse; f != nil {
		return f()
	}
	return nil
}
