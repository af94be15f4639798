package ews

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"sync"

	"github.com/beevik/etree"
	"github.com/oxkit/oxkit/httpauth"
	"github.com/oxkit/oxkit/mapi"
	"github.com/oxkit/oxkit/store"
	"github.com/oxkit/oxkit/store/rules"
)

// Server version announced in the ServerVersionInfo header: Exchange 2016
// (15.1), the schema version of ../shared/specs/ews-schema.
//
// QUIRK: Exchange 2016 reports Version="V2017_07_11"; exchangelib takes
// V-strings for bogus and keeps the version it probed with (Exchange2019,
// captures/exchangelib-ewsguess) against a 15.1 build, which it cannot
// name. Reporting the schema's own name, Exchange2016, keeps clients'
// version and build consistent.
const (
	serverMajor   = "15"
	serverMinor   = "1"
	serverBuild   = "2507"
	serverMinBld  = "6"
	serverVersion = "Exchange2016"
)

// Sender hands a message to transport for recipients outside the store
// (SendOnly / SendAndSaveCopy). from is the sender's SMTP address, rcpts
// the envelope recipients, raw the RFC 5322 message. A nil error is what
// the item's NoError promises, so Send returns nil only once the message
// is safe: relayed (a direct smarthost client) or durably queued
// (transport/queue.Queue.Send has this signature); an error fails the
// item (ErrorItemSave).
type Sender interface {
	Send(ctx context.Context, from string, rcpts []string, raw []byte) error
}

// Handler is the EWS endpoint (POST /EWS/Exchange.asmx). The caller's
// mailbox is that of the identity httpauth put in the request context
// (through Auth, or an authenticating middleware in front).
type Handler struct {
	// Store holds the mailboxes. Directory (ResolveNames, local delivery)
	// is found by type assertion on it.
	Store store.Store
	// Auth, if non-nil, authenticates requests; nil means the identity is
	// already in the request context.
	Auth httpauth.Authenticator
	// Sender, if non-nil, transports messages to recipients that have no
	// mailbox in Store. Without it such recipients are skipped (logged).
	Sender Sender
	// Logger receives internal errors; nil means slog.Default().
	Logger *slog.Logger
	// MaxRequestBytes bounds request bodies; 0 means DefaultMaxRequestBytes.
	MaxRequestBytes int64
	// MaxDepth bounds XML nesting; 0 means DefaultMaxDepth.
	MaxDepth int
	// MaxSubscriptions bounds live notification subscriptions; 0 means
	// DefaultMaxSubscriptions.
	MaxSubscriptions int
	// MaxTransferBytes bounds the Data of one ExportItems response (all
	// items together) and of one UploadItems item; 0 means
	// DefaultMaxTransferBytes.
	MaxTransferBytes int

	// PushClient sends push notifications; nil means an http.Client with
	// a 30 s timeout. Push targets are the URLs clients give: restrict
	// them with the client's Transport (or a proxy) where that matters.
	PushClient *http.Client

	// MaxMessageSize, if > 0, is the largest message (bytes) the
	// deployment accepts, reported by MailTips (mailtips.go); 0 reports
	// none.
	MaxMessageSize int

	// SendOnBehalf decides who may send on behalf of whom (t:From naming
	// another user, onbehalf.go); nil means a user's delegates may.
	SendOnBehalf SendOnBehalfFunc
	// SendAs decides who holds Send As for which mailbox user or
	// distribution list (t:From naming it: the message leaves as that
	// recipient, without Sender; sendas.go). It is asked before
	// SendOnBehalf; nil means nobody holds Send As.
	SendAs SendAsFunc
	// SentCopyForPrincipal, if non-nil, says for which mailboxes a
	// message sent as them or on their behalf is also saved in their own
	// Sent Items (sendas.go); nil means never (Exchange's default).
	SentCopyForPrincipal SentCopyFunc

	// Rules runs Inbox rules on local deliveries; nil means the default
	// of RuleExecutor.
	Rules *rules.Executor

	// Photos, if non-nil, holds the directory's user photos for
	// GetUserPhoto (photo.go); nil means the Store's, if it is a
	// store.PhotoSource.
	Photos store.PhotoSource
	// MaxPhotoPixels bounds the size (width × height) of a photo
	// GetUserPhoto decodes to scale; larger photos are sent as stored.
	// 0 means DefaultMaxPhotoPixels.
	MaxPhotoPixels int

	subsOnce      sync.Once
	subscriptions *subscriptions
	// owners caches MailboxGUID → owner for IDs of other users'
	// mailboxes (perms_access.go).
	owners sync.Map
	// named caches mailboxes' mapped named-property IDs (namedcache.go).
	named namedCache
	// shapes caches item shapes' named-property resolutions
	// (shapecache.go).
	shapes shapeCache
}

