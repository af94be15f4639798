package autodiscover

import (
	"errors"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/beevik/etree"
	"github.com/oxkit/oxkit/httpauth"
)

// DefaultMaxRequestBytes bounds a POX or SOAP request body.
const DefaultMaxRequestBytes = 64 << 10

// Handler serves every Autodiscover flavour under one http.Handler:
//
//	POST /autodiscover/autodiscover.xml            POX ([MS-OXDSCLI], [MS-ASCMD] 2.2.1.1)
//	POST /autodiscover/autodiscover.svc            SOAP ([MS-OXWSADISC])
//	GET  /autodiscover/autodiscover.json?…         JSON v2
//	GET  /autodiscover/autodiscover.json/v1.0/{email}?Protocol=…
//	GET  /.well-known/autoconfig/mail/config-v1.1.xml, /mail/config-v1.1.xml
//	                                               Thunderbird autoconfig
//
// Paths match case-insensitively.
//
// QUIRK: DavMail lower-cases the whole path it sends
// (shared/captures/davmail-imap-login), and clients differ in the case of
// "Autodiscover"; Exchange (IIS) matches paths case-insensitively.
//
// POX and SOAP require authentication when Auth is set (401 with its
// challenges otherwise); the JSON and autoconfig endpoints are anonymous,
// as Exchange Online's autodiscover.json and Mozilla's autoconfig are:
// they reveal only endpoint URLs.
type Handler struct {
	Settings Settings
	// Auth, if non-nil, authenticates POX and SOAP requests.
	Auth httpauth.Authenticator
	// Logger receives errors; nil means slog.Default().
	Logger *slog.Logger
	// MaxRequestBytes bounds request bodies; 0 means DefaultMaxRequestBytes.
	MaxRequestBytes int64

	now func() time.Time // for tests
}

// ServeHTTP implements http.Handler.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	p := strings.ToLower(r.URL.Path)
	switch {
	case p == "/autodiscover/autodiscover.xml":
		h.authThen(w, r, h.servePOX)
	case p == "/autodiscover/autodiscover.svc" || strings.HasPrefix(p, "/autodiscover/autodiscover.svc/"):
		h.authThen(w, r, h.serveSOAP)
	case p == "/autodiscover/autodiscover.json" || strings.HasPrefix(p, "/autodiscover/autodiscover.json/"):
		h.serveJSON(w, r, r.URL.Path[len("/autodiscover/autodiscover.json"):])
	case p == "/.well-known/autoconfig/mail/config-v1.1.xml" || p == "/mail/config-v1.1.xml":
		h.serveAutoconfig(w, r)
	default:
		http.NotFound(w, r)
	}
}

func (h *Handler) authThen(w http.ResponseWriter, r *http.Request, next http.HandlerFunc) {
	if h.Auth == nil {
		next(w, r)
		return
	}
	httpauth.Require(h.Auth, next).ServeHTTP(w, r)
}

func (h *Handler) logger() *slog.Logger {
	if h.Logger != nil {
		return h.Logger
	}
	return slog.Default()
}

func (h *Handler) logError(r *http.Request, what string, err error) {
	h.logger().ErrorContext(r.Context(), what, "path", r.URL.Path, "err", err)
}

func (h *Handler) readBody(w http.ResponseWriter, r *http.Request) ([]byte, error) {
	limit := h.MaxRequestBytes
	if limit <= 0 {
		limit = DefaultMaxRequestBytes
	}
	return io.ReadAll(http.MaxBytesReader(w, r.Body, limit))
}

func (h *Handler) clock() time.Time {
	if h.now != nil {
		return h.now()
	}
	return time.Now()
}

func writeXML(w http.ResponseWriter, status int, doc *etree.Document) {
	w.Header().Set("Content-Type", "text/xml; charset=utf-8")
	w.WriteHeader(status)
	doc.WriteTo(w)
}

