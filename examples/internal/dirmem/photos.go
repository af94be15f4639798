package dirmem

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"strings"

	"github.com/oxkit/oxkit/store"
)

// MaxPhotoBytes bounds a photo file PhotoDir reads; larger files are
// taken as no photo.
const MaxPhotoBytes = 4 << 20

// PhotoDir is a store.PhotoSource over a directory of files named after
// the users' SMTP addresses: <address>.jpg, <address>.jpeg or
// <address>.png (the address lower-cased). Files are read on each call,
// so a photo dropped in, replaced or removed shows at once; the tag is a
// hash of the content.
type PhotoDir string

var _ store.PhotoSource = PhotoDir("")

// UserPhoto implements store.PhotoSource.
func (d PhotoDir) UserPhoto(ctx context.Context, address string) (*store.Photo, error) {
	addr := strings.ToLower(strings.TrimSpace(address))
	if d == "" || addr == "" || strings.ContainsAny(addr, `/\`) || strings.HasPrefix(addr, ".") {
		return nil, fmt.Errorf("dirmem: no photo for %q: %w", address, store.ErrNotFound)
	}
	for _, ext := range []string{".jpg", ".jpeg", ".png"} {
		data, err := readLimited(filepath.Join(string(d), addr+ext), MaxPhotoBytes)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("dirmem: photo of %s: %w", address, err)
		}
		ct := http.DetectContentType(data)
		if ct != "image/jpeg" && ct != "image/png" {
			return nil, fmt.Errorf("dirmem: photo of %s is %s, not JPEG or PNG: %w", address, ct, store.ErrNotFound)
		}
		sum := sha256.Sum256(data)
		return &store.Photo{Data: data, ContentType: ct, Tag: hex.EncodeToString(sum[:8])}, nil
	}
	return nil, fmt.Errorf("dirmem: no photo for %s: %w", address, store.ErrNotFound)
}

// readLimited reads a file of at most limit bytes (ErrNotFound-wrapped
// error beyond).
func readLimited(name string, limit int64) ([]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("larger than %d bytes: %w", limit, store.ErrNotFound)
	}
	return data, nil
}
