package autodiscover

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"

	"github.com/beevik/etree"
)

// Client sends Autodiscover requests. The zero value uses
// http.DefaultClient and the default limits.
type Client struct {
	// HTTP sends the requests; nil means http.DefaultClient. Client
	// handles HTTP redirects itself (POST must stay POST).
	HTTP *http.Client
	// Authorize, if set, is called on every request to add credentials
	// (for example req.SetBasicAuth).
	Authorize func(*http.Request)
	// MaxRedirects bounds HTTP and Autodiscover redirects together; 0 means 10.
	MaxRedirects int
	// MaxResponseBytes bounds a response body; 0 means 1 MiB.
	MaxResponseBytes int64
	// AllowInsecureRedirects permits redirects to http:// URLs. Off by
	// default: a redirect must not downgrade where credentials are sent.
	AllowInsecureRedirects bool
}

// ErrTooManyRedirects is returned when MaxRedirects is exceeded.
var ErrTooManyRedirects = errors.New("autodiscover: too many redirects")

// POXResponse is a parsed outlook or mobilesync POX response.
type POXResponse struct {
	DisplayName             string
	LegacyDN                string
	AutoDiscoverSMTPAddress string
	DeploymentID            string
	// Protocols of an outlook response, in document order.
	Protocols []POXProtocol
	// MobileSyncURL is the Server Url of a mobilesync response.
	MobileSyncURL string
	// FinalURL and FinalAddress are where and for whom the answer came,
	// after redirects.
	FinalURL     string
	FinalAddress string
}

// POXProtocol is one Protocol element of an outlook response.
type POXProtocol struct {
	Type          string // EXCH, EXPR, WEB, or mapiHttp (from the Type attribute)
	Server        string
	ServerDN      string
	ServerVersion string
	ASUrl         string
	EwsUrl        string
	OOFUrl        string
	OABUrl        string
	// MAPI/HTTP URLs (Type mapiHttp).
	MailStoreInternalURL, MailStoreExternalURL     string
	AddressBookInternalURL, AddressBookExternalURL string
}

// Protocol returns the first protocol of the given type, or nil.
func (r *POXResponse) Protocol(typ string) *POXProtocol {
	for i := range r.Protocols {
		if strings.EqualFold(r.Protocols[i].Type, typ) {
			return &r.Protocols[i]
		}
	}
	return nil
}

func (c *Client) httpClient() *http.Client {
	base := c.HTTP
	if base == nil {
		base = http.DefaultClient
	}
	cl := *base
	cl.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return &cl
}

func (c *Client) maxRedirects() int {
	if c.MaxRedirects > 0 {
		return c.MaxRedirects
	}
	return 10
}

// post sends body to u, following HTTP redirects (re-POSTing), and
// returns the final URL and body.
func (c *Client) post(ctx context.Context, u string, contentType string, body []byte, extra http.Header, redirects *int) (string, []byte, error) {
	hc := c.httpClient()
	limit := c.MaxResponseBytes
	if limit <= 0 {
		limit = 1 << 20
	}
	for {
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, u, bytes.NewReader(body))
		if err != nil {
			return "", nil, fmt.Errorf("autodiscover: %w", err)
		}
		req.Header.Set("Content-Type", contentType)
		for k, vs := range extra {
			req.Header[k] = vs
		}
		if c.Authorize != nil {
			c.Authorize(req)
		}
		resp, err := hc.Do(req)
		if err != nil {
			return "", nil, fmt.Errorf("autodiscover: %w", err)
		}
		data, err := io.ReadAll(io.LimitReader(resp.Body, limit+1))
		resp.Body.Close()
		if err != nil {
			return "", nil, fmt.Errorf("autodiscover: reading %s: %w", u, err)
		}
		if int64(len(data)) > limit {
			return "", nil, fmt.Errorf("autodiscover: response from %s exceeds %d bytes", u, limit)
		}
		switch resp.StatusCode {
		case http.StatusMovedPermanently, http.StatusFound, http.StatusSeeOther,
			http.StatusTemporaryRedirect, http.StatusPermanentRedirect:
			*redirects++
			if *redirects > c.maxRedirects() {
				return "", nil, ErrTooManyRedirects
			}
			loc, err := resp.Location()
			if err != nil {
				return "", nil, fmt.Errorf("autodiscover: redirect without Location from %s", u)
			}
			if err := c.checkTarget(loc.String()); err != nil {
				return "", nil, err
			}
			u = loc.String()
			continue
		case http.StatusOK:
			return u, data, nil
		default:
			return "", nil, &HTTPError{URL: u, StatusCode: resp.StatusCode, Body: data}
		}
	}
}

