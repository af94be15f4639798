package autodiscover

import (
	"fmt"
	"strings"
	"time"

	"github.com/beevik/etree"
)

// Namespaces of the POX Autodiscover protocol ([MS-OXDSCLI] 2.2.3, 2.2.4;
// [MS-ASCMD] 2.2.1.1 for mobilesync).
const (
	NSOutlookRequest     = "http://schemas.microsoft.com/exchange/autodiscover/outlook/requestschema/2006"
	NSMobileSyncRequest  = "http://schemas.microsoft.com/exchange/autodiscover/mobilesync/requestschema/2006"
	NSResponse           = "http://schemas.microsoft.com/exchange/autodiscover/responseschema/2006"
	NSOutlookResponse    = "http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a"
	NSMobileSyncResponse = "http://schemas.microsoft.com/exchange/autodiscover/mobilesync/responseschema/2006"
)

// POXRequest is a POX Autodiscover request ([MS-OXDSCLI] 2.2.3).
type POXRequest struct {
	// EMailAddress is the address to configure. LegacyDN is the
	// alternative some clients send instead.
	EMailAddress string
	LegacyDN     string
	// AcceptableResponseSchema names the response schema the client
	// wants: NSOutlookResponse or NSMobileSyncResponse.
	AcceptableResponseSchema string
}

// POXError is an error of a POX response ([MS-OXDSCLI] 2.2.4.1.1.3).
type POXError struct {
	Code    int // 500, 501, 600, 601, 602, 603
	Message string
}

func (e *POXError) Error() string {
	return fmt.Sprintf("autodiscover: POX error %d: %s", e.Code, e.Message)
}

// POX error codes of [MS-OXDSCLI] 2.2.4.1.1.3.1.
const (
	POXUnknownAddress    = 500 // the e-mail address cannot be found
	POXBadAddress        = 501 // known, but no configuration options
	POXInvalidRequest    = 600 // the XML request was improperly formatted
	POXUnsupportedSchema = 601 // no provider for the requested response schema
	POXConfigError       = 602 // known, but configuration errors
	POXInternalError     = 603 // internal server error
)

var poxMessages = map[int]string{
	POXUnknownAddress:    "The email address can't be found.",
	POXBadAddress:        "The email address has no configuration options.",
	POXInvalidRequest:    "Invalid Request",
	POXUnsupportedSchema: "Provider is not available.",
	POXConfigError:       "The email address has a configuration error.",
	POXInternalError:     "An internal server error occurred.",
}

// normalizeNS maps the https:// spellings of the schema namespaces to the
// http:// ones.
//
// QUIRK: Microsoft's own documentation pages print the namespaces with
// https:// (learn.microsoft.com "POX Autodiscover request for Exchange"),
// and clients built from those samples send them; Exchange accepts both.
func normalizeNS(s string) string {
	s = strings.TrimSpace(s)
	if rest, ok := strings.CutPrefix(s, "https://schemas.microsoft.com/"); ok {
		return "http://schemas.microsoft.com/" + rest
	}
	return s
}

// ParsePOXRequest parses a POX request body. Errors are *POXError with
// code 600.
func ParsePOXRequest(body []byte) (*POXRequest, error) {
	doc := etree.NewDocument()
	if err := doc.ReadFromBytes(body); err != nil {
		return nil, &POXError{POXInvalidRequest, "malformed XML: " + err.Error()}
	}
	root := doc.Root()
	if root == nil || root.Tag != "Autodiscover" {
		return nil, &POXError{POXInvalidRequest, "root element is not Autodiscover"}
	}
	ns := normalizeNS(root.NamespaceURI())
	if ns != NSOutlookRequest && ns != NSMobileSyncRequest {
		return nil, &POXError{POXInvalidRequest, fmt.Sprintf("unknown request namespace %q", ns)}
	}
	req := root.SelectElement("Request")
	if req == nil {
		return nil, &POXError{POXInvalidRequest, "missing Request element"}
	}
	out := &POXRequest{}
	if e := req.SelectElement("EMailAddress"); e != nil {
		out.EMailAddress = strings.TrimSpace(e.Text())
	}
	if e := req.SelectElement("LegacyDN"); e != nil {
		out.LegacyDN = strings.TrimSpace(e.Text())
	}
	if e := req.SelectElement("AcceptableResponseSchema"); e != nil {
		out.AcceptableResponseSchema = normalizeNS(e.Text())
	}
	if out.EMailAddress == "" && out.LegacyDN == "" {
		return nil, &POXError{POXInvalidRequest, "missing EMailAddress"}
	}
	if out.AcceptableResponseSchema == "" {
		return nil, &POXError{POXInvalidRequest, "missing AcceptableResponseSchema"}
	}
	return out, nil
}

