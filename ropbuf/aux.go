package ropbuf

import (
	"fmt"

	"github.com/oxkit/oxkit/internal/wire"
	"github.com/oxkit/oxkit/mapi"
)

// Auxiliary buffers of [MS-OXCRPC] 2.2.2.2: a sequence of blocks, each an
// AUX_HEADER (Size, Version, Type) and a body. Known bodies decode into
// the AuxXxx types; unknown (Version, Type) pairs are kept as AuxRaw and
// written back unchanged. Bodies with variable parts (strings located by
// offsets from the start of the AUX_HEADER) keep them in a Data field,
// the bytes after the fixed fields, so blocks round-trip byte for byte.

// AuxHeaderSize is the size of an AUX_HEADER.
const AuxHeaderSize = 4

// Aux versions of [MS-OXCRPC] 2.2.2.2.
const (
	AuxVersion1 uint8 = 0x01
	AuxVersion2 uint8 = 0x02
)

// Aux block types of [MS-OXCRPC] 2.2.2.2.
const (
	AuxTypePerfRequestID                uint8 = 0x01
	AuxTypePerfClientInfo               uint8 = 0x02
	AuxTypePerfServerInfo               uint8 = 0x03
	AuxTypePerfSessionInfo              uint8 = 0x04
	AuxTypePerfDefMDBSuccess            uint8 = 0x05
	AuxTypePerfDefGCSuccess             uint8 = 0x06
	AuxTypePerfMDBSuccess               uint8 = 0x07
	AuxTypePerfGCSuccess                uint8 = 0x08
	AuxTypePerfFailure                  uint8 = 0x09
	AuxTypeClientControl                uint8 = 0x0A
	AuxTypePerfProcessInfo              uint8 = 0x0B
	AuxTypePerfBgDefMDBSuccess          uint8 = 0x0C
	AuxTypePerfBgDefGCSuccess           uint8 = 0x0D
	AuxTypePerfBgMDBSuccess             uint8 = 0x0E
	AuxTypePerfBgGCSuccess              uint8 = 0x0F
	AuxTypePerfBgFailure                uint8 = 0x10
	AuxTypePerfFgDefMDBSuccess          uint8 = 0x11
	AuxTypePerfFgDefGCSuccess           uint8 = 0x12
	AuxTypePerfFgMDBSuccess             uint8 = 0x13
	AuxTypePerfFgGCSuccess              uint8 = 0x14
	AuxTypePerfFgFailure                uint8 = 0x15
	AuxTypeOSVersionInfo                uint8 = 0x16
	AuxTypeEXOrgInfo                    uint8 = 0x17
	AuxTypePerfAccountInfo              uint8 = 0x18
	AuxTypeServerCapabilities           uint8 = 0x46
	AuxTypeEndpointCapabilities         uint8 = 0x48
	AuxTypeClientConnectionInfo         uint8 = 0x4A
	AuxTypeServerSessionInfo            uint8 = 0x4B
	AuxTypeProtocolDeviceIdentification uint8 = 0x4E
)

// AuxBlock is one auxiliary block: an AUX_HEADER ([MS-OXCRPC] 2.2.2.2)
// whose Size is computed when encoding, and its body.
type AuxBlock struct {
	Version uint8
	Type    uint8
	Body    AuxBody
}

// AuxBody is the body of an auxiliary block: one of the AuxXxx types of
// this package, chosen by the block's Version and Type.
type AuxBody interface {
	auxFields(c *codec)
}

// AuxRaw is the body of a block whose (Version, Type) is not known.
type AuxRaw struct{ Data []byte }

// AuxPerfRequestID is AUX_PERF_REQUESTID ([MS-OXCRPC] 2.2.2.2.1).
type AuxPerfRequestID struct{ SessionID, RequestID uint16 }

// AuxPerfSessionInfo is AUX_PERF_SESSIONINFO ([MS-OXCRPC] 2.2.2.2.2).
type AuxPerfSessionInfo struct {
	SessionID, Reserved uint16
	SessionGUID         mapi.GUID
}

// AuxPerfSessionInfoV2 is AUX_PERF_SESSIONINFO_V2 ([MS-OXCRPC] 2.2.2.2.3).
type AuxPerfSessionInfoV2 struct {
	SessionID, Reserved uint16
	SessionGUID         mapi.GUID
	ConnectionID        uint32
}

