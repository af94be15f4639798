package ews

import "testing"

// TestBoltStore runs the operation tests over boltstore (the example
// server's default store) as well as memstore.
func TestBoltStore(t *testing.T) {
	t.Run("OofSettings", func(t *testing.T) { testOofSettings(t, newBoltEnv(t)) })
	t.Run("GetUserAvailability", func(t *testing.T) { testGetUserAvailability(t, newBoltEnv(t)) })
	t.Run("Contacts", func(t *testing.T) { testContacts(t, newBoltEnv(t)) })
	t.Run("ReplyForward", func(t *testing.T) { testReplyForward(t, newBoltEnv(t)) })
	t.Run("RecurringCalendarItems", func(t *testing.T) { testRecurringCalendarItems(t, newBoltEnv(t)) })
	t.Run("Tasks", func(t *testing.T) { testTasks(t, newBoltEnv(t)) })
	t.Run("CapturedRequests", func(t *testing.T) { replayCaptures(t, newBoltEnv) })
	t.Run("GetFolderShapes", func(t *testing.T) { testGetFolderShapes(t, newBoltEnv(t)) })
	t.Run("FolderLifecycle", func(t *testing.T) { testFolderLifecycle(t, newBoltEnv(t)) })
	t.Run("FolderExtendedProperties", func(t *testing.T) { testFolderExtendedProperties(t, newBoltEnv(t)) })
	t.Run("SyncFolderHierarchy", func(t *testing.T) { testSyncFolderHierarchy(t, newBoltEnv(t)) })
	t.Run("CreateGetItem", func(t *testing.T) { testCreateGetItem(t, newBoltEnv(t)) })
	t.Run("MimeContent", func(t *testing.T) { testMimeContent(t, newBoltEnv(t)) })
	t.Run("UpdateItem", func(t *testing.T) { testUpdateItem(t, newBoltEnv(t)) })
	t.Run("FindItem", func(t *testing.T) { testFindItem(t, newBoltEnv(t)) })
	t.Run("MoveCopyDeleteItems", func(t *testing.T) { testMoveCopyDeleteItems(t, newBoltEnv(t)) })
	t.Run("MarkAllItemsAsRead", func(t *testing.T) { testMarkAllItemsAsRead(t, newBoltEnv(t)) })
	t.Run("SendItems", func(t *testing.T) { testSendItems(t, newBoltEnv(t)) })
	t.Run("SyncFolderItems", func(t *testing.T) { testSyncFolderItems(t, newBoltEnv(t)) })
	t.Run("Attachments", func(t *testing.T) { testAttachments(t, newBoltEnv(t)) })
	t.Run("CalendarItems", func(t *testing.T) { testCalendarItems(t, newBoltEnv(t)) })
	t.Run("PullSubscription", func(t *testing.T) { testPullSubscription(t, newBoltEnv(t)) })
	t.Run("ConvertID", func(t *testing.T) { testConvertID(t, newBoltEnv(t)) })
	t.Run("ResolveNames", func(t *testing.T) { testResolveNames(t, newBoltEnv(t)) })
}
