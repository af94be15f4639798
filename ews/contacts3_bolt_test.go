package ews

import "testing"

// TestBoltStoreContacts3 runs the tests of contacts3.go and the mailbox
// photo of photo.go over boltstore (the example server's default store)
// as well as memstore.
func TestBoltStoreContacts3(t *testing.T) {
	t.Run("ContactFileAsMapping", func(t *testing.T) { testContactFileAsMapping(t, newBoltEnv(t)) })
	t.Run("ContactExchange2010SP2Fields", func(t *testing.T) { testContactExchange2010SP2Fields(t, newBoltEnv(t)) })
	t.Run("ContactPhotoAttachment", func(t *testing.T) { testContactPhotoAttachment(t, newBoltEnv(t)) })
	t.Run("ContactPhotoVCard", func(t *testing.T) { testContactPhotoVCard(t, newBoltEnv(t)) })
	t.Run("GetUserPhotoMailbox", func(t *testing.T) { testGetUserPhotoMailbox(t, newBoltEnv(t)) })
}