// AuxPerfClientInfo is AUX_PERF_CLIENTINFO ([MS-OXCRPC] 2.2.2.2.4). The
// offsets count from the start of the AUX_HEADER; Data holds the strings
// and addresses they locate.
type AuxPerfClientInfo struct {
	AdapterSpeed                                uint32
	ClientID, MachineNameOffset, UserNameOffset uint16
	ClientIPSize, ClientIPOffset                uint16
	ClientIPMaskSize, ClientIPMaskOffset        uint16
	AdapterNameOffset, MacAddressSize           uint16
	MacAddressOffset, ClientMode, Reserved      uint16
	Data                                        []byte
}

// AuxPerfServerInfo is AUX_PERF_SERVERINFO ([MS-OXCRPC] 2.2.2.2.5).
type AuxPerfServerInfo struct {
	ServerID, ServerType, ServerDNOffset, ServerNameOffset uint16
	Data                                                   []byte
}

// AuxPerfProcessInfo is AUX_PERF_PROCESSINFO ([MS-OXCRPC] 2.2.2.2.6).
type AuxPerfProcessInfo struct {
	ProcessID, Reserved1         uint16
	ProcessGUID                  mapi.GUID
	ProcessNameOffset, Reserved2 uint16
	Data                         []byte
}

// AuxPerfDefMDBSuccess is AUX_PERF_DEFMDB_SUCCESS ([MS-OXCRPC] 2.2.2.2.7).
type AuxPerfDefMDBSuccess struct {
	TimeSinceRequest, TimeToCompleteRequest uint32
	RequestID, Reserved                     uint16
}

// AuxPerfDefGCSuccess is AUX_PERF_DEFGC_SUCCESS ([MS-OXCRPC] 2.2.2.2.8).
type AuxPerfDefGCSuccess struct {
	ServerID, SessionID                     uint16
	TimeSinceRequest, TimeToCompleteRequest uint32
	RequestOperation                        uint8
	Reserved                                [3]byte
}

// AuxPerfMDBSuccess is AUX_PERF_MDB_SUCCESS ([MS-OXCRPC] 2.2.2.2.9).
type AuxPerfMDBSuccess struct {
	ClientID, ServerID, SessionID, RequestID uint16
	TimeSinceRequest, TimeToCompleteRequest  uint32
}

// AuxPerfMDBSuccessV2 is AUX_PERF_MDB_SUCCESS_V2 ([MS-OXCRPC] 2.2.2.2.10).
type AuxPerfMDBSuccessV2 struct {
	ProcessID, ClientID, ServerID, SessionID, RequestID, Reserved uint16
	TimeSinceRequest, TimeToCompleteRequest                       uint32
}

// AuxPerfGCSuccess is AUX_PERF_GC_SUCCESS ([MS-OXCRPC] 2.2.2.2.11).
type AuxPerfGCSuccess struct {
	ClientID, ServerID, SessionID, Reserved1 uint16
	TimeSinceRequest, TimeToCompleteRequest  uint32
	RequestOperation                         uint8
	Reserved2                                [3]byte
}

// AuxPerfGCSuccessV2 is AUX_PERF_GC_SUCCESS_V2 ([MS-OXCRPC] 2.2.2.2.12).
type AuxPerfGCSuccessV2 struct {
	ProcessID, ClientID, ServerID, SessionID uint16
	TimeSinceRequest, TimeToCompleteRequest  uint32
	RequestOperation                         uint8
	Reserved                                 [3]byte
}

// AuxPerfFailure is AUX_PERF_FAILURE ([MS-OXCRPC] 2.2.2.2.13).
type AuxPerfFailure struct {
	ClientID, ServerID, SessionID, RequestID        uint16
	TimeSinceRequest, TimeToFailRequest, ResultCode uint32
	RequestOperation                                uint8
	Reserved                                        [3]byte
}

// AuxPerfFailureV2 is AUX_PERF_FAILURE_V2 ([MS-OXCRPC] 2.2.2.2.14).
type AuxPerfFailureV2 struct {
	ProcessID, ClientID, ServerID, SessionID, RequestID, Reserved1 uint16
	TimeSinceRequest, TimeToFailRequest, ResultCode                uint32
	RequestOperation                                               uint8
	Reserved2                                                      [3]byte
}

