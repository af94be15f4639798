package ews

import (
	"errors"
	"strings"

	"github.com/oxkit/oxkit/store"
)

// Rooms ([MS-OXWSGTRM] 3.1.4.1 GetRoomLists, 3.1.4.2 GetRooms; Exchange
// 2010 SP1 and later).
//
// GetRoomLists answers the directory's distribution lists marked as room
// lists (store.DirectoryEntry.RoomList) that are not hidden, in
// display-name order; GetRooms the members of one of them marked as
// rooms (DirectoryEntry.Room), in the list's order, leaving out rooms
// hidden from the address list as Exchange does. A RoomList that is not a room list of the directory
// answers ErrorNameResolutionNoResults, as an unknown list does. Rooms
// are ordinary mailboxes otherwise: free/busy (GetUserAvailability) and
// invitations work as for any attendee; they do not book themselves
// (no resource booking assistant).

// getRoomLists implements GetRoomLists ([MS-OXWSGTRM] 3.1.4.1).
func (c *call) getRoomLists() error {
	var lists []store.DirectoryEntry
	if dir, ok := c.h.Store.(store.Directory); ok {
		all, _, err := dir.ListEntries(c.ctx, 0, 0)
		if err != nil {
			return err
		}
		for _, e := range all {
			if e.Kind == store.EntryDistList && e.RoomList {
				lists = append(lists, e)
			}
		}
	}
	c.w.raw(`<m:GetRoomListsResponse ResponseClass="Success" xmlns:m="` + nsMessages + `" xmlns:t="` + nsTypes + `"><m:ResponseCode>NoError</m:ResponseCode><m:RoomLists>`)
	for _, l := range lists {
		c.writeDirectoryAddress("t:Address", l)
	}
	c.w.raw(`</m:RoomLists></m:GetRoomListsResponse>`)
	return nil
}

// getRooms implements GetRooms ([MS-OXWSGTRM] 3.1.4.2).
func (c *call) getRooms() error {
	addr := strings.TrimSpace(childText(child(c.req.Body, "RoomList"), "EmailAddress"))
	if addr == "" {
		return &Fault{Code: ErrorSchemaValidation, Message: "GetRooms needs a RoomList with an EmailAddress."}
	}
	dir, ok := c.h.Store.(store.Directory)
	var rooms []store.DirectoryEntry
	var err error
	if ok {
		var list *store.DirectoryEntry
		if list, err = dir.LookupUser(c.ctx, addr); err == nil && list.RoomList {
			var members []store.DirectoryEntry
			if members, err = dir.Members(c.ctx, list.SMTPAddress); err == nil {
				for _, m := range members {
					if m.Kind == store.EntryUser && m.Room && !m.Hidden {
						rooms = append(rooms, m)
					}
				}
			}
		} else if err == nil {
			err = store.ErrNotFound
		}
	} else {
		err = store.ErrNotFound
	}
	if err != nil {
		if !errors.Is(err, store.ErrNotFound) {
			return err
		}
		c.bareError("GetRooms", errorf(ErrorNameResolutionNoResults, "No room list was found for %s.", addr), ErrorNameResolutionNoResults) // handler.go
		return nil
	}
	c.w.raw(`<m:GetRoomsResponse ResponseClass="Success" xmlns:m="` + nsMessages + `" xmlns:t="` + nsTypes + `"><m:ResponseCode>NoError</m:ResponseCode><m:Rooms>`)
	for _, r := range rooms {
		c.w.raw(`<t:Room>`)
		c.writeDirectoryAddress("t:Id", r)
		c.w.raw(`</t:Room>`)
	}
	c.w.raw(`</m:Rooms></m:GetRoomsResponse>`)
	return nil
}

// writeDirectoryAddress writes a directory entry as an EmailAddressType
// element el.
func (c *call) writeDirectoryAddress(el string, e store.DirectoryEntry) {
	c.w.open(el)
	c.w.elem("t:Name", e.DisplayName)
	c.w.elem("t:EmailAddress", e.SMTPAddress)
	c.w.raw(`<t:RoutingType>SMTP</t:RoutingType>`)
	if e.Kind == store.EntryDistList {
		c.w.raw(`<t:MailboxType>PublicDL</t:MailboxType>`)
	} else {
		c.w.raw(`<t:MailboxType>Mailbox</t:MailboxType>`)
	}
	c.w.close(el)
}
