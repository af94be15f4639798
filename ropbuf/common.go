package ropbuf

import (
	"errors"

	"github.com/oxkit/oxkit/mapi"
)

// ecDstNullObject is the ReturnValue of the "null destination" failure
// shape of the copy and move ROPs, which carries DestHandleIndex as a
// 4-byte field ([MS-OXCROPS] 2.2.4.6.3 and others).
const ecDstNullObject mapi.ErrorCode = 0x00000503

// ecWarnWithErrors is the warning ReturnValue with which
// RopGetPropertyIdsFromNames still returns its PropertyIds.
const ecWarnWithErrors mapi.ErrorCode = 0x00040380

// string8or16 codes a NUL-terminated string in UTF-16 when unicode is
// true and as 8-bit bytes otherwise.
func (c *codec) string8or16(p *string, unicode bool) {
	if unicode {
		c.string16(p)
	} else {
		c.string8(p)
	}
}

// nullDest codes the 4-byte DestHandleIndex of a null-destination failure.
func (c *codec) nullDest(rv mapi.ErrorCode, p *uint32) {
	if rv == ecDstNullObject {
		c.u32(p)
	}
}

// restriction16 codes a RestrictionDataSize (2 bytes) and the restriction
// it sizes ([MS-OXCDATA] 2.12); size 0 means no restriction (nil).
func (c *codec) restriction16(what string, p *mapi.Restriction) {
	if c.decoding() {
		n := int(c.r.Uint16())
		*p = nil
		if n == 0 || c.r.Err() != nil {
			return
		}
		start := c.r.Offset()
		b := c.r.Bytes(n)
		if b == nil {
			return
		}
		res, used, err := mapi.ParseRestriction16(b)
		if err != nil {
			c.r.Fail(what, err)
			return
		}
		if used != n {
			c.r.Failf(what, "restriction at offset %d uses %d of its %d bytes", start, used, n)
			return
		}
		*p = res
		return
	}
	if *p == nil {
		c.b = append(c.b, 0, 0)
		return
	}
	at := len(c.b)
	c.b = append(c.b, 0, 0)
	b, err := mapi.AppendRestriction16(c.b, *p)
	if err != nil {
		c.failEnc(what, err)
		return
	}
	n := len(b) - at - 2
	if n > 0xFFFF {
		c.failEnc(what, ErrTooLong)
		return
	}
	b[at], b[at+1] = byte(n), byte(n>>8)
	c.b = b
}

// problems16 codes a PropertyProblemCount (2 bytes) and the problems ([MS-OXCDATA] 2.7).
func (c *codec) problems16(p *[]mapi.PropertyProblem) {
	ext(c, "PropertyProblems", p, mapi.ParsePropertyProblemArray16, mapi.AppendPropertyProblemArray16)
	if c.decoding() && len(*p) == 0 {
		*p = nil
	}
}

// tagged16 codes a 2-byte count and that many TaggedPropertyValues ([MS-OXCDATA] 2.11.4).
func (c *codec) tagged16(what string, p *[]mapi.PropValue) {
	n := c.count16(what, len(*p))
	c.taggedN(what, p, n)
}

// taggedN codes n TaggedPropertyValues (decoding) or all of *p (encoding).
func (c *codec) taggedN(what string, p *[]mapi.PropValue, n int) {
	if !slice(c, what, p, n, 4) {
		return
	}
	for i := range *p {
		ext(c, what, &(*p)[i], mapi.ParseTaggedPropertyValue16, mapi.AppendTaggedPropertyValue16)
	}
}

// names16 codes a 2-byte count and that many PropertyNames ([MS-OXCDATA] 2.6.1).
func (c *codec) names16(what string, p *[]mapi.PropertyName) {
	n := c.count16(what, len(*p))
	c.namesN(what, p, n)
}

func (c *codec) namesN(what string, p *[]mapi.PropertyName, n int) {
	if !slice(c, what, p, n, 1) {
		return
	}
	for i := range *p {
		ext(c, what, &(*p)[i], mapi.ParsePropertyName, mapi.AppendPropertyName)
	}
}

var errMismatch = errors.New("PropertyIDs and PropertyNames differ in length")

var errTagCount = errors.New("TagCount does not match len(Tags)")

var errCNMismatch = errors.New("FolderIDs and ChangeNumbers differ in length")