// AuxClientControl is AUX_CLIENT_CONTROL ([MS-OXCRPC] 2.2.2.2.15).
type AuxClientControl struct{ EnableFlags, ExpiryTime uint32 }

// AuxOSVersionInfo is AUX_OSVERSIONINFO ([MS-OXCRPC] 2.2.2.2.16).
type AuxOSVersionInfo struct {
	OSVersionInfoSize, MajorVersion, MinorVersion, BuildNumber uint32
	Reserved1                                                  [132]byte
	ServicePackMajor, ServicePackMinor                         uint16
	Reserved2                                                  uint32
}

// AuxEXOrgInfo is AUX_EXORGINFO ([MS-OXCRPC] 2.2.2.2.17).
type AuxEXOrgInfo struct{ OrgFlags uint32 }

// AuxPerfAccountInfo is AUX_PERF_ACCOUNTINFO ([MS-OXCRPC] 2.2.2.2.18).
type AuxPerfAccountInfo struct {
	ClientID, Reserved uint16
	Account            mapi.GUID
}

// AuxServerCapabilities is AUX_SERVER_CAPABILITIES ([MS-OXCRPC] 2.2.2.2.19).
type AuxServerCapabilities struct{ ServerCapabilityFlags uint32 }

// AuxEndpointCapabilities is AUX_ENDPOINT_CAPABILITIES ([MS-OXCRPC] 2.2.2.2.20).
type AuxEndpointCapabilities struct{ EndpointCapabilityFlag uint32 }

// AuxClientConnectionInfo is AUX_CLIENT_CONNECTION_INFO ([MS-OXCRPC] 2.2.2.2.21).
//
// QUIRK: the requirement table (R1530) gives ConnectionAttempts as 2
// bytes; we read 4, as the Reserved field before it exists to keep 4-byte
// alignment and as we recall the structure diagram. Not verified against
// a capture: a block laid out with 2 bytes would decode with a shifted
// ConnectionFlags (and still round-trip byte for byte).
type AuxClientConnectionInfo struct {
	ConnectionGUID                        mapi.GUID
	OffsetConnectionContextInfo, Reserved uint16
	ConnectionAttempts, ConnectionFlags   uint32
	Data                                  []byte
}

// AuxServerSessionInfo is AUX_SERVER_SESSION_INFO ([MS-OXCRPC] 2.2.2.2.22).
type AuxServerSessionInfo struct {
	OffsetServerSessionContextInfo uint16
	Data                           []byte
}

// AuxProtocolDeviceIdentification is AUX_PROTOCOL_DEVICE_IDENTIFICATION ([MS-OXCRPC] 2.2.2.2.23).
type AuxProtocolDeviceIdentification struct {
	DeviceManufacturerOffset, DeviceModelOffset, DeviceSerialNumberOffset uint16
	DeviceVersionOffset, DeviceFirmwareVersionOffset                      uint16
	Data                                                                  []byte
}