// HTTPError is a non-200, non-redirect answer.
type HTTPError struct {
	URL        string
	StatusCode int
	Body       []byte
}

func (e *HTTPError) Error() string {
	return fmt.Sprintf("autodiscover: %s answered HTTP %d", e.URL, e.StatusCode)
}

func (c *Client) checkTarget(target string) error {
	t, err := url.Parse(target)
	if err != nil {
		return fmt.Errorf("autodiscover: bad redirect target %q: %w", target, err)
	}
	if t.Scheme != "https" && !(c.AllowInsecureRedirects && t.Scheme == "http") {
		return fmt.Errorf("autodiscover: refusing redirect to non-HTTPS URL %q", target)
	}
	return nil
}

// POX sends a POX request for email to endpoint (the full
// …/autodiscover/autodiscover.xml URL) asking for schema (NSOutlookResponse
// or NSMobileSyncResponse), following redirectAddr, redirectUrl and HTTP
// redirects up to MaxRedirects. mapiHTTP adds X-MapiHttpCapability: 1.
// An Error response is returned as *POXError.
func (c *Client) POX(ctx context.Context, endpoint, email, schema string, mapiHTTP bool) (*POXResponse, error) {
	redirects := 0
	hdr := http.Header{}
	if mapiHTTP {
		hdr.Set("X-MapiHttpCapability", "1")
	}
	for {
		req := &POXRequest{EMailAddress: email, AcceptableResponseSchema: schema}
		final, data, err := c.post(ctx, endpoint, "text/xml; charset=utf-8", req.AppendXML(nil), hdr, &redirects)
		if err != nil {
			return nil, err
		}
		resp, redirAddr, redirURL, err := parsePOXResponse(data)
		if err != nil {
			return nil, err
		}
		switch {
		case redirAddr != "":
			email = redirAddr
		case redirURL != "":
			if err := c.checkTarget(redirURL); err != nil {
				return nil, err
			}
			endpoint = redirURL
		default:
			resp.FinalURL, resp.FinalAddress = final, email
			return resp, nil
		}
		redirects++
		if redirects > c.maxRedirects() {
			return nil, ErrTooManyRedirects
		}
	}
}

