package main

import (
	"context"

	"github.com/oxkit/oxkit/store"
)

// runRules sends the Out of Office reply (ews.Handler.AutoReply) and runs the rules of the folder a message was just delivered to
// ([MS-OXORULE] 3.2.5.1). It runs after the store committed the
// message, so the SMTP/LMTP answer (250 once committed) does not depend
// on it; failures are logged. The executor is the EWS handler's
// (ews.Handler.RuleExecutor): forwards go through local delivery, and
// the Out of Office state is the one EWS stores.
func (d *deliverer) runRules(ctx context.Context, mb store.Mailbox, fid store.FID, mid store.MID) {
	if d.autoReply != nil {
		if sent, err := d.autoReply(ctx, mb, mid); err != nil {
			d.log.Warn("automatic reply failed", "to", mb.Info().Owner, "err", err)
		} else if sent {
			d.log.Info("automatic reply sent", "mailbox", mb.Info().Owner)
		}
	}
	if d.rules == nil {
		return
	}
	res, err := d.rules.Run(ctx, mb, fid, mid)
	if err != nil {
		d.log.Warn("rules not run", "to", mb.Info().Owner, "err", err)
		return
	}
	if len(res.Fired) > 0 {
		d.log.Info("rules ran", "to", mb.Info().Owner, "rules", len(res.Fired), "folder", res.Folder, "mid", res.Message, "errors", len(res.Errors))
	}
}