func (h *Handler) logger() *slog.Logger {
	if h.Logger != nil {
		return h.Logger
	}
	return slog.Default()
}

var bufPool = sync.Pool{New: func() any { b := make([]byte, 0, 16<<10); return &b }}

// respPool holds response buffers apart from bufPool's request buffers:
// responses are larger (a GetItem of 30 items is 100 KB), and a small
// request buffer taken for a response grows by reallocation, each
// reallocation past 32 KB a fresh span for the collector to free and the
// scavenger to hand back to the OS.
var respPool = sync.Pool{New: func() any { b := make([]byte, 0, 64<<10); return &b }}

// ServeHTTP implements http.Handler.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if h.Auth != nil {
		if _, ok := httpauth.FromContext(r.Context()); !ok {
			httpauth.Require(h.Auth, http.HandlerFunc(h.serve)).ServeHTTP(w, r)
			return
		}
	}
	h.serve(w, r)
}

func (h *Handler) serve(w http.ResponseWriter, r *http.Request) {
	switch r.Method {
	case http.MethodPost:
	case http.MethodGet, http.MethodHead:
		if isUserPhotoPath(r.URL.Path) {
			h.serveUserPhoto(w, r) // photo.go
			return
		}
		// Clients (DavMail) probe the endpoint with GET; Exchange answers
		// an authenticated GET with a service page.
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		io.WriteString(w, "<html><body>Exchange Web Services</body></html>\n")
		return
	default:
		w.Header().Set("Allow", "GET, HEAD, POST")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	id, ok := httpauth.FromContext(r.Context())
	if !ok || id.User == "" {
		http.Error(w, "unauthenticated", http.StatusUnauthorized)
		return
	}
	limit := h.MaxRequestBytes
	if limit <= 0 {
		limit = DefaultMaxRequestBytes
	}
	bp := bufPool.Get().(*[]byte)
	defer func() {
		if cap(*bp) <= 1<<20 {
			bufPool.Put(bp)
		}
	}()
	body, err := readLimited(r.Body, limit, (*bp)[:0])
	if err != nil {
		if errors.Is(err, ErrTooLarge) {
			h.writeFault(w, &Fault{Code: ErrorInvalidRequest, Message: "The request exceeds the maximum size.", Err: err})
			return
		}
		h.writeFault(w, &Fault{Code: ErrorInvalidRequest, Message: "The request could not be read.", Err: err})
		return
	}
	req, err := ParseRequest(body, &ParseOptions{MaxBytes: limit, MaxDepth: h.MaxDepth})
	*bp = body[:0]
	if err != nil {
		h.writeFault(w, &Fault{Code: ErrorSchemaValidation, Message: "The request failed schema validation: " + err.Error(), Err: err})
		return
	}
	c := &call{h: h, ctx: r.Context(), req: req, user: id.User, rw: w, httpReq: r}
	out := respPool.Get().(*[]byte)
	defer func() {
		if cap(*out) <= 4<<20 {
			respPool.Put(out)
		}
	}()
	c.w.b = (*out)[:0]
	c.w.raw(envelopeStart)
	err = c.dispatch()
	if err != nil {
		var f *Fault
		if !errors.As(err, &f) {
			var e *Error
			if errors.As(err, &e) {
				f = &Fault{Code: e.Code, Message: e.Message, Err: e.Err}
			} else {
				te := toError(err, ErrorItemNotFound)
				f = &Fault{Code: te.Code, Message: te.Message, Err: err}
			}
		}
		*out = c.w.b[:0]
		h.writeFault(w, f)
		return
	}
	if c.streamed {
		*out = c.w.b[:0]
		return
	}
	c.w.raw(envelopeEnd)
	*out = c.w.b[:0]
	// With the length known, net/http writes the body as it is instead of
	// in chunks.
	w.Header().Set("Content-Type", "text/xml; charset=utf-8")
	w.Header().Set("Content-Length", strconv.Itoa(len(c.w.b)))
	w.Write(c.w.b)
}

const envelopeStart = `<?xml version="1.0" encoding="utf-8"?>` +
	`<s:Envelope xmlns:s="` + nsSOAP + `"><s:Header>` +
	`<h:ServerVersionInfo MajorVersion="` + serverMajor + `" MinorVersion="` + serverMinor +
	`" MajorBuildNumber="` + serverBuild + `" MinorBuildNumber="` + serverMinBld + `" Version="` + serverVersion +
	`" xmlns:h="` + nsTypes + `"/></s:Header><s:Body>`

const envelopeEnd = `</s:Body></s:Envelope>`

// readLimited reads r into b, failing with ErrTooLarge past limit bytes.
func readLimited(r io.Reader, limit int64, b []byte) ([]byte, error) {
	for {
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)]
		}
		n, err := r.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		if int64(len(b)) > limit {
			return b, ErrTooLarge
		}
		if err == io.EOF {
			return b, nil
		}
		if err != nil {
			return b, err
		}
	}
}

