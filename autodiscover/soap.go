package autodiscover

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/beevik/etree"
)

// Namespaces of SOAP Autodiscover ([MS-OXWSADISC] 2.2.1).
const (
	NSSOAP         = "http://schemas.xmlsoap.org/soap/envelope/"
	NSAutodiscover = "http://schemas.microsoft.com/exchange/2010/Autodiscover"
	NSAddressing   = "http://www.w3.org/2005/08/addressing"
	NSXSI          = "http://www.w3.org/2001/XMLSchema-instance"

	actionPrefix = "http://schemas.microsoft.com/exchange/2010/Autodiscover/Autodiscover/"
)

// SOAPRequest is a parsed GetUserSettings or GetDomainSettings request
// ([MS-OXWSADISC] 3.1.4.4, 3.1.4.1).
type SOAPRequest struct {
	// Operation is "GetUserSettings" or "GetDomainSettings" (others are
	// kept so the handler can fault them by name).
	Operation string
	// RequestedServerVersion is the a:RequestedServerVersion header.
	RequestedServerVersion string
	// Action and To are the WS-Addressing headers, if sent.
	Action, To string
	// Mailboxes (GetUserSettings) or Domains (GetDomainSettings).
	Mailboxes []string
	Domains   []string
	// Settings are the requested setting names.
	Settings []string
}

// SOAPFault is a malformed SOAP request.
type SOAPFault struct{ Reason string }

func (f *SOAPFault) Error() string { return "autodiscover: SOAP fault: " + f.Reason }

// Limits on one SOAP request, far above what clients send.
const (
	maxSOAPUsers    = 100
	maxSOAPSettings = 200
)

// ParseSOAPRequest parses a SOAP Autodiscover request. Errors are *SOAPFault.
func ParseSOAPRequest(body []byte) (*SOAPRequest, error) {
	doc := etree.NewDocument()
	if err := doc.ReadFromBytes(body); err != nil {
		return nil, &SOAPFault{"malformed XML: " + err.Error()}
	}
	env := doc.Root()
	if env == nil || env.Tag != "Envelope" || env.NamespaceURI() != NSSOAP {
		return nil, &SOAPFault{"root element is not a SOAP 1.1 Envelope"}
	}
	out := &SOAPRequest{}
	if h := child(env, NSSOAP, "Header"); h != nil {
		if e := child(h, NSAutodiscover, "RequestedServerVersion"); e != nil {
			out.RequestedServerVersion = strings.TrimSpace(e.Text())
		}
		if e := child(h, NSAddressing, "Action"); e != nil {
			out.Action = strings.TrimSpace(e.Text())
		}
		if e := child(h, NSAddressing, "To"); e != nil {
			out.To = strings.TrimSpace(e.Text())
		}
	}
	body1 := child(env, NSSOAP, "Body")
	if body1 == nil || len(body1.ChildElements()) == 0 {
		return nil, &SOAPFault{"missing SOAP Body"}
	}
	msg := body1.ChildElements()[0]
	op, ok := strings.CutSuffix(msg.Tag, "RequestMessage")
	if !ok || msg.NamespaceURI() != NSAutodiscover {
		return nil, &SOAPFault{fmt.Sprintf("unknown request element {%s}%s", msg.NamespaceURI(), msg.Tag)}
	}
	out.Operation = op
	req := child(msg, NSAutodiscover, "Request")
	if req == nil {
		return out, nil
	}
	if users := child(req, NSAutodiscover, "Users"); users != nil {
		for _, u := range users.ChildElements() {
			if mb := child(u, NSAutodiscover, "Mailbox"); mb != nil {
				out.Mailboxes = append(out.Mailboxes, strings.TrimSpace(mb.Text()))
			}
		}
	}
	if doms := child(req, NSAutodiscover, "Domains"); doms != nil {
		for _, d := range doms.ChildElements() {
			out.Domains = append(out.Domains, strings.TrimSpace(d.Text()))
		}
	}
	if rs := child(req, NSAutodiscover, "RequestedSettings"); rs != nil {
		for _, s := range rs.ChildElements() {
			out.Settings = append(out.Settings, strings.TrimSpace(s.Text()))
		}
	}
	if len(out.Mailboxes)+len(out.Domains) > maxSOAPUsers || len(out.Settings) > maxSOAPSettings {
		return nil, &SOAPFault{"too many users, domains or settings in one request"}
	}
	return out, nil
}

// child returns the first child element with namespace ns and local name tag.
func child(e *etree.Element, ns, tag string) *etree.Element {
	for _, c := range e.ChildElements() {
		if c.Tag == tag && c.NamespaceURI() == ns {
			return c
		}
	}
	return nil
}

