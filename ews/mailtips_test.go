package ews

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/oxkit/oxkit/store"
)

// tipView is what the tests compare of a MailTips element.
type tipView struct {
	Addr, Name, Type, OOF      string
	HasOOF, HasDuration        bool
	Full, Total, Ext, Invalid  string
	Restricted, Moderated, Max string
}

func mailTipsOp(tips string, addrs ...string) string {
	s := `<m:GetMailTips><m:SendingAs><t:EmailAddress>` + user1 + `</t:EmailAddress></m:SendingAs><m:Recipients>`
	for _, a := range addrs {
		s += `<t:Mailbox><t:EmailAddress>` + a + `</t:EmailAddress></t:Mailbox>`
	}
	return s + `</m:Recipients><m:MailTipsRequested>` + tips + `</m:MailTipsRequested></m:GetMailTips>`
}

func TestMailTips(t *testing.T) {
	e := newEnv(t)
	e.h.MaxMessageSize = 25 << 20
	ctx := context.Background()
	if err := e.st.PutEntry(ctx, store.DirectoryEntry{Kind: store.EntryDistList, SMTPAddress: "team@example.com", DisplayName: "Team"}, ""); err != nil {
		t.Fatal(err)
	}
	if err := e.st.PutEntry(ctx, store.DirectoryEntry{Kind: store.EntryDistList, SMTPAddress: "all@example.com", DisplayName: "All"}, ""); err != nil {
		t.Fatal(err)
	}
	if err := e.st.SetMembers(ctx, "team@example.com", []string{user1, user2}); err != nil {
		t.Fatal(err)
	}
	if err := e.st.SetMembers(ctx, "all@example.com", []string{"team@example.com", user2, "all@example.com"}); err != nil {
		t.Fatal(err)
	}
	mustSuccess(t, e.callAs(user2, `<m:SetUserOofSettingsRequest><t:Mailbox><t:Address>`+user2+`</t:Address></t:Mailbox><t:UserOofSettings>`+
		`<t:OofState>Enabled</t:OofState><t:ExternalAudience>None</t:ExternalAudience>`+
		`<t:InternalReply><t:Message>On leave until Monday.</t:Message></t:InternalReply><t:ExternalReply><t:Message>Away</t:Message></t:ExternalReply></t:UserOofSettings></m:SetUserOofSettingsRequest>`))

	doc := e.call(mailTipsOp("All", user2, user1, "all@example.com", "nobody@example.com", "someone@elsewhere.test"))
	els := mustSuccess(t, doc)
	var got []tipView
	for _, m := range els {
		tip := m.SelectElement("MailTips")
		ra := tip.SelectElement("RecipientAddress")
		v := tipView{Addr: text(ra, "EmailAddress"), Name: text(ra, "Name"), Type: text(ra, "MailboxType"),
			HasOOF: tip.SelectElement("OutOfOffice") != nil, HasDuration: tip.FindElement("OutOfOffice/Duration") != nil,
			OOF: text(tip.SelectElement("OutOfOffice"), "Message"), Full: text(tip, "MailboxFull"), Total: text(tip, "TotalMemberCount"),
			Ext: text(tip, "ExternalMemberCount"), Invalid: text(tip, "InvalidRecipient"), Restricted: text(tip, "DeliveryRestricted"),
			Moderated: text(tip, "IsModerated"), Max: text(tip, "MaxMessageSize")}
		got = append(got, v)
	}
	common := tipView{Restricted: "false", Moderated: "false", Max: "26214400", Invalid: "false", Total: "1", Ext: "0"}
	w := func(f func(v *tipView)) tipView { v := common; f(&v); return v }
	want := []tipView{
		w(func(v *tipView) {
			v.Addr, v.Name, v.Type, v.HasOOF, v.OOF, v.Full = user2, "User Two", "Mailbox", true, "On leave until Monday.", "false"
		}),
		w(func(v *tipView) {
			v.Addr, v.Name, v.Type, v.HasOOF, v.Full = user1, "User One", "Mailbox", true, "false"
		}),
		w(func(v *tipView) { v.Addr, v.Name, v.Type, v.Total = "all@example.com", "All", "PublicDL", "2" }),
		w(func(v *tipView) { v.Addr, v.Invalid, v.Ext = "nobody@example.com", "true", "1" }),
		w(func(v *tipView) { v.Addr, v.Ext = "someone@elsewhere.test", "1" }),
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Error(d)
	}
	// Only what is asked for.
	tip := mustSuccess(t, e.call(mailTipsOp("OutOfOfficeMessage", user2)))[0].SelectElement("MailTips")
	var kids []string
	for _, k := range tip.ChildElements() {
		kids = append(kids, k.Tag)
	}
	if d := cmp.Diff([]string{"RecipientAddress", "PendingMailTips", "OutOfOffice"}, kids); d != "" {
		t.Errorf("OutOfOfficeMessage only: %s", d)
	}
	// A scheduled OOF gives its Duration while it is on.
	mustSuccess(t, e.callAs(user2, `<m:SetUserOofSettingsRequest><t:Mailbox><t:Address>`+user2+`</t:Address></t:Mailbox><t:UserOofSettings>`+
		`<t:OofState>Scheduled</t:OofState><t:ExternalAudience>None</t:ExternalAudience><t:Duration><t:StartTime>2020-01-01T00:00:00Z</t:StartTime><t:EndTime>2099-01-01T00:00:00Z</t:EndTime></t:Duration>`+
		`<t:InternalReply><t:Message>Sabbatical.</t:Message></t:InternalReply><t:ExternalReply><t:Message/></t:ExternalReply></t:UserOofSettings></m:SetUserOofSettingsRequest>`))
	tip = mustSuccess(t, e.call(mailTipsOp("OutOfOfficeMessage", user2)))[0].SelectElement("MailTips")
	if text(tip, "Message") != "Sabbatical." || text(tip, "EndTime") != "2099-01-01T00:00:00Z" {
		t.Errorf("scheduled OOF: %q until %q", text(tip, "Message"), text(tip, "EndTime"))
	}
	// QUIRK: exchangelib 4.9 sends the list as GetMailTips' own text.
	tip = mustSuccess(t, e.call(`<m:GetMailTips>OutOfOfficeMessage<m:SendingAs><t:EmailAddress>`+user1+`</t:EmailAddress></m:SendingAs>`+
		`<m:Recipients><t:Mailbox><t:EmailAddress>`+user2+`</t:EmailAddress></t:Mailbox></m:Recipients></m:GetMailTips>`))[0].SelectElement("MailTips")
	if text(tip, "Message") != "Sabbatical." || tip.SelectElement("MailboxFull") != nil {
		t.Errorf("exchangelib's form: %q", text(tip, "Message"))
	}
	if code, doc := e.postAs(user1, envelope(`<m:GetMailTips><m:SendingAs><t:EmailAddress>`+user1+`</t:EmailAddress></m:SendingAs><m:Recipients/></m:GetMailTips>`)); code != 500 || faultCode(doc) != "ErrorSchemaValidation" {
		t.Errorf("no MailTipsRequested: HTTP %d %q", code, faultCode(doc))
	}
	// Too many recipients: a fault.
	many := make([]string, maxMailTipsRecipients+1)
	for i := range many {
		many[i] = user2
	}
	if code, doc := e.postAs(user1, envelope(mailTipsOp("All", many...))); code != 500 || faultCode(doc) != "ErrorInvalidRequest" {
		t.Errorf("%d recipients: HTTP %d %q", len(many), code, faultCode(doc))
	}
	// MailTips are on in the service configuration.
	doc = e.call(`<m:GetServiceConfiguration><m:RequestedConfiguration><m:ConfigurationName>MailTips</m:ConfigurationName></m:RequestedConfiguration></m:GetServiceConfiguration>`)
	if text(doc.Root(), "MailTipsEnabled") != "true" || text(doc.Root(), "MaxRecipientsPerGetMailTipsRequest") != "50" ||
		doc.FindElement("//InternalDomains/Domain[@Name='example.com']") == nil {
		t.Errorf("service configuration: %s", dump(doc))
	}
}

