package ews

import (
	"time"

	"github.com/beevik/etree"
	"github.com/oxkit/oxkit/mapi"
	"github.com/oxkit/oxkit/store"
)

// Out-of-office settings ([MS-OXWSOOF]). oxkit keeps them in an
// associated message of class IPM.Microsoft.OOF.UserOofSettings in the
// mailbox's root folder, the settings XML in PidTagRoamingXmlStream (the
// storage of user configurations, [MS-OXOCFG]); PidTagOutOfOfficeState
// is kept in step with them (oofstate.go); the OOF template messages are
// not. Automatic replies are sent at delivery (autoreply.go).
const oofClass = "IPM.Microsoft.OOF.UserOofSettings"

// oofSettings is UserOofSettings ([MS-OXWSOOF] 2.2.4.x) as stored.
type oofSettings struct {
	State, Audience    string
	Start, End         time.Time
	Internal, External string
}

var (
	oofStates    = map[string]bool{"Disabled": true, "Enabled": true, "Scheduled": true}
	oofAudiences = map[string]bool{"None": true, "Known": true, "All": true}
)

func parseOof(e *etree.Element) (*oofSettings, error) {
	o := &oofSettings{State: childText(e, "OofState"), Audience: childText(e, "ExternalAudience")}
	if !oofStates[o.State] || !oofAudiences[o.Audience] {
		return nil, errorf("ErrorInvalidUserOofSettings", "OofState or ExternalAudience is not valid.")
	}
	if d := child(e, "Duration"); d != nil {
		var err1, err2 error
		o.Start, err1 = parseTime(childText(d, "StartTime"))
		o.End, err2 = parseTime(childText(d, "EndTime"))
		if err1 != nil || err2 != nil || o.End.Before(o.Start) {
			return nil, errorf("ErrorInvalidScheduledOofDuration", "Duration is not valid.")
		}
	}
	if o.State == "Scheduled" && o.Start.IsZero() {
		return nil, errorf("ErrorInvalidScheduledOofDuration", "A scheduled OOF needs a Duration.")
	}
	o.Internal = childTextRaw(child(e, "InternalReply"), "Message")
	o.External = childTextRaw(child(e, "ExternalReply"), "Message")
	return o, nil
}

// write appends the settings in schema order as element name.
func (o *oofSettings) write(w *xw, name string) {
	w.open(name)
	w.elem("t:OofState", o.State)
	w.elem("t:ExternalAudience", o.Audience)
	if !o.Start.IsZero() {
		w.open("t:Duration")
		w.elemTime("t:StartTime", o.Start)
		w.elemTime("t:EndTime", o.End)
		w.close("t:Duration")
	}
	w.raw(`<t:InternalReply>`)
	w.elem("t:Message", o.Internal)
	w.raw(`</t:InternalReply><t:ExternalReply>`)
	w.elem("t:Message", o.External)
	w.raw(`</t:ExternalReply>`)
	w.close(name)
}

// loadOof returns the stored settings (defaults when none) and the MID of
// the message holding them (0 when none).
func (c *call) loadOof(mb store.Mailbox) (*oofSettings, store.FID, store.MID, error) {
	root, err := mb.SpecialFolder(c.ctx, store.FolderRoot)
	if err != nil {
		return nil, 0, 0, err
	}
	def := &oofSettings{State: "Disabled", Audience: "All"}
	t, ok := mb.(store.Tables)
	if !ok {
		return def, root, 0, nil
	}
	r, err := t.QueryMessages(c.ctx, root, &store.Query{
		Associated:  true,
		Restriction: mapi.PropertyRestriction{RelOp: mapi.RelOpEqual, PropTag: mapi.PidTagMessageClass, Value: mapi.PropValue{Tag: mapi.PidTagMessageClass, Value: oofClass}},
		Columns:     []mapi.PropTag{pidTagRoamingXMLStream},
		Limit:       1,
	})
	if err != nil || len(r.Rows) == 0 {
		return def, root, 0, err
	}
	row := r.Rows[0]
	x, _ := getBytes(row.Props, pidTagRoamingXMLStream)
	doc := etree.NewDocument()
	doc.ReadSettings.MaxDepth = 8
	if err := doc.ReadFromBytes(x); err != nil || doc.Root() == nil {
		return def, root, row.Message, nil // unreadable: defaults, overwritten on the next Set
	}
	o, err := parseOof(doc.Root())
	if err != nil {
		return def, root, row.Message, nil
	}
	return o, root, row.Message, nil
}

