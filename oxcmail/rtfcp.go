package oxcmail

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
)

// Compressed RTF ([MS-OXRTFCP]): the format of PidTagRtfCompressed. A
// 16-byte header (COMPSIZE, RAWSIZE, COMPTYPE, CRC; [MS-OXRTFCP]
// 2.1.3.1.1) followed either by the raw RTF ("MELA") or by LZFu runs: a
// control byte whose bits, least significant first, say whether each of
// the next eight tokens is a literal byte (0) or a big-endian dictionary
// reference (1) of a 12-bit offset and a 4-bit length-2 into a 4,096-byte
// circular dictionary preloaded with rtfInitialDictionary
// ([MS-OXRTFCP] 2.1.3.1.4, 2.1.3.1.5). A reference whose offset equals the
// dictionary's write offset ends the data.

// Compressed RTF COMPTYPE values ([MS-OXRTFCP] 2.1.3.1.1).
const (
	RTFCompressed   uint32 = 0x75465A4C // "LZFu"
	RTFUncompressed uint32 = 0x414C454D // "MELA"
)

// MaxRTFSize is the largest RAWSIZE DecompressRTF accepts (64 MiB): a
// header announcing more is an error before anything is allocated, and
// decompression never produces more than RAWSIZE bytes.
const MaxRTFSize = 64 << 20

// rtfInitialDictionary is the 207-byte preset of the LZFu dictionary
// ([MS-OXRTFCP] 2.1.3.1.4, "Dictionary").
const rtfInitialDictionary = "{\\rtf1\\ansi\\mac\\deff0\\deftab720{\\fonttbl;}{\\f0\\fnil \\froman \\fswiss \\fmodern \\fscript \\fdecor MS Sans SerifSymbolArialTimes New RomanCourier{\\colortbl\\red0\\green0\\blue0\r\n\\par \\pard\\plain\\f0\\fs20\\b\\i\\u\\tab\\tx"

const (
	rtfDictSize   = 4096
	rtfHeaderSize = 16
	rtfMaxMatch   = 17 // 4-bit length field + 2
)

// Compressed RTF errors, wrapped in *RTFError.
var (
	ErrRTFShort       = errors.New("data too short")
	ErrRTFCompType    = errors.New("unknown COMPTYPE")
	ErrRTFCompSize    = errors.New("COMPSIZE larger than the data")
	ErrRTFCRC         = errors.New("CRC mismatch")
	ErrRTFTooLarge    = errors.New("RAWSIZE above MaxRTFSize")
	ErrRTFOverrun     = errors.New("output longer than RAWSIZE")
	ErrRTFNoEnd       = errors.New("compressed data ends without the end reference")
	ErrRTFRawSize     = errors.New("output shorter than RAWSIZE")
	ErrRTFUnencodable = errors.New("RTF larger than 4 GiB")
)

// RTFError is a compressed-RTF error located at a byte offset of the
// compressed stream (header included).
type RTFError struct {
	Offset int
	Err    error
}

func (e *RTFError) Error() string {
	return fmt.Sprintf("oxcmail: compressed RTF at offset %d: %v", e.Offset, e.Err)
}

func (e *RTFError) Unwrap() error { return e.Err }

// rtfCRC is the CRC of [MS-OXRTFCP] 2.1.3.2: the reflected CRC-32 table of
// polynomial 0xEDB88320, started at 0 and without the final inversion
// (so it is not crc32.ChecksumIEEE). crc32.Update inverts on entry and
// exit; inverting around it yields the spec's register.
func rtfCRC(b []byte) uint32 {
	return ^crc32.Update(^uint32(0), crc32.IEEETable, b)
}

