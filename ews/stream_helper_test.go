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

// openStream serves e.h over HTTP as user, opens GetStreamingEvents for
// subscription sid (ConnectionTimeout 1 minute) and returns a function
// reading the next envelope of the stream as its raw text and parsed.
// The connection is closed when the test ends.
func (e *env) openStream(t *testing.T, user, sid string) func() (string, *etree.Document) {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		e.h.ServeHTTP(w, r.WithContext(httpauth.WithIdentity(r.Context(), httpauth.Identity{User: user})))
	}))
	t.Cleanup(srv.Close)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	t.Cleanup(cancel)
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, srv.URL+"/EWS/Exchange.asmx",
		strings.NewReader(envelope(`<m:GetStreamingEvents><m:SubscriptionIds><t:SubscriptionId>`+sid+`</t:SubscriptionId></m:SubscriptionIds><m:ConnectionTimeout>1</m:ConnectionTimeout></m:GetStreamingEvents>`)))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	r := bufio.NewReader(resp.Body)
	return func() (string, *etree.Document) {
		t.Helper()
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
}