// knownUserSettingNames are the UserSettingName values of [MS-OXWSADISC]
// 2.2.4.3 this server knows, space-separated with a space at both ends. A
// known setting it has no value for is answered with SettingIsNotAvailable,
// an unknown one with InvalidSetting.
const knownUserSettingNames = " UserDisplayName UserDN UserDeploymentId InternalMailboxServer InternalRpcClientServer InternalMailboxServerDN InternalEcpUrl InternalEcpVoicemailUrl InternalEcpEmailSubscriptionsUrl InternalEcpTextMessagingUrl InternalEcpDeliveryReportUrl InternalEcpRetentionPolicyTagsUrl InternalEcpPublishingUrl InternalEcpPhotoUrl InternalEcpConnectUrl InternalEcpTeamMailboxUrl InternalEcpTeamMailboxCreatingUrl InternalEcpTeamMailboxEditingUrl InternalEcpTeamMailboxHidingUrl InternalEcpExtensionInstallationUrl InternalEwsUrl InternalEmwsUrl InternalOABUrl InternalPhotosUrl InternalUMUrl InternalWebClientUrls MailboxDN PublicFolderServer ActiveDirectoryServer ExternalMailboxServer ExternalMailboxServerRequiresSSL ExternalMailboxServerAuthenticationMethods EcpVoicemailUrlFragment EcpEmailSubscriptionsUrlFragment EcpTextMessagingUrlFragment EcpDeliveryReportUrlFragment EcpRetentionPolicyTagsUrlFragment EcpPublishingUrlFragment EcpPhotoUrlFragment EcpConnectUrlFragment EcpTeamMailboxUrlFragment EcpTeamMailboxCreatingUrlFragment EcpTeamMailboxEditingUrlFragment EcpExtensionInstallationUrlFragment ExternalEcpUrl ExternalEcpVoicemailUrl ExternalEcpEmailSubscriptionsUrl ExternalEcpTextMessagingUrl ExternalEcpDeliveryReportUrl ExternalEcpRetentionPolicyTagsUrl ExternalEcpPublishingUrl ExternalEcpPhotoUrl ExternalEcpConnectUrl ExternalEcpTeamMailboxUrl ExternalEcpTeamMailboxCreatingUrl ExternalEcpTeamMailboxEditingUrl ExternalEcpTeamMailboxHidingUrl ExternalEcpExtensionInstallationUrl ExternalEwsUrl ExternalEmwsUrl ExternalOABUrl ExternalPhotosUrl ExternalUMUrl ExternalWebClientUrls CrossOrganizationSharingEnabled AlternateMailboxes CasVersion EwsSupportedSchemas InternalPop3Connections ExternalPop3Connections InternalImap4Connections ExternalImap4Connections InternalSmtpConnections ExternalSmtpConnections InternalServerExclusiveConnect ExternalEwsVersion ExternalServerExclusiveConnect MobileMailboxPolicy DocumentSharingLocations UserMSOnline InternalMailboxServerAuthenticationMethods MailboxVersion SPMySiteHostURL SiteMailboxCreationURL InternalRpcHttpServer InternalRpcHttpConnectivityRequiresSsl InternalRpcHttpAuthenticationMethod ExchangeRpcUrl ShowGalAsDefaultView AutoDiscoverSMTPAddress InteropExternalEwsUrl InteropExternalEwsVersion PublicFolderInformation RedirectUrl EwsPartnerUrl CertPrincipalName GroupingInformation MapiHttpEnabled "

func knownUserSetting(name string) bool {
	return name != "" && !strings.Contains(name, " ") && strings.Contains(knownUserSettingNames, " "+name+" ")
}

// ewsSupportedSchemas is the EwsSupportedSchemas value: the schema
// versions our EWS endpoint accepts.
const ewsSupportedSchemas = "Exchange2007, Exchange2007_SP1, Exchange2010, Exchange2010_SP1, Exchange2010_SP2, Exchange2013, Exchange2013_SP1, Exchange2015, Exchange2016"

