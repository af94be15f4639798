package autodiscover

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/beevik/etree"
)

// serveAutoconfig answers Thunderbird's autoconfig file
// (/.well-known/autoconfig/mail/config-v1.1.xml and /mail/config-v1.1.xml,
// the "clientConfig" format version 1.1 of Mozilla's ISPDB). It lists EWS
// as an "exchange" incoming server, then IMAP/POP3/SMTP when configured.
func (h *Handler) serveAutoconfig(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	email := queryGet(r.URL.Query(), "emailaddress")
	domain := domainOf(email)
	if domain == "" {
		domain = strings.ToLower(strings.Split(r.Host, ":")[0])
	}
	svc, err := h.Settings.Services(r.Context(), domain)
	if err != nil {
		h.logError(r, "autoconfig services", err)
		http.Error(w, "no configuration for this domain", http.StatusNotFound)
		return
	}
	doc := etree.NewDocument()
	doc.CreateProcInst("xml", `version="1.0" encoding="UTF-8"`)
	cc := doc.CreateElement("clientConfig")
	cc.CreateAttr("version", "1.1")
	ep := cc.CreateElement("emailProvider")
	ep.CreateAttr("id", domain)
	ep.CreateElement("domain").SetText(domain)
	ep.CreateElement("displayName").SetText(svc.Hostname)
	ep.CreateElement("displayShortName").SetText(svc.Hostname)
	if svc.EWS != "" {
		in := ep.CreateElement("incomingServer")
		in.CreateAttr("type", "exchange")
		in.CreateElement("hostname").SetText(svc.Hostname)
		in.CreateElement("port").SetText(portOf(svc.EWS))
		in.CreateElement("username").SetText("%EMAILADDRESS%")
		in.CreateElement("socketType").SetText("SSL")
		in.CreateElement("authentication").SetText("password-cleartext")
		if svc.OWA != "" {
			in.CreateElement("owaURL").SetText(svc.OWA)
		}
		in.CreateElement("ewsURL").SetText(svc.EWS)
		in.CreateElement("useGlobalPreferredServer").SetText("true")
	}
	mail := func(kind, typ string, ms *MailServer) {
		if ms == nil {
			return
		}
		s := ep.CreateElement(kind)
		s.CreateAttr("type", typ)
		s.CreateElement("hostname").SetText(ms.Host)
		s.CreateElement("port").SetText(fmt.Sprint(ms.Port))
		s.CreateElement("socketType").SetText(ms.Socket)
		s.CreateElement("username").SetText("%EMAILADDRESS%")
		s.CreateElement("authentication").SetText("password-cleartext")
	}
	mail("incomingServer", "imap", svc.IMAP)
	mail("incomingServer", "pop3", svc.POP3)
	mail("outgoingServer", "smtp", svc.SMTP)
	writeXML(w, http.StatusOK, doc)
}

// portOf returns the port of an https URL ("443" by default).
func portOf(u string) string {
	rest, ok := strings.CutPrefix(u, "https://")
	if !ok {
		rest, _ = strings.CutPrefix(u, "http://")
		if i := strings.IndexAny(rest, "/?"); i >= 0 {
			rest = rest[:i]
		}
		if _, p, ok := strings.Cut(rest, ":"); ok {
			return p
		}
		return "80"
	}
	if i := strings.IndexAny(rest, "/?"); i >= 0 {
		rest = rest[:i]
	}
	if _, p, ok := strings.Cut(rest, ":"); ok {
		return p
	}
	return "443"
}
