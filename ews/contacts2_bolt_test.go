package ews

import "testing"

// TestBoltStoreDavcal runs the tests of mimecal.go, contacts2.go,
// distlist.go, postitem.go and the folder commit time over boltstore (the
// example server's default store) as well as memstore.
func TestBoltStoreDavcal(t *testing.T) {
	t.Run("CalendarMimeContent", func(t *testing.T) { testCalendarMimeContent(t, newBoltEnv(t)) })
	t.Run("CalendarMimeContentReplace", func(t *testing.T) { testCalendarMimeContentReplace(t, newBoltEnv(t)) })
	t.Run("TaskMimeContent", func(t *testing.T) { testTaskMimeContent(t, newBoltEnv(t)) })
	t.Run("ContactMimeContent", func(t *testing.T) { testContactMimeContent(t, newBoltEnv(t)) })
	t.Run("LocalCommitTimeMax", func(t *testing.T) { testLocalCommitTimeMax(t, newBoltEnv(t)) })
	t.Run("ContactFields", func(t *testing.T) { testContactFields(t, newBoltEnv(t)) })
	t.Run("ContactsView", func(t *testing.T) { testContactsView(t, newBoltEnv(t)) })
	t.Run("DistributionList", func(t *testing.T) { testDistributionList(t, newBoltEnv(t)) })
	t.Run("PostItem", func(t *testing.T) { testPostItem(t, newBoltEnv(t)) })
}
