package ews

import (
	"encoding/base64"
	"encoding/hex"
	"strings"

	"github.com/beevik/etree"
	"github.com/oxkit/oxkit/mapi"
	"github.com/oxkit/oxkit/store"
)

// idFormats are the IdFormatType values of ConvertId ([MS-OXWSCORE]
// 2.2.5.x IdFormatType).
var idFormats = map[string]bool{"EwsId": true, "EwsLegacyId": true, "EntryId": true, "HexEntryId": true, "OwaId": true, "StoreId": true}

// convertID implements ConvertId ([MS-OXWSCORE] 3.1.4.x): EwsId and
// EwsLegacyId are the same opaque ID here; EntryId, StoreId and OwaId are
// the base64 MAPI entry ID, HexEntryId its hex form.
func (c *call) convertID() error {
	body := c.req.Body
	dst := attr(body, "DestinationFormat")
	if !idFormats[dst] {
		return &Fault{Code: ErrorSchemaValidation, Message: "DestinationFormat is not valid."}
	}
	mb, err := c.mailbox()
	if err != nil {
		return err
	}
	c.responseStart("ConvertId")
	if src := child(body, "SourceIds"); src != nil {
		for _, e := range src.ChildElements() {
			const name = "ConvertIdResponseMessage"
			if e.Tag != "AlternateId" {
				c.msgError(name, errorf(ErrorInvalidIdMalformed, "Public folder IDs are not supported."), ErrorItemNotFound)
				continue
			}
			// QUIRK: the Mailbox attribute is not checked. The ID itself
			// names its mailbox (alternateIDView finds it), and DavMail sends a placeholder
			// (Mailbox="blah@blah.com", shared/captures/davmail-imap-session)
			// and reads the caller's address from the answer, as Exchange
			// gives it.
			// An ID of another user's mailbox converts in that mailbox
			// when the caller may see its folder (othermbx.go).
			v := c.alternateIDView(mb, attr(e, "Format"), attr(e, "Id"))
			id, err := v.parseAlternateID(v.mb, attr(e, "Format"), attr(e, "Id"))
			if err == nil && v.allow(id.Folder, store.RightFolderVisible) != nil {
				// Not revealing what the caller may not see.
				err = errorf(ErrorItemNotFound, "The specified object was not found in the store.")
			}
			if err != nil {
				c.msgError(name, err, ErrorItemNotFound)
				continue
			}
			out := v.formatAlternateID(v.mb, id, dst)
			c.msgStart(name)
			c.w.raw(`<m:AlternateId xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="t:AlternateIdType" Format="`)
			c.w.attr(dst)
			c.w.raw(`" Id="`)
			c.w.attr(out)
			c.w.raw(`" Mailbox="`)
			c.w.attr(v.targetOwner())
			c.w.raw(`"/>`)
			c.msgEnd(name)
		}
	}
	c.responseEnd("ConvertId")
	return nil
}

func (c *call) parseAlternateID(mb store.Mailbox, format, s string) (ObjectID, error) {
	info := mb.Info()
	var eid []byte
	var err error
	switch format {
	case "EwsId", "EwsLegacyId":
		id, err := ParseObjectID(s)
		if err != nil {
			return id, err
		}
		if id.Mailbox != info.MailboxGUID {
			return id, errorf(ErrorItemNotFound, "The specified object was not found in the store.")
		}
		return id, nil
	case "EntryId", "StoreId", "OwaId":
		eid, err = base64StdDecode(s)
	case "HexEntryId":
		eid, err = hex.DecodeString(s)
	default:
		return ObjectID{}, &Fault{Code: ErrorSchemaValidation, Message: "Format is not valid."}
	}
	if err != nil {
		return ObjectID{}, &Error{Code: ErrorInvalidIdMalformed, Message: "Id is malformed.", Err: err}
	}
	if f, err := mapi.ParseFolderEntryID(eid); err == nil && len(eid) == mapi.FolderEntryIDSize {
		if f.ProviderUID != info.MailboxGUID {
			return ObjectID{}, errorf(ErrorItemNotFound, "The specified object was not found in the store.")
		}
		return ObjectID{Kind: KindFolder, Mailbox: info.MailboxGUID, Folder: store.MakeFID(f.GlobalCounter)}, nil
	}
	if m, err := mapi.ParseMessageEntryID(eid); err == nil {
		if m.ProviderUID != info.MailboxGUID {
			return ObjectID{}, errorf(ErrorItemNotFound, "The specified object was not found in the store.")
		}
		return ObjectID{Kind: KindMessage, Mailbox: info.MailboxGUID, Folder: store.MakeFID(m.FolderGlobalCounter), Message: store.MakeMID(m.MessageGlobalCounter)}, nil
	}
	return ObjectID{}, errorf(ErrorInvalidIdMalformed, "Id is malformed.")
}