// TestMailTipsReferenceExample sends the request of the EWS reference's
// "GetMailTips operation" example as written (default namespace on
// GetMailTips, the addresses padded with spaces, Exchange2010, All) for
// user2 with her OOF on, and checks the answer's structure.
func TestMailTipsReferenceExample(t *testing.T) {
	e := newEnv(t)
	mustSuccess(t, e.callAs(user2, `<m:SetUserOofSettingsRequest><t:Mailbox><t:Address>`+user2+`</t:Address></t:Mailbox><t:UserOofSettings>`+
		`<t:OofState>Enabled</t:OofState><t:ExternalAudience>None</t:ExternalAudience>`+
		`<t:InternalReply><t:Message>Out today.</t:Message></t:InternalReply><t:ExternalReply><t:Message/></t:ExternalReply></t:UserOofSettings></m:SetUserOofSettingsRequest>`))
	code, doc := e.postAs(user1, `<?xml version="1.0" encoding="utf-8" ?>
<soap:Envelope xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
        xmlns:xsd="http://www.w3.org/2001/XMLSchema"
        xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"
        xmlns:t="http://schemas.microsoft.com/exchange/services/2006/types">
  <soap:Header>
    <t:RequestServerVersion Version="Exchange2010" />
  </soap:Header>
  <soap:Body>
    <GetMailTips xmlns="http://schemas.microsoft.com/exchange/services/2006/messages">
      <SendingAs>
        <t:EmailAddress> user1@example.com </t:EmailAddress>
        <t:RoutingType>SMTP</t:RoutingType>
      </SendingAs>
      <Recipients>
        <t:Mailbox>
          <t:EmailAddress> user2@example.com </t:EmailAddress>
          <t:RoutingType>SMTP</t:RoutingType>
        </t:Mailbox>
      </Recipients>
      <MailTipsRequested>All</MailTipsRequested>
    </GetMailTips>
  </soap:Body>
</soap:Envelope>`)
	if code != 200 {
		t.Fatalf("HTTP %d: %s", code, dump(doc))
	}
	r := doc.FindElement("//GetMailTipsResponse")
	if r == nil || r.SelectAttrValue("ResponseClass", "") != "Success" {
		t.Fatalf("%s", dump(doc))
	}
	msgs := r.FindElements("ResponseMessages/MailTipsResponseMessageType")
	if len(msgs) != 1 || msgs[0].SelectAttrValue("ResponseClass", "") != "Success" {
		t.Fatalf("%d response messages: %s", len(msgs), dump(doc))
	}
	tip := msgs[0].SelectElement("MailTips")
	if got := text(tip.SelectElement("RecipientAddress"), "EmailAddress"); got != user2 {
		t.Errorf("RecipientAddress %q", got)
	}
	if got := text(tip, "Message"); got != "Out today." {
		t.Errorf("OutOfOffice %q", got)
	}
	if text(tip, "InvalidRecipient") != "false" || text(tip, "MailboxFull") != "false" {
		t.Errorf("InvalidRecipient %q MailboxFull %q", text(tip, "InvalidRecipient"), text(tip, "MailboxFull"))
	}
}

