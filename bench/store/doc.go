// Package storebench compares examples/boltstore with raw bbolt on the
// same bytes (issue 5's goals: creates, with properties, indexes and
// change tracking, at least 0.25× raw bbolt puts; reads at least 0.5×
// raw bbolt gets; the database file at most 1.3× the stored bytes). It
// holds only benchmarks; run
//
//	go test -run '^$' -bench . -benchmem ./bench/store/
//
// Both sides run with NoSync, so the figures compare CPU and page work,
// not the disk's fsync latency (which both pay once per commit).
package storebench