// userSetting returns the value of one setting for u, ok false when the
// server has none.
func userSetting(u *User, name string) (string, bool) {
	server := mailboxServer(u)
	v := ""
	switch name {
	case "UserDisplayName":
		v = u.DisplayName
	case "UserDN":
		v = u.LegacyDN
	case "UserDeploymentId":
		v = u.DeploymentID
	case "AutoDiscoverSMTPAddress":
		v = u.Email
	case "InternalMailboxServer", "InternalRpcClientServer":
		v = server
	case "ExternalMailboxServer", "ActiveDirectoryServer", "PublicFolderServer":
		v = u.Hostname
	case "InternalMailboxServerDN":
		if u.LegacyDN != "" {
			v = serverDN(u.LegacyDN, server)
		}
	case "MailboxDN":
		if u.LegacyDN != "" {
			v = serverDN(u.LegacyDN, server) + "/cn=Microsoft Private MDB"
		}
	case "ExternalMailboxServerRequiresSSL":
		v = "True"
	case "ExternalMailboxServerAuthenticationMethods", "InternalMailboxServerAuthenticationMethods":
		v = u.AuthPackage
		if v == "" {
			v = "Basic"
		}
	case "InternalEwsUrl", "ExternalEwsUrl":
		v = u.EWS
	case "EwsSupportedSchemas":
		if u.EWS != "" {
			v = ewsSupportedSchemas
		}
	case "ExternalEwsVersion":
		if u.EWS != "" {
			v = "15.01.0000.000"
		}
	case "CasVersion":
		v = "15.01.0000.000"
	case "InternalOABUrl", "ExternalOABUrl":
		v = u.OAB
	case "MapiHttpEnabled":
		v = "False"
		if u.MapiMailStore != "" {
			v = "True"
		}
	case "InternalServerExclusiveConnect", "ExternalServerExclusiveConnect":
		v = "False"
	case "CrossOrganizationSharingEnabled", "UserMSOnline":
		v = "False"
	case "ShowGalAsDefaultView":
		v = "True"
	}
	return v, v != ""
}

// soapEnvelope builds a response envelope with the action and
// ServerVersionInfo headers ([MS-OXWSADISC] 2.2.3.1).
func soapEnvelope(action string) (*etree.Document, *etree.Element) {
	doc := etree.NewDocument()
	doc.CreateProcInst("xml", `version="1.0" encoding="utf-8"`)
	env := doc.CreateElement("s:Envelope")
	env.CreateAttr("xmlns:s", NSSOAP)
	env.CreateAttr("xmlns:a", NSAddressing)
	hdr := env.CreateElement("s:Header")
	act := hdr.CreateElement("a:Action")
	act.CreateAttr("s:mustUnderstand", "1")
	act.SetText(action)
	svi := hdr.CreateElement("h:ServerVersionInfo")
	svi.CreateAttr("xmlns:h", NSAutodiscover)
	svi.CreateAttr("xmlns:i", NSXSI)
	svi.CreateElement("h:MajorVersion").SetText("15")
	svi.CreateElement("h:MinorVersion").SetText("1")
	svi.CreateElement("h:MajorBuildNumber").SetText("2507")
	svi.CreateElement("h:MinorBuildNumber").SetText("6")
	svi.CreateElement("h:Version").SetText("Exchange2015")
	body := env.CreateElement("s:Body")
	return doc, body
}

// soapFaultDoc builds a SOAP 1.1 fault.
func soapFaultDoc(code, reason string) *etree.Document {
	doc, body := soapEnvelope(NSAddressing + "/fault")
	f := body.CreateElement("s:Fault")
	f.CreateElement("faultcode").SetText("s:" + code)
	f.CreateElement("faultstring").SetText(reason)
	return doc
}

