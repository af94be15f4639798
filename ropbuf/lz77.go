package ropbuf

import (
	"encoding/binary"
	"errors"
	"fmt"
)

// LZ77 with DIRECT2 encoding: the compression of [MS-OXCRPC] 3.1.7.2.1,
// which is the "Plain LZ77" variant of [MS-XCA] 2.3 (compression) and 2.4
// (decompression): 32-bit flag words (0 literal, 1 match, most significant
// bit first), 2-byte match metadata with a 13-bit offset and a 3-bit
// length, extended by a shared nibble, a byte and a 16-bit (or, in
// [MS-XCA], 32-bit) length.

const (
	lzMinMatch  = 3
	lzMaxOffset = 8192
	// lzMaxMatch is the longest match the encoder emits: a 16-bit extended
	// length of 65535 plus the minimum match ([MS-OXCRPC] 3.1.7.2.2.4).
	lzMaxMatch = 0xFFFF + lzMinMatch
	lzHashBits = 13
)

// ErrCorrupt is the cause of a decompression error for input that is not
// a valid LZ77 stream or does not produce exactly the expected size.
var ErrCorrupt = errors.New("ropbuf: corrupt LZ77 stream")

// CompressLZ77 appends the LZ77/DIRECT2 compression of src to dst.
func CompressLZ77(dst, src []byte) []byte {
	var table [1 << lzHashBits]int32 // last position+1 of each 3-byte hash
	flagPos := len(dst)
	dst = append(dst, 0, 0, 0, 0)
	var flags uint32
	flagCount := 0
	lastHalf := -1 // index in dst of the shared length nibble byte, -1 none
	emitFlag := func(bit uint32) {
		flags = flags<<1 | bit
		flagCount++
		if flagCount == 32 {
			binary.LittleEndian.PutUint32(dst[flagPos:], flags)
			flagCount = 0
			flagPos = len(dst)
			dst = append(dst, 0, 0, 0, 0)
		}
	}
	hash := func(i int) uint32 {
		v := uint32(src[i]) | uint32(src[i+1])<<8 | uint32(src[i+2])<<16
		return (v * 2654435761) >> (32 - lzHashBits)
	}
	i := 0
	for i < len(src) {
		matchLen, matchOff := 0, 0
		if i+lzMinMatch <= len(src) {
			h := hash(i)
			cand := int(table[h]) - 1
			table[h] = int32(i + 1)
			if cand >= 0 && i-cand <= lzMaxOffset {
				n := 0
				for i+n < len(src) && n < lzMaxMatch && src[cand+n] == src[i+n] {
					n++
				}
				if n >= lzMinMatch {
					matchLen, matchOff = n, i-cand
				}
			}
		}
		if matchLen == 0 {
			dst = append(dst, src[i])
			i++
			emitFlag(0)
			continue
		}
		l := matchLen - lzMinMatch
		meta := uint16(matchOff-1) << 3
		if l < 7 {
			dst = binary.LittleEndian.AppendUint16(dst, meta|uint16(l))
		} else {
			dst = binary.LittleEndian.AppendUint16(dst, meta|7)
			l -= 7
			var nib int
			if l < 15 {
				nib = l
			} else {
				nib = 15
			}
			if lastHalf < 0 {
				lastHalf = len(dst)
				dst = append(dst, byte(nib))
			} else {
				dst[lastHalf] |= byte(nib << 4)
				lastHalf = -1
			}
			if l >= 15 {
				l -= 15
				if l < 255 {
					dst = append(dst, byte(l))
				} else {
					dst = append(dst, 255)
					// The 16-bit value is the whole length minus 3.
					dst = binary.LittleEndian.AppendUint16(dst, uint16(l+15+7))
				}
			}
		}
		// Index the positions inside the match so later data can refer
		// to them (cheaply: every position).
		for j := i + 1; j < i+matchLen && j+lzMinMatch <= len(src); j++ {
			table[hash(j)] = int32(j + 1)
		}
		i += matchLen
		emitFlag(1)
	}
	// Terminate: the remaining flag bits are ones ([MS-XCA] 2.3.4).
	flags <<= uint(32 - flagCount)
	flags |= uint32(uint64(1)<<uint(32-flagCount) - 1)
	binary.LittleEndian.PutUint32(dst[flagPos:], flags)
	return dst
}

// DecompressLZ77 appends to dst the decompression of src, which must
// produce exactly size bytes; it never writes more than size bytes.
func DecompressLZ77(dst, src []byte, size int) ([]byte, error) {
	start := len(dst)
	limit := start + size
	if cap(dst)-len(dst) < size {
		grown := make([]byte, len(dst), len(dst)+size)
		copy(grown, dst)
		dst = grown
	}
	in := 0
	var flags uint32
	flagCount := 0
	lastHalf := -1
	fail := func(format string, args ...any) ([]byte, error) {
		return dst[:start], fmt.Errorf("%w at input offset %d: %s", ErrCorrupt, in, fmt.Sprintf(format, args...))
	}
	for {
		if flagCount == 0 {
			if in+4 > len(src) {
				return fail("truncated flag word")
			}
			flags = binary.LittleEndian.Uint32(src[in:])
			in += 4
			flagCount = 32
		}
		flagCount--
		if flags&(1<<uint(flagCount)) == 0 {
			if in >= len(src) {
				return fail("truncated literal")
			}
			if len(dst) >= limit {
				return fail("output exceeds %d bytes", size)
			}
			dst = append(dst, src[in])
			in++
			continue
		}
		if in == len(src) {
			break
		}
		if in+2 > len(src) {
			return fail("truncated match")
		}
		meta := int(binary.LittleEndian.Uint16(src[in:]))
		in += 2
		length := meta & 7
		offset := meta>>3 + 1
		if length == 7 {
			if lastHalf < 0 {
				if in >= len(src) {
					return fail("truncated length nibble")
				}
				length = int(src[in] & 0x0F)
				lastHalf = in
				in++
			} else {
				length = int(src[lastHalf] >> 4)
				lastHalf = -1
			}
			if length == 15 {
				if in >= len(src) {
					return fail("truncated length byte")
				}
				length = int(src[in])
				in++
				if length == 255 {
					if in+2 > len(src) {
						return fail("truncated 16-bit length")
					}
					length = int(binary.LittleEndian.Uint16(src[in:]))
					in += 2
					if length == 0 {
						if in+4 > len(src) {
							return fail("truncated 32-bit length")
						}
						length = int(binary.LittleEndian.Uint32(src[in:]))
						in += 4
					}
					if length < 15+7 {
						return fail("extended length %d below 22", length)
					}
					length -= 15 + 7
				}
				length += 15
			}
			length += 7
		}
		length += lzMinMatch
		if offset > len(dst)-start {
			return fail("match offset %d before the start of the output", offset)
		}
		if length > limit-len(dst) {
			return fail("output exceeds %d bytes", size)
		}
		from := len(dst) - offset
		for k := 0; k < length; k++ {
			dst = append(dst, dst[from+k])
		}
	}
	if len(dst) != limit {
		return fail("produced %d bytes, want %d", len(dst)-start, size)
	}
	return dst, nil
}