// writeFault sends f as a SOAP 1.1 fault in Exchange's form: faultcode
// in the types namespace, faultstring, and detail with e:ResponseCode and
// e:Message, with HTTP status 500.
func (h *Handler) writeFault(w http.ResponseWriter, f *Fault) {
	if f.Err != nil {
		h.logger().Info("ews: fault", "code", string(f.Code), "err", f.Err)
	}
	x := xw{b: make([]byte, 0, 1024)}
	x.raw(envelopeStart)
	x.raw(`<s:Fault><faultcode xmlns:a="` + nsTypes + `">a:`)
	x.text(string(f.Code))
	x.raw(`</faultcode><faultstring xml:lang="en-US">`)
	x.text(f.Message)
	x.raw(`</faultstring><detail><e:ResponseCode xmlns:e="` + nsErrors + `">`)
	x.text(string(f.Code))
	x.raw(`</e:ResponseCode><e:Message xmlns:e="` + nsErrors + `">`)
	x.text(f.Message)
	x.raw(`</e:Message></detail></s:Fault>`)
	x.raw(envelopeEnd)
	w.Header().Set("Content-Type", "text/xml; charset=utf-8")
	w.WriteHeader(http.StatusInternalServerError)
	w.Write(x.b)
}

// call is one request being answered.
type call struct {
	h    *Handler
	ctx  context.Context
	req  *Request
	user string
	mb   store.Mailbox
	w    xw
	// rw is the response writer, for operations that stream
	// (GetStreamingEvents); they set streamed.
	rw       http.ResponseWriter
	streamed bool
	guid     mapi.GUID
	guidSet  bool
	// acc is set when the request addresses another user's mailbox
	// (then mb is that mailbox); nil for the caller's own.
	acc *access
	// cross is set when a MoveItem, CopyItem, MoveFolder or CopyFolder
	// names folders or items of more than one mailbox (othermbx_move.go).
	cross bool
	// pfid and pfidText are the last parent folder ID written and its
	// encoding (writeParentFolderID).
	pfid     store.FID
	pfidText []byte
	// msgID is the encoded shared part of message IDs (idprefix.go).
	msgID msgIDPrefix

	// httpReq is the HTTP request (GetUserPhoto reads If-None-Match).
	httpReq *http.Request
}

// mailboxGUID returns the caller's MailboxGUID (cached: IDs are written
// per item).
func (c *call) mailboxGUID() mapi.GUID {
	if !c.guidSet {
		c.guid, c.guidSet = c.mb.Info().MailboxGUID, true
	}
	return c.guid
}

// mailbox opens the caller's mailbox once per request.
func (c *call) mailbox() (store.Mailbox, error) {
	if c.mb != nil {
		return c.mb, nil
	}
	mb, err := c.h.Store.OpenMailbox(c.ctx, c.user)
	if err != nil {
		return nil, err
	}
	c.mb = mb
	if err := c.selectMailbox(); err != nil {
		return nil, err
	}
	return c.mb, nil
}

