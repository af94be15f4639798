package ews

import (
	"bytes"
	"context"
	"encoding/hex"
	"errors"
	"image"
	"image/draw"
	"image/jpeg"
	"image/png"
	"net/http"
	"strings"

	"github.com/oxkit/oxkit/httpauth"
	"github.com/oxkit/oxkit/mapi"
	"github.com/oxkit/oxkit/store"
)

// GetUserPhoto (EWS reference, "GetUserPhoto operation" and "Get user
// photos by using EWS in Exchange"; Exchange 2013 and later): a user's
// photo, in the SOAP form and the REST form
// GET /EWS/Exchange.asmx/s/GetUserPhoto?email=…&size=HR48x48.
//
// The photo comes from the user's mailbox when it keeps one (Exchange
// 2013 keeps the user photo in the mailbox, the directory's thumbnail
// being the fallback): an associated message of class IPM.UserPhoto in
// the mailbox's root folder whose PidTagThumbnailPhoto ([MS-OXOABK]
// 2.2.4.40) holds a JPEG or PNG image (SetMailboxPhoto writes it: EWS
// has no operation that sets a photo; SetUserPhoto is not part of EWS
// but of Exchange Online's REST API). Otherwise it comes from
// Handler.Photos or, when that is nil, the Store as a store.PhotoSource.
//
// A photo larger than the requested size is scaled down to fit it
// (keeping its aspect ratio; HR1024xN and HR1920xN bound the width
// only), in its own format; smaller photos are sent as stored. The
// photo's tag is the response's ETag; a request whose If-None-Match
// carries it gets HasChanged false without PictureData (SOAP) or
// 304 Not Modified (REST).

// DefaultMaxPhotoPixels is the default of Handler.MaxPhotoPixels.
const DefaultMaxPhotoPixels = 16 << 20

// mailboxPhotoClass is the message class of the mailbox photo message.
const mailboxPhotoClass = "IPM.UserPhoto"

// userPhotoSizes are UserPhotoSizeType values (types.xsd) and the
// square they fit a photo in (height 0: width only).
var userPhotoSizes = map[string][2]int{
	"HR48x48": {48, 48}, "HR64x64": {64, 64}, "HR96x96": {96, 96}, "HR120x120": {120, 120}, "HR240x240": {240, 240},
	"HR360x360": {360, 360}, "HR432x432": {432, 432}, "HR504x504": {504, 504}, "HR648x648": {648, 648},
	"HR1024xN": {1024, 0}, "HR1920xN": {1920, 0},
}

// photoSize parses a size ("HR96x96", case-insensitively, as the REST
// form's clients vary); "" is the largest.
func photoSize(s string) ([2]int, bool) {
	if s == "" {
		return [2]int{648, 648}, true
	}
	for k, v := range userPhotoSizes {
		if strings.EqualFold(k, s) {
			return v, true
		}
	}
	return [2]int{}, false
}

// errNoPhoto is the answer for users without a photo (and unknown users).
var errNoPhoto = errorf(ErrorItemNotFound, "The user has no photo.")

