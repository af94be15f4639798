// Package queue is a durable outbound mail queue: the transport between
// a server's submission side (an EWS send, a rule forward, an automatic
// reply) and a smarthost or any other next hop.
//
// Queue.Send has the signature of ews.Sender: it stores the message in a
// Spool (durably, for a persistent Spool) before it returns nil, so a
// send acknowledged to the client is never lost; workers then offer the
// message to a Relayer. Each recipient has its own fate, as in an SMTP
// transaction (RFC 5321 3.3): accepted recipients are done, recipients
// refused with a permanent error (marked with Permanent, an SMTP 5xx) are
// reported failed at once, recipients refused temporarily (4xx) or hit by
// a connection failure are retried — only they — with exponential
// backoff from Options.InitialDelay up to Options.MaxDelay. A recipient
// still pending Options.GiveUpAfter after the message was queued (default
// 2 days, Exchange's MessageExpirationTimeout) is failed; failed
// recipients are handed to the Reporter (the server writes a
// non-delivery report, RFC 3464, into the sender's mailbox). Optionally,
// after Options.DelayReportAfter (default 4 hours, Exchange's
// DelayNotificationTimeout) the Reporter is told once that delivery is
// delayed. Messages with a null reverse-path (From "") are never
// reported on (RFC 5321 4.5.5).
//
// A new Queue resumes what its Spool holds, so a restarted server goes on
// with the mail its previous run accepted. Delivery is at least once: a
// crash between the next hop's acceptance and the Spool's update sends
// that message again on restart.
//
// MemSpool keeps entries in memory (tests, embedders with their own
// durability story); package boltspool keeps them in a bbolt file.
//
// Limits: Options.MaxEntries and Options.MaxBytes bound what the queue
// holds (Send then fails with ErrFull); the Spool is listed once, at New.
package queue
