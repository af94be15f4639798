package autodiscover

import (
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strings"
)

// JSON Autodiscover (v2): GET /autodiscover/autodiscover.json?Email=…&Protocol=…
// and GET /autodiscover/autodiscover.json/v1.0/{email}?Protocol=…
// It is not in the open specifications; the shapes follow what Exchange
// answers ("Autodiscover for Exchange ActiveSync developers", "Autodiscover
// V2" on learn.microsoft.com).

// JSONResponse is the answer for one protocol.
type JSONResponse struct {
	Protocol string `json:"Protocol"`
	URL      string `json:"Url"`
}

// JSONError is an error answer.
type JSONError struct {
	ErrorCode    string `json:"ErrorCode"`
	ErrorMessage string `json:"ErrorMessage"`
}

// jsonProtocols are the protocol names answered, with their canonical
// spelling; matching is case-insensitive as in Exchange.
var jsonProtocolNames = []string{"ActiveSync", "Ews", "AutodiscoverV1"}

func (h *Handler) serveJSON(w http.ResponseWriter, r *http.Request, rest string) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		writeJSON(w, http.StatusMethodNotAllowed, JSONError{"MethodNotAllowed", "Use GET."})
		return
	}
	q := r.URL.Query()
	email := queryGet(q, "Email")
	// /v1.0/{email}: the address is the last path segment.
	if seg, ok := strings.CutPrefix(strings.ToLower(rest), "/v1.0/"); ok && seg != "" {
		email, _ = url.PathUnescape(rest[len("/v1.0/"):])
	}
	proto := queryGet(q, "Protocol")
	if proto == "" {
		writeJSON(w, http.StatusBadRequest, JSONError{"MissingProtocol", "The protocol parameter is missing."})
		return
	}
	var canon string
	for _, p := range jsonProtocolNames {
		if strings.EqualFold(p, proto) {
			canon = p
		}
	}
	if canon == "" {
		writeJSON(w, http.StatusBadRequest, JSONError{"InvalidProtocol",
			"The given protocol value '" + proto + "' is invalid. Supported values are '" + strings.Join(jsonProtocolNames, ",") + "'"})
		return
	}
	if email == "" || !strings.Contains(email, "@") {
		writeJSON(w, http.StatusBadRequest, JSONError{"InvalidEmail", "A valid e-mail address is required."})
		return
	}
	u, err := h.Settings.Lookup(r.Context(), email)
	if err != nil {
		if errors.Is(err, ErrUnknownUser) {
			writeJSON(w, http.StatusNotFound, JSONError{"UserNotFound", "The user '" + email + "' was not found."})
			return
		}
		h.logError(r, "autodiscover json lookup", err)
		writeJSON(w, http.StatusInternalServerError, JSONError{"InternalServerError", "An internal error occurred."})
		return
	}
	var target string
	switch canon {
	case "ActiveSync":
		target = u.ActiveSync
	case "Ews":
		target = u.EWS
		canon = "EWS"
	case "AutodiscoverV1":
		target = u.Autodiscover
	}
	if target == "" {
		writeJSON(w, http.StatusNotFound, JSONError{"ProtocolNotAvailable", "The protocol '" + proto + "' is not offered for this user."})
		return
	}
	writeJSON(w, http.StatusOK, JSONResponse{Protocol: canon, URL: target})
}

// queryGet reads a query parameter with a case-insensitive name
// (Outlook sends "Protocol", scripts send "protocol").
func queryGet(q url.Values, name string) string {
	if v := q.Get(name); v != "" {
		return v
	}
	for k, vs := range q {
		if strings.EqualFold(k, name) && len(vs) > 0 {
			return vs[0]
		}
	}
	return ""
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}
