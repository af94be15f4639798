package ropbuf

import (
	"errors"
	"fmt"

	"github.com/oxkit/oxkit/internal/wire"
	"github.com/oxkit/oxkit/mapi"
)

// Request is a ROP request buffer ([MS-OXCROPS] 2.2). The concrete types
// are the XxxRequest structs of this package, one per RopID; NewRequest
// makes one from an ID.
type Request interface {
	RopID() RopID
	// AppendBinary appends the request, RopId byte first.
	AppendBinary(b []byte) ([]byte, error)
	requestFields(c *codec)
}

// Response is a ROP response buffer ([MS-OXCROPS] 2.2). The concrete types
// are the XxxResponse structs of this package; a response whose
// ReturnValue is not zero encodes the failure shape of its ROP.
type Response interface {
	RopID() RopID
	// AppendBinary appends the response, RopId byte first.
	AppendBinary(b []byte) ([]byte, error)
	responseFields(c *codec, ctx *ResponseContext)
}

// ResponseContext carries what the layout of some responses depends on
// but does not itself contain. It is needed only to decode: RopQueryRows,
// RopFindRow and RopExpandRow rows need the table's Columns;
// RopGetPropertiesSpecific's row needs the request's PropertyTags (taken
// from Request). Other responses ignore it.
type ResponseContext struct {
	// Request is the request this response answers, or nil.
	Request Request
	// Columns is the column set of the table (RopSetColumns) for row
	// responses.
	Columns []mapi.PropTag
}

// ErrNeedContext is the cause of a DecodeError for a response whose layout
// depends on context that the ResponseContext does not supply.
var ErrNeedContext = errors.New("ropbuf: response needs decoding context")

// ErrTrailing is the cause of a DecodeError when a single ROP decoded by
// ParseRequest or ParseResponse is followed by bytes it does not use and
// exact was asked for.
var ErrTrailing = errors.New("ropbuf: trailing bytes")

// DecodeError is a failure to decode a ROP buffer or one ROP in it.
type DecodeError struct {
	Rop    RopID // the ROP being decoded (0 when decoding the framing)
	Index  int   // position of the ROP in the RopsList, -1 for the framing
	Offset int   // byte offset in the buffer where decoding failed
	Err    error
}

// Error implements error.
func (e *DecodeError) Error() string {
	if e.Index < 0 {
		return fmt.Sprintf("ropbuf: buffer at offset %d: %v", e.Offset, e.Err)
	}
	return fmt.Sprintf("ropbuf: %v (ROP #%d) at offset %d: %v", e.Rop, e.Index, e.Offset, e.Err)
}

// Unwrap returns the cause.
func (e *DecodeError) Unwrap() error { return e.Err }

// UnknownRopError reports a RopId that the package does not know, or that
// has no request (response) buffer in the direction being decoded. The
// ROPs before it were decoded and are returned beside the error, so a
// server can fail just this ROP ([MS-OXCROPS] 2.2.2).
type UnknownRopError struct {
	ID     RopID
	Index  int // position in the RopsList
	Offset int // byte offset of the RopId in the buffer
}

// Error implements error.
func (e *UnknownRopError) Error() string {
	return fmt.Sprintf("ropbuf: unknown RopId 0x%02X (ROP #%d) at offset %d", uint8(e.ID), e.Index, e.Offset)
}

// offsetOf extracts the offset of a wire error, or def.
func offsetOf(err error, def int) int {
	var we *wire.Error
	if errors.As(err, &we) {
		return we.Offset
	}
	return def
}

// RequestContext carries what the layout of a request may depend on
// beyond its own bytes. Only RopWritePerUserInformation and
// RopSetMessageReadFlag need it: fields of theirs are present only on
// private (ReplGuid) or public (ClientData) logons ([MS-OXCROPS]
// 2.2.3.13.1, 2.2.6.11.1).
type RequestContext struct {
	// PublicLogon reports whether the logon with the given LogonId was
	// made without the Private flag. RopLogon requests earlier in the same
	// buffer take precedence; when PublicLogon is nil, other logons count
	// as private (Outlook's mailbox logon).
	PublicLogon func(logonID uint8) bool
}

// isPrivate reports whether logonID is a private mailbox logon.
func (c *codec) isPrivate(logonID uint8) bool {
	switch c.logons[logonID] {
	case 1:
		return true
	case 2:
		return false
	}
	if c.rctx != nil && c.rctx.PublicLogon != nil {
		return !c.rctx.PublicLogon(logonID)
	}
	return true
}

// note records the logon kind of a RopLogon request.
func (c *codec) note(q Request) {
	if l, ok := q.(*LogonRequest); ok {
		if l.LogonFlags&LogonFlagPrivate != 0 {
			c.logons[l.LogonID] = 1
		} else {
			c.logons[l.LogonID] = 2
		}
	}
}

