package memstore_test

import (
	"testing"

	"github.com/oxkit/oxkit/examples/memstore"
	"github.com/oxkit/oxkit/store"
	"github.com/oxkit/oxkit/store/storetest"
)

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) store.Store { return memstore.New(nil) })
}
