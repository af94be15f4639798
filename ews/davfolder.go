package ews

import (
	"time"

	"github.com/oxkit/oxkit/mapi"
)

// folderExtValue adjusts a folder's extended property value for the
// wire ([MS-OXWSXPROP] 2.2.4.2).
//
// QUIRK: PidTagLocalCommitTimeMax ([MS-OXCFOLD] 2.2.2.2.1.14, 0x670A) is
// written with milliseconds. DavMail's CalDAV/CardDAV getctag is the
// base64 of this value (davmail.exchange.ews.Field "ctag"); at the
// whole-second precision of other SystemTime values, a change made
// within the second of the previous PROPFIND would leave the ctag
// unchanged and the client would never resynchronise. The store keeps
// the value strictly increasing at millisecond precision (store.Folder).
func folderExtValue(x *extProp, v any) any {
	if x.resolved == mapi.PidTagLocalCommitTimeMax {
		if t, ok := v.(time.Time); ok {
			return t.UTC().Format("2006-01-02T15:04:05.000Z")
		}
	}
	return v
}