// getUserPhoto implements the SOAP GetUserPhoto.
func (c *call) getUserPhoto() error {
	body := c.req.Body
	email := strings.TrimSpace(childText(body, "Email"))
	size, ok := photoSize(childText(body, "SizeRequested"))
	if email == "" || !ok || childText(body, "SizeRequested") == "" {
		return &Fault{Code: ErrorSchemaValidation, Message: "GetUserPhoto needs an Email and a valid SizeRequested."}
	}
	if tr := childText(body, "TypeRequested"); tr != "" && tr != "UserPhoto" && tr != "ProfileHeaderPhoto" {
		return &Fault{Code: ErrorSchemaValidation, Message: "TypeRequested is not valid."}
	}
	p, err := c.h.userPhoto(c.ctx, email)
	if err == nil && childText(body, "TypeRequested") == "ProfileHeaderPhoto" {
		err = errNoPhoto // no profile header photos are kept
	}
	start := `<m:GetUserPhotoResponse xmlns:m="` + nsMessages + `" xmlns:t="` + nsTypes + `" ResponseClass="`
	if err != nil {
		te := toError(err, ErrorItemNotFound)
		if te.Code == ErrorInternalServerError {
			c.h.logger().Error("ews: GetUserPhoto", "user", email, "err", err)
		}
		c.w.raw(start + `Error">`)
		c.w.elem("m:MessageText", te.Message)
		c.w.elem("m:ResponseCode", string(te.Code))
		c.w.raw(`<m:DescriptiveLinkKey>0</m:DescriptiveLinkKey><m:HasChanged>false</m:HasChanged></m:GetUserPhotoResponse>`)
		return nil
	}
	unchanged := c.httpReq != nil && etagMatches(c.httpReq.Header.Get("If-None-Match"), p.Tag)
	if c.rw != nil && p.Tag != "" {
		c.rw.Header().Set("ETag", `"`+p.Tag+`"`)
	}
	c.w.raw(start + `Success"><m:ResponseCode>NoError</m:ResponseCode>`)
	if unchanged {
		c.w.raw(`<m:HasChanged>false</m:HasChanged>`)
	} else {
		sp := c.h.scalePhoto(p, size)
		c.w.raw(`<m:HasChanged>true</m:HasChanged>`)
		c.w.elemBase64("m:PictureData", sp.Data)
	}
	c.w.raw(`</m:GetUserPhotoResponse>`)
	return nil
}

// isUserPhotoPath reports whether a GET is the REST GetUserPhoto.
func isUserPhotoPath(p string) bool {
	return strings.HasSuffix(strings.ToLower(p), "/s/getuserphoto")
}

// serveUserPhoto answers the REST GetUserPhoto: 200 with the image,
// 304 when If-None-Match has its tag, 404 without a photo, 400 for a
// request without email or with an unknown size.
func (h *Handler) serveUserPhoto(w http.ResponseWriter, r *http.Request) {
	id, ok := httpauth.FromContext(r.Context())
	if !ok || id.User == "" {
		http.Error(w, "unauthenticated", http.StatusUnauthorized)
		return
	}
	q := r.URL.Query()
	email := strings.TrimSpace(q.Get("email"))
	size, ok := photoSize(q.Get("size"))
	if email == "" || !ok {
		http.Error(w, "GetUserPhoto needs email and a valid size", http.StatusBadRequest)
		return
	}
	p, err := h.userPhoto(r.Context(), email)
	if err != nil {
		if te := toError(err, ErrorItemNotFound); te.Code != ErrorItemNotFound {
			h.logger().Error("ews: GetUserPhoto", "user", email, "err", err)
			http.Error(w, "internal error", http.StatusInternalServerError)
			return
		}
		http.NotFound(w, r)
		return
	}
	if p.Tag != "" {
		w.Header().Set("ETag", `"`+p.Tag+`"`)
	}
	if etagMatches(r.Header.Get("If-None-Match"), p.Tag) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	sp := h.scalePhoto(p, size)
	w.Header().Set("Content-Type", sp.ContentType)
	w.Header().Set("Cache-Control", "private")
	if r.Method == http.MethodHead {
		return
	}
	w.Write(sp.Data)
}

// etagMatches reports whether an If-None-Match header names tag (RFC
// 9110 13.1.2, weak comparison).
func etagMatches(header, tag string) bool {
	if header == "" || tag == "" {
		return false
	}
	for _, t := range strings.Split(header, ",") {
		t = strings.TrimSpace(t)
		t = strings.TrimPrefix(t, "W/")
		if t == "*" || strings.Trim(t, `"`) == tag {
			return true
		}
	}
	return false
}

// userPhoto finds address's photo: the mailbox photo, then the
// directory's (errNoPhoto if neither). Photos are the organization's:
// every authenticated user may read every user's, as in Exchange.
func (h *Handler) userPhoto(ctx context.Context, address string) (*store.Photo, error) {
	owner := address
	if dir, ok := h.Store.(store.Directory); ok {
		if e, err := dir.LookupUser(ctx, address); err == nil {
			owner = e.SMTPAddress
		}
	}
	if mb, err := h.Store.OpenMailbox(ctx, owner); err == nil {
		p, err := mailboxPhoto(ctx, mb)
		if err == nil {
			return p, nil
		}
		if !errors.Is(err, store.ErrNotFound) {
			return nil, err
		}
	} else if ctx.Err() != nil {
		return nil, ctx.Err()
	} // no mailbox (or an address the store refuses): the directory's photo
	src := h.Photos
	if src == nil {
		src, _ = h.Store.(store.PhotoSource)
	}
	if src == nil {
		return nil, errNoPhoto
	}
	p, err := src.UserPhoto(ctx, owner)
	if errors.Is(err, store.ErrNotFound) || (err == nil && (p == nil || len(p.Data) == 0)) {
		return nil, errNoPhoto
	}
	if err != nil {
		return nil, err
	}
	if p.ContentType == "" {
		p.ContentType = http.DetectContentType(p.Data)
	}
	return p, nil
}

