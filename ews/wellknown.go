package ews

import (
	"errors"
	"strings"

	"github.com/beevik/etree"
	"github.com/oxkit/oxkit/store"
)

// Well-known folders created on first use.
//
// Two DistinguishedFolderId names of Exchange 2013 and later
// ([MS-OXWSCDATA] 2.2.5.10) name folders that not every mailbox has,
// store.SpecialFolderSpec.OnDemand kinds that stores implementing
// store.SpecialFolderProvisioner create when first needed:
//
//   - "recipientcache" (Contacts\Recipient Cache, hidden,
//     IPF.Contact.RecipientCache): created the first time the mailbox's
//     owner names it, as Exchange creates its default folders when they
//     are first used; a delegate naming it in a mailbox that has none
//     gets ErrorFolderNotFound.
//   - "conversationhistory" (Conversation History,
//     IPF.Note.Microsoft.Conversation): ErrorFolderNotFound until a
//     client creates it with CreateFolder whose folder element carries
//     t:DistinguishedFolderId conversationhistory ([MS-OXWSFOLD] 2.2.4.5
//     and product note <2>: Exchange 2013 and later accept it there;
//     MS-OXWSFOLD R28402), as instant-messaging clients do; created
//     again, ErrorFolderExists. The folder takes the request's
//     DisplayName, FolderClass and extended properties over the
//     defaults, and is created under msgfolderroot whatever
//     ParentFolderId says, where Exchange keeps it.
//
// The other names R28402 lists for CreateFolder (adminauditlogs,
// recoverableitemsroot) and every other name answer ErrorInvalidRequest
// there. Stores without the capability answer ErrorFolderNotFound for
// both names, as before.

// specialFolderFID returns the FID of special folder kind of mb (the
// request's mailbox), provisioning an on-demand kind that is created on
// first use when the caller owns mb.
func (c *call) specialFolderFID(mb store.Mailbox, kind store.SpecialFolder) (store.FID, error) {
	fid, err := mb.SpecialFolder(c.ctx, kind)
	if err == nil || !errors.Is(err, store.ErrNotFound) || kind != store.FolderRecipientCache {
		return fid, err
	}
	p, ok := mb.(store.SpecialFolderProvisioner)
	if !ok || !strings.EqualFold(mb.Info().Owner, c.user) {
		return 0, err
	}
	f, perr := p.ProvisionSpecialFolder(c.ctx, kind, nil)
	if f != nil && (perr == nil || errors.Is(perr, store.ErrExists)) {
		// ErrExists with the folder: another request provisioned it
		// first.
		return f.ID, nil
	}
	return 0, err
}

// createWellKnownFolder is CreateFolder of a folder element carrying
// t:DistinguishedFolderId d: it provisions the named on-demand special
// folder with the element's properties and returns it.
func (c *call) createWellKnownFolder(f, d *etree.Element) (*store.Folder, error) {
	name := strings.TrimSpace(d.Text())
	if name != "conversationhistory" {
		return nil, errorf(ErrorInvalidRequest, "A folder with DistinguishedFolderId %q cannot be created.", name)
	}
	if !strings.EqualFold(c.mb.Info().Owner, c.user) {
		return nil, errorf(ErrorAccessDenied, "Only the mailbox owner can create the %s folder.", name)
	}
	p, ok := c.mb.(store.SpecialFolderProvisioner)
	if !ok {
		return nil, errorf(ErrorInvalidRequest, "This mailbox cannot create the %s folder.", name)
	}
	props, err := c.folderProps(f)
	if err != nil {
		return nil, err
	}
	nf, err := p.ProvisionSpecialFolder(c.ctx, store.FolderConversationHistory, props)
	if err != nil {
		if errors.Is(err, store.ErrExists) {
			return nil, &Error{Code: ErrorFolderExists, Message: "A folder with the specified name already exists.", Err: err}
		}
		return nil, toError(err, ErrorFolderNotFound)
	}
	return nf, nil
}
