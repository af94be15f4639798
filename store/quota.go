package store

import "context"

// QuotaReporter is the capability of reporting and enforcing mailbox size
// limits ([MS-OXCSTOR] PidTagMessageSizeExtended, PidTagProhibitSendQuota
// ...; EWS GetMailboxUsage). A store that enforces quotas fails writes with
// ErrQuotaExceeded.
type QuotaReporter interface {
	Quota(ctx context.Context) (Quota, error)
}

// Quota is a mailbox's usage and limits, in bytes; a zero limit means
// none.
type Quota struct {
	Used            int64 // total size of messages (PidTagMessageSize summed)
	WarningLimit    int64 // PidTagStorageQuotaLimit
	ProhibitSend    int64 // PidTagProhibitSendQuota
	ProhibitReceive int64 // PidTagProhibitReceiveQuota: writes fail beyond it
}
