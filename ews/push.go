package ews

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/beevik/etree"
)

// Push subscriptions ([MS-OXWSNTIF] 3.1.4.3, 3.2.4.1): the server POSTs
// SendNotification requests to the client's URL with the events, or a
// StatusEvent every StatusFrequency minutes when nothing happened; the
// client answers SendNotificationResult with SubscriptionStatus OK or
// Unsubscribe.

// Limits of push delivery.
const (
	pushRetries      = 3
	pushRetryBackoff = time.Second
	maxPushReply     = 64 << 10
)

// subscribePush starts a push subscription; sub is filled as for the other
// kinds (folders, event types, registered).
func (c *call) startPush(sub *subscription, req *etree.Element) error {
	u, err := url.Parse(childText(req, "URL"))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return errorf(ErrorInvalidSubscription, "The push URL is not a valid http or https URL.")
	}
	freq, err := strconv.Atoi(childText(req, "StatusFrequency"))
	if err != nil || freq < 1 || freq > 1440 {
		return errorf(ErrorInvalidSubscription, "StatusFrequency must be between 1 and 1440 minutes.")
	}
	// A call of its own for writing notifications outside any request.
	pc := &call{h: c.h, ctx: context.Background(), user: c.user, mb: c.mb, req: c.req}
	go pc.pushLoop(sub, u.String(), time.Duration(freq)*time.Minute)
	return nil
}

// pushLoop delivers until the subscription is closed or the client
// unsubscribes or stops answering.
func (c *call) pushLoop(sub *subscription, target string, every time.Duration) {
	client := c.h.PushClient
	if client == nil {
		client = &http.Client{Timeout: 30 * time.Second}
	}
	ctx := sub.ctx
	timer := time.NewTimer(every)
	defer timer.Stop()
	var wm uint64
	for {
		select {
		case <-ctx.Done():
			return
		case <-sub.sub.Ready():
			// Let a burst of events gather.
			select {
			case <-ctx.Done():
				return
			case <-time.After(100 * time.Millisecond):
			}
		case <-timer.C:
		}
		sub.drain()
		sub.mu.Lock()
		q := append([]queuedEvent(nil), sub.queue...)
		sub.queue = sub.queue[:0]
		seq := sub.seq
		sub.mu.Unlock()
		body := c.sendNotificationBody(sub.id, wm, seq, q)
		status, err := c.push(ctx, client, target, body)
		if err != nil {
			c.h.logger().Warn("ews: push notification failed; subscription dropped", "subscription", sub.id, "url", target, "err", err)
			c.h.dropSubscription(sub.id)
			return
		}
		if status == "Unsubscribe" {
			c.h.dropSubscription(sub.id)
			return
		}
		wm = seq
		timer.Reset(every)
	}
}

// sendNotificationBody builds the SendNotification request envelope.
func (c *call) sendNotificationBody(id string, prev, seq uint64, q []queuedEvent) []byte {
	c.w.b = c.w.b[:0]
	c.w.raw(`<?xml version="1.0" encoding="utf-8"?><s:Envelope xmlns:s="` + nsSOAP + `"><s:Header>` +
		`<t:RequestServerVersion Version="` + serverVersion + `" xmlns:t="` + nsTypes + `"/></s:Header><s:Body>` +
		`<m:SendNotification xmlns:m="` + nsMessages + `" xmlns:t="` + nsTypes + `"><m:ResponseMessages>`)
	c.msgStart("SendNotificationResponseMessage")
	c.w.raw(`<m:Notification>`)
	c.w.elem("t:SubscriptionId", id)
	c.w.elem("t:PreviousWatermark", encodeWatermark(prev))
	c.w.elemBool("t:MoreEvents", false)
	if len(q) == 0 {
		c.w.raw(`<t:StatusEvent>`)
		c.w.elem("t:Watermark", encodeWatermark(seq))
		c.w.raw(`</t:StatusEvent>`)
	}
	for _, e := range q {
		c.writeEvent(e)
	}
	c.w.raw(`</m:Notification>`)
	c.msgEnd("SendNotificationResponseMessage")
	c.w.raw(`</m:ResponseMessages></m:SendNotification></s:Body></s:Envelope>`)
	return append([]byte(nil), c.w.b...)
}

// push POSTs one notification, retrying a few times, and returns the
// client's SubscriptionStatus.
func (c *call) push(ctx context.Context, client *http.Client, target string, body []byte) (string, error) {
	var last error
	for i := 0; i < pushRetries; i++ {
		if i > 0 {
			select {
			case <-ctx.Done():
				return "", ctx.Err()
			case <-time.After(pushRetryBackoff << (i - 1)):
			}
		}
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, target, bytes.NewReader(body))
		if err != nil {
			return "", err
		}
		req.Header.Set("Content-Type", "text/xml; charset=utf-8")
		resp, err := client.Do(req)
		if err != nil {
			last = err
			continue
		}
		data, err := io.ReadAll(io.LimitReader(resp.Body, maxPushReply))
		resp.Body.Close()
		if err != nil || resp.StatusCode != http.StatusOK {
			last = errorf(ErrorInternalServerError, "push answered HTTP %d", resp.StatusCode)
			continue
		}
		doc := etree.NewDocument()
		doc.ReadSettings.MaxDepth = 16
		if err := doc.ReadFromBytes(data); err != nil {
			last = err
			continue
		}
		if st := doc.FindElement("//SubscriptionStatus"); st != nil && st.Text() == "Unsubscribe" {
			return "Unsubscribe", nil
		}
		return "OK", nil
	}
	return "", last
}

// dropSubscription removes and closes a subscription.
func (h *Handler) dropSubscription(id string) {
	reg := h.subs()
	reg.mu.Lock()
	sub, ok := reg.m[id]
	delete(reg.m, id)
	reg.mu.Unlock()
	if ok {
		sub.close()
	}
}

// Close ends every notification subscription (pull, streaming and push)
// of the handler. Requests after Close still work; new subscriptions can
// be made.
func (h *Handler) Close() error {
	reg := h.subs()
	reg.mu.Lock()
	subs := reg.m
	reg.m = map[string]*subscription{}
	reg.mu.Unlock()
	for _, s := range subs {
		s.close()
	}
	return nil
}
