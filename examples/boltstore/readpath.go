package boltstore

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"slices"
	"strings"

	"github.com/oxkit/oxkit/internal/wire"
	"github.com/oxkit/oxkit/mapi"
	"github.com/oxkit/oxkit/store"
	bolt "go.etcd.io/bbolt"
)

// The read path of Message and QueryMessages decodes only what the caller
// asked for: the properties among its tags (the others are skipped
// without being decoded), and recipients and attachments only when
// wanted. A FindItem of 100 rows asks for a few dozen columns of each
// message, not its body or recipient table.

// contentFilter says which parts of a stored message to decode.
type contentFilter struct {
	// ids are the property IDs to decode, sorted and unique; nil means
	// all of them.
	ids []mapi.PropID
	// recips and atts ask for the recipient table and the attachments.
	recips, atts bool
}

// filterOf returns the filter for tags (nil tags: every property).
func filterOf(tags []mapi.PropTag, recips, atts bool) *contentFilter {
	f := &contentFilter{recips: recips, atts: atts}
	if tags == nil {
		return f
	}
	f.ids = make([]mapi.PropID, 0, len(tags))
	for _, t := range tags {
		f.ids = append(f.ids, t.ID())
	}
	slices.Sort(f.ids)
	f.ids = slices.Compact(f.ids)
	return f
}

// readContentFiltered is readContent decoding only what f asks for.
// Parts not asked for are left empty.
func readContentFiltered(root *bolt.Bucket, mid store.MID, f *contentFilter) (*content, error) {
	return readContentFilteredIn(root.Bucket(bktMsgs), mid, f, nil)
}

// readContentFilteredIn is readContentFiltered given the mailbox's msgs
// bucket, for loops over many messages: bbolt opens a sub-bucket anew
// (a search and an allocation) on every Bucket call. The strings and
// binaries are copied into a when it is not nil (arena.go).
func readContentFilteredIn(msgs *bolt.Bucket, mid store.MID, f *contentFilter, a *valueArena) (*content, error) {
	rec := msgs.Get(u64key(mid.GlobalCounter()))
	if rec == nil {
		return nil, fmt.Errorf("%w: message %v has no record", errCorrupt, mid)
	}
	r, err := skipMeta(mid, rec)
	if err != nil {
		return nil, err
	}
	return (&decoder{r: r, a: a}).contentFiltered(f)
}

// A recordReader reads the records of many messages in one transaction
// for a caller that copies what it keeps out of the decoded content
// (QueryMessages' rows, export): one bbolt cursor (Bucket.Get makes a
// cursor and allocates its search stack on every call), one key, one
// wire.Reader and one content whose property and recipient slices are
// reused from message to message. Values go to the arena a.
type recordReader struct {
	cur *bolt.Cursor
	// key is the last key looked up; positioned says the cursor is on
	// it or its successor (record).
	key        [8]byte
	positioned bool
	rd         wire.Reader
	c          content
	a          *valueArena
	// plan, when set, is the column plan of the read's tags, and rest
	// the read's options without tags (batch.go).
	plan *columnPlan
	rest *store.MessageOptions
	// obj is the message object of the last record read (batch.go).
	obj msgObject
}

func newRecordReader(msgs *bolt.Bucket, a *valueArena) *recordReader {
	return &recordReader{cur: msgs.Cursor(), a: a}
}

// content returns mid's content under f. It is valid until the next
// call.
func (rr *recordReader) content(mid store.MID, f *contentFilter) (*content, error) {
	rec := rr.record(mid)
	if rec == nil {
		return nil, fmt.Errorf("%w: message %v has no record", errCorrupt, mid)
	}
	rr.rd.Reset(rec)
	if err := skipMetaOf(mid, &rr.rd); err != nil {
		return nil, err
	}
	c := &rr.c
	props, recips := c.props[:0], c.recips[:0]
	*c = content{props: props, recips: recips}
	d := decoder{r: &rr.rd, a: rr.a, ownRecips: rr.a != nil}
	if err := d.contentInto(c, f); err != nil {
		return nil, err
	}
	return c, nil
}

// record returns mid's record, or nil. Rows and batches mostly come in
// key order, forwards or backwards: the record next to the last one is
// tried with the cursor's Next or Prev before a Seek from the root.
func (rr *recordReader) record(mid store.MID) []byte {
	var key [8]byte
	binary.BigEndian.PutUint64(key[:], mid.GlobalCounter())
	if rr.positioned {
		var k, v []byte
		switch c := bytes.Compare(key[:], rr.key[:]); {
		case c > 0:
			k, v = rr.cur.Next()
		case c < 0:
			k, v = rr.cur.Prev()
		}
		if v != nil && bytes.Equal(k, key[:]) {
			rr.key = key
			return v
		}
	}
	rr.key = key
	k, v := rr.cur.Seek(rr.key[:])
	rr.positioned = k != nil
	if !bytes.Equal(k, rr.key[:]) {
		return nil
	}
	return v
}