// decodeRequest decodes one request from c.r (RopId included).
func decodeRequest(c *codec, index int) (Request, error) {
	r := c.r
	start := r.Offset()
	id := RopID(r.Uint8())
	if r.Err() != nil {
		return nil, &DecodeError{Index: index, Offset: start, Err: r.Err()}
	}
	q := NewRequest(id)
	if q == nil {
		return nil, &UnknownRopError{ID: id, Index: index, Offset: start}
	}
	q.requestFields(c)
	if err := r.Err(); err != nil {
		return nil, &DecodeError{Rop: id, Index: index, Offset: offsetOf(err, start), Err: err}
	}
	c.note(q)
	return q, nil
}

// decodeResponse decodes one response from c.r (RopId included).
func decodeResponse(c *codec, index int, ctx *ResponseContext) (Response, error) {
	r := c.r
	start := r.Offset()
	id := RopID(r.Uint8())
	if r.Err() != nil {
		return nil, &DecodeError{Index: index, Offset: start, Err: r.Err()}
	}
	p := NewResponse(id)
	if p == nil {
		return nil, &UnknownRopError{ID: id, Index: index, Offset: start}
	}
	if ctx == nil {
		ctx = &ResponseContext{}
	}
	p.responseFields(c, ctx)
	if err := r.Err(); err != nil {
		return nil, &DecodeError{Rop: id, Index: index, Offset: offsetOf(err, start), Err: err}
	}
	return p, nil
}

// ParseRequest decodes one ROP request from the start of b and returns it
// with the number of bytes it used. ctx may be nil.
func ParseRequest(b []byte, ctx *RequestContext) (Request, int, error) {
	c := newDecoder(b, ctx)
	q, err := decodeRequest(c, 0)
	if err != nil {
		return nil, 0, err
	}
	return q, c.r.Offset(), nil
}

// ParseResponse decodes one ROP response from the start of b, using ctx
// (which may be nil) for the responses that need it, and returns it with
// the number of bytes it used.
func ParseResponse(b []byte, ctx *ResponseContext) (Response, int, error) {
	c := newDecoder(b, nil)
	p, err := decodeResponse(c, 0, ctx)
	if err != nil {
		return nil, 0, err
	}
	return p, c.r.Offset(), nil
}

// AppendRequest appends q, RopId byte first.
func AppendRequest(b []byte, q Request) ([]byte, error) {
	return appendRequest(new(codec), b, q)
}

func appendRequest(c *codec, b []byte, q Request) ([]byte, error) {
	*c = codec{b: append(b, byte(q.RopID()))}
	q.requestFields(c)
	if c.err != nil {
		return b, c.err
	}
	return c.b, nil
}

// AppendResponse appends p, RopId byte first.
func AppendResponse(b []byte, p Response) ([]byte, error) {
	return appendResponse(new(codec), b, p)
}

func appendResponse(c *codec, b []byte, p Response) ([]byte, error) {
	*c = codec{b: append(b, byte(p.RopID()))}
	p.responseFields(c, nil)
	if c.err != nil {
		return b, c.err
	}
	return c.b, nil
}

// estimateRops guesses the number of ROPs in a RopsList of n bytes, to
// size the slice once in the common case.
func estimateRops(n int) int { return min(n/16+1, 32) }

// RequestBuffer is a ROP input buffer ([MS-OXCROPS] 2.2.1): the RopsList
// and the server object handle table.
type RequestBuffer struct {
	Rops    []Request
	Handles []uint32 // ServerObjectHandleTable
}

// ResponseBuffer is a ROP output buffer ([MS-OXCROPS] 2.2.1).
type ResponseBuffer struct {
	Rops    []Response
	Handles []uint32 // ServerObjectHandleTable
}

// splitBuffer checks RopSize and returns the RopsList bytes and the handle
// table.
func splitBuffer(b []byte) (rops []byte, handles []uint32, err error) {
	r := wire.NewReader(b)
	size := int(r.Uint16())
	if r.Err() != nil {
		return nil, nil, &DecodeError{Index: -1, Err: r.Err()}
	}
	if size < 2 || size > len(b) {
		return nil, nil, &DecodeError{Index: -1, Err: fmt.Errorf("RopSize %d outside 2..%d", size, len(b))}
	}
	tail := b[size:]
	if len(tail)%4 != 0 {
		return nil, nil, &DecodeError{Index: -1, Offset: size, Err: fmt.Errorf("handle table of %d bytes is not a multiple of 4", len(tail))}
	}
	if len(tail) > 0 {
		handles = make([]uint32, len(tail)/4)
		hr := wire.NewReader(tail)
		for i := range handles {
			handles[i] = hr.Uint32()
		}
	}
	return b[2:size], handles, nil
}