func (a *AuxRaw) auxFields(c *codec)           { c.rest(&a.Data) }
func (a *AuxPerfRequestID) auxFields(c *codec) { c.u16(&a.SessionID); c.u16(&a.RequestID) }
func (a *AuxPerfSessionInfo) auxFields(c *codec) {
	c.u16(&a.SessionID)
	c.u16(&a.Reserved)
	c.guid(&a.SessionGUID)
}
func (a *AuxPerfSessionInfoV2) auxFields(c *codec) {
	c.u16(&a.SessionID)
	c.u16(&a.Reserved)
	c.guid(&a.SessionGUID)
	c.u32(&a.ConnectionID)
}
func (a *AuxPerfClientInfo) auxFields(c *codec) {
	c.u32(&a.AdapterSpeed)
	for _, p := range []*uint16{&a.ClientID, &a.MachineNameOffset, &a.UserNameOffset, &a.ClientIPSize,
		&a.ClientIPOffset, &a.ClientIPMaskSize, &a.ClientIPMaskOffset, &a.AdapterNameOffset,
		&a.MacAddressSize, &a.MacAddressOffset, &a.ClientMode, &a.Reserved} {
		c.u16(p)
	}
	c.rest(&a.Data)
}
func (a *AuxPerfServerInfo) auxFields(c *codec) {
	c.u16(&a.ServerID)
	c.u16(&a.ServerType)
	c.u16(&a.ServerDNOffset)
	c.u16(&a.ServerNameOffset)
	c.rest(&a.Data)
}
func (a *AuxPerfProcessInfo) auxFields(c *codec) {
	c.u16(&a.ProcessID)
	c.u16(&a.Reserved1)
	c.guid(&a.ProcessGUID)
	c.u16(&a.ProcessNameOffset)
	c.u16(&a.Reserved2)
	c.rest(&a.Data)
}
func (a *AuxPerfDefMDBSuccess) auxFields(c *codec) {
	c.u32(&a.TimeSinceRequest)
	c.u32(&a.TimeToCompleteRequest)
	c.u16(&a.RequestID)
	c.u16(&a.Reserved)
}
func (a *AuxPerfDefGCSuccess) auxFields(c *codec) {
	c.u16(&a.ServerID)
	c.u16(&a.SessionID)
	c.u32(&a.TimeSinceRequest)
	c.u32(&a.TimeToCompleteRequest)
	c.u8(&a.RequestOperation)
	c.fixed(a.Reserved[:])
}
func (a *AuxPerfMDBSuccess) auxFields(c *codec) {
	c.u16(&a.ClientID)
	c.u16(&a.ServerID)
	c.u16(&a.SessionID)
	c.u16(&a.RequestID)
	c.u32(&a.TimeSinceRequest)
	c.u32(&a.TimeToCompleteRequest)
}
func (a *AuxPerfMDBSuccessV2) auxFields(c *codec) {
	c.u16(&a.ProcessID)
	c.u16(&a.ClientID)
	c.u16(&a.ServerID)
	c.u16(&a.SessionID)
	c.u16(&a.RequestID)
	c.u16(&a.Reserved)
	c.u32(&a.TimeSinceRequest)
	c.u32(&a.TimeToCompleteRequest)
}
func (a *AuxPerfGCSuccess) auxFields(c *codec) {
	c.u16(&a.ClientID)
	c.u16(&a.ServerID)
	c.u16(&a.SessionID)
	c.u16(&a.Reserved1)
	c.u32(&a.TimeSinceRequest)
	c.u32(&a.TimeToCompleteRequest)
	c.u8(&a.RequestOperation)
	c.fixed(a.Reserved2[:])
}
func (a *AuxPerfGCSuccessV2) auxFields(c *codec) {
	c.u16(&a.ProcessID)
	c.u16(&a.ClientID)
	c.u16(&a.ServerID)
	c.u16(&a.SessionID)
	c.u32(&a.TimeSinceRequest)
	c.u32(&a.TimeToCompleteRequest)
	c.u8(&a.RequestOperation)
	c.fixed(a.Reserved[:])
}
func (a *AuxPerfFailure) auxFields(c *codec) {
	c.u16(&a.ClientID)
	c.u16(&a.ServerID)
	c.u16(&a.SessionID)
	c.u16(&a.RequestID)
	c.u32(&a.TimeSinceRequest)
	c.u32(&a.TimeToFailRequest)
	c.u32(&a.ResultCode)
	c.u8(&a.RequestOperation)
	c.fixed(a.Reserved[:])
}
func (a *AuxPerfFailureV2) auxFields(c *codec) {
	c.u16(&a.ProcessID)
	c.u16(&a.ClientID)
	c.u16(&a.ServerID)
	c.u16(&a.SessionID)
	c.u16(&a.RequestID)
	c.u16(&a.Reserved1)
	c.u32(&a.TimeSinceRequest)
	c.u32(&a.TimeToFailRequest)
	c.u32(&a.ResultCode)
	c.u8(&a.RequestOperation)
	c.fixed(a.Reserved2[:])
}
func (a *AuxClientControl) auxFields(c *codec) { c.u32(&a.EnableFlags); c.u32(&a.ExpiryTime) }
func (a *AuxOSVersionInfo) auxFields(c *codec) {
	c.u32(&a.OSVersionInfoSize)
	c.u32(&a.MajorVersion)
	c.u32(&a.MinorVersion)
	c.u32(&a.BuildNumber)
	c.fixed(a.Reserved1[:])
	c.u16(&a.ServicePackMajor)
	c.u16(&a.ServicePackMinor)
	c.u32(&a.Reserved2)
}
func (a *AuxEXOrgInfo) auxFields(c *codec) { c.u32(&a.OrgFlags) }
func (a *AuxPerfAccountInfo) auxFields(c *codec) {
	c.u16(&a.ClientID)
	c.u16(&a.Reserved)
	c.guid(&a.Account)
}
func (a *AuxServerCapabilities) auxFields(c *codec)   { c.u32(&a.ServerCapabilityFlags) }
func (a *AuxEndpointCapabilities) auxFields(c *codec) { c.u32(&a.EndpointCapabilityFlag) }
func (a *AuxClientConnectionInfo) auxFields(c *codec) {
	c.guid(&a.ConnectionGUID)
	c.u16(&a.OffsetConnectionContextInfo)
	c.u16(&a.Reserved)
	c.u32(&a.ConnectionAttempts)
	c.u32(&a.ConnectionFlags)
	c.rest(&a.Data)
}
func (a *AuxServerSessionInfo) auxFields(c *codec) {
	c.u16(&a.OffsetServerSessionContextInfo)
	c.rest(&a.Data)
}
func (a *AuxProtocolDeviceIdentification) auxFields(c *codec) {
	c.u16(&a.DeviceManufacturerOffset)
	c.u16(&a.DeviceModelOffset)
	c.u16(&a.DeviceSerialNumberOffset)
	c.u16(&a.DeviceVersionOffset)
	c.u16(&a.DeviceFirmwareVersionOffset)
	c.rest(&a.Data)
}