// getUserSettingsDoc answers GetUserSettings ([MS-OXWSADISC] 3.1.4.4).
func getUserSettingsDoc(ctx context.Context, s Settings, req *SOAPRequest) (*etree.Document, error) {
	doc, body := soapEnvelope(actionPrefix + "GetUserSettingsResponse")
	msg := body.CreateElement("GetUserSettingsResponseMessage")
	msg.CreateAttr("xmlns", NSAutodiscover)
	resp := msg.CreateElement("Response")
	resp.CreateAttr("xmlns:i", NSXSI)
	if len(req.Mailboxes) == 0 {
		resp.CreateElement("ErrorCode").SetText("InvalidRequest")
		resp.CreateElement("ErrorMessage").SetText("The request contains no users.")
		resp.CreateElement("UserResponses")
		return doc, nil
	}
	resp.CreateElement("ErrorCode").SetText("NoError")
	resp.CreateElement("ErrorMessage")
	urs := resp.CreateElement("UserResponses")
	for _, mb := range req.Mailboxes {
		ur := urs.CreateElement("UserResponse")
		u, err := s.Lookup(ctx, mb)
		switch {
		case errors.Is(err, ErrUnknownUser):
			ur.CreateElement("ErrorCode").SetText("InvalidUser")
			ur.CreateElement("ErrorMessage").SetText("Invalid user: '" + mb + "'")
			ur.CreateElement("RedirectTarget").CreateAttr("i:nil", "true")
			ur.CreateElement("UserSettingErrors")
			ur.CreateElement("UserSettings")
			continue
		case err != nil:
			return nil, err
		case u.RedirectAddr != "" || u.RedirectURL != "":
			code, target := "RedirectAddress", u.RedirectAddr
			if target == "" {
				code, target = "RedirectUrl", u.RedirectURL
			}
			ur.CreateElement("ErrorCode").SetText(code)
			ur.CreateElement("ErrorMessage").SetText("Redirection.")
			ur.CreateElement("RedirectTarget").SetText(target)
			ur.CreateElement("UserSettingErrors")
			ur.CreateElement("UserSettings")
			continue
		}
		ur.CreateElement("ErrorCode").SetText("NoError")
		ur.CreateElement("ErrorMessage").SetText("No error.")
		ur.CreateElement("RedirectTarget").CreateAttr("i:nil", "true")
		errs := ur.CreateElement("UserSettingErrors")
		sets := ur.CreateElement("UserSettings")
		for _, name := range req.Settings {
			v, ok := userSetting(u, name)
			if ok {
				us := sets.CreateElement("UserSetting")
				us.CreateAttr("i:type", "StringSetting")
				us.CreateElement("Name").SetText(name)
				us.CreateElement("Value").SetText(v)
				continue
			}
			e := errs.CreateElement("UserSettingError")
			if knownUserSetting(name) {
				e.CreateElement("ErrorCode").SetText("SettingIsNotAvailable")
				e.CreateElement("ErrorMessage").SetText("User setting '" + name + "' is not available.")
			} else {
				e.CreateElement("ErrorCode").SetText("InvalidSetting")
				e.CreateElement("ErrorMessage").SetText("The requested setting, " + name + ", isn't supported by the server.")
			}
			e.CreateElement("SettingName").SetText(name)
		}
	}
	return doc, nil
}

// getDomainSettingsDoc answers GetDomainSettings ([MS-OXWSADISC] 3.1.4.1):
// ExternalEwsUrl and ExternalEwsVersion are the domain settings defined.
func getDomainSettingsDoc(ctx context.Context, s Settings, req *SOAPRequest) (*etree.Document, error) {
	doc, body := soapEnvelope(actionPrefix + "GetDomainSettingsResponse")
	msg := body.CreateElement("GetDomainSettingsResponseMessage")
	msg.CreateAttr("xmlns", NSAutodiscover)
	resp := msg.CreateElement("Response")
	resp.CreateAttr("xmlns:i", NSXSI)
	if len(req.Domains) == 0 {
		resp.CreateElement("ErrorCode").SetText("InvalidRequest")
		resp.CreateElement("ErrorMessage").SetText("The request contains no domains.")
		resp.CreateElement("DomainResponses")
		return doc, nil
	}
	resp.CreateElement("ErrorCode").SetText("NoError")
	resp.CreateElement("ErrorMessage")
	drs := resp.CreateElement("DomainResponses")
	for _, d := range req.Domains {
		dr := drs.CreateElement("DomainResponse")
		svc, err := s.Services(ctx, strings.ToLower(d))
		if err != nil {
			if errors.Is(err, ErrUnknownUser) {
				dr.CreateElement("ErrorCode").SetText("InvalidDomain")
				dr.CreateElement("ErrorMessage").SetText("Invalid domain: '" + d + "'")
				continue
			}
			return nil, err
		}
		dr.CreateElement("ErrorCode").SetText("NoError")
		dr.CreateElement("ErrorMessage").SetText("No error.")
		errs := dr.CreateElement("DomainSettingErrors")
		sets := dr.CreateElement("DomainSettings")
		for _, name := range req.Settings {
			v := ""
			switch name {
			case "ExternalEwsUrl":
				v = svc.EWS
			case "ExternalEwsVersion":
				if svc.EWS != "" {
					v = "15.01.0000.000"
				}
			}
			if v != "" {
				ds := sets.CreateElement("DomainSetting")
				ds.CreateAttr("i:type", "DomainStringSetting")
				ds.CreateElement("Name").SetText(name)
				ds.CreateElement("Value").SetText(v)
				continue
			}
			e := errs.CreateElement("DomainSettingError")
			if name == "ExternalEwsUrl" || name == "ExternalEwsVersion" {
				e.CreateElement("ErrorCode").SetText("SettingIsNotAvailable")
			} else {
				e.CreateElement("ErrorCode").SetText("InvalidSetting")
			}
			e.CreateElement("ErrorMessage").SetText("Setting '" + name + "' is not available.")
			e.CreateElement("SettingName").SetText(name)
		}
		dr.CreateElement("RedirectTarget").CreateAttr("i:nil", "true")
	}
	return doc, nil
}