// ParseRequestBuffer decodes a ROP input buffer. On an unknown RopId it
// returns the buffer with the ROPs before it and an *UnknownRopError; on
// other errors a *DecodeError (again with the ROPs decoded so far). ctx
// may be nil.
func ParseRequestBuffer(b []byte, ctx *RequestContext) (*RequestBuffer, error) {
	list, handles, err := splitBuffer(b)
	if err != nil {
		return nil, err
	}
	buf := &RequestBuffer{Handles: handles, Rops: make([]Request, 0, estimateRops(len(list)))}
	c := newDecoder(b[:2+len(list)], ctx)
	c.r.Skip(2)
	for i := 0; c.r.Remaining() > 0; i++ {
		q, err := decodeRequest(c, i)
		if err != nil {
			return buf, err
		}
		buf.Rops = append(buf.Rops, q)
	}
	return buf, nil
}

// AppendBinary appends the ROP input buffer: RopSize, the requests and the
// handle table.
func (buf *RequestBuffer) AppendBinary(b []byte) ([]byte, error) {
	start := len(b)
	b = append(b, 0, 0)
	var err error
	c := new(codec)
	for i, q := range buf.Rops {
		if b, err = appendRequest(c, b, q); err != nil {
			return b[:start], fmt.Errorf("ropbuf: request #%d (%v): %w", i, q.RopID(), err)
		}
	}
	return finishBuffer(b, start, buf.Handles)
}

func finishBuffer(b []byte, start int, handles []uint32) ([]byte, error) {
	size := len(b) - start
	if size > 0xFFFF {
		return b[:start], fmt.Errorf("ropbuf: RopsList of %d bytes exceeds RopSize: %w", size, ErrTooLong)
	}
	b[start] = byte(size)
	b[start+1] = byte(size >> 8)
	for _, h := range handles {
		b = wire.AppendUint32(b, h)
	}
	return b, nil
}

// BufferContext supplies what decoding a ROP output buffer depends on.
type BufferContext struct {
	// Requests are the requests of the input buffer the output buffer
	// answers, in order. Responses are matched to them by RopId in order
	// (RopRelease has no response; RopNotify, RopPending, RopBackoff and
	// RopBufferTooSmall answer no request).
	Requests []Request
	// RequestHandles is the input buffer's handle table, used with
	// Columns.
	RequestHandles []uint32
	// Columns returns the column set of the table whose server object
	// handle is h, or nil if unknown. When it is nil or returns nil, the
	// last RopSetColumns among Requests on the same handle index is used.
	Columns func(h uint32) []mapi.PropTag
}

// ParseResponseBuffer decodes a ROP output buffer. ctx may be nil when no
// response needs context. As with ParseRequestBuffer, the responses
// decoded before an error are returned with it.
func ParseResponseBuffer(b []byte, ctx *BufferContext) (*ResponseBuffer, error) {
	list, handles, err := splitBuffer(b)
	if err != nil {
		return nil, err
	}
	if ctx == nil {
		ctx = &BufferContext{}
	}
	buf := &ResponseBuffer{Handles: handles, Rops: make([]Response, 0, estimateRops(len(list)))}
	c := newDecoder(b[:2+len(list)], nil)
	r := c.r
	r.Skip(2)
	next := 0 // next unmatched request
	rc := new(ResponseContext)
	for i := 0; r.Remaining() > 0; i++ {
		id := RopID(r.Rest()[0])
		*rc = ResponseContext{}
		switch id {
		case RopNotify, RopPending, RopBackoff, RopBufferTooSmall:
		default:
			for j := next; j < len(ctx.Requests); j++ {
				if ctx.Requests[j].RopID() == id {
					rc.Request = ctx.Requests[j]
					next = j + 1
					break
				}
			}
		}
		if rc.Request != nil {
			rc.Columns = ctx.columnsFor(rc.Request, next-1)
		}
		p, err := decodeResponse(c, i, rc)
		if err != nil {
			return buf, err
		}
		buf.Rops = append(buf.Rops, p)
	}
	return buf, nil
}

// columnsFor finds the column set for a table request at position pos.
func (ctx *BufferContext) columnsFor(q Request, pos int) []mapi.PropTag {
	var hi uint8
	switch q := q.(type) {
	case *QueryRowsRequest:
		hi = q.InputHandleIndex
	case *FindRowRequest:
		hi = q.InputHandleIndex
	case *ExpandRowRequest:
		hi = q.InputHandleIndex
	default:
		return nil
	}
	if ctx.Columns != nil && int(hi) < len(ctx.RequestHandles) {
		if cols := ctx.Columns(ctx.RequestHandles[hi]); cols != nil {
			return cols
		}
	}
	for j := pos - 1; j >= 0; j-- {
		if sc, ok := ctx.Requests[j].(*SetColumnsRequest); ok && sc.InputHandleIndex == hi {
			return sc.PropertyTags
		}
	}
	return nil
}

// AppendBinary appends the ROP output buffer.
func (buf *ResponseBuffer) AppendBinary(b []byte) ([]byte, error) {
	start := len(b)
	b = append(b, 0, 0)
	var err error
	c := new(codec)
	for i, p := range buf.Rops {
		if b, err = appendResponse(c, b, p); err != nil {
			return b[:start], fmt.Errorf("ropbuf: response #%d (%v): %w", i, p.RopID(), err)
		}
	}
	return finishBuffer(b, start, buf.Handles)
}
