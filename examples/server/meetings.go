package main

import (
	"context"
	"errors"
	"strings"

	"github.com/oxkit/oxkit/mapi"
	"github.com/oxkit/oxkit/store"
)

// meetingProcessor runs the calendar assistant on a message just
// delivered to folder fid of mb (ews.Handler.ProcessMeeting): meeting
// requests, cancellations and responses that arrive as iMIP update the
// recipient's calendar before the SMTP/LMTP answer.
type meetingProcessor func(ctx context.Context, mb store.Mailbox, fid store.FID, mid store.MID) error

// processMeeting runs the calendar assistant after the store committed
// the message and before the Inbox rules ([MS-OXOCAL] 3.1.5.1: Exchange's
// calendar assistant works on delivery). A failure is logged; the
// message stays delivered. It reports whether the message is still in
// fid (a delegator with DeliverMeetingRequests DelegatesOnly has it moved
// to Deleted Items), so the caller runs the folder's rules only then.
func (d *deliverer) processMeeting(ctx context.Context, mb store.Mailbox, fid store.FID, mid store.MID, class string) bool {
	if d.meetings == nil || !isMeetingClass(class) {
		return true
	}
	if err := d.meetings(ctx, mb, fid, mid); err != nil {
		d.log.Warn("meeting not processed", "to", mb.Info().Owner, "mid", mid, "err", err)
		return true
	}
	m, err := mb.Message(ctx, mid, &store.MessageOptions{Tags: []mapi.PropTag{mapi.PidTagMessageClass}})
	if errors.Is(err, store.ErrNotFound) {
		return false
	}
	return err != nil || m.Info.FolderID == fid
}

// isMeetingClass says whether class is IPM.Schedule.Meeting or one of
// its subclasses ([MS-OXOCAL] 2.2.6.1, 2.2.7.1, 2.2.8.1).
func isMeetingClass(class string) bool {
	const p = "IPM.Schedule.Meeting"
	return len(class) >= len(p) && strings.EqualFold(class[:len(p)], p) && (len(class) == len(p) || class[len(p)] == '.')
}
