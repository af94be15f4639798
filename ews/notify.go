package ews

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/beevik/etree"
	"github.com/oxkit/oxkit/mapi"
	"github.com/oxkit/oxkit/store"
)

// Notification subscriptions ([MS-OXWSNTIF]): pull and streaming, fed by
// store.Notifier. Subscriptions live in the Handler's process (unlike the
// rest of EWS, which keeps no state): a client whose subscription landed
// on another front end gets ErrorSubscriptionNotFound and subscribes again,
// as after an Exchange failover.

// Limits of subscriptions.
const (
	// DefaultMaxSubscriptions bounds live subscriptions per Handler.
	DefaultMaxSubscriptions = 10000
	// maxQueuedEvents bounds the events a subscription keeps unacknowledged;
	// past it the subscription reports ErrorMissedNotificationEvents.
	maxQueuedEvents = 1000
	// maxEventsPerNotification bounds the events of one GetEvents answer.
	maxEventsPerNotification = 50
	// streamingIdle is how long a streaming subscription survives with no
	// connection.
	streamingIdle = 30 * time.Minute
	// heartbeat is the interval of ConnectionStatus OK messages on a
	// streaming connection.
	heartbeat = 30 * time.Second
)

// subscriptions is the Handler's registry.
type subscriptions struct {
	mu sync.Mutex
	m  map[string]*subscription
}

type queuedEvent struct {
	seq uint64
	ev  store.Event
	at  time.Time
}

// subscription is one EWS subscription.
type subscription struct {
	id        string
	user      string
	streaming bool
	sub       store.Subscription
	ctx       context.Context
	cancel    context.CancelFunc
	push      bool
	folders   map[store.FID]bool // nil: every folder
	// mailbox is the GUID of another user's mailbox the subscription
	// watches (othermbx.go); zero for the caller's own.
	mailbox mapi.GUID
	types   store.EventType
	timeout time.Duration

	mu       sync.Mutex
	seq      uint64 // watermark of the last event queued
	queue    []queuedEvent
	overflow bool
	lastUsed time.Time
}

func (h *Handler) subs() *subscriptions {
	h.subsOnce.Do(func() { h.subscriptions = &subscriptions{m: map[string]*subscription{}} })
	return h.subscriptions
}

// reap closes expired subscriptions.
func (s *subscriptions) reap(now time.Time) {
	for id, sub := range s.m {
		sub.mu.Lock()
		expired := now.Sub(sub.lastUsed) > sub.timeout
		sub.mu.Unlock()
		if expired {
			sub.close()
			delete(s.m, id)
		}
	}
}

func (sub *subscription) close() {
	sub.cancel()
	sub.sub.Close()
}

// eventTypes maps NotificationEventTypeType values to store events.
var eventTypes = map[string]store.EventType{
	"CopiedEvent":          store.EventObjectCopied,
	"CreatedEvent":         store.EventObjectCreated,
	"DeletedEvent":         store.EventObjectDeleted,
	"ModifiedEvent":        store.EventObjectModified,
	"MovedEvent":           store.EventObjectMoved,
	"NewMailEvent":         store.EventNewMail,
	"FreeBusyChangedEvent": 0,
}

func encodeWatermark(seq uint64) string {
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], seq)
	return base64.StdEncoding.EncodeToString(b[:])
}

func decodeWatermark(s string) (uint64, error) {
	b, err := base64StdDecode(s)
	if err != nil || len(b) != 8 {
		return 0, &Error{Code: "ErrorInvalidWatermark", Message: "The watermark is invalid.", Err: err}
	}
	return binary.BigEndian.Uint64(b), nil
}

