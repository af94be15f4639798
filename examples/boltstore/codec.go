package boltstore

import (
	"encoding/binary"
	"errors"
	"fmt"
	"time"

	"github.com/oxkit/oxkit/internal/wire"
	"github.com/oxkit/oxkit/mapi"
	"github.com/oxkit/oxkit/store"
)

// Record formats. Every record starts with a version byte; integers are
// little-endian; property values use [MS-OXCDATA] 2.11.2.1 PropertyValue
// encoding with 32-bit counts, except strings and binary, which are raw
// bytes with a 32-bit length (so any Go string round-trips).

const recordVersion = 1

// errCorrupt is the cause of a decoding failure of a stored record.
var errCorrupt = errors.New("boltstore: corrupt record")

// blobRef stands for a large value kept in chunks in the blobs bucket.
type blobRef struct {
	no   uint32
	size int64
}

// content is a message's bag, recipients and attachments.
type content struct {
	props  bag
	recips []bag
	atts   []*attachment
	// ownRecips says the recipient bags are fresh memory of the read's
	// arena (decoder.ownRecips), handed over to a result as they are.
	ownRecips bool
}

type attachment struct {
	num      uint32
	props    bag
	embedded *content
}

// pendingBlob is a large value to write with a record.
type pendingBlob struct {
	no   uint32
	data []byte
}

// encoder appends records and collects large values.
type encoder struct {
	threshold int
	blobs     []pendingBlob
	next      uint32
}

func (e *encoder) value(b []byte, p mapi.PropValue) ([]byte, error) {
	b = wire.AppendUint32(b, uint32(p.Tag))
	if ref, ok := p.Value.(blobRef); ok {
		// An unchanged large value already stored: keep referring to it.
		b = append(b, 1)
		b = wire.AppendUint32(b, ref.no)
		return wire.AppendUint64(b, uint64(ref.size)), nil
	}
	if data, ok := streamBytes(p); ok && len(data) > e.threshold {
		e.next++
		e.blobs = append(e.blobs, pendingBlob{e.next, data})
		b = append(b, 1)
		b = wire.AppendUint32(b, e.next)
		return wire.AppendUint64(b, uint64(len(data))), nil
	}
	b = append(b, 0)
	switch v := p.Value.(type) {
	case string:
		b = wire.AppendUint32(b, uint32(len(v)))
		return append(b, v...), nil
	case []byte:
		b = wire.AppendUint32(b, uint32(len(v)))
		return append(b, v...), nil
	case []string:
		b = wire.AppendUint32(b, uint32(len(v)))
		for _, s := range v {
			b = wire.AppendUint32(b, uint32(len(s)))
			b = append(b, s...)
		}
		return b, nil
	}
	out, err := mapi.AppendPropertyValue32(b, p.Tag.Type(), p.Value)
	if err != nil {
		return b, fmt.Errorf("boltstore: property %v: %w (%w)", p.Tag, store.ErrInvalidArgument, err)
	}
	return out, nil
}

func (e *encoder) bag(b []byte, props bag) ([]byte, error) {
	b = wire.AppendUint32(b, uint32(len(props)))
	var err error
	for _, p := range props {
		if b, err = e.value(b, p); err != nil {
			return b, err
		}
	}
	return b, nil
}

func (e *encoder) content(b []byte, c *content) ([]byte, error) {
	var err error
	if b, err = e.bag(b, c.props); err != nil {
		return b, err
	}
	b = wire.AppendUint32(b, uint32(len(c.recips)))
	for _, r := range c.recips {
		if b, err = e.bag(b, r); err != nil {
			return b, err
		}
	}
	b = wire.AppendUint32(b, uint32(len(c.atts)))
	for _, a := range c.atts {
		b = wire.AppendUint32(b, a.num)
		if b, err = e.bag(b, a.props); err != nil {
			return b, err
		}
		if a.embedded == nil {
			b = append(b, 0)
			continue
		}
		b = append(b, 1)
		if b, err = e.content(b, a.embedded); err != nil {
			return b, err
		}
	}
	return b, nil
}

// decoder reads records.
type decoder struct {
	r     *wire.Reader
	depth int
	// a, when set, holds the decoded strings and binaries (arena.go).
	a *valueArena
	// ownRecips, with a set, has contentInto decode each recipient bag
	// straight into the arena, for a result to take over (export)
	// instead of copying it.
	ownRecips bool
}

