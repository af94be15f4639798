package ews

import (
	"bytes"
	"context"
	"encoding/base64"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/beevik/etree"
	"github.com/google/go-cmp/cmp"
	"github.com/oxkit/oxkit/httpauth"
	"github.com/oxkit/oxkit/store"
)

// testImage returns a w×h image: left half red, right half blue.
func testImage(w, h int) image.Image {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			c := color.RGBA{R: 255, A: 255}
			if x >= w/2 {
				c = color.RGBA{B: 255, A: 255}
			}
			img.Set(x, y, c)
		}
	}
	return img
}

func testJPEG(t testing.TB, w, h int) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, testImage(w, h), &jpeg.Options{Quality: 95}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func testPNG(t testing.TB, w, h int) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := png.Encode(&buf, testImage(w, h)); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// photoMap is a store.PhotoSource over a map.
type photoMap map[string]*store.Photo

func (m photoMap) UserPhoto(ctx context.Context, address string) (*store.Photo, error) {
	if p, ok := m[strings.ToLower(address)]; ok {
		return p, nil
	}
	return nil, store.ErrNotFound
}

// photoResult is what a GetUserPhoto answer says.
type photoResult struct {
	Class, Code, HasChanged string
	Format                  string
	Width, Height           int
	ETag                    string
}

func decodeConfig(t *testing.T, data []byte) (string, int, int) {
	t.Helper()
	if cfg, err := jpeg.DecodeConfig(bytes.NewReader(data)); err == nil {
		return "jpeg", cfg.Width, cfg.Height
	}
	cfg, err := png.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("picture is neither JPEG nor PNG: %v", err)
	}
	return "png", cfg.Width, cfg.Height
}

// soapPhoto calls the SOAP GetUserPhoto as user1.
func soapPhoto(t *testing.T, e *env, email, size, ifNoneMatch string) photoResult {
	t.Helper()
	body := envelope(`<m:GetUserPhoto><m:Email>` + email + `</m:Email><m:SizeRequested>` + size + `</m:SizeRequested></m:GetUserPhoto>`)
	req := httptest.NewRequest(http.MethodPost, "/EWS/Exchange.asmx", strings.NewReader(body))
	req.Header.Set("Content-Type", "text/xml; charset=utf-8")
	if ifNoneMatch != "" {
		req.Header.Set("If-None-Match", ifNoneMatch)
	}
	req = req.WithContext(httpauth.WithIdentity(req.Context(), httpauth.Identity{User: user1}))
	rec := httptest.NewRecorder()
	e.h.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK {
		t.Fatalf("HTTP %d: %s", rec.Code, rec.Body.String())
	}
	doc := etree.NewDocument()
	if err := doc.ReadFromBytes(rec.Body.Bytes()); err != nil {
		t.Fatal(err)
	}
	r := doc.FindElement("//GetUserPhotoResponse")
	if r == nil {
		t.Fatalf("no GetUserPhotoResponse: %s", rec.Body.String())
	}
	res := photoResult{Class: r.SelectAttrValue("ResponseClass", ""), Code: text(r, "ResponseCode"), HasChanged: text(r, "HasChanged"),
		ETag: rec.Header().Get("ETag")}
	if pd := r.SelectElement("PictureData"); pd != nil {
		data, err := base64.StdEncoding.DecodeString(pd.Text())
		if err != nil {
			t.Fatal(err)
		}
		res.Format, res.Width, res.Height = decodeConfig(t, data)
	}
	return res
}

// restPhoto calls GET /EWS/Exchange.asmx/s/GetUserPhoto as user1.
func restPhoto(t *testing.T, e *env, query, ifNoneMatch string) (int, photoResult) {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, "/EWS/Exchange.asmx/s/GetUserPhoto?"+query, nil)
	if ifNoneMatch != "" {
		req.Header.Set("If-None-Match", ifNoneMatch)
	}
	req = req.WithContext(httpauth.WithIdentity(req.Context(), httpauth.Identity{User: user1}))
	rec := httptest.NewRecorder()
	e.h.ServeHTTP(rec, req)
	res := photoResult{ETag: rec.Header().Get("ETag")}
	if rec.Code == http.StatusOK {
		res.Format, res.Width, res.Height = decodeConfig(t, rec.Body.Bytes())
		if ct := rec.Header().Get("Content-Type"); ct != "image/"+res.Format {
			t.Fatalf("Content-Type %q for a %s", ct, res.Format)
		}
	}
	return rec.Code, res
}

