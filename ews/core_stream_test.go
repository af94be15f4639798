package ews

import (
	"strings"
	"testing"

	"github.com/beevik/etree"
)

// TestCoreStreamingEnvelopeFraming: every envelope of a GetStreamingEvents
// response ([MS-OXWSNTIF] 3.1.4.3) is an unprefixed <Envelope> in the
// SOAP namespace without an XML declaration, the framing ews-javascript-api
// cuts the stream by (QUIRK in notify.go), and each is a well-formed SOAP
// envelope carrying ServerVersionInfo and a GetStreamingEventsResponse.
func TestCoreStreamingEnvelopeFraming(t *testing.T) {
	e := newEnv(t)
	doc := e.call(`<m:Subscribe><m:StreamingSubscriptionRequest><t:FolderIds>` + dist("inbox") + `</t:FolderIds><t:EventTypes><t:EventType>NewMailEvent</t:EventType></t:EventTypes></m:StreamingSubscriptionRequest></m:Subscribe>`)
	sid := text(mustSuccess(t, doc)[0], "SubscriptionId")
	next := e.openStream(t, user1, sid)
	check := func(raw string, d *etree.Document) {
		t.Helper()
		// The literal text is what the client looks for.
		if !strings.HasPrefix(raw, "<Envelope ") {
			t.Fatalf("envelope starts %q", raw[:min(len(raw), 40)])
		}
		root := d.Root()
		if root.Space != "" || root.Tag != "Envelope" || root.NamespaceURI() != nsSOAP {
			t.Fatalf("root %s:%s in %q", root.Space, root.Tag, root.NamespaceURI())
		}
		if v := root.FindElement("Header/ServerVersionInfo"); v == nil || v.NamespaceURI() != nsTypes || v.SelectAttrValue("Version", "") != serverVersion {
			t.Fatalf("ServerVersionInfo missing: %s", dump(d))
		}
		if b := root.FindElement("Body/GetStreamingEventsResponse"); b == nil || b.NamespaceURI() != nsMessages {
			t.Fatalf("no GetStreamingEventsResponse: %s", dump(d))
		}
	}
	raw, first := next()
	check(raw, first)
	if s := text(first.Root(), "ConnectionStatus"); s != "OK" {
		t.Fatalf("first envelope: %s", dump(first))
	}
	mustSuccess(t, e.call(`<m:CreateItem MessageDisposition="SendOnly"><m:Items><t:Message><t:Subject>to one</t:Subject><t:ToRecipients><t:Mailbox><t:EmailAddress>`+user1+`</t:EmailAddress></t:Mailbox></t:ToRecipients></t:Message></m:Items></m:CreateItem>`))
	raw, d := next()
	check(raw, d)
	if n := d.FindElement("//Notifications/Notification"); n == nil || text(n, "SubscriptionId") != sid || n.FindElement("NewMailEvent/ItemId") == nil {
		t.Fatalf("notification: %s", dump(d))
	}
}
