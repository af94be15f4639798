package ews

import (
	"encoding/base64"
	"encoding/binary"

	"github.com/oxkit/oxkit/store"
)

// A message's ObjectID starts with 18 bytes that every message ID of the
// mailbox shares: version, kind and MailboxGUID. Eighteen is a multiple
// of three, so the ID's base64 is the base64 of those bytes followed by
// the base64 of the rest (FID and MID): a call encodes the shared part
// once (TestAppendMessageIDMatches checks the result against
// ObjectID.AppendText).

// msgIDHead is the size of the shared part.
const msgIDHead = 2 + 16

// msgIDPrefix holds the base64 of a mailbox's shared part.
type msgIDPrefix struct {
	set  bool
	guid [16]byte
	text [msgIDHead / 3 * 4]byte
}

// appendMessageID appends ObjectID{Kind: KindMessage, Mailbox:
// c.mailboxGUID(), Folder: fid, Message: mid}.AppendText's text.
func (c *call) appendMessageID(b []byte, fid store.FID, mid store.MID) []byte {
	g := c.mailboxGUID()
	if p := &c.msgID; !p.set || p.guid != g {
		head := append(make([]byte, 0, msgIDHead), idVersion, byte(KindMessage))
		head = append(head, g[:]...)
		base64.StdEncoding.Encode(p.text[:], head)
		p.set, p.guid = true, g
	}
	b = append(b, c.msgID.text[:]...)
	var tail [16]byte
	binary.LittleEndian.PutUint64(tail[:8], uint64(fid))
	binary.LittleEndian.PutUint64(tail[8:], uint64(mid))
	return base64.StdEncoding.AppendEncode(b, tail[:])
}
