package store

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/oxkit/oxkit/mapi"
)

// PropertyWriter writes a large binary or string property through any
// Mailbox without holding it in memory: bytes go to a temporary file and
// Close stores them with one UpdateMessage (MessageUpdate.Streams for a
// message property, UpdateAttachments for an attachment property). It is
// what RopOpenStream / RopWriteStream / RopCommitStream need. Properties
// of embedded messages are ErrNotSupported. A PropertyWriter is not safe
// for concurrent use.
type PropertyWriter struct {
	ctx  context.Context
	mb   Mailbox
	ref  PropRef
	f    *os.File
	done bool
}

// NewPropertyWriter starts writing ref's value (replacing it on Close).
func NewPropertyWriter(ctx context.Context, mb Mailbox, ref PropRef) (*PropertyWriter, error) {
	switch ref.Tag.Type() {
	case mapi.PtypBinary, mapi.PtypString, mapi.PtypString8:
	default:
		return nil, fmt.Errorf("store: property writer for %v: not a binary or string property: %w", ref.Tag, ErrInvalidArgument)
	}
	if ref.Embedded || len(ref.Attachments) > 1 {
		return nil, fmt.Errorf("store: property writer inside an embedded message: %w", ErrNotSupported)
	}
	f, err := os.CreateTemp("", "oxkit-prop-*")
	if err != nil {
		return nil, fmt.Errorf("store: property writer: %w", err)
	}
	os.Remove(f.Name()) // unlinked: gone when closed, whatever happens
	return &PropertyWriter{ctx: ctx, mb: mb, ref: ref, f: f}, nil
}

// Write buffers p.
func (w *PropertyWriter) Write(p []byte) (int, error) {
	if w.done {
		return 0, fmt.Errorf("store: property writer: %w", ErrClosed)
	}
	return w.f.Write(p)
}

// Close stores the value written (one UpdateMessage).
func (w *PropertyWriter) Close() error {
	if w.done {
		return nil
	}
	w.done = true
	defer w.f.Close()
	if _, err := w.f.Seek(0, io.SeekStart); err != nil {
		return fmt.Errorf("store: property writer: %w", err)
	}
	stream := []StreamProp{{Tag: w.ref.Tag, R: w.f}}
	upd := &MessageUpdate{}
	if len(w.ref.Attachments) == 0 {
		upd.Streams = stream
	} else {
		upd.UpdateAttachments = []AttachmentUpdate{{Num: w.ref.Attachments[0], Streams: stream}}
	}
	_, err := w.mb.UpdateMessage(w.ctx, w.ref.Message, upd)
	return err
}

// Abort discards what was written.
func (w *PropertyWriter) Abort() error {
	if w.done {
		return nil
	}
	w.done = true
	return errors.Join(w.f.Close())
}
