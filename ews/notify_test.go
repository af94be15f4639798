package ews

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/beevik/etree"
	"github.com/google/go-cmp/cmp"
)

func TestPullSubscription(t *testing.T) { testPullSubscription(t, newEnv(t)) }

func testPullSubscription(t *testing.T, e *env) {
	doc := e.call(`<m:Subscribe><m:PullSubscriptionRequest><t:FolderIds>` + dist("inbox") + `</t:FolderIds><t:EventTypes><t:EventType>NewMailEvent</t:EventType><t:EventType>CreatedEvent</t:EventType><t:EventType>DeletedEvent</t:EventType></t:EventTypes><t:Timeout>10</t:Timeout></m:PullSubscriptionRequest></m:Subscribe>`)
	el := mustSuccess(t, doc)[0]
	sid, wm := text(el, "SubscriptionId"), text(el, "Watermark")
	if sid == "" || wm == "" {
		t.Fatal("no subscription ID or watermark")
	}
	getEvents := func(wm string) (string, []string, string) {
		doc := e.call(`<m:GetEvents><m:SubscriptionId>` + sid + `</m:SubscriptionId><m:Watermark>` + wm + `</m:Watermark></m:GetEvents>`)
		els, msgs := messages(doc)
		if msgs[0].Code != "NoError" {
			return msgs[0].Code, nil, ""
		}
		var evs []string
		last := ""
		for _, ev := range els[0].FindElements("Notification/*") {
			switch ev.Tag {
			case "SubscriptionId", "PreviousWatermark", "MoreEvents":
				continue
			}
			evs = append(evs, ev.Tag)
			last = text(ev, "Watermark")
		}
		return "NoError", evs, last
	}
	code, evs, wm2 := getEvents(wm)
	if code != "NoError" || !cmp.Equal(evs, []string{"StatusEvent"}) {
		t.Fatalf("%s %v", code, evs)
	}
	// Something in the Inbox, something elsewhere (not reported).
	createMsg(t, e, `MessageDisposition="SaveOnly"`, dist("inbox"), `<t:Subject>a</t:Subject>`)
	createMsg(t, e, `MessageDisposition="SaveOnly"`, dist("drafts"), `<t:Subject>b</t:Subject>`)
	mustSuccess(t, e.callAs(user2, `<m:CreateItem MessageDisposition="SendOnly"><m:Items><t:Message><t:Subject>mail</t:Subject><t:ToRecipients><t:Mailbox><t:EmailAddress>`+user1+`</t:EmailAddress></t:Mailbox></t:ToRecipients></t:Message></m:Items></m:CreateItem>`))
	_, evs, wm3 := getEvents(wm2)
	// The delivery is both a created object and new mail, as in Exchange.
	if d := cmp.Diff([]string{"CreatedEvent", "CreatedEvent", "NewMailEvent"}, evs); d != "" {
		t.Fatal(d)
	}
	// The same watermark again gives the same events (not acknowledged).
	if _, again, _ := getEvents(wm2); !cmp.Equal(again, evs) {
		t.Fatalf("replay: %v", again)
	}
	_, evs, _ = getEvents(wm3)
	if !cmp.Equal(evs, []string{"StatusEvent"}) {
		t.Fatalf("after ack: %v", evs)
	}
	if code, _, _ := getEvents("AAAA"); code != "ErrorInvalidWatermark" {
		t.Fatalf("bad watermark: %s", code)
	}
	// Another user cannot read it.
	_, msgs := messages(e.callAs(user2, `<m:GetEvents><m:SubscriptionId>`+sid+`</m:SubscriptionId><m:Watermark>`+wm3+`</m:Watermark></m:GetEvents>`))
	if msgs[0].Code != "ErrorSubscriptionNotFound" {
		t.Fatalf("%+v", msgs)
	}
	mustSuccess(t, e.call(`<m:Unsubscribe><m:SubscriptionId>`+sid+`</m:SubscriptionId></m:Unsubscribe>`))
	if code, _, _ := getEvents(wm3); code != "ErrorSubscriptionNotFound" {
		t.Fatalf("after unsubscribe: %s", code)
	}
}

