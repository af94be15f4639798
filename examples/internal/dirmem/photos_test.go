package dirmem

import (
	"bytes"
	"context"
	"errors"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"github.com/oxkit/oxkit/store"
)

func TestPhotoDir(t *testing.T) {
	dir := t.TempDir()
	var buf bytes.Buffer
	if err := png.Encode(&buf, image.NewRGBA(image.Rect(0, 0, 4, 4))); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "user1@example.com.png"), buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "text@example.com.jpg"), []byte("hello"), 0o600); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	p, err := PhotoDir(dir).UserPhoto(ctx, "User1@Example.com")
	if err != nil || p.ContentType != "image/png" || !bytes.Equal(p.Data, buf.Bytes()) || p.Tag == "" {
		t.Fatalf("%+v %v", p, err)
	}
	for _, addr := range []string{"user2@example.com", "text@example.com", "../etc/passwd", "", ".hidden"} {
		if _, err := PhotoDir(dir).UserPhoto(ctx, addr); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("%q: %v, want ErrNotFound", addr, err)
		}
	}
	// Replacing the file changes the tag.
	buf.Reset()
	png.Encode(&buf, image.NewRGBA(image.Rect(0, 0, 8, 8)))
	os.WriteFile(filepath.Join(dir, "user1@example.com.png"), buf.Bytes(), 0o600)
	if p2, err := PhotoDir(dir).UserPhoto(ctx, "user1@example.com"); err != nil || p2.Tag == p.Tag {
		t.Fatalf("after replace: %+v %v", p2, err)
	}
}