// parsePOXResponse parses an outlook or mobilesync response document.
func parsePOXResponse(data []byte) (resp *POXResponse, redirAddr, redirURL string, err error) {
	doc := etree.NewDocument()
	if err := doc.ReadFromBytes(data); err != nil {
		return nil, "", "", fmt.Errorf("autodiscover: malformed POX response: %w", err)
	}
	root := doc.Root()
	if root == nil || root.Tag != "Autodiscover" {
		return nil, "", "", errors.New("autodiscover: POX response root is not Autodiscover")
	}
	r := root.SelectElement("Response")
	if r == nil {
		return nil, "", "", errors.New("autodiscover: POX response without Response")
	}
	if e := r.SelectElement("Error"); e != nil {
		pe := &POXError{Message: text(e, "Message")}
		fmt.Sscan(text(e, "ErrorCode"), &pe.Code)
		return nil, "", "", pe
	}
	resp = &POXResponse{}
	if u := r.SelectElement("User"); u != nil {
		resp.DisplayName = text(u, "DisplayName")
		resp.LegacyDN = text(u, "LegacyDN")
		resp.AutoDiscoverSMTPAddress = text(u, "AutoDiscoverSMTPAddress")
		if resp.AutoDiscoverSMTPAddress == "" {
			resp.AutoDiscoverSMTPAddress = text(u, "EMailAddress")
		}
		resp.DeploymentID = text(u, "DeploymentId")
	}
	if a := r.SelectElement("Account"); a != nil {
		switch text(a, "Action") {
		case "redirectAddr":
			return nil, text(a, "RedirectAddr"), "", nil
		case "redirectUrl":
			return nil, "", text(a, "RedirectUrl"), nil
		}
		for _, p := range a.SelectElements("Protocol") {
			pp := POXProtocol{
				Type: text(p, "Type"), Server: text(p, "Server"), ServerDN: text(p, "ServerDN"),
				ServerVersion: text(p, "ServerVersion"), ASUrl: text(p, "ASUrl"), EwsUrl: text(p, "EwsUrl"),
				OOFUrl: text(p, "OOFUrl"), OABUrl: text(p, "OABUrl"),
			}
			if t := p.SelectAttrValue("Type", ""); t != "" {
				pp.Type = t
			}
			if ms := p.SelectElement("MailStore"); ms != nil {
				pp.MailStoreInternalURL, pp.MailStoreExternalURL = text(ms, "InternalUrl"), text(ms, "ExternalUrl")
			}
			if ab := p.SelectElement("AddressBook"); ab != nil {
				pp.AddressBookInternalURL, pp.AddressBookExternalURL = text(ab, "InternalUrl"), text(ab, "ExternalUrl")
			}
			resp.Protocols = append(resp.Protocols, pp)
		}
	}
	if act := r.SelectElement("Action"); act != nil {
		if red := text(act, "Redirect"); red != "" {
			return nil, red, "", nil
		}
		if s := act.SelectElement("Settings"); s != nil {
			for _, srv := range s.SelectElements("Server") {
				if text(srv, "Type") == "MobileSync" {
					resp.MobileSyncURL = text(srv, "Url")
				}
			}
		}
	}
	return resp, "", "", nil
}

func text(e *etree.Element, tag string) string {
	if c := e.SelectElement(tag); c != nil {
		return strings.TrimSpace(c.Text())
	}
	return ""
}

// UserSettingsResponse is the answer to GetUserSettings for one user.
type UserSettingsResponse struct {
	// Settings maps setting names to values.
	Settings map[string]string
	// Errors maps setting names to their error codes
	// (InvalidSetting, SettingIsNotAvailable).
	Errors map[string]string
}

// SOAPError is an error code of a SOAP Autodiscover response
// (InvalidUser, InvalidRequest, …).
type SOAPError struct {
	Code    string
	Message string
}

func (e *SOAPError) Error() string { return "autodiscover: " + e.Code + ": " + e.Message }

// GetUserSettings sends a SOAP GetUserSettings request for one mailbox to
// endpoint (…/autodiscover/autodiscover.svc), following RedirectAddress,
// RedirectUrl and HTTP redirects.
func (c *Client) GetUserSettings(ctx context.Context, endpoint, email string, settings ...string) (*UserSettingsResponse, error) {
	redirects := 0
	for {
		body := buildGetUserSettings(endpoint, email, settings)
		hdr := http.Header{}
		hdr.Set("SOAPAction", `"`+actionPrefix+`GetUserSettings"`)
		_, data, err := c.post(ctx, endpoint, "text/xml; charset=utf-8", body, hdr, &redirects)
		if err != nil {
			return nil, err
		}
		resp, code, target, err := parseGetUserSettingsResponse(data)
		if err != nil {
			return nil, err
		}
		switch code {
		case "RedirectAddress":
			email = target
		case "RedirectUrl":
			if err := c.checkTarget(target); err != nil {
				return nil, err
			}
			endpoint = target
		default:
			return resp, nil
		}
		redirects++
		if redirects > c.maxRedirects() {
			return nil, ErrTooManyRedirects
		}
	}
}