// oofMailboxCheck checks the request's t:Mailbox names the caller.
func (c *call) oofMailboxCheck() error {
	m := child(c.req.Body, "Mailbox")
	if m == nil {
		return &Fault{Code: ErrorSchemaValidation, Message: "The request needs a Mailbox."}
	}
	if addr := childText(m, "Address"); addr != "" && !c.isSelf(addr) {
		return errorf(ErrorAccessDenied, "Access is denied to the OOF settings of %s.", addr)
	}
	return nil
}

// getUserOofSettings implements GetUserOofSettings ([MS-OXWSOOF]
// 3.1.4.1).
func (c *call) getUserOofSettings() error {
	mb, err := c.mailbox()
	if err != nil {
		return err
	}
	c.w.raw(`<m:GetUserOofSettingsResponse xmlns:m="` + nsMessages + `" xmlns:t="` + nsTypes + `">`)
	defer c.w.raw(`</m:GetUserOofSettingsResponse>`)
	if err := c.oofMailboxCheck(); err != nil {
		if _, ok := err.(*Fault); ok {
			return err
		}
		c.msgError("ResponseMessage", err, ErrorItemNotFound)
		return nil
	}
	o, _, err := c.syncOof(mb, time.Now())
	if err != nil {
		c.msgError("ResponseMessage", err, ErrorItemNotFound)
		return nil
	}
	c.msgStart("ResponseMessage")
	c.msgEnd("ResponseMessage")
	o.write(&c.w, "t:OofSettings")
	c.w.elem("m:AllowExternalOof", "All")
	return nil
}

// setUserOofSettings implements SetUserOofSettings ([MS-OXWSOOF]
// 3.1.4.2).
func (c *call) setUserOofSettings() error {
	mb, err := c.mailbox()
	if err != nil {
		return err
	}
	c.w.raw(`<m:SetUserOofSettingsResponse xmlns:m="` + nsMessages + `" xmlns:t="` + nsTypes + `">`)
	defer c.w.raw(`</m:SetUserOofSettingsResponse>`)
	if err := c.oofMailboxCheck(); err != nil {
		if _, ok := err.(*Fault); ok {
			return err
		}
		c.msgError("ResponseMessage", err, ErrorItemNotFound)
		return nil
	}
	e := child(c.req.Body, "UserOofSettings")
	if e == nil {
		return &Fault{Code: ErrorSchemaValidation, Message: "SetUserOofSettingsRequest needs UserOofSettings."}
	}
	o, err := parseOof(e)
	if err == nil {
		err = c.setOof(mb, o, time.Now())
	}
	if err != nil {
		c.msgError("ResponseMessage", err, ErrorItemNotFound)
		return nil
	}
	c.msgStart("ResponseMessage")
	c.msgEnd("ResponseMessage")
	return nil
}

// setOof stores o as SetUserOofSettings does and sets
// PidTagOutOfOfficeState (and its copy) to o's state at now (oofstate.go).
func (c *call) setOof(mb store.Mailbox, o *oofSettings, now time.Time) error {
	if err := c.storeOof(mb, o); err != nil {
		return err
	}
	_, root, mid, err := c.loadOof(mb)
	if err != nil {
		return err
	}
	return c.writeOofFlag(mb, root, mid, o.activeAt(now), false, false)
}

func (c *call) storeOof(mb store.Mailbox, o *oofSettings) error {
	_, root, mid, err := c.loadOof(mb)
	if err != nil {
		return err
	}
	var w xw
	o.write(&w, "UserOofSettings")
	x := append([]byte(`<?xml version="1.0" encoding="utf-8"?><UserOofSettings xmlns:t="`+nsTypes+`">`), w.b[len("<UserOofSettings>"):]...)
	if mid != 0 {
		_, err := mb.UpdateMessage(c.ctx, mid, &store.MessageUpdate{Set: []mapi.PropValue{{Tag: pidTagRoamingXMLStream, Value: x}}})
		return err
	}
	_, err = mb.CreateMessage(c.ctx, root, &store.Message{Associated: true, Props: []mapi.PropValue{
		{Tag: mapi.PidTagMessageClass, Value: oofClass},
		{Tag: mapi.PidTagSubject, Value: oofClass},
		{Tag: pidTagRoamingXMLStream, Value: x},
	}})
	return err
}
