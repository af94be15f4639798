package store

import "context"

// PhotoSource is the optional capability of a Store of keeping user
// photos for the directory (the thumbnailPhoto of Active Directory):
// the source of EWS GetUserPhoto (EWS reference, "GetUserPhoto
// operation", Exchange 2013 and later) for users
// that keep no photo in their mailbox. It is found by type assertion on
// the Store, or given to the server that needs it.
type PhotoSource interface {
	// UserPhoto returns the photo of the directory user whose SMTP
	// address (primary or proxy) equals address, case-insensitively,
	// or ErrNotFound when the user or the photo does not exist.
	UserPhoto(ctx context.Context, address string) (*Photo, error)
}

// Photo is a user photo.
type Photo struct {
	// Data is the image: JPEG or PNG.
	Data []byte
	// ContentType is "image/jpeg" or "image/png".
	ContentType string
	// Tag changes whenever Data does (an HTTP entity tag without its
	// quotes); clients send it back to ask whether the photo changed.
	Tag string
}