// TestGetUserPhotoDirectory checks GetUserPhoto (EWS reference,
// "GetUserPhoto operation") over a store.PhotoSource: the SOAP and REST
// forms, scaling to SizeRequested (aspect kept), ETag and If-None-Match.
func TestGetUserPhotoDirectory(t *testing.T) {
	e := newEnv(t)
	e.h.Photos = photoMap{user2: {Data: testJPEG(t, 300, 200), ContentType: "image/jpeg", Tag: "v1"}}
	for _, tc := range []struct {
		size string
		want photoResult
	}{
		{"HR48x48", photoResult{Class: "Success", Code: "NoError", HasChanged: "true", Format: "jpeg", Width: 48, Height: 32, ETag: `"v1"`}},
		{"HR240x240", photoResult{Class: "Success", Code: "NoError", HasChanged: "true", Format: "jpeg", Width: 240, Height: 160, ETag: `"v1"`}},
		{"HR648x648", photoResult{Class: "Success", Code: "NoError", HasChanged: "true", Format: "jpeg", Width: 300, Height: 200, ETag: `"v1"`}},
		{"HR1024xN", photoResult{Class: "Success", Code: "NoError", HasChanged: "true", Format: "jpeg", Width: 300, Height: 200, ETag: `"v1"`}},
	} {
		if d := cmp.Diff(tc.want, soapPhoto(t, e, user2, tc.size, "")); d != "" {
			t.Errorf("SOAP %s (-want +got):\n%s", tc.size, d)
		}
	}
	// If-None-Match with the current tag: HasChanged false, no picture.
	want := photoResult{Class: "Success", Code: "NoError", HasChanged: "false", ETag: `"v1"`}
	if d := cmp.Diff(want, soapPhoto(t, e, user2, "HR96x96", `"v1"`)); d != "" {
		t.Errorf("SOAP If-None-Match (-want +got):\n%s", d)
	}
	if got := soapPhoto(t, e, user2, "HR96x96", `"v0"`); got.HasChanged != "true" || got.Width != 96 {
		t.Errorf("SOAP stale If-None-Match: %+v", got)
	}
	// No photo.
	want = photoResult{Class: "Error", Code: "ErrorItemNotFound", HasChanged: "false"}
	if d := cmp.Diff(want, soapPhoto(t, e, user1, "HR48x48", "")); d != "" {
		t.Errorf("SOAP no photo (-want +got):\n%s", d)
	}
	if d := cmp.Diff(want, soapPhoto(t, e, "nobody@example.com", "HR48x48", "")); d != "" {
		t.Errorf("SOAP unknown user (-want +got):\n%s", d)
	}
	// A bad size is a schema fault.
	code, doc := e.postAs(user1, envelope(`<m:GetUserPhoto><m:Email>`+user2+`</m:Email><m:SizeRequested>HR1x1</m:SizeRequested></m:GetUserPhoto>`))
	if code != http.StatusInternalServerError || faultCode(doc) != "ErrorSchemaValidation" {
		t.Errorf("bad size: %d %s", code, faultCode(doc))
	}

	// REST form.
	for _, tc := range []struct {
		query, inm string
		code       int
		want       photoResult
	}{
		{"email=" + user2 + "&size=HR64x64", "", 200, photoResult{Format: "jpeg", Width: 64, Height: 42, ETag: `"v1"`}},
		{"email=" + strings.ToUpper(user2) + "&size=hr120x120", "", 200, photoResult{Format: "jpeg", Width: 120, Height: 80, ETag: `"v1"`}},
		{"email=" + user2 + "&size=HR64x64", `"v1"`, 304, photoResult{ETag: `"v1"`}},
		{"email=" + user2 + "&size=HR64x64", `W/"v1", "v2"`, 304, photoResult{ETag: `"v1"`}},
		{"email=" + user1 + "&size=HR64x64", "", 404, photoResult{}},
		{"email=" + user2 + "&size=HR7x7", "", 400, photoResult{}},
		{"size=HR64x64", "", 400, photoResult{}},
	} {
		code, got := restPhoto(t, e, tc.query, tc.inm)
		if code != tc.code {
			t.Errorf("REST %s: HTTP %d, want %d", tc.query, code, tc.code)
			continue
		}
		if d := cmp.Diff(tc.want, got); d != "" {
			t.Errorf("REST %s (-want +got):\n%s", tc.query, d)
		}
	}
}

