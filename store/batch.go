package store

import "context"

// MessageBatchReader is the capability of reading several messages of a
// mailbox in one call: one read transaction or lock acquisition for the
// lot instead of one per message. EWS GetItem uses it for the items of
// one request ([MS-OXWSCORE] 3.1.4.4); a store without it is read one
// Message call at a time, with the same results.
type MessageBatchReader interface {
	// Messages returns mids' messages under opts, in order: result i is
	// what Message(ctx, mids[i], opts) would return — the message, or
	// the error (wrapping ErrNotFound for an ID the mailbox does not
	// hold) — and exactly one of its fields is set. All of them are
	// read from one consistent state of the mailbox. The returned error
	// is for the call as a whole (a cancelled ctx, a closed store); then
	// there are no results. A repeated MID yields a message per
	// occurrence, each the caller's own.
	Messages(ctx context.Context, mids []MID, opts *MessageOptions) ([]MessageResult, error)
}

// MessageResult is one message of MessageBatchReader.Messages: Message,
// or Err when it could not be read.
type MessageResult struct {
	Message *Message
	Err     error
}
