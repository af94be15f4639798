package boltstore

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"

	bolt "go.etcd.io/bbolt"

	"github.com/oxkit/oxkit/mapi"
	"github.com/oxkit/oxkit/store"
)

var _ store.RuleStore = (*Mailbox)(nil)

// Rules tables live in the mailbox's meta bucket under "rules/" + the
// folder's global counter (big-endian), one record per folder: a uint32
// rule count, then per rule a uint32 property count and the properties
// as TaggedPropertyValues in the 16-bit form of ROP buffers (standard rules travel in RopModifyRules; the 32-bit form would lose FolderInThisStore of move actions) ([MS-OXCDATA] 2.11.4), the form of
// store.Rule.Props. They are read from the file on every call (rules
// are read once per delivery) and not kept in memory.
var rulesPrefix = []byte("rules/")

func rulesKey(fid store.FID) []byte {
	return append(bytes.Clone(rulesPrefix), u64key(fid.GlobalCounter())...)
}

func appendRules(b []byte, rules []store.Rule) ([]byte, error) {
	b = binary.LittleEndian.AppendUint32(b, uint32(len(rules)))
	for i := range rules {
		ps := rules[i].Props()
		b = binary.LittleEndian.AppendUint32(b, uint32(len(ps)))
		for _, p := range ps {
			var err error
			if b, err = mapi.AppendTaggedPropertyValue16(b, p); err != nil {
				return nil, fmt.Errorf("boltstore: rule %d: %w", rules[i].ID, err)
			}
		}
	}
	return b, nil
}

func parseRules(b []byte) ([]store.Rule, error) {
	corrupt := func(what string) error { return fmt.Errorf("%w: rules table: %s", errCorrupt, what) }
	if len(b) < 4 {
		return nil, corrupt("short")
	}
	n := binary.LittleEndian.Uint32(b)
	b = b[4:]
	if uint64(n) > uint64(len(b))/4 {
		return nil, corrupt("count")
	}
	out := make([]store.Rule, 0, n)
	for range n {
		if len(b) < 4 {
			return nil, corrupt("short")
		}
		np := binary.LittleEndian.Uint32(b)
		b = b[4:]
		if uint64(np) > uint64(len(b))/4 {
			return nil, corrupt("property count")
		}
		ps := make([]mapi.PropValue, 0, np)
		for range np {
			p, used, err := mapi.ParseTaggedPropertyValue16(b)
			if err != nil {
				return nil, fmt.Errorf("%w: rules table: %v", errCorrupt, err)
			}
			ps = append(ps, p)
			b = b[used:]
		}
		r, err := store.RuleFromProps(ps)
		if err != nil {
			return nil, fmt.Errorf("%w: rules table: %v", errCorrupt, err)
		}
		out = append(out, r)
	}
	return out, nil
}

// readRules reads fid's rules table (nil when it has none).
func readRules(meta *bolt.Bucket, fid store.FID) ([]store.Rule, error) {
	v := meta.Get(rulesKey(fid))
	if v == nil {
		return nil, nil
	}
	return parseRules(v)
}

// Rules implements store.RuleStore.
func (mb *Mailbox) Rules(ctx context.Context, fid store.FID) ([]store.Rule, error) {
	if err := mb.rlock(ctx); err != nil {
		return nil, err
	}
	defer mb.mu.RUnlock()
	if _, err := mb.folder(fid); err != nil {
		return nil, err
	}
	var out []store.Rule
	err := mb.view(func(root *bolt.Bucket) error {
		var err error
		out, err = readRules(root.Bucket(bktMeta), fid)
		return err
	})
	if out == nil && err == nil {
		out = []store.Rule{}
	}
	return out, err
}

// ModifyRules implements store.RuleStore: one transaction; rule IDs come
// from the mailbox's FID/MID counter.
func (mb *Mailbox) ModifyRules(ctx context.Context, fid store.FID, replace bool, changes []store.RuleChange) ([]uint64, error) {
	var ids []uint64
	err := mb.update(ctx, func(w *writer) error {
		if _, err := mb.folder(fid); err != nil {
			return err
		}
		meta := w.b(bktMeta)
		cur, err := readRules(meta, fid)
		if err != nil {
			return err
		}
		// IDs are allocated from a copy of the counter, written back
		// only once the record is in the transaction.
		last := mb.lastID
		out, added, err := store.ApplyRuleChanges(cur, replace, changes, func() uint64 { last++; return last })
		if err != nil {
			return err
		}
		// Rules of deleted folders are dropped here, lazily.
		var stale [][]byte
		c := meta.Cursor()
		for k, _ := c.Seek(rulesPrefix); k != nil && bytes.HasPrefix(k, rulesPrefix); k, _ = c.Next() {
			if len(k) == len(rulesPrefix)+8 {
				if _, ok := mb.folders[store.MakeFID(u64(k[len(rulesPrefix):]))]; ok {
					continue
				}
			}
			stale = append(stale, bytes.Clone(k))
		}
		for _, k := range stale {
			if err := meta.Delete(k); err != nil {
				return err
			}
		}
		if len(out) == 0 {
			err = meta.Delete(rulesKey(fid))
		} else {
			var rec []byte
			if rec, err = appendRules(nil, out); err == nil {
				err = meta.Put(rulesKey(fid), rec)
			}
		}
		if err != nil {
			return err
		}
		w.mutating()
		mb.lastID = last
		ids = added
		return nil
	})
	if err != nil {
		return nil, err
	}
	return ids, nil
}