// subscribe implements Subscribe ([MS-OXWSNTIF] 3.1.4.3) for pull and
// streaming subscriptions.
func (c *call) subscribe() error {
	body := c.req.Body
	mb, err := c.mailbox()
	if err != nil {
		return err
	}
	var req *etree.Element
	streaming := false
	for _, e := range body.ChildElements() {
		switch e.Tag {
		case "PullSubscriptionRequest":
			req = e
		case "StreamingSubscriptionRequest":
			req, streaming = e, true
		case "PushSubscriptionRequest":
			req = e
		}
	}
	if req == nil {
		return &Fault{Code: ErrorSchemaValidation, Message: "Subscribe needs a subscription request."}
	}
	const name = "SubscribeResponseMessage"
	c.responseStart("Subscribe")
	defer c.responseEnd("Subscribe")
	n, ok := mb.(store.Notifier)
	if !ok {
		c.msgError(name, errorf(ErrorInvalidOperation, "The store does not publish notifications."), ErrorItemNotFound)
		return nil
	}
	sub := &subscription{user: c.user, streaming: streaming, push: req.Tag == "PushSubscriptionRequest", lastUsed: time.Now()}
	all, _ := parseBool(attr(req, "SubscribeToAllFolders"))
	if !all {
		sub.folders = map[store.FID]bool{}
		for _, e := range folderIDList(child(req, "FolderIds")) {
			fid, err := c.resolveFolder(e)
			if err != nil {
				c.msgError(name, err, ErrorFolderNotFound)
				return nil
			}
			sub.folders[fid] = true
		}
		if c.acc != nil {
			sub.mailbox = c.mailboxGUID() // another user's folders (othermbx.go)
		}
		if len(sub.folders) == 0 {
			c.msgError(name, errorf(ErrorInvalidSubscription, "A subscription needs folders or SubscribeToAllFolders."), ErrorFolderNotFound)
			return nil
		}
	}
	if et := child(req, "EventTypes"); et != nil {
		for _, e := range et.ChildElements() {
			t, ok := eventTypes[text2(e)]
			if !ok {
				return &Fault{Code: ErrorSchemaValidation, Message: "EventType " + text2(e) + " is not valid."}
			}
			sub.types |= t
		}
	}
	if sub.types == 0 {
		c.msgError(name, errorf(ErrorInvalidSubscription, "No supported event types."), ErrorItemNotFound)
		return nil
	}
	if wm := childText(req, "Watermark"); wm != "" {
		// Resuming from a watermark of an earlier subscription is not
		// possible: events are not kept beyond a subscription.
		c.msgError(name, &Error{Code: "ErrorInvalidWatermark", Message: "The watermark cannot be resumed."}, ErrorItemNotFound)
		return nil
	}
	sub.timeout = streamingIdle
	if sub.push {
		sub.timeout = 100 * 365 * 24 * time.Hour // ends by unsubscribing or failing delivery
	} else if !streaming {
		m, err := strconv.Atoi(childText(req, "Timeout"))
		if err != nil || m < 1 || m > 1440 {
			return &Fault{Code: ErrorSchemaValidation, Message: "Timeout must be between 1 and 1440 minutes."}
		}
		sub.timeout = time.Duration(m) * time.Minute
	}
	var idb [16]byte
	rand.Read(idb[:])
	sub.id = base64.StdEncoding.EncodeToString(idb[:])
	ctx, cancel := context.WithCancel(context.Background())
	ss, err := n.Subscribe(ctx, &store.SubscribeOptions{Events: sub.types | store.EventOverflow, QueueSize: maxQueuedEvents})
	if err != nil {
		cancel()
		c.msgError(name, err, ErrorItemNotFound)
		return nil
	}
	sub.sub, sub.ctx, sub.cancel = ss, ctx, cancel
	reg := c.h.subs()
	reg.mu.Lock()
	reg.reap(time.Now())
	max := c.h.MaxSubscriptions
	if max <= 0 {
		max = DefaultMaxSubscriptions
	}
	if len(reg.m) >= max {
		reg.mu.Unlock()
		sub.close()
		c.msgError(name, errorf("ErrorExceededSubscriptionCount", "Too many subscriptions."), ErrorItemNotFound)
		return nil
	}
	reg.m[sub.id] = sub
	reg.mu.Unlock()
	if sub.push {
		if err := c.startPush(sub, req); err != nil {
			c.h.dropSubscription(sub.id)
			c.msgError(name, err, ErrorItemNotFound)
			return nil
		}
	}
	c.msgStart(name)
	c.w.elem("m:SubscriptionId", sub.id)
	if !streaming {
		c.w.elem("m:Watermark", encodeWatermark(0))
	}
	c.msgEnd(name)
	return nil
}

