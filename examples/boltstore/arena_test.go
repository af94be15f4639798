package boltstore

import (
	"bytes"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/oxkit/oxkit/internal/wire"
	"github.com/oxkit/oxkit/mapi"
	"github.com/oxkit/oxkit/store"
)

// TestArenaBoxes checks that values boxed in an arena behave as values
// converted to interfaces the usual way: type switches, assertions,
// comparison, reflect, and that they survive a collection and later
// boxes.
func TestArenaBoxes(t *testing.T) {
	a := new(valueArena)
	now := time.Date(2024, 3, 31, 1, 30, 0, 0, time.UTC)
	want := []any{}
	got := []any{}
	for i := range 3 * boxChunk {
		s := strings.Repeat("x", i%7) + string(rune('a'+i%26))
		b := []byte(s)
		want = append(want, s, b, now.Add(time.Duration(i)*time.Second), int64(1000+i), int32(-5-i), int64(i%200), int32(i%200))
		got = append(got,
			a.boxString(a.str([]byte(s))),
			a.boxBytes(a.bytes(b)),
			a.boxTime(now.Add(time.Duration(i)*time.Second)),
			a.boxInt64(int64(1000+i)),
			a.boxInt32(int32(-5-i)),
			a.boxInt64(int64(i%200)),
			a.boxInt32(int32(i%200)))
	}
	runtime.GC()
	for i := range want {
		w, g := want[i], got[i]
		if reflect.TypeOf(g) != reflect.TypeOf(w) || !reflect.DeepEqual(g, w) {
			t.Fatalf("value %d: %#v, want %#v", i, g, w)
		}
		switch x := g.(type) {
		case string:
			if g != w || x != w.(string) {
				t.Fatalf("string %d: %q != %q", i, x, w)
			}
		case []byte:
			if string(x) != string(w.([]byte)) {
				t.Fatalf("bytes %d", i)
			}
		case time.Time:
			if g != w || !x.Equal(w.(time.Time)) {
				t.Fatalf("time %d: %v != %v", i, x, w)
			}
		case int64, int32:
			if g != w {
				t.Fatalf("integer %d: %v != %v", i, g, w)
			}
		default:
			t.Fatalf("value %d: type %T", i, g)
		}
	}
	// A binary is capped at its length: appending to it must not write
	// over the next value of the chunk.
	b1 := a.bytes([]byte{1, 2})
	b2 := a.bytes([]byte{3, 4})
	_ = append(b1, 9)
	if b2[0] != 3 {
		t.Errorf("append to one binary changed the next: %v", b2)
	}
	if v := a.bytes(nil); v == nil || len(v) != 0 {
		t.Errorf("empty binary %#v, want non-nil empty", v)
	}
	var nilArena *valueArena
	if v := nilArena.boxString(nilArena.str([]byte("s"))); v != "s" {
		t.Errorf("nil arena: %v", v)
	}
}

// arenaContent is sampleContent with the types the arena decodes itself.
func arenaContent() *content {
	c := sampleContent()
	c.props.Set(mapi.PropValue{Tag: mapi.PidTagMessageSize, Value: int32(1 << 20)})
	c.props.Set(mapi.PropValue{Tag: mapi.PidTagMid, Value: int64(-7)})
	c.props.Set(mapi.PropValue{Tag: mapi.PidTagHasAttachments, Value: true})
	c.props.Set(mapi.PropValue{Tag: mapi.PidTagChangeKey, Value: []byte{}})
	c.props.Set(mapi.PropValue{Tag: mapi.PidTagBody, Value: strings.Repeat("long body ", 400)})
	c.props.Set(mapi.PropValue{Tag: mapi.NewPropTag(0x6721, mapi.PtypFloating64), Value: 1.5})
	return c
}

// decodeBoth decodes data with and without an arena, under f (nil: the
// whole content), and fails t if the results differ.
func decodeBoth(t *testing.T, data []byte, f *contentFilter) {
	t.Helper()
	decode := func(a *valueArena) (*content, error) {
		d := &decoder{r: wire.NewReader(data), a: a}
		if f == nil {
			return d.content()
		}
		return d.contentFiltered(f)
	}
	plain, err1 := decode(nil)
	arena, err2 := decode(new(valueArena))
	if (err1 == nil) != (err2 == nil) {
		t.Fatalf("errors differ: %v / %v", err1, err2)
	}
	if !reflect.DeepEqual(plain, arena) {
		t.Fatalf("arena decoding differs:\n%#v\n%#v", plain, arena)
	}
}

func TestArenaDecodeSame(t *testing.T) {
	data := encodeContent(t, arenaContent())
	decodeBoth(t, data, nil)
	decodeBoth(t, data, filterOf([]mapi.PropTag{mapi.PidTagSubject, mapi.PidTagMessageSize, mapi.PidTagMid, mapi.PidTagBody}, true, true))
	decodeBoth(t, data, filterOf([]mapi.PropTag{mapi.PidTagChangeKey, mapi.PidTagHasAttachments, mapi.PidTagMessageDeliveryTime}, false, false))
	inline := filterOf([]mapi.PropTag{mapi.PidTagChangeKey, mapi.PidTagHasAttachments, mapi.PidTagMessageDeliveryTime,
		mapi.PidTagMid, mapi.PidTagBody, mapi.PidTagMessageSize, mapi.PidTagSubject}, false, false)
	for n := range data {
		decodeBoth(t, data[:n], nil) // truncated records fail alike
		decodeBoth(t, data[:n], inline)
	}
}