// TestGetUserPhotoMailbox checks the mailbox photo (SetMailboxPhoto): it
// comes before the directory's, a PNG stays a PNG, its tag changes with
// it, and removing it falls back to the directory photo.
func TestGetUserPhotoMailbox(t *testing.T) { testGetUserPhotoMailbox(t, newEnv(t)) }

func testGetUserPhotoMailbox(t *testing.T, e *env) {
	e.h.Photos = photoMap{user2: {Data: testJPEG(t, 50, 50), ContentType: "image/jpeg", Tag: "dir"}}
	ctx := context.Background()
	mb, err := e.st.OpenMailbox(ctx, user2)
	if err != nil {
		t.Fatal(err)
	}
	if err := SetMailboxPhoto(ctx, mb, []byte("not an image")); err == nil {
		t.Fatal("SetMailboxPhoto took text")
	}
	if err := SetMailboxPhoto(ctx, mb, testPNG(t, 120, 240)); err != nil {
		t.Fatal(err)
	}
	got := soapPhoto(t, e, user2, "HR96x96", "")
	if got.Format != "png" || got.Width != 48 || got.Height != 96 || got.ETag == "" || got.ETag == `"dir"` {
		t.Fatalf("mailbox photo: %+v", got)
	}
	tag1 := got.ETag
	if got := soapPhoto(t, e, user2, "HR96x96", tag1); got.HasChanged != "false" {
		t.Fatalf("unchanged mailbox photo: %+v", got)
	}
	if err := SetMailboxPhoto(ctx, mb, testJPEG(t, 500, 500)); err != nil {
		t.Fatal(err)
	}
	got = soapPhoto(t, e, user2, "HR96x96", tag1)
	if got.HasChanged != "true" || got.Format != "jpeg" || got.Width != 96 || got.ETag == tag1 {
		t.Fatalf("replaced mailbox photo: %+v (old tag %s)", got, tag1)
	}
	// The photo message is associated: no Inbox/root item lists it.
	if err := SetMailboxPhoto(ctx, mb, nil); err != nil {
		t.Fatal(err)
	}
	if got := soapPhoto(t, e, user2, "HR48x48", ""); got.ETag != `"dir"` || got.Width != 48 {
		t.Fatalf("after removal: %+v", got)
	}
	if err := SetMailboxPhoto(ctx, mb, nil); err != nil {
		t.Fatalf("removing twice: %v", err)
	}
}

// TestScaleImage checks the box filter: the halves' colours survive.
func TestScaleImage(t *testing.T) {
	out, err := scaleImage(testPNG(t, 200, 100), "image/png", [2]int{48, 48}, DefaultMaxPhotoPixels)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	if b := img.Bounds(); b.Dx() != 48 || b.Dy() != 24 {
		t.Fatalf("size %v", b)
	}
	if r, _, bl, _ := img.At(5, 10).RGBA(); r>>8 != 255 || bl != 0 {
		t.Errorf("left pixel %v", img.At(5, 10))
	}
	if r, _, bl, _ := img.At(40, 10).RGBA(); r != 0 || bl>>8 != 255 {
		t.Errorf("right pixel %v", img.At(40, 10))
	}
	// Over the pixel limit: not decoded.
	if _, err := scaleImage(testPNG(t, 200, 100), "image/png", [2]int{48, 48}, 1000); err == nil {
		t.Error("scaled past the pixel limit")
	}
	// Already small enough: nil (sent as stored).
	if out, err := scaleImage(testPNG(t, 20, 10), "image/png", [2]int{48, 48}, DefaultMaxPhotoPixels); err != nil || out != nil {
		t.Errorf("small image: %v %d bytes", err, len(out))
	}
	if _, err := scaleImage([]byte("\x89PNG\r\n\x1a\ngarbage"), "image/png", [2]int{48, 48}, DefaultMaxPhotoPixels); err == nil {
		t.Error("garbage scaled")
	}
}
