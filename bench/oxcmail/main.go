// Command oxcmail-bench measures oxcmail import and export throughput on a
// generated corpus, next to a bare MIME parse by emersion/go-message. It
// is its own module so the benchmark's go-message dependency stays out of
// oxkit's go.mod. bench/oxcmail/run.sh runs it beside GMime.
//
//	go run . -gen DIR      write the 1,000-message corpus to DIR
//	go run . DIR           print MB/s: import, export, go-message parse
package main

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/emersion/go-message"
	_ "github.com/emersion/go-message/charset" // go-message's charset hook, as its users set it up
	"github.com/oxkit/oxkit/oxcmail"
)

func main() {
	gen := flag.String("gen", "", "write the corpus to this directory and exit")
	minTime := flag.Duration("time", 3*time.Second, "minimum measuring time per codec")
	flag.Parse()
	if *gen != "" {
		if err := generate(*gen); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		return
	}
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: oxcmail-bench [-gen DIR] DIR")
		os.Exit(2)
	}
	files, _ := filepath.Glob(filepath.Join(flag.Arg(0), "*.eml"))
	var msgs [][]byte
	total := 0
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		msgs = append(msgs, b)
		total += len(b)
	}
	imported := make([]*oxcmail.Message, len(msgs))
	for i, b := range msgs {
		m, err := oxcmail.Import(b, nil)
		if err != nil {
			fmt.Fprintln(os.Stderr, files[i], err)
			os.Exit(1)
		}
		imported[i] = m
	}
	report := func(name string, f func()) {
		rounds := 0
		start := cpuNow()
		for cpuNow()-start < *minTime || rounds < 1 {
			f()
			rounds++
		}
		secs := (cpuNow() - start).Seconds()
		fmt.Printf("%s %d %d %.6f\n", name, total, rounds, secs)
	}
	report("oxcmail-import", func() {
		for _, b := range msgs {
			if _, err := oxcmail.Import(b, nil); err != nil {
				panic(err)
			}
		}
	})
	report("oxcmail-export", func() {
		for _, m := range imported {
			if _, err := oxcmail.Export(m, &oxcmail.ExportOptions{Options: oxcmail.Options{Seed: 1}}); err != nil {
				panic(err)
			}
		}
	})
	report("go-message-parse", func() {
		for _, b := range msgs {
			e, err := message.Read(bytes.NewReader(b))
			if err != nil && !message.IsUnknownCharset(err) {
				panic(err)
			}
			walk(e)
		}
	})
}

// walk visits every part, as a bare parse: headers and structure, bodies
// read through (go-message parses lazily, so reading is what parses).
func walk(e *message.Entity) {
	if mr := e.MultipartReader(); mr != nil {
		for {
			p, err := mr.NextPart()
			if err != nil {
				return
			}
			walk(p)
		}
	}
	io.Copy(io.Discard, e.Body)
}

// generate writes 1,000 messages in the shapes of the oxcmail corpus:
// plain, alternative, with attachments, with inline images, international.
func generate(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	r := rand.New(rand.NewPCG(1, 2))
	words := strings.Fields("the quick brown fox jumps over the lazy dog report meeting invoice schedule project update Grüße café naïve 会議 привет")
	para := func(n int) string {
		var b strings.Builder
		for i := 0; i < n; i++ {
			b.WriteString(words[r.IntN(len(words))])
			if i%12 == 11 {
				b.WriteString("\r\n")
			} else {
				b.WriteByte(' ')
			}
		}
		return b.String()
	}
	b64 := func(n int) string {
		raw := make([]byte, n)
		for i := range raw {
			raw[i] = byte(r.IntN(256))
		}
		enc := []byte(base64Std(raw))
		var out strings.Builder
		for len(enc) > 76 {
			out.Write(enc[:76])
			out.WriteString("\r\n")
			enc = enc[76:]
		}
		out.Write(enc)
		return out.String()
	}
	for i := 0; i < 1000; i++ {
		var m strings.Builder
		fmt.Fprintf(&m, "Received: from relay.example.net by mx.example.com; Mon, 16 Nov 2026 10:%02d:00 +0000\r\n", i%60)
		fmt.Fprintf(&m, "From: =?utf-8?q?J=C3=BCrgen_%d?= <sender%d@example.net>\r\nTo: User One <user1@example.com>, user2@example.com\r\n", i, i)
		fmt.Fprintf(&m, "Subject: RE: message %d %s\r\nDate: Mon, 16 Nov 2026 10:00:00 +0000\r\nMessage-ID: <%d@example.net>\r\nMIME-Version: 1.0\r\n", i, words[i%len(words)], i)
		switch i % 4 {
		case 0:
			m.WriteString("Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n" + para(300) + "\r\n")
		case 1:
			m.WriteString("Content-Type: multipart/alternative; boundary=\"alt\"\r\n\r\n--alt\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n" + para(400) +
				"\r\n--alt\r\nContent-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n<html><body><p>" + para(400) + "</p></body></html>\r\n--alt--\r\n")
		case 2:
			m.WriteString("Content-Type: multipart/mixed; boundary=\"mix\"\r\n\r\n--mix\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" + para(100) +
				"\r\n--mix\r\nContent-Type: application/pdf; name=\"doc.pdf\"\r\nContent-Disposition: attachment; filename=\"doc.pdf\"\r\nContent-Transfer-Encoding: base64\r\n\r\n" + b64(20000) + "\r\n--mix--\r\n")
		case 3:
			m.WriteString("Content-Type: multipart/related; boundary=\"rel\"\r\n\r\n--rel\r\nContent-Type: text/html; charset=iso-8859-1\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n<p>caf=E9 " + para(200) +
				"<img src=3D\"cid:img1\"></p>\r\n--rel\r\nContent-Type: image/png\r\nContent-ID: <img1>\r\nContent-Transfer-Encoding: base64\r\n\r\n" + b64(4000) + "\r\n--rel--\r\n")
		}
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("%04d.eml", i)), []byte(m.String()), 0o644); err != nil {
			return err
		}
	}
	return nil
}
