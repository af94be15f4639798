package queue_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/oxkit/oxkit/transport/queue"
)

// flakyHop refuses every recipient temporarily once, then accepts.
type flakyHop struct {
	mu    sync.Mutex
	tries int
	log   []string
	done  chan struct{}
}

func (h *flakyHop) Relay(_ context.Context, from string, rcpts []string, _ []byte) ([]error, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.tries++
	res := make([]error, len(rcpts))
	for i := range rcpts {
		if h.tries == 1 {
			res[i] = errors.New("451 4.3.0 try again later")
		}
	}
	h.log = append(h.log, fmt.Sprintf("attempt %d to %v: %v", h.tries, rcpts, res))
	if h.tries == 2 {
		close(h.done)
	}
	return res, nil
}

func Example() {
	hop := &flakyHop{done: make(chan struct{})}
	q, err := queue.New(&queue.MemSpool{}, hop, nil, &queue.Options{
		InitialDelay: 10 * time.Millisecond, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		panic(err)
	}
	defer q.Close()
	// Send returns once the message is in the spool.
	err = q.Send(context.Background(), "alice@example.com", []string{"bob@remote.example"}, []byte("Subject: hi\r\n\r\nhello\r\n"))
	fmt.Println("queued:", err)
	<-hop.done
	hop.mu.Lock()
	for _, l := range hop.log {
		fmt.Println(l)
	}
	hop.mu.Unlock()
	// Output:
	// queued: <nil>
	// attempt 1 to [bob@remote.example]: [451 4.3.0 try again later]
	// attempt 2 to [bob@remote.example]: [<nil>]
}
