package boltstore

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"

	bolt "go.etcd.io/bbolt"

	"github.com/oxkit/oxkit/internal/wire"
	"github.com/oxkit/oxkit/store"
)

// Sub-buckets of a mailbox bucket.
var (
	bktMeta    = []byte("meta")
	bktFolders = []byte("folders")
	bktMsgs    = []byte("msgs")
	bktBlobs   = []byte("blobs")
	bktTombs   = []byte("tombs")
	bktHTombs  = []byte("htombs")
	bktNamed   = []byte("named")
	subBuckets = [][]byte{bktMeta, bktFolders, bktMsgs, bktBlobs, bktTombs, bktHTombs, bktNamed}

	keyInfo     = []byte("info")
	keyLastID   = []byte("lastID")
	keyLastCN   = []byte("lastCN")
	keyReserved = []byte("reserved")
	keyReceive  = []byte("receive")
	keySpecial  = []byte("special")
)

// writer writes one mailbox's records inside a read-write transaction.
type writer struct {
	mb      *Mailbox
	tx      *bolt.Tx
	root    *bolt.Bucket
	mutated bool // in-memory state has been changed
}

func (mb *Mailbox) writer(tx *bolt.Tx) *writer {
	return &writer{mb: mb, tx: tx, root: tx.Bucket(mb.bucket)}
}

// b returns a sub-bucket. Keys of message records and blobs only grow
// (MIDs increase), so their pages are filled completely before they
// split; other buckets are filled to 90%, not bbolt's default 50%.
func (w *writer) b(name []byte) *bolt.Bucket {
	bk := w.root.Bucket(name)
	bk.FillPercent = 0.9
	if bytes.Equal(name, bktMsgs) || bytes.Equal(name, bktBlobs) {
		bk.FillPercent = 1
	}
	return bk
}

// mutating marks the point after which a failed commit leaves the
// in-memory state ahead of the file.
func (w *writer) mutating() { w.mutated = true }

func (w *writer) putFolder(f *folder) error {
	rec, err := appendFolder(nil, f)
	if err != nil {
		return err
	}
	return w.b(bktFolders).Put(u64key(f.id.GlobalCounter()), rec)
}

func (w *writer) delFolder(f *folder) error {
	return w.b(bktFolders).Delete(u64key(f.id.GlobalCounter()))
}

func blobKey(mid store.MID, no, chunk uint32) []byte {
	k := u64key(mid.GlobalCounter())
	k = binary.BigEndian.AppendUint32(k, no)
	return binary.BigEndian.AppendUint32(k, chunk)
}

// putMessage writes m's record with content c, storing new large values
// in chunks.
func (w *writer) putMessage(m *meta, c *content) error {
	e := &encoder{threshold: w.mb.s.opts.LargeValue, next: m.blobs}
	body, err := e.content(nil, c)
	if err != nil {
		return err
	}
	m.blobs = e.next
	for _, bl := range e.blobs {
		if err := w.putBlob(m.id, bl.no, bl.data); err != nil {
			return err
		}
	}
	rec := appendMeta(make([]byte, 0, 128+len(body)), m)
	return w.b(bktMsgs).Put(u64key(m.id.GlobalCounter()), append(rec, body...))
}

func (w *writer) putBlob(mid store.MID, no uint32, data []byte) error {
	cs := w.mb.s.opts.ChunkSize
	bk := w.b(bktBlobs)
	for i := 0; i*cs < len(data) || i == 0; i++ {
		chunk := data[i*cs : min(len(data), (i+1)*cs)]
		if err := bk.Put(blobKey(mid, no, uint32(i)), chunk); err != nil {
			return err
		}
		if len(chunk) < cs {
			break
		}
	}
	return nil
}

// contentBytes returns a copy of the content part of m's stored record.
func (w *writer) contentBytes(mid store.MID) ([]byte, error) {
	rec := w.b(bktMsgs).Get(u64key(mid.GlobalCounter()))
	if rec == nil {
		return nil, fmt.Errorf("%w: message %v has no record", errCorrupt, mid)
	}
	_, _, r, err := parseMeta(mid, rec)
	if err != nil {
		return nil, err
	}
	return bytes.Clone(r.Rest()), nil
}

// putMeta rewrites m's record header, keeping its content.
func (w *writer) putMeta(m *meta) error {
	body, err := w.contentBytes(m.id)
	if err != nil {
		return err
	}
	rec := appendMeta(make([]byte, 0, 128+len(body)), m)
	return w.b(bktMsgs).Put(u64key(m.id.GlobalCounter()), append(rec, body...))
}

// copyMessage writes to's record with from's content and blobs.
func (w *writer) copyMessage(from store.MID, to *meta) error {
	body, err := w.contentBytes(from)
	if err != nil {
		return err
	}
	bk := w.b(bktBlobs)
	prefix := u64key(from.GlobalCounter())
	var keys, vals [][]byte
	c := bk.Cursor()
	for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
		keys = append(keys, bytes.Clone(k))
		vals = append(vals, bytes.Clone(v))
	}
	for i, k := range keys {
		nk := append(u64key(to.id.GlobalCounter()), k[8:]...)
		if err := bk.Put(nk, vals[i]); err != nil {
			return err
		}
	}
	rec := appendMeta(make([]byte, 0, 128+len(body)), to)
	return w.b(bktMsgs).Put(u64key(to.id.GlobalCounter()), append(rec, body...))
}

// delMessage removes a message's record and blobs.
func (w *writer) delMessage(mid store.MID) error {
	if err := w.b(bktMsgs).Delete(u64key(mid.GlobalCounter())); err != nil {
		return err
	}
	bk := w.b(bktBlobs)
	prefix := u64key(mid.GlobalCounter())
	c := bk.Cursor()
	for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Seek(prefix) {
		if err := c.Delete(); err != nil {
			return err
		}
	}
	return nil
}

func (w *writer) putTomb(f *folder, t tomb) error {
	k := append(u64key(f.id.GlobalCounter()), u64key(t.cn)...)
	v := u64key(t.id.GlobalCounter())
	var fl byte
	if t.soft {
		fl |= 1
	}
	if t.assoc {
		fl |= 2
	}
	return w.b(bktTombs).Put(k, append(v, fl))
}

func (w *writer) putHTomb(t tomb) error {
	v := u64key(t.cn)
	var fl byte
	if t.soft {
		fl = 1
	}
	return w.b(bktHTombs).Put(u64key(t.id.GlobalCounter()), append(v, fl))
}

func (w *writer) putNamed(id uint16, key nameKey) error {
	var b []byte
	b = append(b, byte(key.kind))
	b = append(b, key.guid[:]...)
	b = wire.AppendUint32(b, key.lid)
	b = append(b, key.name...)
	return w.b(bktNamed).Put(binary.BigEndian.AppendUint16(nil, id), b)
}

func (w *writer) putReceive() error {
	m := map[string]uint64{}
	for k, v := range w.mb.receive {
		m[k] = v.GlobalCounter()
	}
	b, _ := json.Marshal(m)
	return w.b(bktMeta).Put(keyReceive, b)
}

// finish writes the counters.
func (w *writer) finish() error {
	meta := w.b(bktMeta)
	if err := meta.Put(keyLastID, u64key(w.mb.lastID)); err != nil {
		return err
	}
	if err := meta.Put(keyLastCN, u64key(w.mb.lastCN)); err != nil {
		return err
	}
	res, err := w.mb.reserved.AppendBinary(nil)
	if err != nil {
		return err
	}
	return meta.Put(keyReserved, res)
}
