package oxcmail

import (
	"os"
	"path/filepath"
	"testing"
)

func benchCorpus(b *testing.B) ([][]byte, int) {
	files, _ := filepath.Glob("testdata/mail/*.eml")
	var msgs [][]byte
	n := 0
	for _, f := range files {
		raw, _ := os.ReadFile(f)
		msgs = append(msgs, raw)
		n += len(raw)
	}
	return msgs, n
}

func BenchmarkImport(b *testing.B) {
	msgs, n := benchCorpus(b)
	b.SetBytes(int64(n))
	b.ReportAllocs()
	for b.Loop() {
		for _, m := range msgs {
			if _, err := Import(m, nil); err != nil {
				b.Fatal(err)
			}
		}
	}
}

func BenchmarkExport(b *testing.B) {
	msgs, n := benchCorpus(b)
	var ims []*Message
	for _, m := range msgs {
		im, err := Import(m, nil)
		if err != nil {
			b.Fatal(err)
		}
		ims = append(ims, im)
	}
	b.SetBytes(int64(n))
	b.ReportAllocs()
	for b.Loop() {
		for _, m := range ims {
			if _, err := Export(m, &ExportOptions{Options: Options{Seed: 1}}); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkImportLarge imports a message with a 1 MB base64 attachment:
// the decoding path dominates.
func BenchmarkImportLarge(b *testing.B) {
	att := make([]byte, 1<<20)
	for i := range att {
		att[i] = byte(i * 7)
	}
	msg := []byte("From: a@example.com\r\nTo: b@example.com\r\nSubject: big\r\nContent-Type: multipart/mixed; boundary=x\r\n\r\n--x\r\nContent-Type: text/plain\r\n\r\nsee attached\r\n--x\r\nContent-Type: application/octet-stream; name=a.bin\r\nContent-Transfer-Encoding: base64\r\n\r\n")
	enc := base64Lines(att)
	msg = append(msg, enc...)
	msg = append(msg, "\r\n--x--\r\n"...)
	b.SetBytes(int64(len(msg)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Import(msg, nil); err != nil {
			b.Fatal(err)
		}
	}
}
