package wire

import (
	"errors"
	"testing"
)

func TestReaderStickyError(t *testing.T) {
	r := NewReader([]byte{0x01, 0x02, 0x03})
	if v := r.Uint16(); v != 0x0201 {
		t.Fatalf("Uint16 = %#x", v)
	}
	if v := r.Uint32(); v != 0 || r.Err() == nil {
		t.Fatalf("short read: %v %v", v, r.Err())
	}
	var we *Error
	if !errors.As(r.Err(), &we) || we.Offset != 2 || !errors.Is(r.Err(), ErrShort) {
		t.Fatalf("error %v not located at offset 2", r.Err())
	}
	if r.Uint8() != 0 || r.Remaining() != 0 || r.Rest() != nil {
		t.Fatal("reads after an error must yield zero values")
	}
}

func TestReaderSubOffsets(t *testing.T) {
	r := NewReader([]byte{9, 9, 1, 2, 3})
	r.Skip(2)
	sub := r.Sub(2)
	sub.Uint16()
	sub.Uint8()
	var we *Error
	if !errors.As(sub.Err(), &we) || we.Offset != 4 {
		t.Fatalf("sub-reader offset: %v", sub.Err())
	}
	if r.Err() != nil || r.Uint8() != 3 {
		t.Fatal("a sub-reader's error must not affect its parent")
	}
}

func TestCheckCount(t *testing.T) {
	r := NewReader(make([]byte, 10))
	if !r.CheckCount("x", 5, 2) {
		t.Fatal("5×2 fits in 10")
	}
	if r.CheckCount("x", 6, 2) || r.Err() == nil {
		t.Fatal("6×2 does not fit in 10")
	}
	if NewReader(nil).CheckCount("x", -1, 1) {
		t.Fatal("negative count accepted")
	}
}

func TestStrings(t *testing.T) {
	b := AppendString8(nil, "abc")
	b = AppendString16(b, "Grüße 😀")
	r := NewReader(b)
	if s := r.String8(); s != "abc" {
		t.Fatalf("String8 = %q", s)
	}
	if s := r.String16(); s != "Grüße 😀" || r.Remaining() != 0 {
		t.Fatalf("String16 = %q, %d left", s, r.Remaining())
	}
	if UTF16Len("Grüße 😀") != 2*6+4 {
		t.Fatalf("UTF16Len = %d", UTF16Len("Grüße 😀"))
	}
	if s := NewReader([]byte{'a', 0, 'b', 0}).String16(); s != "" {
		t.Fatalf("unterminated String16 returned %q", s)
	}
	if s := DecodeUTF16([]byte{0x3D, 0xD8, 0x41, 0}); s != "\uFFFDA" {
		t.Fatalf("unpaired surrogate: %q", s)
	}
}

func FuzzReader(f *testing.F) {
	f.Add([]byte("a\x00b\x00\x00\x00\x01\x02\x03\x04"))
	f.Fuzz(func(t *testing.T, b []byte) {
		r := NewReader(b)
		s8 := r.String8()
		s16 := r.String16()
		if r.Err() != nil {
			return
		}
		// Re-encoding what was read reads back the same.
		enc := AppendString16(AppendString8(nil, s8), s16)
		r2 := NewReader(enc)
		if r2.String8() != s8 || r2.String16() != s16 || r2.Err() != nil {
			t.Fatalf("round trip of %q %q failed", s8, s16)
		}
	})
}