// FuzzArenaDecode checks that decoding with an arena gives what decoding
// without one gives, for any record.
func FuzzArenaDecode(f *testing.F) {
	f.Add(encodeContent(f, arenaContent()))
	f.Add(encodeContent(f, &content{}))
	f.Fuzz(func(t *testing.T, data []byte) {
		decodeBoth(t, data, nil)
		decodeBoth(t, data, filterOf([]mapi.PropTag{mapi.PidTagSubject, mapi.PidTagMessageSize}, true, false))
		// Every type bagOnly decodes inline (inlineValue).
		decodeBoth(t, data, filterOf([]mapi.PropTag{mapi.PidTagChangeKey, mapi.PidTagHasAttachments, mapi.PidTagMessageDeliveryTime,
			mapi.PidTagMid, mapi.PidTagBody, mapi.PidTagImportance}, false, false))
	})
}

// TestArenaChangeKey checks the arena's change key against
// meta.changeKey, computed and stored.
func TestArenaChangeKey(t *testing.T) {
	mb := &Mailbox{info: store.MailboxInfo{ReplicaGUID: mapi.GUID{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}}}
	f := &folder{mb: mb}
	a := new(valueArena)
	for _, cn := range []uint64{1, 0x1234, 0xfedcba987654, 1<<48 - 1} {
		m := &meta{folder: f, cn: cn}
		want := m.changeKey()
		if got := a.changeKey(m); !bytes.Equal(got, want) || cap(got) != len(got) {
			t.Errorf("CN %#x: %x (cap %d), want %x", cn, got, cap(got), want)
		}
		m.ck = []byte{9, 8, 7}
		if got := a.changeKey(m); !bytes.Equal(got, m.ck) {
			t.Errorf("stored change key: %x", got)
		}
	}
}

// TestArenaRows checks that rows copied into the arena are independent:
// capped at their length and not changed by later rows.
func TestArenaRows(t *testing.T) {
	a := new(valueArena)
	var rows [][]mapi.PropValue
	for i := range 100 {
		row := make([]mapi.PropValue, i%9)
		for j := range row {
			row[j] = mapi.PropValue{Tag: mapi.PropTag(i<<16 | j), Value: int32(j)}
		}
		got := a.props(row)
		if len(got) != len(row) || cap(got) != len(row) || !reflect.DeepEqual(got, row) {
			t.Fatalf("row %d: %v (cap %d), want %v", i, got, cap(got), row)
		}
		clear(row)
		rows = append(rows, got)
	}
	_ = append(rows[1], mapi.PropValue{})
	for i, row := range rows {
		for j, p := range row {
			if p.Tag != mapi.PropTag(i<<16|j) || p.Value != int32(j) {
				t.Fatalf("row %d value %d: %v", i, j, p)
			}
		}
	}
}

// TestArenaInfo checks the arena's MessageInfo and PCL against
// meta.info and PredecessorChangeList.AppendBinary.
func TestArenaInfo(t *testing.T) {
	g := mapi.GUID{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}
	mb := &Mailbox{info: store.MailboxInfo{ReplicaGUID: g}}
	f := &folder{mb: mb, id: 0x1234}
	a := new(valueArena)
	pcls := []mapi.PredecessorChangeList{nil, {mapi.NewChangeKey(g, store.MakeCN(5))}, {mapi.NewChangeKey(g, store.MakeCN(7)), mapi.NewXID(mapi.GUID{9}, 3, 8)}}
	for i := range 200 {
		m := &meta{id: store.MID(i + 1), folder: f, cn: uint64(i + 1), pcl: pcls[i%len(pcls)], size: int64(i), read: i%2 == 0, modified: time.Unix(int64(i), 0).UTC()}
		want := *m.info()
		if got := a.info(m); !reflect.DeepEqual(got, want) {
			t.Fatalf("meta %d: %+v, want %+v", i, got, want)
		}
	}
	if b := a.pcl(nil); b != nil {
		t.Errorf("empty PCL %#v, want nil", b)
	}
	if m := a.message(); !reflect.DeepEqual(*m, store.Message{}) {
		t.Errorf("message not zero")
	}
	if r := a.recipients(3); len(r) != 3 || cap(r) != 3 {
		t.Errorf("recipients len %d cap %d", len(r), cap(r))
	}
	if p := a.propsCap(5); len(p) != 0 || cap(p) != 5 {
		t.Errorf("propsCap len %d cap %d", len(p), cap(p))
	}
}

// TestArenaRowRoom checks rows built in place (rowRoom, keepRow): each is
// capped at its length, later rows do not change it, and a row that
// outgrows its room is kept whole.
func TestArenaRowRoom(t *testing.T) {
	for _, a := range []*valueArena{nil, new(valueArena), {total: 50}} {
		var rows [][]mapi.PropValue
		for i := range 300 {
			if a != nil {
				a.done = i % 50
			}
			room := 1 + i%70
			row := a.rowRoom(room)
			n := i % 80 // beyond room now and then
			for j := range n {
				row = append(row, mapi.PropValue{Tag: mapi.PropTag(i<<16 | j), Value: int32(j)})
			}
			got := a.keepRow(row)
			if len(got) != n || cap(got) != n {
				t.Fatalf("row %d: len %d cap %d, want %d", i, len(got), cap(got), n)
			}
			rows = append(rows, got)
		}
		_ = append(rows[3], mapi.PropValue{})
		for i, row := range rows {
			for j, p := range row {
				if p.Tag != mapi.PropTag(i<<16|j) || p.Value != int32(j) {
					t.Fatalf("row %d value %d: %v", i, j, p)
				}
			}
		}
	}
}