// AppendXML appends the request document.
func (r *POXRequest) AppendXML(b []byte) []byte {
	ns := NSOutlookRequest
	if r.AcceptableResponseSchema == NSMobileSyncResponse {
		ns = NSMobileSyncRequest
	}
	doc := etree.NewDocument()
	doc.CreateProcInst("xml", `version="1.0" encoding="utf-8"`)
	root := doc.CreateElement("Autodiscover")
	root.CreateAttr("xmlns", ns)
	req := root.CreateElement("Request")
	if r.EMailAddress != "" {
		req.CreateElement("EMailAddress").SetText(r.EMailAddress)
	}
	if r.LegacyDN != "" {
		req.CreateElement("LegacyDN").SetText(r.LegacyDN)
	}
	req.CreateElement("AcceptableResponseSchema").SetText(r.AcceptableResponseSchema)
	s, _ := doc.WriteToString()
	return append(b, s...)
}

// poxErrorDoc builds an error response ([MS-OXDSCLI] 2.2.4.1.1.3, [MS-ASCMD] 4.2.2).
func poxErrorDoc(respNS string, code int, msg string, now time.Time) *etree.Document {
	if msg == "" {
		msg = poxMessages[code]
	}
	doc, resp := poxDoc(respNS)
	e := resp.CreateElement("Error")
	e.CreateAttr("Time", now.UTC().Format("15:04:05.0000000"))
	e.CreateAttr("Id", fmt.Sprint(uint32(now.UnixNano())))
	e.CreateElement("ErrorCode").SetText(fmt.Sprint(code))
	e.CreateElement("Message").SetText(msg)
	e.CreateElement("DebugData")
	return doc
}

func poxDoc(respNS string) (*etree.Document, *etree.Element) {
	doc := etree.NewDocument()
	doc.CreateProcInst("xml", `version="1.0" encoding="utf-8"`)
	root := doc.CreateElement("Autodiscover")
	root.CreateAttr("xmlns", NSResponse)
	resp := root.CreateElement("Response")
	if respNS != "" {
		resp.CreateAttr("xmlns", respNS)
	}
	return doc, resp
}