func (d *decoder) fail(what string) error {
	if d.r.Err() != nil {
		return fmt.Errorf("%w: %s: %w", errCorrupt, what, d.r.Err())
	}
	return fmt.Errorf("%w: %s at offset %d", errCorrupt, what, d.r.Offset())
}

func (d *decoder) value() (mapi.PropValue, error) {
	tag, kind, err := d.header()
	if err != nil {
		return mapi.PropValue{}, err
	}
	return d.body(tag, kind)
}

// header reads a stored property's tag and kind (0: inline value, 1:
// blob reference).
func (d *decoder) header() (mapi.PropTag, uint8, error) {
	tag := mapi.PropTag(d.r.Uint32())
	kind := d.r.Uint8()
	if d.r.Err() != nil {
		return 0, 0, d.fail("property header")
	}
	if t := tag.Type(); t&mapi.MultiInstanceFlag != 0 || !knownType(t) || t == mapi.PtypUnspecified {
		return 0, 0, d.fail(fmt.Sprintf("property type %v", t))
	}
	return tag, kind, nil
}

// body reads the value of a property whose header has been read.
func (d *decoder) body(tag mapi.PropTag, kind uint8) (mapi.PropValue, error) {
	if kind == 1 {
		ref := blobRef{no: d.r.Uint32(), size: int64(d.r.Uint64())}
		if d.r.Err() != nil || ref.size < 0 {
			return mapi.PropValue{}, d.fail("blob reference")
		}
		return mapi.PropValue{Tag: tag, Value: ref}, nil
	}
	switch tag.Type() {
	case mapi.PtypString, mapi.PtypString8, mapi.PtypBinary:
		n := int(d.r.Uint32())
		if !d.r.CheckCount("value", n, 1) {
			return mapi.PropValue{}, d.fail("value length")
		}
		raw := d.r.Bytes(n)
		if tag.Type() == mapi.PtypBinary {
			return mapi.PropValue{Tag: tag, Value: d.a.boxBytes(d.a.bytes(raw))}, nil
		}
		return mapi.PropValue{Tag: tag, Value: d.a.boxString(d.a.str(raw))}, nil
	case mapi.PtypMultipleString, mapi.PtypMultipleString8:
		n := int(d.r.Uint32())
		if !d.r.CheckCount("values", n, 4) {
			return mapi.PropValue{}, d.fail("value count")
		}
		out := make([]string, n)
		for i := range out {
			m := int(d.r.Uint32())
			if !d.r.CheckCount("value", m, 1) {
				return mapi.PropValue{}, d.fail("value length")
			}
			out[i] = d.a.str(d.r.Bytes(m))
		}
		return mapi.PropValue{Tag: tag, Value: out}, nil
	}
	if d.a != nil {
		// The common fixed-size types, boxed in the arena; the same
		// values mapi.ParsePropertyValue32 returns.
		var v any
		switch tag.Type() {
		case mapi.PtypInteger32:
			v = d.a.boxInt32(int32(d.r.Uint32()))
		case mapi.PtypInteger64:
			v = d.a.boxInt64(int64(d.r.Uint64()))
		case mapi.PtypBoolean:
			v = d.r.Uint8() != 0
		case mapi.PtypTime:
			v = d.a.boxTime(mapi.FiletimeToTime(d.r.Uint64()))
		}
		if v != nil {
			if d.r.Err() != nil {
				return mapi.PropValue{}, d.fail("value")
			}
			return mapi.PropValue{Tag: tag, Value: v}, nil
		}
	}
	v, n, err := mapi.ParsePropertyValue32(d.r.Rest(), tag.Type())
	if err != nil {
		return mapi.PropValue{}, fmt.Errorf("%w: property %v: %w", errCorrupt, tag, err)
	}
	d.r.Skip(n)
	return mapi.PropValue{Tag: tag, Value: v}, nil
}

func (d *decoder) bag() (bag, error) { return d.bagInto(nil) }

// bagInto is bag appending to dst (empty; its storage is reused when
// large enough).
func (d *decoder) bagInto(dst bag) (bag, error) {
	n := int(d.r.Uint32())
	if !d.r.CheckCount("properties", n, 5) {
		return nil, d.fail("property count")
	}
	b := dst
	if cap(b) < n {
		b = make(bag, 0, n)
	}
	return d.bagRest(b, n)
}