// operation is one EWS operation's implementation. It writes the
// response element (<m:XResponse ...>) into c.w, with per-message errors
// inline; a returned error becomes a fault.
type operation func(c *call) error

// operations maps the operation element's local name to its
// implementation.
var operations = map[string]operation{
	"GetFolder":                  (*call).getFolder,
	"FindFolder":                 (*call).findFolder,
	"CreateFolder":               (*call).createFolder,
	"UpdateFolder":               (*call).updateFolder,
	"DeleteFolder":               (*call).deleteFolder,
	"EmptyFolder":                (*call).emptyFolder,
	"MoveFolder":                 (*call).moveFolder,
	"CopyFolder":                 (*call).copyFolder,
	"SyncFolderHierarchy":        (*call).syncFolderHierarchy,
	"GetItem":                    (*call).getItem,
	"FindItem":                   (*call).findItem,
	"CreateItem":                 (*call).createItem,
	"UpdateItem":                 (*call).updateItem,
	"DeleteItem":                 (*call).deleteItem,
	"MoveItem":                   (*call).moveItem,
	"CopyItem":                   (*call).copyItem,
	"MarkAllItemsAsRead":         (*call).markAllItemsAsRead,
	"SyncFolderItems":            (*call).syncFolderItems,
	"ConvertId":                  (*call).convertID,
	"GetAttachment":              (*call).getAttachment,
	"CreateAttachment":           (*call).createAttachment,
	"DeleteAttachment":           (*call).deleteAttachment,
	"SendItem":                   (*call).sendItem,
	"ExpandDL":                   (*call).expandDL,
	"GetUserAvailabilityRequest": (*call).getUserAvailability,
	"GetServerTimeZones":         (*call).getServerTimeZones,
	"FindPeople":                 (*call).findPeople,
	"GetPersona":                 (*call).getPersona,
	"GetUserPhoto":               (*call).getUserPhoto,
	"GetDelegate":                (*call).getDelegate,
	"AddDelegate":                (*call).addDelegate,
	"UpdateDelegate":             (*call).updateDelegate,
	"RemoveDelegate":             (*call).removeDelegate,
	"ArchiveItem":                (*call).archiveItem,
	"GetUserOofSettingsRequest":  (*call).getUserOofSettings,
	"GetInboxRules":              (*call).getInboxRules,
	"UpdateInboxRules":           (*call).updateInboxRules,
	"SetUserOofSettingsRequest":  (*call).setUserOofSettings,
	"Subscribe":                  (*call).subscribe,
	"GetEvents":                  (*call).getEvents,
	"GetStreamingEvents":         (*call).getStreamingEvents,
	"Unsubscribe":                (*call).unsubscribe,
	"ResolveNames":               (*call).resolveNames,
	"GetAppManifests":            (*call).getAppManifests,
	"GetAppMarketplaceUrl":       (*call).getAppMarketplaceURL,
	"GetServiceConfiguration":    (*call).getServiceConfiguration,
	"GetMailTips":                (*call).getMailTips,  // mailtips.go
	"GetRoomLists":               (*call).getRoomLists, // rooms.go
	"GetRooms":                   (*call).getRooms,
	"GetUnifiedGroupsSettings":   (*call).getUnifiedGroupsSettings,
	"GetUserConfiguration":       (*call).getUserConfiguration,
	"ExportItems":                (*call).exportItems,
	"UploadItems":                (*call).uploadItems,
	"CreateUserConfiguration":    (*call).createUserConfiguration,
	"UpdateUserConfiguration":    (*call).updateUserConfiguration,
	"DeleteUserConfiguration":    (*call).deleteUserConfiguration,
}

func (c *call) dispatch() error {
	if c.req.Body.NamespaceURI() != nsMessages {
		return &Fault{Code: ErrorInvalidRequest, Message: "The request is invalid: the operation element " + c.req.Operation + " is not in the messages namespace."}
	}
	op, ok := operations[c.req.Operation]
	if !ok {
		// QUIRK: Exchange faults on an operation it does not know; a bare
		// HTTP 500 without a SOAP body makes Outlook loop on credential
		// prompts (gromox issue #261), so the fault carries Exchange's
		// detail element.
		return &Fault{Code: ErrorInvalidRequest, Message: "The request is invalid: operation " + c.req.Operation + " is not supported by this server."}
	}
	return op(c)
}

