package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/oxkit/oxkit/ews"
)

// sendAsGrants is the -sendas file: who holds Send As (Exchange's
// mailbox / group permission; ews.Handler.SendAs) for which address.
// Keys and values are lower-cased: principal → callers.
type sendAsGrants map[string]map[string]bool

// parseSendAs reads a Send As file: one grant per line, "caller@domain
// address@domain" (caller may send as address, a user or distribution
// list of the directory); blank lines and lines starting with # are
// skipped.
func parseSendAs(r io.Reader) (sendAsGrants, error) {
	g := sendAsGrants{}
	err := eachConfigLine(r, func(n int, f []string) error { // users.go
		if len(f) != 2 || !strings.Contains(f[0], "@") || !strings.Contains(f[1], "@") {
			return fmt.Errorf("send-as file line %d: want \"caller@domain address@domain\"", n)
		}
		caller, principal := strings.ToLower(f[0]), strings.ToLower(f[1])
		if g[principal] == nil {
			g[principal] = map[string]bool{}
		}
		g[principal][caller] = true
		return nil
	})
	if err != nil {
		return nil, err
	}
	return g, nil
}

// allow is an ews.SendAsFunc.
func (g sendAsGrants) allow(_ context.Context, principal, sender string) (bool, error) {
	return g[strings.ToLower(principal)][strings.ToLower(sender)], nil
}

// loadSendAs reads -sendas, if given.
func (s *server) loadSendAs() error {
	if s.cfg.sendAsFile == "" {
		return nil
	}
	g, err := parseFile(s.cfg.sendAsFile, "send-as file", parseSendAs) // users.go
	if err != nil {
		return err
	}
	s.sendAs = g.allow
	return nil
}

// configureSendAs sets the EWS handler's Send As grants (-sendas) and
// the principal's Sent Items copy (-principal-sent-copy: every mailbox
// gets a copy of what others send as it or on its behalf, Exchange's
// MessageCopyForSentAsEnabled and MessageCopyForSendOnBehalfEnabled).
func (s *server) configureSendAs(h *ews.Handler) {
	h.SendAs = s.sendAs
	if s.cfg.principalSentCopy {
		h.SentCopyForPrincipal = func(context.Context, string) (bool, bool) { return true, true }
	}
}
