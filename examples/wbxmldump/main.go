// Command wbxmldump converts ActiveSync WBXML to indented XML and back, for
// debugging captured traffic.
//
//	wbxmldump [-in auto|raw|hex|base64] [-out raw|hex|base64] [FILE]
//
// It reads FILE (or standard input). A document that starts with '<' is
// XML and is converted to WBXML, written raw, as hex or as base64 (-out).
// Anything else is WBXML, given raw, as hex (spaces, newlines and "0x"
// allowed, as from a hex dump of a capture) or as base64 (-in; auto tries
// raw, then hex, then base64), and is written as indented XML.
package main

import (
	"bytes"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"unicode"

	"github.com/oxkit/oxkit/wbxml"
)

func main() {
	in := flag.String("in", "auto", "input encoding of WBXML: auto, raw, hex or base64")
	out := flag.String("out", "raw", "output encoding of WBXML (when converting XML): raw, hex or base64")
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: wbxmldump [-in auto|raw|hex|base64] [-out raw|hex|base64] [FILE]")
		flag.PrintDefaults()
	}
	flag.Parse()
	var r io.Reader = os.Stdin
	if flag.NArg() > 1 {
		flag.Usage()
		os.Exit(2)
	}
	if flag.NArg() == 1 {
		f, err := os.Open(flag.Arg(0))
		if err != nil {
			fatal(err)
		}
		defer f.Close()
		r = f
	}
	data, err := io.ReadAll(io.LimitReader(r, wbxml.DefaultMaxDocumentSize*2))
	if err != nil {
		fatal(err)
	}
	if err := run(os.Stdout, data, *in, *out); err != nil {
		fatal(err)
	}
}

func run(w io.Writer, data []byte, in, out string) error {
	if t := bytes.TrimLeftFunc(data, unicode.IsSpace); len(t) > 0 && t[0] == '<' {
		b, err := wbxml.XMLToWBXML(bytes.NewReader(data))
		if err != nil {
			return err
		}
		switch out {
		case "raw":
			_, err = w.Write(b)
		case "hex":
			_, err = fmt.Fprintf(w, "% X\n", b)
		case "base64":
			_, err = fmt.Fprintln(w, base64.StdEncoding.EncodeToString(b))
		default:
			err = fmt.Errorf("unknown -out %q", out)
		}
		return err
	}
	b, err := decodeInput(data, in)
	if err != nil {
		return err
	}
	return wbxml.WBXMLToXML(w, b, nil)
}

// decodeInput turns the input into WBXML bytes.
func decodeInput(data []byte, in string) ([]byte, error) {
	switch in {
	case "raw":
		return data, nil
	case "hex":
		return fromHex(data)
	case "base64":
		return base64.StdEncoding.DecodeString(strings.Join(strings.Fields(string(data)), ""))
	case "auto":
		// WBXML starts with its version byte (1-3); text input does not.
		if len(data) > 0 && data[0] <= 3 {
			return data, nil
		}
		if b, err := fromHex(data); err == nil {
			return b, nil
		}
		if b, err := base64.StdEncoding.DecodeString(strings.Join(strings.Fields(string(data)), "")); err == nil {
			return b, nil
		}
		return nil, errors.New("input is neither WBXML, hex nor base64")
	}
	return nil, fmt.Errorf("unknown -in %q", in)
}

func fromHex(data []byte) ([]byte, error) {
	s := strings.ReplaceAll(string(data), "0x", "")
	s = strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || r == ',' || r == ':' {
			return -1
		}
		return r
	}, s)
	return hex.DecodeString(s)
}

func fatal(err error) {
	fmt.Fprintln(os.Stderr, "wbxmldump:", err)
	os.Exit(1)
}
