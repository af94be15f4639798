package boltstore

import (
	"bytes"
	"testing"
	"time"

	"github.com/oxkit/oxkit/internal/wire"
	"github.com/oxkit/oxkit/mapi"
)

func sampleContent() *content {
	c := &content{}
	c.props.Set(mapi.PropValue{Tag: mapi.PidTagSubject, Value: "subject\x00with NUL"})
	c.props.Set(mapi.PropValue{Tag: mapi.PidTagMessageDeliveryTime, Value: time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)})
	c.props.Set(mapi.PropValue{Tag: mapi.PidTagImportance, Value: int32(2)})
	c.props.Set(mapi.PropValue{Tag: mapi.NewPropTag(0x6720, mapi.PtypMultipleString), Value: []string{"a", ""}})
	c.props.Set(mapi.PropValue{Tag: mapi.PidTagBody, Value: blobRef{no: 3, size: 5000}})
	var r bag
	r.Set(mapi.PropValue{Tag: mapi.PidTagDisplayName, Value: "R"})
	c.recips = []bag{r}
	em := &content{}
	em.props.Set(mapi.PropValue{Tag: mapi.PidTagSubject, Value: "inner"})
	a := &attachment{num: 4, embedded: em}
	a.props.Set(mapi.PropValue{Tag: mapi.PidTagAttachDataBinary, Value: []byte{1, 2, 3}})
	c.atts = []*attachment{a}
	return c
}

func encodeContent(t testing.TB, c *content) []byte {
	e := &encoder{threshold: 1 << 30}
	b, err := e.content(nil, c)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestContentRoundTrip(t *testing.T) {
	b := encodeContent(t, sampleContent())
	c, err := (&decoder{r: wire.NewReader(b)}).content()
	if err != nil {
		t.Fatal(err)
	}
	if again := encodeContent(t, c); !bytes.Equal(again, b) {
		t.Errorf("re-encoding differs")
	}
	if p, _ := c.props.Get(mapi.PidTagSubject); p.Value != "subject\x00with NUL" {
		t.Errorf("subject %q", p.Value)
	}
	if p, _ := c.props.Get(mapi.PidTagBody); p.Value != (blobRef{no: 3, size: 5000}) {
		t.Errorf("blob reference %v", p.Value)
	}
}

// FuzzContent checks that stored content never panics the decoder and
// that what decodes re-encodes to a stable form.
func FuzzContent(f *testing.F) {
	f.Add(encodeContent(f, sampleContent()))
	f.Add(encodeContent(f, &content{}))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := (&decoder{r: wire.NewReader(data)}).content()
		if err != nil {
			return
		}
		e := &encoder{threshold: 1 << 30}
		b, err := e.content(nil, c)
		if err != nil {
			return // e.g. a decoded time the encoder refuses
		}
		c2, err := (&decoder{r: wire.NewReader(b)}).content()
		if err != nil {
			t.Fatalf("re-encoded content does not decode: %v", err)
		}
		b2, _ := (&encoder{threshold: 1 << 30}).content(nil, c2)
		if !bytes.Equal(b, b2) {
			t.Fatalf("encoding not stable")
		}
	})
}
