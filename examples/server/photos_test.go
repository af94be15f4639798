package main

import (
	"bytes"
	"image"
	"image/jpeg"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"testing"
)

// TestUserPhotos checks -photos: a JPEG named after a user's address is
// that user's EWS photo, through the REST GetUserPhoto.
func TestUserPhotos(t *testing.T) {
	dir := t.TempDir()
	users := filepath.Join(dir, "users")
	os.WriteFile(users, []byte("user1@example.com secret User One\n"), 0o600)
	photos := filepath.Join(dir, "photos")
	os.Mkdir(photos, 0o700)
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, image.NewRGBA(image.Rect(0, 0, 200, 100)), nil); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(photos, "user1@example.com.jpg"), buf.Bytes(), 0o600)
	s, _, _ := startTest(t, "-users", users, "-photos", photos)
	get := func(query string) (*http.Response, []byte) {
		req, _ := http.NewRequest("GET", "http://"+s.http.Addr().String()+"/EWS/Exchange.asmx/s/GetUserPhoto?"+query, nil)
		req.SetBasicAuth("user1@example.com", "secret")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		data, _ := io.ReadAll(resp.Body)
		return resp, data
	}
	resp, data := get("email=user1@example.com&size=HR48x48")
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "image/jpeg" || resp.Header.Get("ETag") == "" {
		t.Fatalf("%d %v", resp.StatusCode, resp.Header)
	}
	cfg, err := jpeg.DecodeConfig(bytes.NewReader(data))
	if err != nil || cfg.Width != 48 || cfg.Height != 24 {
		t.Fatalf("photo %+v %v", cfg, err)
	}
	if resp, _ := get("email=nobody@example.com&size=HR48x48"); resp.StatusCode != 404 {
		t.Fatalf("no photo: %d", resp.StatusCode)
	}
}
