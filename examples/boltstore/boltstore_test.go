package boltstore_test

import (
	"path/filepath"
	"testing"

	"github.com/oxkit/oxkit/examples/boltstore"
	"github.com/oxkit/oxkit/store"
	"github.com/oxkit/oxkit/store/storetest"
)

func TestConformance(t *testing.T) {
	open := func(t *testing.T, path string) store.Store {
		s, err := boltstore.Open(path, &boltstore.Options{NoSync: true, LargeValue: 1024, ChunkSize: 4000})
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	paths := map[store.Store]string{}
	storetest.RunOptions(t, func(t *testing.T) store.Store {
		p := filepath.Join(t.TempDir(), "store.db")
		s := open(t, p)
		paths[s] = p
		return s
	}, &storetest.Options{Reopen: func(t *testing.T, s store.Store) store.Store {
		p := paths[s]
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
		return open(t, p)
	}})
}