// metaFixed is the size of a message record's fixed header fields
// (appendMeta): version, flags, folder, CN, read CN, message flags, size,
// creation and modification times, blob counter.
const metaFixed = 1 + 1 + 8 + 8 + 8 + 4 + 8 + 8 + 8 + 4

// skipMeta positions a reader of a message record at its content without
// decoding the header (the in-memory meta already holds it).
func skipMeta(mid store.MID, rec []byte) (*wire.Reader, error) {
	r := wire.NewReader(rec)
	if err := skipMetaOf(mid, r); err != nil {
		return nil, err
	}
	return r, nil
}

// skipMetaOf is skipMeta on a reader of the record.
func skipMetaOf(mid store.MID, r *wire.Reader) error {
	if r.Uint8() != recordVersion {
		return fmt.Errorf("%w: message %v: version", errCorrupt, mid)
	}
	r.Skip(metaFixed - 1)
	r.Skip(int(r.Uint16()))
	r.Skip(int(r.Uint32()))
	if r.Err() != nil {
		return fmt.Errorf("%w: message %v: header: %w", errCorrupt, mid, r.Err())
	}
	return nil
}

// contentFiltered decodes a content record under f.
func (d *decoder) contentFiltered(f *contentFilter) (*content, error) {
	if f.ids == nil && f.recips && f.atts {
		return d.content()
	}
	c := &content{}
	if err := d.contentInto(c, f); err != nil {
		return nil, err
	}
	return c, nil
}

// contentInto is contentFiltered decoding into c, whose props and recips
// are empty and whose slices' storage (recipient bags included) may be
// reused.
func (d *decoder) contentInto(c *content, f *contentFilter) error {
	d.depth++
	defer func() { d.depth-- }()
	var err error
	if f.ids == nil {
		c.props, err = d.bagInto(c.props)
	} else {
		c.props, err = d.bagOnly(c.props, f.ids)
	}
	if err != nil {
		return err
	}
	if !f.recips && !f.atts {
		return d.r.Err()
	}
	n := int(d.r.Uint32())
	if !d.r.CheckCount("recipients", n, 4) {
		return d.fail("recipient count")
	}
	for i := range n {
		if !f.recips {
			if _, err := d.bagOnly(nil, []mapi.PropID{}); err != nil {
				return err
			}
			continue
		}
		var r bag
		var err error
		if d.ownRecips && d.a != nil {
			r, err = d.bagArena()
		} else {
			var dst bag
			if i < cap(c.recips) {
				dst = c.recips[:i+1][i][:0]
			}
			r, err = d.bagInto(dst)
		}
		if err != nil {
			return err
		}
		c.recips = append(c.recips, r)
	}
	c.ownRecips = f.recips && d.ownRecips && d.a != nil
	if !f.atts {
		return d.r.Err()
	}
	// The attachments are the rest of the record: decode them as
	// content does, on a content with no properties or recipients.
	rest := &content{}
	if err := d.attachments(rest); err != nil {
		return err
	}
	c.atts = rest.atts
	return d.r.Err()
}

// bagOnly decodes the properties of a stored bag whose IDs are in ids
// (sorted), skipping the others without decoding their values, appending
// them to dst (empty; its storage is reused).
func (d *decoder) bagOnly(dst bag, ids []mapi.PropID) (bag, error) {
	n := int(d.r.Uint32())
	if !d.r.CheckCount("properties", n, 5) {
		return nil, d.fail("property count")
	}
	b := dst
	if len(ids) > 0 && cap(b) == 0 {
		b = make(bag, 0, min(n, len(ids)))
	}
	j := 0
	prev := -1
	for k := 0; k < n; k++ {
		// Most properties are not wanted: pass over a run of those whose
		// value is inline with a size the header gives, or a blob
		// reference, in one go over the bytes, without the reader's
		// per-field checks, decoding on the way the wanted ones of the
		// common types (inlineValue). Anything else (and any error)
		// takes the checked path below.
		rest := d.r.Rest()
		off := 0
		for k < n && len(rest)-off >= 9 {
			tag := mapi.PropTag(binary.LittleEndian.Uint32(rest[off:]))
			id := tag.ID()
			if int(id) <= prev {
				break
			}
			for j < len(ids) && ids[j] < id {
				j++
			}
			if j < len(ids) && ids[j] == id {
				// A wanted value of a common type, inline: decoded
				// here as body would decode it.
				if rest[off+4] != 0 || d.a == nil {
					break
				}
				v, size := d.a.inlineValue(tag.Type(), rest[off+5:])
				if size <= 0 {
					break
				}
				b = append(b, mapi.PropValue{Tag: tag, Value: v})
				off += 5 + size
				prev = int(id)
				k++
				continue
			}
			size := skipSize(tag.Type(), rest[off+4], rest[off+5:off+9])
			if size <= 0 || size > len(rest)-off-5 {
				break
			}
			off += 5 + size
			prev = int(id)
			k++
		}
		if off > 0 {
			d.r.Skip(off)
			if k == n {
				break
			}
		}
		tag, kind, err := d.header()
		if err != nil {
			return nil, err
		}
		id := tag.ID()
		// Bags are stored sorted by ID, one value per ID.
		if int(id) <= prev {
			return nil, d.fail("property order")
		}
		prev = int(id)
		for j < len(ids) && ids[j] < id {
			j++
		}
		if j < len(ids) && ids[j] == id {
			p, err := d.body(tag, kind)
			if err != nil {
				return nil, err
			}
			b = append(b, p)
			continue
		}
		if err := d.skip(tag, kind); err != nil {
			return nil, err
		}
	}
	return b, nil
}

