package ews

import (
	"bufio"
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/beevik/etree"
	"github.com/oxkit/oxkit/httpauth"
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
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		e.h.ServeHTTP(w, r.WithContext(httpauth.WithIdentity(r.Context(), httpauth.Identity{User: user1})))
	}))
	defer srv.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, srv.URL+"/EWS/Exchange.asmx",
		strings.NewReader(envelope(`<m:GetStreamingEvents><m:SubscriptionIds><t:SubscriptionId>`+sid+`</t:SubscriptionId></m:SubscriptionIds><m:ConnectionTimeout>1</m:ConnectionTimeout></m:GetStreamingEvents>`)))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	r := bufio.NewReader(resp.Body)
	next := func() (string, *etree.Document) {
		var sb strings.Builder
		for !strings.HasSuffix(sb.String(), "</Envelope>") {
			b, err := r.ReadByte()
			if err != nil {
				t.Fatalf("stream ended: %v (%q)", err, sb.String())
			}
			sb.WriteByte(b)
		}
		d := etree.NewDocument()
		if err := d.ReadFromString(sb.String()); err != nil {
			t.Fatalf("envelope does not parse: %v", err)
		}
		return sb.String(), d
	}
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