// findMailboxPhoto returns the mailbox photo message's row
// (store.ErrNotFound if none).
func findMailboxPhoto(ctx context.Context, mb store.Mailbox, cols []mapi.PropTag) (*store.Row, store.FID, error) {
	t, ok := mb.(store.Tables)
	if !ok {
		return nil, 0, store.ErrNotFound
	}
	root, err := mb.SpecialFolder(ctx, store.FolderRoot)
	if err != nil {
		return nil, 0, err
	}
	r, err := t.QueryMessages(ctx, root, &store.Query{
		Associated: true,
		Restriction: mapi.ContentRestriction{FuzzyLevelLow: mapi.FuzzyFullString, FuzzyLevelHigh: mapi.FuzzyIgnoreCase,
			PropTag: mapi.PidTagMessageClass, Value: mapi.PropValue{Tag: mapi.PidTagMessageClass, Value: mailboxPhotoClass}},
		Columns: cols,
		Limit:   1,
	})
	if err != nil {
		return nil, 0, err
	}
	if len(r.Rows) == 0 {
		return nil, root, store.ErrNotFound
	}
	return &r.Rows[0], root, nil
}

// mailboxPhoto reads the mailbox photo; its tag is the message's change
// key in hex.
func mailboxPhoto(ctx context.Context, mb store.Mailbox) (*store.Photo, error) {
	row, _, err := findMailboxPhoto(ctx, mb, []mapi.PropTag{mapi.PidTagChangeKey})
	if err != nil {
		return nil, err
	}
	m, err := mb.Message(ctx, row.Message, &store.MessageOptions{Tags: []mapi.PropTag{mapi.PidTagThumbnailPhoto, mapi.PidTagChangeKey}})
	if err != nil {
		return nil, err
	}
	data, _ := getBytes(m.Props, mapi.PidTagThumbnailPhoto)
	if len(data) == 0 {
		return nil, store.ErrNotFound
	}
	ck, _ := getBytes(m.Props, mapi.PidTagChangeKey)
	return &store.Photo{Data: data, ContentType: http.DetectContentType(data), Tag: hex.EncodeToString(ck)}, nil
}

// SetMailboxPhoto keeps data (a JPEG or PNG image) as the user photo of
// mailbox mb, the one GetUserPhoto answers for its owner before any
// directory photo; nil data removes it. EWS itself has no operation that
// sets a photo: this is for embedders (an admin tool, a MAPI or web
// front end).
func SetMailboxPhoto(ctx context.Context, mb store.Mailbox, data []byte) error {
	if data != nil {
		switch http.DetectContentType(data) {
		case "image/jpeg", "image/png":
		default:
			return errors.New("ews: a user photo must be a JPEG or PNG image")
		}
	}
	row, root, err := findMailboxPhoto(ctx, mb, nil)
	switch {
	case err == nil && data == nil:
		_, err = mb.DeleteMessages(ctx, root, []store.MID{row.Message}, &store.DeleteOptions{Hard: true})
		return err
	case err == nil:
		_, err = mb.UpdateMessage(ctx, row.Message, &store.MessageUpdate{Set: []mapi.PropValue{{Tag: mapi.PidTagThumbnailPhoto, Value: data}}})
		return err
	case !errors.Is(err, store.ErrNotFound):
		return err
	case data == nil:
		return nil
	}
	if root == 0 {
		return store.ErrNotFound // the mailbox keeps no associated messages
	}
	_, err = mb.CreateMessage(ctx, root, &store.Message{Associated: true, Read: true, Props: []mapi.PropValue{
		{Tag: mapi.PidTagMessageClass, Value: mailboxPhotoClass},
		{Tag: mapi.PidTagSubject, Value: mailboxPhotoClass},
		{Tag: mapi.PidTagThumbnailPhoto, Value: data},
	}})
	return err
}