func TestStreamingSubscription(t *testing.T) {
	e := newEnv(t)
	doc := e.call(`<m:Subscribe><m:StreamingSubscriptionRequest SubscribeToAllFolders="true"><t:EventTypes><t:EventType>CreatedEvent</t:EventType></t:EventTypes></m:StreamingSubscriptionRequest></m:Subscribe>`)
	sid := text(mustSuccess(t, doc)[0], "SubscriptionId")
	stream := e.openStream(t, user1, sid)
	next := func() *etree.Document { _, d := stream(); return d }
	first := next()
	if s := text(first.Root(), "ConnectionStatus"); s != "OK" {
		t.Fatalf("first message: %s", dump(first))
	}
	createMsg(t, e, `MessageDisposition="SaveOnly"`, dist("inbox"), `<t:Subject>live</t:Subject>`)
	d := next()
	n := d.FindElement("//Notifications/Notification")
	if n == nil || text(n, "SubscriptionId") != sid || n.FindElement("CreatedEvent/ItemId") == nil {
		t.Fatalf("notification: %s", dump(d))
	}
}

func TestPushSubscription(t *testing.T) {
	e := newEnv(t)
	defer e.h.Close()
	got := make(chan *etree.Document, 10)
	// The client answers the first notification with Unsubscribe.
	const status = "Unsubscribe"
	client := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		d := etree.NewDocument()
		d.ReadFrom(r.Body)
		got <- d
		w.Header().Set("Content-Type", "text/xml")
		w.Write([]byte(`<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><m:SendNotificationResult xmlns:m="` + nsMessages + `" xmlns:t="` + nsTypes + `"><m:SubscriptionStatus>` + status + `</m:SubscriptionStatus></m:SendNotificationResult></s:Body></s:Envelope>`))
	}))
	defer client.Close()
	doc := e.call(`<m:Subscribe><m:PushSubscriptionRequest><t:FolderIds>` + dist("inbox") + `</t:FolderIds><t:EventTypes><t:EventType>CreatedEvent</t:EventType></t:EventTypes>` +
		`<t:StatusFrequency>1</t:StatusFrequency><t:URL>` + client.URL + `/ews/push</t:URL></m:PushSubscriptionRequest></m:Subscribe>`)
	sid := text(mustSuccess(t, doc)[0], "SubscriptionId")
	createMsg(t, e, `MessageDisposition="SaveOnly"`, dist("inbox"), `<t:Subject>pushed</t:Subject>`)
	var d *etree.Document
	select {
	case d = <-got:
	case <-time.After(10 * time.Second):
		t.Fatal("no push notification")
	}
	n := d.FindElement("//SendNotification//Notification")
	if n == nil || text(n, "SubscriptionId") != sid || n.FindElement("CreatedEvent/ItemId") == nil {
		t.Fatalf("notification: %s", dump(d))
	}
	// The client answered Unsubscribe: the subscription goes away.
	deadline := time.Now().Add(5 * time.Second)
	for {
		reg := e.h.subs()
		reg.mu.Lock()
		_, live := reg.m[sid]
		reg.mu.Unlock()
		if !live {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("subscription still registered after Unsubscribe answer")
		}
		time.Sleep(20 * time.Millisecond)
	}
	// A bad URL is refused.
	_, msgs := messages(e.call(`<m:Subscribe><m:PushSubscriptionRequest><t:FolderIds>` + dist("inbox") + `</t:FolderIds><t:EventTypes><t:EventType>CreatedEvent</t:EventType></t:EventTypes>` +
		`<t:StatusFrequency>1</t:StatusFrequency><t:URL>ftp://x</t:URL></m:PushSubscriptionRequest></m:Subscribe>`))
	if msgs[0].Code != "ErrorInvalidSubscription" {
		t.Fatalf("%+v", msgs)
	}
}