// newAuxBody returns a zero body for (version, typ), or nil if unknown.
func newAuxBody(version, typ uint8) AuxBody {
	if version == AuxVersion2 {
		switch typ {
		case AuxTypePerfSessionInfo:
			return new(AuxPerfSessionInfoV2)
		case AuxTypePerfMDBSuccess, AuxTypePerfBgMDBSuccess, AuxTypePerfFgMDBSuccess:
			return new(AuxPerfMDBSuccessV2)
		case AuxTypePerfGCSuccess, AuxTypePerfBgGCSuccess, AuxTypePerfFgGCSuccess:
			return new(AuxPerfGCSuccessV2)
		case AuxTypePerfFailure, AuxTypePerfBgFailure, AuxTypePerfFgFailure:
			return new(AuxPerfFailureV2)
		case AuxTypePerfProcessInfo:
			return new(AuxPerfProcessInfo)
		}
		return nil
	}
	if version != AuxVersion1 {
		return nil
	}
	switch typ {
	case AuxTypePerfRequestID:
		return new(AuxPerfRequestID)
	case AuxTypePerfClientInfo:
		return new(AuxPerfClientInfo)
	case AuxTypePerfServerInfo:
		return new(AuxPerfServerInfo)
	case AuxTypePerfSessionInfo:
		return new(AuxPerfSessionInfo)
	case AuxTypePerfDefMDBSuccess, AuxTypePerfBgDefMDBSuccess, AuxTypePerfFgDefMDBSuccess:
		return new(AuxPerfDefMDBSuccess)
	case AuxTypePerfDefGCSuccess, AuxTypePerfBgDefGCSuccess, AuxTypePerfFgDefGCSuccess:
		return new(AuxPerfDefGCSuccess)
	case AuxTypePerfMDBSuccess, AuxTypePerfBgMDBSuccess, AuxTypePerfFgMDBSuccess:
		return new(AuxPerfMDBSuccess)
	case AuxTypePerfGCSuccess, AuxTypePerfBgGCSuccess, AuxTypePerfFgGCSuccess:
		return new(AuxPerfGCSuccess)
	case AuxTypePerfFailure, AuxTypePerfBgFailure, AuxTypePerfFgFailure:
		return new(AuxPerfFailure)
	case AuxTypeClientControl:
		return new(AuxClientControl)
	case AuxTypePerfProcessInfo:
		return new(AuxPerfProcessInfo)
	case AuxTypeOSVersionInfo:
		return new(AuxOSVersionInfo)
	case AuxTypeEXOrgInfo:
		return new(AuxEXOrgInfo)
	case AuxTypePerfAccountInfo:
		return new(AuxPerfAccountInfo)
	case AuxTypeServerCapabilities:
		return new(AuxServerCapabilities)
	case AuxTypeEndpointCapabilities:
		return new(AuxEndpointCapabilities)
	case AuxTypeClientConnectionInfo:
		return new(AuxClientConnectionInfo)
	case AuxTypeServerSessionInfo:
		return new(AuxServerSessionInfo)
	case AuxTypeProtocolDeviceIdentification:
		return new(AuxProtocolDeviceIdentification)
	}
	return nil
}

