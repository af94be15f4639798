package wbxmlbench

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/oxkit/oxkit/wbxml"
)

// measure runs fn b.N times and reports, besides the usual wall-clock
// MB/s, "cpuMB/s": bytes per second of process CPU time (all threads, so
// garbage collection counts). CPU time is what run.sh compares with
// libwbxml's, because wall time on a loaded shared machine mostly measures
// the other tenants.
func measure(b *testing.B, n int, fn func() error) {
	b.ReportAllocs()
	b.SetBytes(int64(n))
	c0 := cpuTime()
	for i := 0; i < b.N; i++ {
		if err := fn(); err != nil {
			b.Fatal(err)
		}
	}
	if c := cpuTime() - c0; c > 0 {
		b.ReportMetric(float64(n)*float64(b.N)/c.Seconds()/1e6, "cpuMB/s")
	}
}

// TestWritePayloads writes each payload as .wbxml and .xml into
// $WBXML_BENCH_OUT for the libwbxml side of run.sh.
func TestWritePayloads(t *testing.T) {
	dir := os.Getenv("WBXML_BENCH_OUT")
	if dir == "" {
		t.Skip("WBXML_BENCH_OUT not set: only run.sh needs the payload files")
	}
	for _, p := range Payloads() {
		b, err := wbxml.Marshal(p.Value)
		if err != nil {
			t.Fatal(err)
		}
		e, err := wbxml.Parse(b, nil)
		if err != nil {
			t.Fatal(err)
		}
		var x bytes.Buffer
		if err := e.WriteXML(&x, ""); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, p.Name+".wbxml"), b, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, p.Name+".xml"), x.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestPayloadsRoundTrip checks that each payload decodes back to itself.
func TestPayloadsRoundTrip(t *testing.T) {
	for _, p := range Payloads() {
		b, err := wbxml.Marshal(p.Value)
		if err != nil {
			t.Fatal(err)
		}
		v := reflect.New(reflect.TypeOf(p.Value).Elem())
		if err := wbxml.Unmarshal(b, v.Interface()); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(v.Interface(), p.Value) {
			t.Fatalf("%s does not round-trip", p.Name)
		}
	}
}

func BenchmarkDecodeTokens(b *testing.B) {
	for _, p := range Payloads() {
		doc, _ := wbxml.Marshal(p.Value)
		b.Run(p.Name, func(b *testing.B) {
			d := wbxml.NewBytesDecoder(doc, nil)
			measure(b, len(doc), func() error {
				d.Reset(doc)
				for {
					if _, err := d.Token(); err != nil {
						if err == io.EOF {
							return nil
						}
						return err
					}
				}
			})
		})
	}
}

func BenchmarkDecodeTree(b *testing.B) {
	for _, p := range Payloads() {
		doc, _ := wbxml.Marshal(p.Value)
		b.Run(p.Name, func(b *testing.B) {
			measure(b, len(doc), func() error {
				_, err := wbxml.Parse(doc, nil)
				return err
			})
		})
	}
}

func BenchmarkUnmarshal(b *testing.B) {
	for _, p := range Payloads() {
		doc, _ := wbxml.Marshal(p.Value)
		typ := reflect.TypeOf(p.Value).Elem()
		b.Run(p.Name, func(b *testing.B) {
			measure(b, len(doc), func() error {
				return wbxml.Unmarshal(doc, reflect.New(typ).Interface())
			})
		})
	}
}

// BenchmarkDecodeTreeAlias and BenchmarkUnmarshalAlias decode with
// Options.AliasInput: strings and byte slices share the input.
func BenchmarkDecodeTreeAlias(b *testing.B) {
	opts := &wbxml.Options{AliasInput: true}
	for _, p := range Payloads() {
		doc, _ := wbxml.Marshal(p.Value)
		b.Run(p.Name, func(b *testing.B) {
			measure(b, len(doc), func() error {
				_, err := wbxml.Parse(doc, opts)
				return err
			})
		})
	}
}

func BenchmarkUnmarshalAlias(b *testing.B) {
	opts := &wbxml.Options{AliasInput: true}
	for _, p := range Payloads() {
		doc, _ := wbxml.Marshal(p.Value)
		typ := reflect.TypeOf(p.Value).Elem()
		b.Run(p.Name, func(b *testing.B) {
			measure(b, len(doc), func() error {
				return wbxml.UnmarshalOptions(doc, reflect.New(typ).Interface(), opts)
			})
		})
	}
}

func BenchmarkMarshal(b *testing.B) {
	for _, p := range Payloads() {
		doc, _ := wbxml.Marshal(p.Value)
		b.Run(p.Name, func(b *testing.B) {
			buf := make([]byte, 0, len(doc))
			measure(b, len(doc), func() error {
				var err error
				buf, err = wbxml.Append(buf[:0], p.Value)
				return err
			})
		})
	}
}

func BenchmarkEncodeTree(b *testing.B) {
	for _, p := range Payloads() {
		doc, _ := wbxml.Marshal(p.Value)
		e, _ := wbxml.Parse(doc, nil)
		b.Run(p.Name, func(b *testing.B) {
			buf := make([]byte, 0, len(doc))
			measure(b, len(doc), func() error {
				var err error
				buf, err = e.AppendBinary(buf[:0])
				return err
			})
		})
	}
}