// TestDumpResponsesMailTips writes GetMailTips and GetServiceConfiguration
// responses for the interop suite's xmllint validation.
func TestDumpResponsesMailTips(t *testing.T) {
	dir := os.Getenv("EWS_DUMP")
	if dir == "" {
		t.Skip("EWS_DUMP not set: only the interop suite (xmllint schema validation) runs this")
	}
	e := newEnv(t)
	e.h.MaxMessageSize = 10 << 20
	mustSuccess(t, e.callAs(user2, `<m:SetUserOofSettingsRequest><t:Mailbox><t:Address>`+user2+`</t:Address></t:Mailbox><t:UserOofSettings>`+
		`<t:OofState>Scheduled</t:OofState><t:ExternalAudience>None</t:ExternalAudience><t:Duration><t:StartTime>2020-01-01T00:00:00Z</t:StartTime><t:EndTime>2099-01-01T00:00:00Z</t:EndTime></t:Duration>`+
		`<t:InternalReply><t:Message>Sabbatical.</t:Message></t:InternalReply><t:ExternalReply><t:Message/></t:ExternalReply></t:UserOofSettings></m:SetUserOofSettingsRequest>`))
	for file, op := range map[string]string{
		"mailtips-all.xml":    mailTipsOp("All", user2, user1, "nobody@example.com", "someone@elsewhere.test"),
		"mailtips-oof.xml":    mailTipsOp("OutOfOfficeMessage MaxMessageSize", user2),
		"mailtips-config.xml": `<m:GetServiceConfiguration><m:RequestedConfiguration><m:ConfigurationName>MailTips</m:ConfigurationName></m:RequestedConfiguration></m:GetServiceConfiguration>`,
	} {
		_, doc := e.postAs(user1, envelope(op))
		if err := doc.WriteToFile(filepath.Join(dir, file)); err != nil {
			t.Fatal(err)
		}
	}
}