func (c *call) formatAlternateID(mb store.Mailbox, id ObjectID, format string) string {
	switch format {
	case "EwsId", "EwsLegacyId":
		return id.String()
	}
	var eid []byte
	if id.Kind == KindFolder {
		eid = store.FolderEntryID(mb.Info(), id.Folder)
	} else {
		eid = store.MessageEntryID(mb.Info(), id.Folder, id.Message)
	}
	if format == "HexEntryId" {
		return strings.ToUpper(hex.EncodeToString(eid))
	}
	return base64.StdEncoding.EncodeToString(eid)
}

// resolveNames implements ResolveNames ([MS-OXWSRSLV] 3.1.4.1) over the
// directory (contacts folders are not searched yet).
func (c *call) resolveNames() error {
	body := c.req.Body
	full, _ := parseBool(attr(body, "ReturnFullContactData"))
	entry := childTextRaw(body, "UnresolvedEntry")
	q := strings.TrimSpace(entry)
	if len(q) > 5 && strings.EqualFold(q[:5], "smtp:") {
		q = q[5:]
	}
	const name = "ResolveNamesResponseMessage"
	c.responseStart("ResolveNames")
	defer c.responseEnd("ResolveNames")
	if q == "" {
		c.msgError(name, errorf(ErrorNameResolutionNoResults, "No results were found."), ErrorItemNotFound)
		return nil
	}
	dir, ok := c.h.Store.(store.Directory)
	if !ok {
		c.msgError(name, errorf(ErrorNameResolutionNoResults, "No results were found."), ErrorItemNotFound)
		return nil
	}
	const max = 100
	found, err := dir.Resolve(c.ctx, q, max)
	if err != nil {
		c.msgError(name, err, ErrorItemNotFound)
		return nil
	}
	if len(found) == 0 {
		c.msgError(name, errorf(ErrorNameResolutionNoResults, "No results were found."), ErrorItemNotFound)
		return nil
	}
	// An exact address match resolves uniquely.
	for _, e := range found {
		if strings.EqualFold(e.SMTPAddress, q) {
			found = []store.DirectoryEntry{e}
			break
		}
	}
	if len(found) > 1 {
		c.w.raw(`<m:` + name + ` ResponseClass="Warning"><m:MessageText>Multiple results were found.</m:MessageText>` +
			`<m:ResponseCode>ErrorNameResolutionMultipleResults</m:ResponseCode><m:DescriptiveLinkKey>0</m:DescriptiveLinkKey>`)
	} else {
		c.msgStart(name)
	}
	c.w.raw(`<m:ResolutionSet TotalItemsInView="`)
	c.w.raw(itoa(len(found)))
	c.w.raw(`" IncludesLastItemInRange="true">`)
	for _, e := range found {
		c.w.open("t:Resolution")
		c.w.open("t:Mailbox")
		c.w.elem("t:Name", e.DisplayName)
		c.w.elem("t:EmailAddress", e.SMTPAddress)
		c.w.elem("t:RoutingType", "SMTP")
		if e.Kind == store.EntryDistList {
			c.w.elem("t:MailboxType", "PublicDL")
		} else {
			c.w.elem("t:MailboxType", "Mailbox")
		}
		c.w.close("t:Mailbox")
		if full {
			c.w.open("t:Contact")
			c.w.elem("t:DisplayName", e.DisplayName)
			c.w.raw(`<t:EmailAddresses><t:Entry Key="EmailAddress1">SMTP:`)
			c.w.text(e.SMTPAddress)
			c.w.raw(`</t:Entry></t:EmailAddresses>`)
			c.w.elem("t:ContactSource", "ActiveDirectory")
			c.writeDirectoryContact3(e) // contacts3.go
			c.w.close("t:Contact")
		}
		c.w.close("t:Resolution")
	}
	c.w.raw(`</m:ResolutionSet>`)
	c.msgEnd(name)
	return nil
}