// inlineValue decodes the inline value of a property of type t at the
// start of data, which holds at least four bytes, for the common types
// the arena boxes (the value body returns), and returns it with its
// stored size; the size is 0 for other types and for a value data does
// not hold, which body decodes or reports.
func (a *valueArena) inlineValue(t mapi.PropType, data []byte) (any, int) {
	switch t {
	case mapi.PtypString, mapi.PtypString8:
		n := int(binary.LittleEndian.Uint32(data))
		if n < 0 || n > len(data)-4 {
			return nil, 0
		}
		return a.boxString(a.str(data[4 : 4+n])), 4 + n
	case mapi.PtypBinary:
		n := int(binary.LittleEndian.Uint32(data))
		if n < 0 || n > len(data)-4 {
			return nil, 0
		}
		return a.boxBytes(a.bytes(data[4 : 4+n])), 4 + n
	case mapi.PtypInteger32:
		return a.boxInt32(int32(binary.LittleEndian.Uint32(data))), 4
	case mapi.PtypBoolean:
		return data[0] != 0, 1
	case mapi.PtypInteger64, mapi.PtypTime:
		if len(data) < 8 {
			return nil, 0
		}
		v := binary.LittleEndian.Uint64(data)
		if t == mapi.PtypTime {
			return a.boxTime(mapi.FiletimeToTime(v)), 8
		}
		return a.boxInt64(int64(v)), 8
	}
	return nil, 0
}

// skipSize returns the size of the stored value of a property of type t
// and kind (after its tag and kind byte) given the value's next four
// bytes, or 0 where bagOnly is to take the checked path: a type header
// refuses, or one whose size the value does not start with.
func skipSize(t mapi.PropType, kind uint8, next []byte) int {
	if t == mapi.PtypUnspecified || !knownType(t) {
		return 0
	}
	switch {
	case kind == 1:
		return 12
	case kind != 0:
		return 0
	}
	switch t {
	case mapi.PtypString, mapi.PtypString8, mapi.PtypBinary:
		return 4 + int(binary.LittleEndian.Uint32(next))
	}
	return max(t.FixedSize(), 0)
}

// skip passes over the value of a property whose header has been read.
func (d *decoder) skip(tag mapi.PropTag, kind uint8) error {
	if kind == 1 {
		d.r.Skip(12)
		if d.r.Err() != nil {
			return d.fail("blob reference")
		}
		return nil
	}
	switch t := tag.Type(); t {
	case mapi.PtypString, mapi.PtypString8, mapi.PtypBinary:
		n := int(d.r.Uint32())
		if !d.r.CheckCount("value", n, 1) {
			return d.fail("value length")
		}
		d.r.Skip(n)
		return nil
	default:
		if n := t.FixedSize(); n > 0 {
			d.r.Skip(n)
			if d.r.Err() != nil {
				return d.fail("value")
			}
			return nil
		}
	}
	// Rare variable-size types: decode and drop.
	_, err := d.body(tag, kind)
	return err
}

// readBlobString returns a large string value whole, copying its chunks
// once.
func readBlobString(root *bolt.Bucket, mid store.MID, ref blobRef) string {
	var sb strings.Builder
	sb.Grow(int(min(ref.size, 1<<30)))
	prefix := binary.BigEndian.AppendUint32(u64key(mid.GlobalCounter()), ref.no)
	c := root.Bucket(bktBlobs).Cursor()
	for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
		sb.Write(v)
	}
	return sb.String()
}

// blobValue reads the value a blob reference of tag stands for.
func blobValue(root *bolt.Bucket, mid store.MID, tag mapi.PropTag, ref blobRef) any {
	if tag.Type() == mapi.PtypBinary {
		return readBlob(root, mid, ref)
	}
	return readBlobString(root, mid, ref)
}

// knownTypes[t] is mapi.PropType(t).Known() for every type without the
// multi-instance flag (0x2000), which stored records never carry: the
// decoder checks every property's type, and a table beats a map lookup.
var knownTypes = func() (k [mapi.MultiInstanceFlag]bool) {
	for i := range k {
		k[i] = mapi.PropType(i).Known()
	}
	return k
}()

// knownType reports whether a stored property type is valid.
func knownType(t mapi.PropType) bool { return t < mapi.MultiInstanceFlag && knownTypes[t] }