// scalePhoto returns p fitted into size: scaled down (box filter) in its
// own format when larger, as stored otherwise, and as stored when it
// cannot be decoded or has more than MaxPhotoPixels pixels.
func (h *Handler) scalePhoto(p *store.Photo, size [2]int) *store.Photo {
	maxPx := h.MaxPhotoPixels
	if maxPx <= 0 {
		maxPx = DefaultMaxPhotoPixels
	}
	out, err := scaleImage(p.Data, p.ContentType, size, maxPx)
	if err != nil || out == nil {
		return p
	}
	return &store.Photo{Data: out, ContentType: p.ContentType, Tag: p.Tag}
}

// scaleImage scales a JPEG or PNG image down to fit size; nil when it
// already fits.
func scaleImage(data []byte, contentType string, size [2]int, maxPixels int) ([]byte, error) {
	var cfg image.Config
	var err error
	switch contentType {
	case "image/jpeg":
		cfg, err = jpeg.DecodeConfig(bytes.NewReader(data))
	case "image/png":
		cfg, err = png.DecodeConfig(bytes.NewReader(data))
	default:
		return nil, errors.New("ews: not a JPEG or PNG image")
	}
	if err != nil {
		return nil, err
	}
	if cfg.Width <= 0 || cfg.Height <= 0 || int64(cfg.Width)*int64(cfg.Height) > int64(maxPixels) {
		return nil, errors.New("ews: image too large to scale")
	}
	tw, th := fitSize(cfg.Width, cfg.Height, size)
	if tw == cfg.Width && th == cfg.Height {
		return nil, nil
	}
	var src image.Image
	if contentType == "image/jpeg" {
		src, err = jpeg.Decode(bytes.NewReader(data))
	} else {
		src, err = png.Decode(bytes.NewReader(data))
	}
	if err != nil {
		return nil, err
	}
	dst := boxScale(src, tw, th)
	var buf bytes.Buffer
	if contentType == "image/jpeg" {
		err = jpeg.Encode(&buf, dst, &jpeg.Options{Quality: 90})
	} else {
		err = png.Encode(&buf, dst)
	}
	return buf.Bytes(), err
}

// fitSize returns w×h scaled down to fit size (height 0: the width
// only), keeping the aspect ratio, at least 1×1.
func fitSize(w, h int, size [2]int) (int, int) {
	tw, th := w, h
	if tw > size[0] {
		th = max(1, th*size[0]/tw)
		tw = size[0]
	}
	if size[1] > 0 && th > size[1] {
		tw = max(1, tw*size[1]/th)
		th = size[1]
	}
	return tw, th
}

// boxScale scales src down to tw×th, each destination pixel the mean of
// the source pixels it covers.
func boxScale(src image.Image, tw, th int) *image.RGBA {
	b := src.Bounds()
	rgba := image.NewRGBA(image.Rect(0, 0, b.Dx(), b.Dy()))
	draw.Draw(rgba, rgba.Bounds(), src, b.Min, draw.Src)
	sw, sh := b.Dx(), b.Dy()
	dst := image.NewRGBA(image.Rect(0, 0, tw, th))
	for y := 0; y < th; y++ {
		y0, y1 := y*sh/th, max((y+1)*sh/th, y*sh/th+1)
		for x := 0; x < tw; x++ {
			x0, x1 := x*sw/tw, max((x+1)*sw/tw, x*sw/tw+1)
			var sum [4]int
			n := 0
			for sy := y0; sy < y1; sy++ {
				row := rgba.Pix[sy*rgba.Stride:]
				for sx := x0; sx < x1; sx++ {
					px := row[sx*4 : sx*4+4]
					sum[0] += int(px[0])
					sum[1] += int(px[1])
					sum[2] += int(px[2])
					sum[3] += int(px[3])
					n++
				}
			}
			o := dst.Pix[y*dst.Stride+x*4:]
			for i := range 4 {
				o[i] = uint8(sum[i] / n)
			}
		}
	}
	return dst
}