// servePOX answers a POX request. Errors are answered with status 200 and
// an Error element, as Exchange does ([MS-OXDSCLI] 3.1.5).
func (h *Handler) servePOX(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		// QUIRK: clients probe with GET before POSTing; Exchange answers a
		// 600 error document rather than 405.
		writeXML(w, http.StatusOK, poxErrorDoc("", POXInvalidRequest, "", h.clock()))
		return
	}
	body, err := h.readBody(w, r)
	if err != nil {
		writeXML(w, http.StatusRequestEntityTooLarge, poxErrorDoc("", POXInvalidRequest, "request too large", h.clock()))
		return
	}
	req, err := ParsePOXRequest(body)
	if err != nil {
		var pe *POXError
		errors.As(err, &pe)
		writeXML(w, http.StatusOK, poxErrorDoc("", pe.Code, "", h.clock()))
		return
	}
	schema := req.AcceptableResponseSchema
	if schema != NSOutlookResponse && schema != NSMobileSyncResponse {
		writeXML(w, http.StatusOK, poxErrorDoc("", POXUnsupportedSchema, "", h.clock()))
		return
	}
	// Outlook-schema errors carry their Response in the base namespace
	// (exchangelib's ErrorResponse reads them there, as Exchange sends
	// them); mobilesync errors in the mobilesync namespace ([MS-ASCMD] 4.2.x).
	errNS := ""
	if schema == NSMobileSyncResponse {
		errNS = schema
	}
	if req.EMailAddress == "" {
		writeXML(w, http.StatusOK, poxErrorDoc(errNS, POXInvalidRequest, "EMailAddress is required", h.clock()))
		return
	}
	u, err := h.Settings.Lookup(r.Context(), req.EMailAddress)
	if err != nil {
		code := POXInternalError
		if errors.Is(err, ErrUnknownUser) {
			code = POXUnknownAddress
		} else {
			h.logError(r, "autodiscover pox lookup", err)
		}
		writeXML(w, http.StatusOK, poxErrorDoc(errNS, code, "", h.clock()))
		return
	}
	if schema == NSMobileSyncResponse {
		if u.ActiveSync == "" && u.RedirectAddr == "" {
			writeXML(w, http.StatusOK, poxErrorDoc(schema, POXUnsupportedSchema, "", h.clock()))
			return
		}
		writeXML(w, http.StatusOK, poxMobileSyncDoc(u))
		return
	}
	mapiHTTP := strings.TrimSpace(r.Header.Get("X-MapiHttpCapability"))
	writeXML(w, http.StatusOK, poxOutlookDoc(u, mapiHTTP != "" && mapiHTTP != "0"))
}

// serveSOAP answers a SOAP request. Malformed requests and unknown
// operations get a SOAP fault with status 500, as SOAP 1.1 requires.
func (h *Handler) serveSOAP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", "POST")
		http.Error(w, "SOAP Autodiscover takes POST", http.StatusMethodNotAllowed)
		return
	}
	body, err := h.readBody(w, r)
	if err != nil {
		writeXML(w, http.StatusRequestEntityTooLarge, soapFaultDoc("Client", "request too large"))
		return
	}
	req, err := ParseSOAPRequest(body)
	if err != nil {
		writeXML(w, http.StatusInternalServerError, soapFaultDoc("Client", err.Error()))
		return
	}
	var doc *etree.Document
	switch req.Operation {
	case "GetUserSettings":
		doc, err = getUserSettingsDoc(r.Context(), h.Settings, req)
	case "GetDomainSettings":
		doc, err = getDomainSettingsDoc(r.Context(), h.Settings, req)
	default:
		writeXML(w, http.StatusInternalServerError, soapFaultDoc("Client", "The operation "+req.Operation+" is not supported."))
		return
	}
	if err != nil {
		h.logError(r, "autodiscover soap", err)
		writeXML(w, http.StatusInternalServerError, soapFaultDoc("Server", "An internal server error occurred."))
		return
	}
	writeXML(w, http.StatusOK, doc)
}