func text2(e *etree.Element) string { return strings.TrimSpace(e.Text()) }

// lookupSub finds the caller's subscription.
func (c *call) lookupSub(id string) (*subscription, error) {
	reg := c.h.subs()
	reg.mu.Lock()
	defer reg.mu.Unlock()
	reg.reap(time.Now())
	sub, ok := reg.m[id]
	if !ok || sub.user != c.user {
		return nil, errorf(ErrorSubscriptionNotFound, "The subscription was not found.")
	}
	sub.mu.Lock()
	sub.lastUsed = time.Now()
	sub.mu.Unlock()
	return sub, nil
}

// drain moves waiting store events into the queue without blocking:
// Next with a cancelled context returns queued events, then the context's
// error.
func (sub *subscription) drain() {
	done, cancel := context.WithCancel(context.Background())
	cancel()
	for {
		ev, err := sub.sub.Next(done)
		if err != nil {
			return
		}
		sub.add(ev)
	}
}

func (sub *subscription) add(ev store.Event) {
	sub.mu.Lock()
	defer sub.mu.Unlock()
	if ev.Type&store.EventOverflow != 0 || len(sub.queue) >= maxQueuedEvents {
		sub.overflow = true
		return
	}
	if sub.folders != nil && !sub.folders[ev.Folder] && !sub.folders[ev.Parent] && !sub.folders[ev.OldFolder] && !sub.folders[ev.OldParent] {
		return
	}
	if ev.Type&sub.types == 0 {
		return
	}
	sub.seq++
	sub.queue = append(sub.queue, queuedEvent{seq: sub.seq, ev: ev, at: time.Now().UTC()})
}

// writeEvent writes one event element.
func (c *call) writeEvent(q queuedEvent) {
	ev := q.ev
	var el string
	switch {
	case ev.Type&store.EventNewMail != 0:
		el = "t:NewMailEvent"
	case ev.Type&store.EventObjectCreated != 0:
		el = "t:CreatedEvent"
	case ev.Type&store.EventObjectDeleted != 0:
		el = "t:DeletedEvent"
	case ev.Type&store.EventObjectModified != 0:
		el = "t:ModifiedEvent"
	case ev.Type&store.EventObjectMoved != 0:
		el = "t:MovedEvent"
	case ev.Type&store.EventObjectCopied != 0:
		el = "t:CopiedEvent"
	default:
		return
	}
	c.w.open(el)
	c.w.elem("t:Watermark", encodeWatermark(q.seq))
	c.w.elemTime("t:TimeStamp", q.at)
	moved := el == "t:MovedEvent" || el == "t:CopiedEvent"
	if ev.Message != 0 {
		c.writeItemID("t:ItemId", ev.Message, ev.Folder, nil)
		c.writeFolderID("t:ParentFolderId", ev.Folder, nil)
		if moved {
			c.writeItemID("t:OldItemId", ev.OldMessage, ev.OldFolder, nil)
			c.writeFolderID("t:OldParentFolderId", ev.OldFolder, nil)
		}
	} else {
		c.writeFolderID("t:FolderId", ev.Folder, nil)
		c.writeFolderID("t:ParentFolderId", ev.Parent, nil)
		if moved {
			old := ev.OldFolder
			if old == 0 {
				old = ev.Folder
			}
			c.writeFolderID("t:OldFolderId", old, nil)
			c.writeFolderID("t:OldParentFolderId", ev.OldParent, nil)
		}
	}
	c.w.close(el)
}