// DecompressRTF returns the RTF held in a PidTagRtfCompressed value, of
// either COMPTYPE. It checks COMPSIZE against the data, the CRC of
// compressed data, and that the output has exactly RAWSIZE bytes; RAWSIZE
// above MaxRTFSize is refused.
//
// QUIRK: two leniencies, both harmless to the content: bytes after
// COMPSIZE+4 are ignored (the header says where the data ends), and an
// LZFu stream that runs out without its end reference is accepted when it
// produced exactly RAWSIZE bytes (the end reference carries no data; the
// size check still catches real truncation).
func DecompressRTF(b []byte) ([]byte, error) {
	if len(b) < rtfHeaderSize {
		return nil, &RTFError{Offset: len(b), Err: ErrRTFShort}
	}
	compSize := binary.LittleEndian.Uint32(b[0:])
	rawSize := binary.LittleEndian.Uint32(b[4:])
	compType := binary.LittleEndian.Uint32(b[8:])
	crc := binary.LittleEndian.Uint32(b[12:])
	if uint64(compSize) < 12 || uint64(compSize)+4 > uint64(len(b)) {
		return nil, &RTFError{Offset: 0, Err: fmt.Errorf("%w: COMPSIZE %d, %d bytes", ErrRTFCompSize, compSize, len(b))}
	}
	if rawSize > MaxRTFSize {
		return nil, &RTFError{Offset: 4, Err: fmt.Errorf("%w: %d", ErrRTFTooLarge, rawSize)}
	}
	contents := b[rtfHeaderSize : compSize+4]
	switch compType {
	case RTFUncompressed:
		// The spec has the writer set CRC to 0; readers need not check it.
		if int(rawSize) > len(contents) {
			return nil, &RTFError{Offset: len(b), Err: fmt.Errorf("%w: RAWSIZE %d, %d bytes", ErrRTFRawSize, rawSize, len(contents))}
		}
		return append([]byte(nil), contents[:rawSize]...), nil
	case RTFCompressed:
	default:
		return nil, &RTFError{Offset: 8, Err: fmt.Errorf("%w 0x%08X", ErrRTFCompType, compType)}
	}
	if got := rtfCRC(contents); got != crc {
		return nil, &RTFError{Offset: 12, Err: fmt.Errorf("%w: header 0x%08X, computed 0x%08X", ErrRTFCRC, crc, got)}
	}
	return lzfuDecode(contents, int(rawSize))
}

// lzfuDecode runs the decompression loop of [MS-OXRTFCP] 2.2.2 (steps
// 1-8) over the CONTENTS field. Offsets in errors count from the start of
// the whole stream.
func lzfuDecode(in []byte, rawSize int) ([]byte, error) {
	var dict [rtfDictSize]byte
	copy(dict[:], rtfInitialDictionary)
	w := len(rtfInitialDictionary)
	// Each input byte yields at most 17 output bytes (a reference is 2
	// bytes, but its control bit costs 1/8): never trust RAWSIZE for the
	// allocation beyond what the input can produce.
	capHint := rawSize
	if lim := len(in) * 9; capHint > lim {
		capHint = lim
	}
	out := make([]byte, 0, capHint)
	i := 0
	for i < len(in) {
		control := in[i]
		i++
		for bit := 0; bit < 8; bit++ {
			if i >= len(in) {
				goto exhausted
			}
			if control&(1<<bit) == 0 {
				if len(out) >= rawSize {
					return nil, &RTFError{Offset: rtfHeaderSize + i, Err: ErrRTFOverrun}
				}
				c := in[i]
				i++
				out = append(out, c)
				dict[w] = c
				w = (w + 1) & (rtfDictSize - 1)
				continue
			}
			if i+1 >= len(in) {
				return nil, &RTFError{Offset: rtfHeaderSize + i, Err: fmt.Errorf("%w: truncated reference", ErrRTFShort)}
			}
			ref := int(in[i])<<8 | int(in[i+1])
			i += 2
			off, n := ref>>4, ref&0xF+2
			if off == w {
				if len(out) != rawSize {
					return nil, &RTFError{Offset: rtfHeaderSize + i - 2, Err: fmt.Errorf("%w: %d of %d bytes", ErrRTFRawSize, len(out), rawSize)}
				}
				return out, nil
			}
			if len(out)+n > rawSize {
				return nil, &RTFError{Offset: rtfHeaderSize + i - 2, Err: ErrRTFOverrun}
			}
			for k := 0; k < n; k++ {
				c := dict[(off+k)&(rtfDictSize-1)]
				out = append(out, c)
				dict[w] = c
				w = (w + 1) & (rtfDictSize - 1)
			}
		}
	}
exhausted:
	if len(out) == rawSize {
		return out, nil
	}
	return nil, &RTFError{Offset: rtfHeaderSize + len(in), Err: ErrRTFNoEnd}
}

// UncompressedRTF wraps rtf in the uncompressed ("MELA") form of
// PidTagRtfCompressed ([MS-OXRTFCP] 2.1.3.1.1, 2.3.3.1): header with CRC 0,
// then the bytes as they are.
func UncompressedRTF(rtf []byte) ([]byte, error) {
	if uint64(len(rtf)) > 0xFFFFFFFF-12 {
		return nil, &RTFError{Err: ErrRTFUnencodable}
	}
	out := make([]byte, rtfHeaderSize, rtfHeaderSize+len(rtf))
	binary.LittleEndian.PutUint32(out[0:], uint32(len(rtf)+12))
	binary.LittleEndian.PutUint32(out[4:], uint32(len(rtf)))
	binary.LittleEndian.PutUint32(out[8:], RTFUncompressed)
	return append(out, rtf...), nil
}

