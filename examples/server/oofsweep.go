package main

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/oxkit/oxkit/ews"
	"github.com/oxkit/oxkit/store"
)

// oofSweepInterval is how often the server brings every mailbox's
// PidTagOutOfOfficeState in step with its OOF settings, so that a
// Scheduled window's start and end reach MAPI readers within a minute
// (ews.Handler.SyncOofState).
const oofSweepInterval = time.Minute

// oofSweepPage is how many directory entries one ListEntries call reads.
const oofSweepPage = 500

// startOofSweep runs h.SyncOofState over every user of the directory
// every interval every until the returned closer is called (it waits
// for a sweep in progress to stop). Hidden entries are not listed and
// not swept. Without a directory it does nothing.
func (s *server) startOofSweep(h *ews.Handler, every time.Duration) func() error {
	dir, ok := s.store.(store.Directory)
	if !ok {
		return func() error { return nil }
	}
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
			for off := 0; ctx.Err() == nil; off += oofSweepPage {
				es, total, err := dir.ListEntries(ctx, off, oofSweepPage)
				if err != nil {
					s.log.Warn("oof sweep: directory", "err", err)
					break
				}
				for _, e := range es {
					if e.Kind != store.EntryUser {
						continue
					}
					if _, err := h.SyncOofState(ctx, e.SMTPAddress); err != nil && !errors.Is(err, store.ErrNotFound) && ctx.Err() == nil {
						s.log.Warn("oof sweep", "mailbox", e.SMTPAddress, "err", err)
					}
				}
				if off+len(es) >= total || len(es) == 0 {
					break
				}
			}
		}
	}()
	return func() error {
		cancel()
		wg.Wait()
		return nil
	}
}