// getEvents implements GetEvents ([MS-OXWSNTIF] 3.1.4.2).
func (c *call) getEvents() error {
	body := c.req.Body
	if _, err := c.mailbox(); err != nil {
		return err
	}
	const name = "GetEventsResponseMessage"
	c.responseStart("GetEvents")
	defer c.responseEnd("GetEvents")
	sub, err := c.lookupSub(childText(body, "SubscriptionId"))
	if err == nil && (sub.streaming || sub.push) {
		err = errorf(ErrorInvalidSubscription, "GetEvents is for pull subscriptions.")
	}
	var wm uint64
	if err == nil {
		wm, err = decodeWatermark(childText(body, "Watermark"))
	}
	if err != nil {
		c.msgError(name, err, ErrorItemNotFound)
		return nil
	}
	sub.drain()
	sub.mu.Lock()
	defer sub.mu.Unlock()
	// Events up to the watermark were received: drop them.
	first := 0
	if len(sub.queue) > 0 && wm+1 < sub.queue[0].seq {
		c.msgError(name, &Error{Code: "ErrorInvalidWatermark", Message: "The watermark is older than the events kept."}, ErrorItemNotFound)
		return nil
	}
	if wm > sub.seq {
		c.msgError(name, &Error{Code: "ErrorInvalidWatermark", Message: "The watermark is invalid."}, ErrorItemNotFound)
		return nil
	}
	for first < len(sub.queue) && sub.queue[first].seq <= wm {
		first++
	}
	sub.queue = append(sub.queue[:0], sub.queue[first:]...)
	if sub.overflow {
		sub.overflow = false
		c.msgError(name, errorf("ErrorMissedNotificationEvents", "Events were lost; resynchronize."), ErrorItemNotFound)
		return nil
	}
	c.msgStart(name)
	c.w.raw(`<m:Notification>`)
	c.w.elem("t:SubscriptionId", sub.id)
	c.w.elem("t:PreviousWatermark", encodeWatermark(wm))
	n := min(len(sub.queue), maxEventsPerNotification)
	c.w.elemBool("t:MoreEvents", n < len(sub.queue))
	if n == 0 {
		c.w.raw(`<t:StatusEvent>`)
		c.w.elem("t:Watermark", encodeWatermark(sub.seq))
		c.w.raw(`</t:StatusEvent>`)
	}
	c.writeEventsOf(sub.mailbox, sub.queue[:n]) // othermbx.go
	c.w.raw(`</m:Notification>`)
	c.msgEnd(name)
	return nil
}

// unsubscribe implements Unsubscribe ([MS-OXWSNTIF] 3.1.4.4).
func (c *call) unsubscribe() error {
	const name = "UnsubscribeResponseMessage"
	c.responseStart("Unsubscribe")
	defer c.responseEnd("Unsubscribe")
	id := childText(c.req.Body, "SubscriptionId")
	sub, err := c.lookupSub(id)
	if err != nil {
		c.msgError(name, err, ErrorItemNotFound)
		return nil
	}
	reg := c.h.subs()
	reg.mu.Lock()
	delete(reg.m, id)
	reg.mu.Unlock()
	sub.close()
	c.msgStart(name)
	c.msgEnd(name)
	return nil
}

// getStreamingEvents implements GetStreamingEvents ([MS-OXWSNTIF]
// 3.1.4.1): the response is a chunked stream of SOAP envelopes, the first
// with ConnectionStatus OK, then one per batch of events and a heartbeat
// every 30 s, the last with ConnectionStatus Closed when
// ConnectionTimeout (minutes) ends.
// streamEnvelopeStart and streamEnvelopeEnd frame each envelope of a
// GetStreamingEvents response.
//
// QUIRK: the envelope element is unprefixed in the SOAP namespace and
// has no XML declaration, as Exchange writes its streaming chunks:
// ews-javascript-api 0.15.3 (HangingServiceRequestBase.InternalExecute)
// cuts envelopes out of the stream by the literal text "<Envelope" and
// "</Envelope>" and saw no event from a prefixed <s:Envelope> (seen in
// interop/ews/ewsjs_core.js).
const streamEnvelopeStart = `<Envelope xmlns="` + nsSOAP + `"><Header>` +
	`<h:ServerVersionInfo MajorVersion="` + serverMajor + `" MinorVersion="` + serverMinor +
	`" MajorBuildNumber="` + serverBuild + `" MinorBuildNumber="` + serverMinBld + `" Version="` + serverVersion +
	`" xmlns:h="` + nsTypes + `"/></Header><Body>`

const streamEnvelopeEnd = `</Body></Envelope>`