// CompressRTF compresses rtf into the LZFu form of PidTagRtfCompressed
// with the algorithm of [MS-OXRTFCP] 2.3.3.2: at each input position the
// longest dictionary match (up to 17 bytes, possibly running into the bytes
// being written) becomes a reference if it is at least 2 bytes long; among
// equally long matches the lowest dictionary offset wins, which reproduces
// the spec's examples byte for byte. The data ends with a reference to the
// write offset, and the last run is not padded.
func CompressRTF(rtf []byte) ([]byte, error) {
	if uint64(len(rtf)) > 0xFFFFFFFF-12 {
		return nil, &RTFError{Err: ErrRTFUnencodable}
	}
	out := make([]byte, rtfHeaderSize, rtfHeaderSize+len(rtf)/2+16)
	out = lzfuEncode(out, rtf)
	contents := out[rtfHeaderSize:]
	binary.LittleEndian.PutUint32(out[0:], uint32(len(contents)+12))
	binary.LittleEndian.PutUint32(out[4:], uint32(len(rtf)))
	binary.LittleEndian.PutUint32(out[8:], RTFCompressed)
	binary.LittleEndian.PutUint32(out[12:], rtfCRC(contents))
	return out, nil
}

// lzfuEncode appends the compressed data of rtf to out.
//
// The dictionary is modelled as one linear history: hist = preset ||
// input, and history index h lives at dictionary offset h % 4096. That is
// exact: the decompressor's circular buffer holds hist[H-4095:H] when the
// write position is H, and a copy that runs past H reads the bytes it has
// just written, which are hist[H:] again. Candidates are found through
// chains of 2-byte prefixes.
func lzfuEncode(out, rtf []byte) []byte {
	pre := len(rtfInitialDictionary)
	hist := make([]byte, 0, pre+len(rtf))
	hist = append(hist, rtfInitialDictionary...)
	hist = append(hist, rtf...)

	var head [1 << 16]int32
	for i := range head {
		head[i] = -1
	}
	prev := make([]int32, rtfDictSize)
	key := func(h int) int { return int(hist[h])<<8 | int(hist[h+1]) }
	insert := func(h int) {
		k := key(h)
		prev[h%rtfDictSize] = head[k]
		head[k] = int32(h)
	}
	// Every history position before the write position is a candidate;
	// its key may include bytes at or after the write position, which the
	// linear history already holds.
	for h := 0; h < pre && h+1 < len(hist); h++ {
		insert(h)
	}

	ctrlAt := len(out)
	out = append(out, 0)
	bit := 0
	emit := func() {
		bit++
		if bit == 8 {
			ctrlAt = len(out)
			out = append(out, 0)
			bit = 0
		}
	}
	H := pre
	for H < len(hist) {
		bestLen, bestOff := 0, 0
		if H+1 < len(hist) {
			lo := H - (rtfDictSize - 1)
			consider := func(p int) {
				// A candidate that differs at the last byte of the best
				// match so far can neither beat nor tie it.
				if bestLen > 0 && hist[p+bestLen-1] != hist[H+bestLen-1] {
					return
				}
				if bestLen == rtfMaxMatch && p%rtfDictSize >= bestOff {
					return
				}
				n := 0
				for n < rtfMaxMatch && H+n < len(hist) && hist[p+n] == hist[H+n] {
					n++
				}
				off := p % rtfDictSize
				if n > bestLen || (n == bestLen && off < bestOff) {
					bestLen, bestOff = n, off
				}
			}
			k := key(H)
			for p := int(head[k]); p >= 0 && p >= lo; p = int(prev[p%rtfDictSize]) {
				consider(p)
			}
		}
		n := 1
		if bestLen >= 2 {
			n = bestLen
			out[ctrlAt] |= 1 << bit
			ref := bestOff<<4 | (bestLen - 2)
			out = append(out, byte(ref>>8), byte(ref))
		} else {
			out = append(out, hist[H])
		}
		emit()
		for h := H; h < H+n && h+1 < len(hist); h++ {
			insert(h)
		}
		H += n
	}
	// End reference: offset = write offset, length 0.
	out[ctrlAt] |= 1 << bit
	ref := (H % rtfDictSize) << 4
	out = append(out, byte(ref>>8), byte(ref))
	return out
}