// child returns e's first child element with local name name, or nil.
func child(e *etree.Element, name string) *etree.Element {
	if e == nil {
		return nil
	}
	for _, t := range e.Child {
		if c, ok := t.(*etree.Element); ok && c.Tag == name {
			return c
		}
	}
	return nil
}

// text returns the trimmed text of e's child name, "" if absent.
func childText(e *etree.Element, name string) string {
	if c := child(e, name); c != nil {
		return strings.TrimSpace(c.Text())
	}
	return ""
}

// attr returns e's attribute name (any prefix), or "".
func attr(e *etree.Element, name string) string {
	if e == nil {
		return ""
	}
	for _, a := range e.Attr {
		if a.Key == name && a.Space != "xmlns" {
			return a.Value
		}
	}
	return ""
}

// responseStart writes <m:{op}Response xmlns...><m:ResponseMessages>.
func (c *call) responseStart(op string) {
	c.w.raw(`<m:`)
	c.w.raw(op)
	c.w.raw(`Response xmlns:m="` + nsMessages + `" xmlns:t="` + nsTypes + `"><m:ResponseMessages>`)
}

func (c *call) responseEnd(op string) {
	c.w.raw(`</m:ResponseMessages></m:`)
	c.w.raw(op)
	c.w.raw(`Response>`)
}

// msgStart opens a response message: <m:{name} ResponseClass="Success">
// <m:ResponseCode>NoError</m:ResponseCode>.
func (c *call) msgStart(name string) {
	c.w.raw(`<m:`)
	c.w.raw(name)
	c.w.raw(` ResponseClass="Success"><m:ResponseCode>NoError</m:ResponseCode>`)
}

func (c *call) msgEnd(name string) {
	c.w.raw(`</m:`)
	c.w.raw(name)
	c.w.raw(`>`)
}

// bareError writes operation op's whole error response where that
// response is itself the response message (ResponseMessageType without
// ResponseMessages: FindPeople, GetRooms); internal errors are logged.
func (c *call) bareError(op string, err error, notFound ResponseCode) {
	e := toError(err, notFound)
	if e.Code == ErrorInternalServerError {
		c.h.logger().Error("ews: operation failed", "op", c.req.Operation, "user", c.user, "err", err)
	}
	c.w.raw(`<m:` + op + `Response ResponseClass="Error" xmlns:m="` + nsMessages + `" xmlns:t="` + nsTypes + `"><m:MessageText>`)
	c.w.text(e.Message)
	c.w.raw(`</m:MessageText><m:ResponseCode>`)
	c.w.text(string(e.Code))
	c.w.raw(`</m:ResponseCode><m:DescriptiveLinkKey>0</m:DescriptiveLinkKey></m:` + op + `Response>`)
}

// msgError writes a whole error response message; the one place per-item
// errors reach the wire. Internal errors are logged, not sent.
func (c *call) msgError(name string, err error, notFound ResponseCode) {
	e := toError(err, notFound)
	if e.Code == ErrorInternalServerError {
		c.h.logger().Error("ews: operation failed", "op", c.req.Operation, "user", c.user, "err", err)
	}
	c.w.raw(`<m:`)
	c.w.raw(name)
	c.w.raw(` ResponseClass="Error"><m:MessageText>`)
	c.w.text(e.Message)
	c.w.raw(`</m:MessageText><m:ResponseCode>`)
	c.w.text(string(e.Code))
	c.w.raw(`</m:ResponseCode><m:DescriptiveLinkKey>0</m:DescriptiveLinkKey>`)
	switch name {
	case "GetItemResponseMessage", "CreateItemResponseMessage", "UpdateItemResponseMessage",
		"MoveItemResponseMessage", "CopyItemResponseMessage", "ArchiveItemResponseMessage":
		// ItemInfoResponseMessageType requires Items, empty on errors as
		// Exchange sends it.
		c.w.raw(`<m:Items/>`)
	case "GetAttachmentResponseMessage", "CreateAttachmentResponseMessage":
		c.w.raw(`<m:Attachments/>`)
	}
	c.w.raw(`</m:`)
	c.w.raw(name)
	c.w.raw(`>`)
}
