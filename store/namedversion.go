package store

import "context"

// NamedMappingVersioner is the optional capability of a Mailbox that
// implements NamedProperties to tell cheaply whether its named-property
// mapping ([MS-OXCDATA] 2.6, [MS-OXCPRPT] 3.2.5.7) has changed. A front
// end that resolves the same names on every request (an EWS response
// shape resolves dozens) may then keep the answers of
// PropIDs(create=false) — the unmapped names' zeros included — for as
// long as the version it read before asking is still the mailbox's
// version.
type NamedMappingVersioner interface {
	// NamedMappingVersion returns the version of the mailbox's
	// named-property mapping. Whenever a name is newly mapped, by any
	// caller, the version changes before the new ID can be seen, and it
	// never returns to an earlier value: two equal versions read from
	// the same Mailbox value mean that PropIDs(create=false) answered
	// the same for every name at any time in between.
	NamedMappingVersion(ctx context.Context) (uint64, error)
}
