package queue

import (
	"context"
	"fmt"
	"slices"
	"sync"
)

// MemSpool is a Spool in memory: nothing survives the process. The zero
// value is ready to use.
type MemSpool struct {
	mu      sync.Mutex
	entries map[string]*Entry
	raw     map[string][]byte
}

var _ Spool = (*MemSpool)(nil)

// Add implements Spool.
func (m *MemSpool) Add(_ context.Context, e *Entry, raw []byte) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.entries == nil {
		m.entries, m.raw = make(map[string]*Entry), make(map[string][]byte)
	}
	if _, ok := m.entries[e.ID]; ok {
		return fmt.Errorf("queue: entry %s exists", e.ID)
	}
	m.entries[e.ID] = e.Clone()
	m.raw[e.ID] = slices.Clone(raw)
	return nil
}

// Update implements Spool.
func (m *MemSpool) Update(_ context.Context, e *Entry) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.entries[e.ID]; !ok {
		return fmt.Errorf("queue: no entry %s", e.ID)
	}
	m.entries[e.ID] = e.Clone()
	return nil
}

// Message implements Spool.
func (m *MemSpool) Message(_ context.Context, id string) ([]byte, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	raw, ok := m.raw[id]
	if !ok {
		return nil, fmt.Errorf("queue: no message %s", id)
	}
	return raw, nil
}

// Remove implements Spool.
func (m *MemSpool) Remove(_ context.Context, id string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.entries, id)
	delete(m.raw, id)
	return nil
}

// Entries implements Spool.
func (m *MemSpool) Entries(context.Context) ([]*Entry, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := make([]*Entry, 0, len(m.entries))
	for _, e := range m.entries {
		out = append(out, e.Clone())
	}
	sortEntries(out)
	return out, nil
}

// sortEntries orders es by ID (queuing order).
func sortEntries(es []*Entry) {
	slices.SortFunc(es, func(a, b *Entry) int {
		switch {
		case a.ID < b.ID:
			return -1
		case a.ID > b.ID:
			return 1
		}
		return 0
	})
}