// bagArena is bag with the bag in the arena, capped at its length.
func (d *decoder) bagArena() (bag, error) {
	n := int(d.r.Uint32())
	if !d.r.CheckCount("properties", n, 5) {
		return nil, d.fail("property count")
	}
	return d.bagRest(d.a.propsCap(n), n)
}

// bagRest decodes a bag's n properties (its count read and checked)
// appending them to b, which has room for them.
func (d *decoder) bagRest(b bag, n int) (bag, error) {
	for k := 0; k < n; k++ {
		if d.a != nil {
			// A run of inline values of the common types, decoded in one
			// go over the bytes as bagOnly does (inlineValue); anything
			// else, and any error, takes the checked path below.
			rest := d.r.Rest()
			off := 0
			for k < n && len(rest)-off >= 9 && rest[off+4] == 0 {
				tag := mapi.PropTag(binary.LittleEndian.Uint32(rest[off:]))
				if l := len(b); l > 0 && b[l-1].Tag.ID() >= tag.ID() {
					break
				}
				v, size := d.a.inlineValue(tag.Type(), rest[off+5:])
				if size <= 0 {
					break
				}
				b = append(b, mapi.PropValue{Tag: tag, Value: v})
				off += 5 + size
				k++
			}
			if off > 0 {
				d.r.Skip(off)
				if k == n {
					break
				}
			}
		}
		p, err := d.value()
		if err != nil {
			return nil, err
		}
		// Bags are stored sorted by ID, one value per ID.
		if k := len(b); k > 0 && b[k-1].Tag.ID() >= p.Tag.ID() {
			return nil, d.fail("property order")
		}
		b = append(b, p)
	}
	return b, nil
}

func (d *decoder) content() (*content, error) {
	d.depth++
	if d.depth > maxEmbedDepth+1 {
		return nil, d.fail("nesting")
	}
	defer func() { d.depth-- }()
	c := &content{}
	var err error
	if c.props, err = d.bag(); err != nil {
		return nil, err
	}
	n := int(d.r.Uint32())
	if !d.r.CheckCount("recipients", n, 4) {
		return nil, d.fail("recipient count")
	}
	for range n {
		r, err := d.bag()
		if err != nil {
			return nil, err
		}
		c.recips = append(c.recips, r)
	}
	if err := d.attachments(c); err != nil {
		return nil, err
	}
	return c, d.r.Err()
}

// attachments decodes a content record's attachment list into c.
func (d *decoder) attachments(c *content) error {
	n := int(d.r.Uint32())
	if !d.r.CheckCount("attachments", n, 9) {
		return d.fail("attachment count")
	}
	var err error
	for range n {
		a := &attachment{num: d.r.Uint32()}
		if a.props, err = d.bag(); err != nil {
			return err
		}
		switch d.r.Uint8() {
		case 0:
		case 1:
			if a.embedded, err = d.content(); err != nil {
				return err
			}
		default:
			return d.fail("embedded flag")
		}
		if k := len(c.atts); k > 0 && c.atts[k-1].num >= a.num {
			return d.fail("attachment order")
		}
		c.atts = append(c.atts, a)
	}
	return nil
}

// meta is the in-memory part of a message: everything but its content.
type meta struct {
	id       store.MID
	folder   *folder
	assoc    bool
	read     bool
	hasAtt   bool
	cn       uint64
	readCN   uint64
	flags    int32
	size     int64
	created  time.Time
	modified time.Time
	ck       []byte
	pcl      mapi.PredecessorChangeList
	blobs    uint32 // highest blob number in use
}

// appendMeta appends a message record's header; the content follows.
func appendMeta(b []byte, m *meta) []byte {
	b = append(b, recordVersion)
	var fl uint8
	if m.assoc {
		fl |= 1
	}
	if m.read {
		fl |= 2
	}
	if m.hasAtt {
		fl |= 4
	}
	b = append(b, fl)
	b = wire.AppendUint64(b, m.folder.id.GlobalCounter())
	b = wire.AppendUint64(b, m.cn)
	b = wire.AppendUint64(b, m.readCN)
	b = wire.AppendUint32(b, uint32(m.flags))
	b = wire.AppendUint64(b, uint64(m.size))
	b = wire.AppendUint64(b, uint64(m.created.UnixNano()))
	b = wire.AppendUint64(b, uint64(m.modified.UnixNano()))
	b = wire.AppendUint32(b, m.blobs)
	b = wire.AppendUint16(b, uint16(len(m.ck)))
	b = append(b, m.ck...)
	pcl, _ := m.pcl.AppendBinary(nil)
	b = wire.AppendUint32(b, uint32(len(pcl)))
	return append(b, pcl...)
}

