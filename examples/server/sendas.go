package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
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
	sc := bufio.NewScanner(r)
	n := 0
	for sc.Scan() {
		n++
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Fields(line)
		if len(f) != 2 || !strings.Contains(f[0], "@") || !strings.Contains(f[1], "@") {
			return nil, fmt.Errorf("send-as file line %d: want \"caller@domain address@domain\"", n)
		}
		caller, principal := strings.ToLower(f[0]), strings.ToLower(f[1])
		if g[principal] == nil {
			g[principal] = map[string]bool{}
		}
		g[principal][caller] = true
	}
	return g, sc.Err()
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
	f, err := os.Open(s.cfg.sendAsFile)
	if err != nil {
		return fmt.Errorf("send-as file: %w", err)
	}
	defer f.Close()
	g, err := parseSendAs(f)
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