func buildGetUserSettings(endpoint, email string, settings []string) []byte {
	doc := etree.NewDocument()
	doc.CreateProcInst("xml", `version="1.0" encoding="utf-8"`)
	env := doc.CreateElement("s:Envelope")
	env.CreateAttr("xmlns:s", NSSOAP)
	env.CreateAttr("xmlns:a", NSAutodiscover)
	env.CreateAttr("xmlns:wsa", NSAddressing)
	h := env.CreateElement("s:Header")
	h.CreateElement("a:RequestedServerVersion").SetText("Exchange2013")
	h.CreateElement("wsa:Action").SetText(actionPrefix + "GetUserSettings")
	h.CreateElement("wsa:To").SetText(endpoint)
	req := env.CreateElement("s:Body").CreateElement("a:GetUserSettingsRequestMessage").CreateElement("a:Request")
	req.CreateElement("a:Users").CreateElement("a:User").CreateElement("a:Mailbox").SetText(email)
	rs := req.CreateElement("a:RequestedSettings")
	for _, s := range settings {
		rs.CreateElement("a:Setting").SetText(s)
	}
	b, _ := doc.WriteToBytes()
	return b
}

func parseGetUserSettingsResponse(data []byte) (resp *UserSettingsResponse, code, target string, err error) {
	doc := etree.NewDocument()
	if err := doc.ReadFromBytes(data); err != nil {
		return nil, "", "", fmt.Errorf("autodiscover: malformed SOAP response: %w", err)
	}
	env := doc.Root()
	if env == nil || env.Tag != "Envelope" {
		return nil, "", "", errors.New("autodiscover: SOAP response root is not Envelope")
	}
	body := child(env, NSSOAP, "Body")
	if body == nil {
		return nil, "", "", errors.New("autodiscover: SOAP response without Body")
	}
	if f := child(body, NSSOAP, "Fault"); f != nil {
		return nil, "", "", &SOAPError{Code: "Fault", Message: text(f, "faultstring")}
	}
	msg := child(body, NSAutodiscover, "GetUserSettingsResponseMessage")
	if msg == nil {
		return nil, "", "", errors.New("autodiscover: missing GetUserSettingsResponseMessage")
	}
	r := child(msg, NSAutodiscover, "Response")
	if r == nil {
		return nil, "", "", errors.New("autodiscover: missing Response")
	}
	if c := text(r, "ErrorCode"); c != "" && c != "NoError" {
		return nil, "", "", &SOAPError{Code: c, Message: text(r, "ErrorMessage")}
	}
	urs := child(r, NSAutodiscover, "UserResponses")
	if urs == nil || len(urs.ChildElements()) == 0 {
		return nil, "", "", errors.New("autodiscover: no UserResponse")
	}
	ur := urs.ChildElements()[0]
	switch c := text(ur, "ErrorCode"); c {
	case "", "NoError":
	case "RedirectAddress", "RedirectUrl":
		return nil, c, text(ur, "RedirectTarget"), nil
	default:
		return nil, "", "", &SOAPError{Code: c, Message: text(ur, "ErrorMessage")}
	}
	resp = &UserSettingsResponse{Settings: map[string]string{}, Errors: map[string]string{}}
	if us := child(ur, NSAutodiscover, "UserSettings"); us != nil {
		for _, s := range us.ChildElements() {
			resp.Settings[text(s, "Name")] = text(s, "Value")
		}
	}
	if ue := child(ur, NSAutodiscover, "UserSettingErrors"); ue != nil {
		for _, e := range ue.ChildElements() {
			resp.Errors[text(e, "SettingName")] = text(e, "ErrorCode")
		}
	}
	return resp, "", "", nil
}