// parseMeta decodes a message record's header and returns it with the
// folder counter and the reader positioned at the content.
func parseMeta(id store.MID, rec []byte) (*meta, uint64, *wire.Reader, error) {
	r := wire.NewReader(rec)
	if r.Uint8() != recordVersion {
		return nil, 0, nil, fmt.Errorf("%w: message %v: version", errCorrupt, id)
	}
	m := &meta{id: id}
	fl := r.Uint8()
	m.assoc, m.read, m.hasAtt = fl&1 != 0, fl&2 != 0, fl&4 != 0
	fc := r.Uint64()
	m.cn = r.Uint64()
	m.readCN = r.Uint64()
	m.flags = int32(r.Uint32())
	m.size = int64(r.Uint64())
	m.created = time.Unix(0, int64(r.Uint64())).UTC()
	m.modified = time.Unix(0, int64(r.Uint64())).UTC()
	m.blobs = r.Uint32()
	if n := int(r.Uint16()); n > 0 {
		m.ck = r.CopyBytes(n)
	}
	n := int(r.Uint32())
	if !r.CheckCount("pcl", n, 1) {
		return nil, 0, nil, fmt.Errorf("%w: message %v: %w", errCorrupt, id, r.Err())
	}
	pcl, err := mapi.ParsePredecessorChangeList(r.Bytes(n))
	if err != nil || r.Err() != nil {
		return nil, 0, nil, fmt.Errorf("%w: message %v: header: %w", errCorrupt, id, errors.Join(err, r.Err()))
	}
	m.pcl = pcl
	return m, fc, r, nil
}

// folderRecord is a folder's persistent form.
func appendFolder(b []byte, f *folder) ([]byte, error) {
	b = append(b, recordVersion)
	var parent uint64
	if f.parent != nil {
		parent = f.parent.id.GlobalCounter()
	}
	b = wire.AppendUint64(b, parent)
	b = append(b, uint8(f.kind))
	b = wire.AppendUint64(b, f.cn)
	b = wire.AppendUint64(b, uint64(f.modified.UnixNano()))
	b = wire.AppendUint64(b, f.order)
	b = wire.AppendUint16(b, uint16(len(f.ck)))
	b = append(b, f.ck...)
	pcl, _ := f.pcl.AppendBinary(nil)
	b = wire.AppendUint32(b, uint32(len(pcl)))
	b = append(b, pcl...)
	e := &encoder{threshold: 1 << 30}
	return e.bag(b, f.props)
}

func parseFolder(id store.FID, rec []byte) (*folder, uint64, error) {
	r := wire.NewReader(rec)
	if r.Uint8() != recordVersion {
		return nil, 0, fmt.Errorf("%w: folder %v: version", errCorrupt, id)
	}
	f := &folder{id: id}
	parent := r.Uint64()
	f.kind = store.SpecialFolder(r.Uint8())
	f.cn = r.Uint64()
	f.modified = time.Unix(0, int64(r.Uint64())).UTC()
	f.order = r.Uint64()
	if n := int(r.Uint16()); n > 0 {
		f.ck = r.CopyBytes(n)
	}
	n := int(r.Uint32())
	if !r.CheckCount("pcl", n, 1) {
		return nil, 0, fmt.Errorf("%w: folder %v: %w", errCorrupt, id, r.Err())
	}
	pcl, err := mapi.ParsePredecessorChangeList(r.Bytes(n))
	if err != nil {
		return nil, 0, fmt.Errorf("%w: folder %v: %w", errCorrupt, id, err)
	}
	f.pcl = pcl
	d := &decoder{r: r}
	if f.props, err = d.bag(); err != nil {
		return nil, 0, err
	}
	return f, parent, r.Err()
}

func u64key(v uint64) []byte { return binary.BigEndian.AppendUint64(make([]byte, 0, 8), v) }

func u64(b []byte) uint64 {
	if len(b) < 8 {
		return 0
	}
	return binary.BigEndian.Uint64(b)
}
