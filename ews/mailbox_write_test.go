package ews

import "testing"

// TestWriteMailboxBytes checks writeMailbox's constant tails against
// the element-by-element form of EmailAddressType ([MS-OXWSCDATA]
// 2.2.4.31): Name, EmailAddress, RoutingType, MailboxType in order.
func TestWriteMailboxBytes(t *testing.T) {
	ref := func(name, smtp, addr, typ string) string {
		var w xw
		w.open("t:Mailbox")
		if name != "" {
			w.elem("t:Name", name)
		}
		switch {
		case smtp != "":
			w.elem("t:EmailAddress", smtp)
			w.elem("t:RoutingType", "SMTP")
		case addr != "":
			w.elem("t:EmailAddress", addr)
			if typ != "" {
				w.elem("t:RoutingType", typ)
			}
		}
		w.elem("t:MailboxType", "Mailbox")
		w.close("t:Mailbox")
		return string(w.b)
	}
	for _, tc := range [][4]string{
		{"User <One>", "u1@example.com", "", "SMTP"},
		{"", "u1@example.com", "/o=x/cn=u1", "EX"},
		{"Legacy", "", "/o=x/cn=u1", "EX"},
		{"No type", "", "addr", ""},
		{"Name only", "", "", ""},
		{"", "", "", ""},
	} {
		c := &call{}
		c.writeMailbox(tc[0], tc[1], tc[2], tc[3])
		if got, want := string(c.w.b), ref(tc[0], tc[1], tc[2], tc[3]); got != want {
			t.Errorf("writeMailbox%q:\n got %s\nwant %s", tc, got, want)
		}
	}
}
