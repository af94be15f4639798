package ews

import (
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// captureExpect lists, per captured request file, the response codes
// expected other than NoError (in message order), or the fault code for
// operations this server does not implement yet.
var captureExpect = map[string]struct {
	codes []string
	fault string
}{
	// exchangelib's version probe: a DUMMY id must give a per-item error,
	// not a fault.
	"exchangelib-ewsguess-001-POST.xml": {codes: []string{"ErrorInvalidIdMalformed"}},
	// DavMail's ConvertId probe with an id "F0" of a foreign mailbox.
	"davmail-imap-session-006-POST-ConvertId.xml": {codes: []string{"ErrorInvalidIdMalformed"}},
	"davmail-imap-session-007-POST-ConvertId.xml": {codes: []string{"ErrorInvalidIdMalformed"}},
	// OWA.UserOptions does not exist in a fresh mailbox (as in Exchange).
	"davmail-caldav-put-003-POST-GetUserConfiguration.xml": {codes: []string{"ErrorItemNotFound"}},
	"davmail-caldav-put-004-POST-GetUserConfiguration.xml": {codes: []string{"ErrorItemNotFound"}},
}

// TestCapturedRequests replays every request captured from real clients
// (exchangelib, ews-javascript-api, DavMail, mhewedy/ews) against a
// fresh mailbox: each must parse, and each answer must be a SOAP envelope
// with the expected response classes.
func TestCapturedRequests(t *testing.T) { replayCaptures(t, newEnv) }

func replayCaptures(t *testing.T, newEnv func(testing.TB) *env) {
	files, err := filepath.Glob("testdata/requests/*.xml")
	if err != nil || len(files) == 0 {
		t.Fatalf("no captured requests: %v", err)
	}
	for _, f := range files {
		name := filepath.Base(f)
		t.Run(name, func(t *testing.T) {
			body, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := ParseRequest(body, nil); err != nil {
				t.Fatalf("parse: %v", err)
			}
			e := newEnv(t)
			code, doc := e.postAs(user1, string(body))
			want := captureExpect[name]
			if want.fault != "" {
				if code != http.StatusInternalServerError || faultCode(doc) != want.fault {
					t.Fatalf("HTTP %d, fault %q; want 500 with %s\n%s", code, faultCode(doc), want.fault, dump(doc))
				}
				return
			}
			if code != http.StatusOK {
				t.Fatalf("HTTP %d\n%s", code, dump(doc))
			}
			_, msgs := messages(doc)
			if len(msgs) == 0 {
				t.Fatalf("no response messages\n%s", dump(doc))
			}
			var got []string
			for _, m := range msgs {
				if m.Code != "NoError" {
					got = append(got, m.Code)
				}
				if (m.Code == "NoError") != (m.Class == "Success") {
					t.Errorf("class %s with code %s", m.Class, m.Code)
				}
			}
			if strings.Join(got, ",") != strings.Join(want.codes, ",") {
				t.Fatalf("error codes %v, want %v\n%s", got, want.codes, dump(doc))
			}
		})
	}
}
