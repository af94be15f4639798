package autodiscover

import (
	"context"
	"errors"
	"strings"
)

// ErrUnknownUser is returned by Settings.Lookup for an address this
// server does not serve. The handlers answer it with the protocol's
// "unknown address" error (POX 500, SOAP InvalidUser, JSON 404).
var ErrUnknownUser = errors.New("autodiscover: unknown user")

// Settings is what the embedder implements: which protocols are on, at
// which URLs, and who the users are. Static is a ready implementation.
type Settings interface {
	// Lookup returns the configuration for the mailbox of an e-mail
	// address, or an error wrapping ErrUnknownUser.
	Lookup(ctx context.Context, email string) (*User, error)
	// Services returns the endpoints offered to a domain's users; it
	// answers GetDomainSettings and the Thunderbird autoconfig file.
	Services(ctx context.Context, domain string) (*Services, error)
}

// User is one mailbox's Autodiscover configuration.
type User struct {
	DisplayName string
	// Email is the primary SMTP address (AutoDiscoverSMTPAddress).
	Email string
	// LegacyDN is the user's legacyExchangeDN
	// ("/o=org/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn=...").
	LegacyDN string
	// MailboxGUID names the mailbox in MAPI/HTTP URLs (?MailboxId=GUID@domain)
	// and in the EXCH Server element, as Exchange 2013 and later do.
	MailboxGUID string
	// DeploymentID identifies the organisation (a GUID string).
	DeploymentID string
	// RedirectAddr, if set, answers with a redirectAddr action: the
	// client must restart Autodiscover with this address.
	RedirectAddr string
	// RedirectURL, if set, answers with a redirectUrl action: the client
	// must send its request to this URL.
	RedirectURL string

	Services
}

// Services are the endpoints a server offers. An empty URL means the
// protocol is off and is not announced.
type Services struct {
	// Hostname is the server's name as clients reach it.
	Hostname string
	// EWS is the EWS URL (https://host/EWS/Exchange.asmx).
	EWS string
	// ActiveSync is the ActiveSync URL (https://host/Microsoft-Server-ActiveSync).
	ActiveSync string
	// MapiMailStore and MapiAddressBook are the MAPI/HTTP base URLs
	// (https://host/mapi/emsmdb/ and https://host/mapi/nspi/); the mailbox
	// is appended as ?MailboxId=.
	MapiMailStore   string
	MapiAddressBook string
	// OWA and OAB are the web access and offline address book URLs.
	OWA string
	OAB string
	// Autodiscover is this server's own Autodiscover base
	// (https://host/autodiscover/autodiscover.xml); used by the JSON
	// endpoint's AutodiscoverV1 answer.
	Autodiscover string
	// AuthPackage is announced in EXPR/EXCH (default "Basic").
	AuthPackage string
	// IMAP, POP3 and SMTP are mail servers announced in the Thunderbird
	// autoconfig file; nil means not offered.
	IMAP, POP3, SMTP *MailServer
	// ServerVersion is the EXCH/EXPR ServerVersion (8 hex digits);
	// "" means Exchange 2016's "73C18880".
	ServerVersion string
}

// MailServer is an IMAP, POP3 or SMTP server for the Thunderbird
// autoconfig file.
type MailServer struct {
	Host string
	Port int
	// Socket is "SSL", "STARTTLS" or "plain".
	Socket string
}

// Static is a Settings with one set of services for every user and a
// lookup function for the users themselves.
type Static struct {
	// Endpoints are the services offered to every user.
	Endpoints Services
	// Find returns a user's identity fields (DisplayName, Email,
	// LegacyDN, MailboxGUID, DeploymentID, redirects); its Services field
	// is ignored. It returns an error wrapping ErrUnknownUser for
	// addresses not served.
	Find func(ctx context.Context, email string) (*User, error)
}

// Lookup implements Settings.
func (s *Static) Lookup(ctx context.Context, email string) (*User, error) {
	u, err := s.Find(ctx, email)
	if err != nil {
		return nil, err
	}
	out := *u
	out.Services = s.Endpoints
	return &out, nil
}

// Services implements Settings.
func (s *Static) Services(context.Context, string) (*Services, error) {
	svc := s.Endpoints
	return &svc, nil
}

// domainOf returns the domain part of an address, lower-cased.
func domainOf(email string) string {
	_, d, ok := strings.Cut(email, "@")
	if !ok {
		return ""
	}
	return strings.ToLower(d)
}

// mapiURL appends ?MailboxId=guid@domain to a MAPI/HTTP base URL.
func mapiURL(base string, u *User) string {
	if base == "" {
		return ""
	}
	id := mailboxServer(u)
	if u.MailboxGUID == "" {
		return base
	}
	sep := "?"
	if strings.Contains(base, "?") {
		sep = "&"
	}
	return base + sep + "MailboxId=" + id
}

// mailboxServer is the name of the user's mailbox server as Exchange 2013
// and later give it: "mailboxGUID@domain" (the domain spelled as in the
// address), or the hostname when there is no mailbox GUID.
func mailboxServer(u *User) string {
	if u.MailboxGUID == "" {
		return u.Hostname
	}
	if _, d, ok := strings.Cut(u.Email, "@"); ok && d != "" {
		return u.MailboxGUID + "@" + d
	}
	return u.MailboxGUID
}
