package ews

import (
	"errors"

	"github.com/oxkit/oxkit/mapi"
	"github.com/oxkit/oxkit/store"
)

// item:ResponseObjects and item:EffectiveRights ([MS-OXWSCORE] 2.2.4.24
// ItemType: ResponseObjects, NonEmptyArrayOfResponseObjectsType;
// EffectiveRights, 2.2.4.x EffectiveRightsType).
//
// ResponseObjects (in the Default and AllProperties shapes of GetItem,
// not returned by FindItem, as in Exchange) lists the response objects
// CreateItem accepts for the item: ReplyToItem, ReplyAllToItem and
// ForwardItem for messages (ForwardItem only for drafts) and meeting
// messages, SuppressReadReceipt while a read receipt is owed
// (readreceipt.go); AcceptItem, TentativelyAcceptItem and DeclineItem
// for meeting requests and an attendee's calendar items, CancelCalendarItem
// for an organizer's, RemoveItem for cancellations; PostReplyItem for
// posts; ForwardItem for contacts, distribution lists, tasks and
// appointments. Items inside attachments answer none.
//
// EffectiveRights (AllProperties, or asked for) on an item: in the
// caller's own mailbox Delete, Modify, Read and ViewPrivateItems, none of
// the Create rights (those are a folder's); under delegate access what
// the folder permissions allow on this item (Modify: EditAny, or
// EditOwned for an item the caller created; Delete likewise; Read:
// ReadAny) and ViewPrivateItems as the delegate flag says.

// writeResponseObjects writes t:ResponseObjects of an item written as
// el.
func (c *call) writeResponseObjects(it *itemData, s *itemShape, el string) {
	if it.mid == 0 {
		return // an attached item (nested.go) or a row without identity
	}
	flags, _ := getInt(it.props, mapi.PidTagMessageFlags)
	var objs []string
	reply := []string{"ReplyToItem", "ReplyAllToItem", "ForwardItem"}
	answer := []string{"AcceptItem", "TentativelyAcceptItem", "DeclineItem"}
	switch el {
	case "t:Message":
		if flags&msgflagUnsent != 0 {
			objs = []string{"ForwardItem"}
		} else {
			objs = reply
		}
		if flags&mfNotifyRead != 0 {
			objs = append(objs[:len(objs):len(objs)], "SuppressReadReceipt")
		}
	case "t:MeetingRequest":
		objs = append(answer[:3:3], reply...)
	case "t:MeetingCancellation":
		objs = append([]string{"RemoveItem"}, reply...)
	case "t:MeetingResponse", "t:MeetingMessage":
		objs = reply
	case "t:CalendarItem":
		st, _ := getInt(it.props, s.tag(fResponseObjects))
		switch {
		case s.tag(fResponseObjects) == 0 || st == respNone:
			objs = []string{"ForwardItem"} // an appointment
		case st == respOrganized:
			objs = []string{"CancelCalendarItem", "ForwardItem"}
		default:
			objs = append(answer[:3:3], reply...)
		}
	case "t:PostItem":
		objs = append([]string{"PostReplyItem"}, reply...)
	case "t:Contact", "t:DistributionList", "t:Task":
		objs = []string{"ForwardItem"}
	}
	if len(objs) == 0 {
		return
	}
	c.w.open("t:ResponseObjects")
	for _, o := range objs {
		c.w.raw("<t:" + o + "/>")
	}
	c.w.close("t:ResponseObjects")
}

// writeItemEffectiveRights writes t:EffectiveRights of an item.
func (c *call) writeItemEffectiveRights(it *itemData) error {
	if it.mid == 0 {
		return nil
	}
	if c.acc == nil {
		c.w.raw(`<t:EffectiveRights><t:CreateAssociated>false</t:CreateAssociated><t:CreateContents>false</t:CreateContents>` +
			`<t:CreateHierarchy>false</t:CreateHierarchy><t:Delete>true</t:Delete><t:Modify>true</t:Modify>` +
			`<t:Read>true</t:Read><t:ViewPrivateItems>true</t:ViewPrivateItems></t:EffectiveRights>`)
		return nil
	}
	r, err := c.folderRights(it.fid)
	if err != nil {
		return err
	}
	may := func(anyRights, ownRights store.Rights) (bool, error) {
		err := c.allowItem(it.fid, it.mid, anyRights, ownRights)
		var e *Error
		if errors.As(err, &e) && e.Code == ErrorAccessDenied {
			return false, nil
		}
		return err == nil, err
	}
	modify, err := may(store.RightEditAny, store.RightEditOwned)
	if err != nil {
		return err
	}
	del, err := may(store.RightDeleteAny, store.RightDeleteOwned)
	if err != nil {
		return err
	}
	private, err := c.canViewPrivate()
	if err != nil {
		return err
	}
	c.w.open("t:EffectiveRights")
	c.w.elemBool("t:CreateAssociated", false)
	c.w.elemBool("t:CreateContents", false)
	c.w.elemBool("t:CreateHierarchy", false)
	c.w.elemBool("t:Delete", del)
	c.w.elemBool("t:Modify", modify)
	c.w.elemBool("t:Read", r.Has(store.RightReadAny))
	c.w.elemBool("t:ViewPrivateItems", private)
	c.w.close("t:EffectiveRights")
	return nil
}