func itoa(n int) string {
	var b [20]byte
	i := len(b)
	if n == 0 {
		return "0"
	}
	for n > 0 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	return string(b[i:])
}

// The Outlook start-up probes. Each answers what an Exchange without the
// feature answers: no add-ins, no marketplace, default service
// configuration, no groups.

// getAppManifests implements GetAppManifests: no add-ins.
func (c *call) getAppManifests() error {
	c.w.raw(`<m:GetAppManifestsResponse ResponseClass="Success" xmlns:m="` + nsMessages + `" xmlns:t="` + nsTypes + `">` +
		`<m:ResponseCode>NoError</m:ResponseCode><m:Manifests/></m:GetAppManifestsResponse>`)
	return nil
}

// getAppMarketplaceURL implements GetAppMarketplaceUrl: no marketplace.
func (c *call) getAppMarketplaceURL() error {
	c.w.raw(`<m:GetAppMarketplaceUrlResponse ResponseClass="Success" xmlns:m="` + nsMessages + `" xmlns:t="` + nsTypes + `">` +
		`<m:ResponseCode>NoError</m:ResponseCode></m:GetAppMarketplaceUrlResponse>`)
	return nil
}

// getServiceConfiguration implements GetServiceConfiguration: MailTips
// on (mailtips.go); other configurations are answered with an empty
// success message.
func (c *call) getServiceConfiguration() error {
	c.w.raw(`<m:GetServiceConfigurationResponse ResponseClass="Success" xmlns:m="` + nsMessages + `" xmlns:t="` + nsTypes + `">` +
		`<m:ResponseCode>NoError</m:ResponseCode><m:ResponseMessages>` +
		`<m:ServiceConfigurationResponseMessageType ResponseClass="Success"><m:ResponseCode>NoError</m:ResponseCode>`)
	wantMailTips := false
	if rc := child(c.req.Body, "RequestedConfiguration"); rc != nil {
		for _, e := range rc.ChildElements() {
			if strings.TrimSpace(e.Text()) == "MailTips" {
				wantMailTips = true
			}
		}
	}
	if wantMailTips {
		// MailTips on (mailtips.go).
		c.w.raw(`<m:MailTipsConfiguration><t:MailTipsEnabled>true</t:MailTipsEnabled><t:MaxRecipientsPerGetMailTipsRequest>`)
		c.w.raw(itoa(maxMailTipsRecipients))
		c.w.raw(`</t:MaxRecipientsPerGetMailTipsRequest><t:MaxMessageSize>`)
		c.w.raw(itoa(max(c.h.MaxMessageSize, 0)))
		c.w.raw(`</t:MaxMessageSize><t:LargeAudienceThreshold>25</t:LargeAudienceThreshold>` +
			`<t:ShowExternalRecipientCount>true</t:ShowExternalRecipientCount><t:InternalDomains>`)
		if i := strings.LastIndexByte(c.user, '@'); i >= 0 {
			c.w.raw(`<t:Domain Name="`)
			c.w.attr(c.user[i+1:])
			c.w.raw(`" IncludeSubdomains="false"/>`)
		}
		c.w.raw(`</t:InternalDomains><t:PolicyTipsEnabled>false</t:PolicyTipsEnabled><t:LargeAudienceCap>1000</t:LargeAudienceCap></m:MailTipsConfiguration>`)
	}
	c.w.raw(`</m:ServiceConfigurationResponseMessageType></m:ResponseMessages></m:GetServiceConfigurationResponse>`)
	return nil
}

// getUnifiedGroupsSettings implements GetUnifiedGroupsSettings (an
// Exchange Online operation outside the 2016 schema): no groups.
func (c *call) getUnifiedGroupsSettings() error {
	c.w.raw(`<m:GetUnifiedGroupsSettingsResponseMessage ResponseClass="Success" xmlns:m="` + nsMessages + `" xmlns:t="` + nsTypes + `">` +
		`<m:ResponseCode>NoError</m:ResponseCode></m:GetUnifiedGroupsSettingsResponseMessage>`)
	return nil
}

// GetUserConfiguration and the other user configuration operations are
// in userconfig.go.

var _ = (*etree.Element)(nil)