// AuxError is a failure to decode an auxiliary buffer.
type AuxError struct {
	Index  int // block in the buffer
	Offset int // byte offset where decoding failed
	Err    error
}

// Error implements error.
func (e *AuxError) Error() string {
	return fmt.Sprintf("ropbuf: auxiliary block #%d at offset %d: %v", e.Index, e.Offset, e.Err)
}

// Unwrap returns the cause.
func (e *AuxError) Unwrap() error { return e.Err }

// ParseAux decodes the auxiliary blocks of b (the payload after the
// RPC_HEADER_EXT, [MS-OXCRPC] 3.1.4.1.2). Unknown blocks, and known
// blocks whose Size does not fit their structure (too short, or with bytes
// left over where the structure has no variable part), become AuxRaw, so
// every block round-trips; only a broken AUX_HEADER framing is an error.
// The blocks decoded before an error are returned with it.
func ParseAux(b []byte) ([]AuxBlock, error) {
	var out []AuxBlock
	r := wire.NewReader(b)
	for i := 0; r.Remaining() > 0; i++ {
		at := r.Offset()
		size := int(r.Uint16())
		version := r.Uint8()
		typ := r.Uint8()
		if err := r.Err(); err != nil {
			return out, &AuxError{Index: i, Offset: at, Err: err}
		}
		if size < AuxHeaderSize {
			return out, &AuxError{Index: i, Offset: at, Err: fmt.Errorf("Size %d below the header's %d", size, AuxHeaderSize)}
		}
		sub := r.Sub(size - AuxHeaderSize)
		if err := r.Err(); err != nil {
			return out, &AuxError{Index: i, Offset: at, Err: err}
		}
		raw := sub.Rest()
		var body AuxBody
		if known := newAuxBody(version, typ); known != nil {
			c := codec{r: sub}
			known.auxFields(&c)
			if sub.Err() == nil && sub.Remaining() == 0 {
				body = known
			}
		}
		if body == nil {
			body = &AuxRaw{Data: raw}
			if len(raw) == 0 {
				body = &AuxRaw{}
			}
		}
		out = append(out, AuxBlock{Version: version, Type: typ, Body: body})
	}
	return out, nil
}

// AppendAux appends blocks, computing each AUX_HEADER's Size.
func AppendAux(b []byte, blocks []AuxBlock) ([]byte, error) {
	start := len(b)
	for i, blk := range blocks {
		at := len(b)
		c := codec{b: append(b, 0, 0, blk.Version, blk.Type)}
		if blk.Body == nil {
			return b[:start], fmt.Errorf("ropbuf: auxiliary block #%d has no body", i)
		}
		blk.Body.auxFields(&c)
		if c.err != nil {
			return b[:start], fmt.Errorf("ropbuf: auxiliary block #%d: %w", i, c.err)
		}
		b = c.b
		size := len(b) - at
		if size > 0xFFFF {
			return b[:start], fmt.Errorf("ropbuf: auxiliary block #%d of %d bytes: %w", i, size, ErrTooLong)
		}
		b[at], b[at+1] = byte(size), byte(size>>8)
	}
	return b, nil
}

// ParseAuxBuffer decodes an auxiliary buffer as MAPI/HTTP and EcDoRpcExt2
// carry it: an RPC_HEADER_EXT chain whose payloads hold auxiliary blocks
// ([MS-OXCRPC] 3.1.4.1.2).
func ParseAuxBuffer(b []byte, opts *ExtOptions) ([]AuxBlock, error) {
	bufs, err := ParseExt(b, opts)
	if err != nil {
		return nil, err
	}
	var out []AuxBlock
	for _, x := range bufs {
		blocks, err := ParseAux(x.Payload)
		out = append(out, blocks...)
		if err != nil {
			return out, err
		}
	}
	return out, nil
}

// AppendAuxBuffer appends blocks as an auxiliary buffer: one
// RPC_HEADER_EXT (with flags, plus ExtLast) and the blocks.
func AppendAuxBuffer(b []byte, blocks []AuxBlock, flags ExtFlags) ([]byte, error) {
	payload, err := AppendAux(nil, blocks)
	if err != nil {
		return b, err
	}
	return AppendExt(b, payload, flags|ExtLast)
}