// poxOutlookDoc builds the outlook 2006a response ([MS-OXDSCLI] 2.2.4.1.1.2).
// mapiHTTP says whether the client sent X-MapiHttpCapability.
func poxOutlookDoc(u *User, mapiHTTP bool) *etree.Document {
	doc, resp := poxDoc(NSOutlookResponse)
	if u.RedirectAddr != "" || u.RedirectURL != "" {
		acct := resp.CreateElement("Account")
		acct.CreateElement("AccountType").SetText("email")
		if u.RedirectAddr != "" {
			acct.CreateElement("Action").SetText("redirectAddr")
			acct.CreateElement("RedirectAddr").SetText(u.RedirectAddr)
		} else {
			acct.CreateElement("Action").SetText("redirectUrl")
			acct.CreateElement("RedirectUrl").SetText(u.RedirectURL)
		}
		return doc
	}
	user := resp.CreateElement("User")
	user.CreateElement("DisplayName").SetText(u.DisplayName)
	if u.LegacyDN != "" {
		user.CreateElement("LegacyDN").SetText(u.LegacyDN)
	}
	user.CreateElement("AutoDiscoverSMTPAddress").SetText(u.Email)
	if u.DeploymentID != "" {
		user.CreateElement("DeploymentId").SetText(u.DeploymentID)
	}
	acct := resp.CreateElement("Account")
	acct.CreateElement("AccountType").SetText("email")
	acct.CreateElement("Action").SetText("settings")
	acct.CreateElement("MicrosoftOnline").SetText("False")

	auth := u.AuthPackage
	if auth == "" {
		auth = "Basic"
	}
	version := u.ServerVersion
	if version == "" {
		version = "73C18880"
	}
	server := mailboxServer(u)
	urls := func(p *etree.Element) {
		if u.EWS != "" {
			p.CreateElement("ASUrl").SetText(u.EWS)
			p.CreateElement("EwsUrl").SetText(u.EWS)
			p.CreateElement("OOFUrl").SetText(u.EWS)
		}
		if u.OAB != "" {
			p.CreateElement("OABUrl").SetText(u.OAB)
		}
	}
	// EXCH: the mailbox server as seen from inside ([MS-OXDSCLI] 2.2.4.1.1.2.6).
	exch := acct.CreateElement("Protocol")
	exch.CreateElement("Type").SetText("EXCH")
	exch.CreateElement("Server").SetText(server)
	if u.LegacyDN != "" {
		exch.CreateElement("ServerDN").SetText(serverDN(u.LegacyDN, server))
	}
	exch.CreateElement("ServerVersion").SetText(version)
	urls(exch)
	// EXPR: the same from outside.
	expr := acct.CreateElement("Protocol")
	expr.CreateElement("Type").SetText("EXPR")
	expr.CreateElement("Server").SetText(u.Hostname)
	expr.CreateElement("SSL").SetText("On")
	expr.CreateElement("AuthPackage").SetText(auth)
	expr.CreateElement("ServerVersion").SetText(version)
	urls(expr)
	// WEB: OWA and, inside it, the EWS URL for OWA-style clients.
	if u.OWA != "" || u.EWS != "" {
		web := acct.CreateElement("Protocol")
		web.CreateElement("Type").SetText("WEB")
		for _, where := range []string{"External", "Internal"} {
			w := web.CreateElement(where)
			if u.OWA != "" {
				o := w.CreateElement("OWAUrl")
				o.CreateAttr("AuthenticationMethod", auth)
				o.SetText(u.OWA)
			}
			if u.EWS != "" {
				p := w.CreateElement("Protocol")
				p.CreateElement("Type").SetText("EXPR")
				p.CreateElement("ASUrl").SetText(u.EWS)
			}
		}
	}
	// mapiHttp only for clients that said they speak it ([MS-OXDSCLI] 3.1.5.1).
	if mapiHTTP && u.MapiMailStore != "" {
		m := acct.CreateElement("Protocol")
		m.CreateAttr("Type", "mapiHttp")
		m.CreateAttr("Version", "1")
		ms := m.CreateElement("MailStore")
		ms.CreateElement("InternalUrl").SetText(mapiURL(u.MapiMailStore, u))
		ms.CreateElement("ExternalUrl").SetText(mapiURL(u.MapiMailStore, u))
		if u.MapiAddressBook != "" {
			ab := m.CreateElement("AddressBook")
			ab.CreateElement("InternalUrl").SetText(mapiURL(u.MapiAddressBook, u))
			ab.CreateElement("ExternalUrl").SetText(mapiURL(u.MapiAddressBook, u))
		}
	}
	return doc
}

// serverDN derives the mailbox server's DN from the user's legacy DN:
// the administrative-group prefix, then /cn=Configuration/cn=Servers/cn=server.
func serverDN(legacyDN, server string) string {
	prefix := legacyDN
	if i := strings.Index(strings.ToLower(prefix), "/cn=recipients"); i >= 0 {
		prefix = prefix[:i]
	}
	return prefix + "/cn=Configuration/cn=Servers/cn=" + server
}

// poxMobileSyncDoc builds the mobilesync response ([MS-ASCMD] 2.2.1.1.2).
func poxMobileSyncDoc(u *User) *etree.Document {
	doc, resp := poxDoc(NSMobileSyncResponse)
	resp.CreateElement("Culture").SetText("en:us")
	user := resp.CreateElement("User")
	user.CreateElement("DisplayName").SetText(u.DisplayName)
	user.CreateElement("EMailAddress").SetText(u.Email)
	action := resp.CreateElement("Action")
	switch {
	case u.RedirectAddr != "":
		action.CreateElement("Redirect").SetText(u.RedirectAddr)
	default:
		settings := action.CreateElement("Settings")
		srv := settings.CreateElement("Server")
		srv.CreateElement("Type").SetText("MobileSync")
		srv.CreateElement("Url").SetText(u.ActiveSync)
		srv.CreateElement("Name").SetText(u.ActiveSync)
	}
	return doc
}
