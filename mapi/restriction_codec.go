package mapi

import "errors"

var errNotYet = errors.New("mapi: restriction codec not implemented yet")

// ParseRestriction16 decodes one restriction in its ROP-buffer form
// (16-bit counts, [MS-OXCDATA] 2.12) from the start of b and returns it
// with the number of bytes consumed.
func ParseRestriction16(b []byte) (Restriction, int, error) { return nil, 0, errNotYet }

// ParseRestriction32 decodes one restriction in its 32-bit-count form
// (extended rules, MAPI/HTTP NSPI, search folder definitions).
func ParseRestriction32(b []byte) (Restriction, int, error) { return nil, 0, errNotYet }

// AppendRestriction16 appends r in its ROP-buffer form (16-bit counts).
func AppendRestriction16(b []byte, r Restriction) ([]byte, error) { return b, errNotYet }

// AppendRestriction32 appends r in its 32-bit-count form.
func AppendRestriction32(b []byte, r Restriction) ([]byte, error) { return b, errNotYet }