func (c *call) getStreamingEvents() error {
	body := c.req.Body
	if _, err := c.mailbox(); err != nil {
		return err
	}
	minutes, err := strconv.Atoi(childText(body, "ConnectionTimeout"))
	if err != nil || minutes < 1 || minutes > 30 {
		return &Fault{Code: ErrorSchemaValidation, Message: "ConnectionTimeout must be between 1 and 30 minutes."}
	}
	var subs []*subscription
	var bad []string
	if ids := child(body, "SubscriptionIds"); ids != nil {
		for _, e := range ids.ChildElements() {
			sub, err := c.lookupSub(text2(e))
			if err != nil || !sub.streaming {
				bad = append(bad, text2(e))
				continue
			}
			subs = append(subs, sub)
		}
	}
	const name = "GetStreamingEventsResponseMessage"
	if len(subs) == 0 {
		c.responseStart("GetStreamingEvents")
		c.msgError(name, errorf(ErrorSubscriptionNotFound, "The subscription was not found."), ErrorItemNotFound)
		c.responseEnd("GetStreamingEvents")
		return nil
	}
	rw := c.rw
	rc := http.NewResponseController(rw)
	rw.Header().Set("Content-Type", "text/xml; charset=utf-8")
	rw.WriteHeader(http.StatusOK)
	c.streamed = true
	send := func(write func()) bool {
		c.w.b = c.w.b[:0]
		c.w.raw(streamEnvelopeStart)
		c.responseStart("GetStreamingEvents")
		write()
		c.responseEnd("GetStreamingEvents")
		c.w.raw(streamEnvelopeEnd)
		if _, err := rw.Write(c.w.b); err != nil {
			return false
		}
		rc.Flush() // an unflushable writer still gets the data at the end
		return true
	}
	status := func(s string) func() {
		return func() {
			c.msgStart(name)
			if s == "OK" && len(bad) > 0 {
				c.w.raw(`<m:ErrorSubscriptionIds>`)
				for _, id := range bad {
					c.w.elem("t:SubscriptionId", id)
				}
				c.w.raw(`</m:ErrorSubscriptionIds>`)
				bad = nil
			}
			c.w.elem("m:ConnectionStatus", s)
			c.msgEnd(name)
		}
	}
	if !send(status("OK")) {
		return nil
	}
	deadline := time.NewTimer(time.Duration(minutes) * time.Minute)
	defer deadline.Stop()
	tick := time.NewTicker(heartbeat)
	defer tick.Stop()
	ready := make(chan struct{}, 1)
	ctx, cancel := context.WithCancel(c.ctx)
	defer cancel()
	for _, s := range subs {
		go func(s *subscription) {
			for {
				select {
				case <-ctx.Done():
					return
				case <-s.sub.Ready():
					select {
					case ready <- struct{}{}:
					default:
					}
					select {
					case <-ctx.Done():
						return
					case <-time.After(50 * time.Millisecond):
					}
				}
			}
		}(s)
	}
	for {
		select {
		case <-c.ctx.Done():
			return nil
		case <-deadline.C:
			send(status("Closed"))
			return nil
		case <-tick.C:
			if !send(status("OK")) {
				return nil
			}
		case <-ready:
			var batch []func()
			for _, s := range subs {
				s.drain()
				s.mu.Lock()
				if len(s.queue) > 0 {
					q := append([]queuedEvent(nil), s.queue...)
					s.queue = s.queue[:0]
					s.lastUsed = time.Now()
					id, g := s.id, s.mailbox
					batch = append(batch, func() {
						c.w.raw(`<m:Notification>`)
						c.w.elem("t:SubscriptionId", id)
						c.writeEventsOf(g, q) // othermbx.go
						c.w.raw(`</m:Notification>`)
					})
				}
				s.mu.Unlock()
			}
			if len(batch) > 0 {
				ok := send(func() {
					c.msgStart(name)
					c.w.raw(`<m:Notifications>`)
					for _, f := range batch {
						f()
					}
					c.w.raw(`</m:Notifications>`)
					c.msgEnd(name)
				})
				if !ok {
					return nil
				}
			}
		}
	}
}

var _ = errors.Is
