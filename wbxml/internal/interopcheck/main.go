// Command interopcheck cross-checks package wbxml against libwbxml's
// wbxml2xml and xml2wbxml (Debian libwbxml2-utils) over a corpus of
// ActiveSync XML documents. interop/suites/wbxml.sh runs it.
//
// For every corpus document it checks that
//
//	(a) our WBXML encoding, decoded by wbxml2xml -l ACTIVESYNC, gives the
//	    same element tree, and
//	(b) xml2wbxml's encoding (anonymous canonical header, and its default
//	    with the public identifier in a string table) decodes with our
//	    decoder to the same element tree.
//
// Before that, every tag of every code page is checked against libwbxml's
// tables: encoded by us and decoded by wbxml2xml (which teaches the check
// libwbxml's name for each tag), and encoded by xml2wbxml and decoded by us
// (which must give back the same page and token, and OPAQUE content for
// the byte-array elements).
//
// Trees are compared parsed, never as strings. Documents that libwbxml
// cannot handle for a known reason are listed in knownGaps; they are
// reported, not failed, and a gap that disappears is reported too.
package main

import (
	"bytes"
	"encoding/base64"
	"encoding/xml"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"

	"github.com/oxkit/oxkit/wbxml"
)

// libwbxml's ActiveSync tables are probed at start-up (probeTables): for
// every tag of every code page, the name wbxml2xml prints for it. They
// differ from [MS-ASWBXML] in places:
//
// QUIRK: libwbxml 0.11.8 spells some tags its own way (for example
// Email "Reply-To" and "DTStamp", Calendar "TimeZone", Contacts
// "AssistantTelephoneNumber", Tasks "UTCStartDate", ComposeMail "MIME",
// Settings "SmtpAddress" and "ihsManagementInformation", Provision
// "DeviceEncryptionEnabled" for RequireStorageCardEncryption). The check
// translates names through the probed table, so trees still compare tag
// by tag; the differences are printed with -v.
//
// QUIRK: xml2wbxml trims leading and trailing white space of every text
// (unless run with -k, which also keeps the indentation between elements);
// a body ending in a newline loses it (bench/wbxml saw this on its Sync
// payload). The corpus texts have no such white space, so both directions
// compare exactly.
//
// QUIRK: libwbxml 0.11.8 lacks code page 25 (Find) and the tokens added in
// protocol 16.x that it prints as "unknown" (e.g. MeetingResponse
// ProposedStartTime). A corpus document using such tags is reported as a
// libwbxml gap, naming the tags, instead of failing.
type libTables struct {
	name    map[wbxml.Tag]string                // our tag -> libwbxml's name
	tag     map[wbxml.Page]map[string]wbxml.Tag // libwbxml's name -> our tag
	missing map[wbxml.Tag]bool
}

func main() {
	corpus := flag.String("corpus", "wbxml/testdata/corpus", "directory of ActiveSync XML documents")
	w2x := flag.String("wbxml2xml", "wbxml2xml", "libwbxml wbxml2xml command")
	x2w := flag.String("xml2wbxml", "xml2wbxml", "libwbxml xml2wbxml command")
	keep := flag.String("work", "", "work directory (default: a temporary one, removed)")
	verbose := flag.Bool("v", false, "print every check and every libwbxml tag-name difference")
	flag.Parse()

	work := *keep
	if work == "" {
		d, err := os.MkdirTemp("", "wbxml-interop")
		if err != nil {
			fatal(err)
		}
		defer os.RemoveAll(d)
		work = d
	} else if err := os.MkdirAll(work, 0o755); err != nil {
		fatal(err)
	}
	tables := probeTables(*w2x, work, *verbose)
	failures := tables.checkTokens(*x2w, work)

	files, err := filepath.Glob(filepath.Join(*corpus, "*.xml"))
	if err != nil || len(files) == 0 {
		fatal(fmt.Errorf("no corpus documents in %s (%v)", *corpus, err))
	}
	sort.Strings(files)

	var used [256]bool
	gaps, passed := 0, 0
	for _, f := range files {
		name := filepath.Base(f)
		src, err := os.ReadFile(f)
		if err != nil {
			fatal(err)
		}
		want, err := wbxml.ParseXML(bytes.NewReader(src))
		if err != nil {
			fatal(fmt.Errorf("%s: %v", name, err))
		}
		markPages(want, &used)
		if miss := tables.missingIn(want); len(miss) > 0 {
			gaps++
			fmt.Printf("GAP   %s: libwbxml lacks %v\n", name, miss)
			continue
		}
		base := filepath.Join(work, strings.TrimSuffix(name, ".xml"))
		var problems []string

		// (a) our encoding, decoded by wbxml2xml
		ours, err := want.MarshalBinary()
		if err != nil {
			fatal(fmt.Errorf("%s: encode: %v", name, err))
		}
		writeFile(base+".ours.wbxml", ours)
		if out, err := run(*w2x, "-l", "ACTIVESYNC", "-m", "0", "-o", base+".theirs.xml", base+".ours.wbxml"); err != nil {
			problems = append(problems, fmt.Sprintf("(a) wbxml2xml failed: %v: %s", err, out))
		} else if got, err := tables.parseLibXML(base + ".theirs.xml"); err != nil {
			problems = append(problems, fmt.Sprintf("(a) wbxml2xml output does not parse: %v", err))
		} else if d := diff(got, want); d != "" {
			problems = append(problems, "(a) wbxml2xml decodes our encoding differently: "+d)
		}

		// (b) xml2wbxml's encoding (canonical header without string table,
		// and libwbxml's default with the public ID in a string table),
		// decoded by us
		writeFile(base+".lib.xml", tables.libXML(want))
		for _, mode := range []struct {
			suffix string
			args   []string
		}{
			{".anon.wbxml", []string{"-a", "-n"}},
			{".strtbl.wbxml", nil},
		} {
			args := append(append([]string{}, mode.args...), "-o", base+mode.suffix, base+".lib.xml")
			if out, err := run(*x2w, args...); err != nil {
				problems = append(problems, fmt.Sprintf("(b) xml2wbxml %v failed: %v: %s", mode.args, err, out))
				continue
			}
			b, err := os.ReadFile(base + mode.suffix)
			if err != nil {
				fatal(err)
			}
			got, err := wbxml.Parse(b, nil)
			if err != nil {
				problems = append(problems, fmt.Sprintf("(b) we cannot decode xml2wbxml %v output: %v", mode.args, err))
			} else if d := diff(got, want); d != "" {
				problems = append(problems, fmt.Sprintf("(b) xml2wbxml %v encoding decodes differently: %s", mode.args, d))
			}
		}

		if len(problems) == 0 {
			passed++
			if *verbose {
				fmt.Printf("ok    %s\n", name)
			}
			continue
		}
		failures++
		fmt.Printf("FAIL  %s\n", name)
		for _, p := range problems {
			fmt.Printf("      %s\n", p)
		}
	}
	var missing []string
	for p := wbxml.Page(0); p.Known(); p++ {
		if !used[p] && p != wbxml.PageAirNotify { // AirNotify has no tags left
			missing = append(missing, p.String())
		}
	}
	if len(missing) > 0 {
		fmt.Printf("FAIL  corpus does not cover code pages %v\n", missing)
		failures++
	}
	fmt.Printf("wbxml interop: %d documents agree both ways, %d skipped for libwbxml gaps, %d failures\n", passed, gaps, failures)
	if failures > 0 {
		os.Exit(1)
	}
}

// probeTables learns libwbxml's name for every tag: per code page, one
// document holding every tag of the page is encoded by us and decoded by
// wbxml2xml, and the element names are read back in order.
func probeTables(w2x, work string, verbose bool) *libTables {
	t := &libTables{name: map[wbxml.Tag]string{}, tag: map[wbxml.Page]map[string]wbxml.Tag{}, missing: map[wbxml.Tag]bool{}}
	renamed, absent := 0, 0
	for p := wbxml.Page(0); p.Known(); p++ {
		var tags []wbxml.Tag
		for tok := byte(5); tok < 64; tok++ {
			if tg := wbxml.MakeTag(p, tok); tg.Known() {
				tags = append(tags, tg)
			}
		}
		if len(tags) == 0 {
			continue
		}
		t.tag[p] = map[string]wbxml.Tag{}
		root := wbxml.NewElement(tags[0])
		for _, tg := range tags {
			root.Children = append(root.Children, wbxml.NewText(tg, "1"))
		}
		b, err := root.MarshalBinary()
		if err != nil {
			fatal(err)
		}
		in := filepath.Join(work, fmt.Sprintf("probe-%02d.wbxml", p))
		out := filepath.Join(work, fmt.Sprintf("probe-%02d.xml", p))
		writeFile(in, b)
		var names []string
		if _, err := run(w2x, "-l", "ACTIVESYNC", "-m", "0", "-o", out, in); err == nil {
			names = elementNames(out)
		}
		if len(names) != len(tags)+1 {
			// the whole page is unknown to libwbxml
			for _, tg := range tags {
				t.missing[tg] = true
				absent++
			}
			if verbose {
				fmt.Printf("libwbxml: code page %d (%v) unknown\n", p, p)
			}
			continue
		}
		for i, tg := range tags {
			n := names[i+1]
			if n == "unknown" {
				t.missing[tg] = true
				absent++
				if verbose {
					fmt.Printf("libwbxml: %v unknown\n", tg)
				}
				continue
			}
			if prev, dup := t.tag[p][n]; dup {
				fatal(fmt.Errorf("libwbxml names both %v and %v %q", prev, tg, n))
			}
			t.name[tg] = n
			t.tag[p][n] = tg
			if n != tg.Name() {
				renamed++
				if verbose {
					fmt.Printf("libwbxml: %v is named %q\n", tg, n)
				}
			}
		}
	}
	fmt.Printf("libwbxml tables: %d tags named differently, %d tags unknown\n", renamed, absent)
	return t
}

// checkTokens encodes, per code page, every tag libwbxml knows with
// xml2wbxml (by libwbxml's name for it) and decodes the result with our
// decoder: each must come back as the same tag, that is libwbxml and we
// must assign the same page and token to it. It returns the number of
// mismatches.
func (t *libTables) checkTokens(x2w, work string) int {
	bad, checked := 0, 0
	for p := wbxml.Page(0); p.Known(); p++ {
		var tags []wbxml.Tag
		for tok := byte(5); tok < 64; tok++ {
			if tg := wbxml.MakeTag(p, tok); tg.Known() && !t.missing[tg] {
				tags = append(tags, tg)
			}
		}
		if len(tags) == 0 {
			continue
		}
		want := wbxml.NewElement(tags[0])
		for _, tg := range tags {
			if tg.Opaque() {
				want.Children = append(want.Children, wbxml.NewOpaque(tg, []byte{1, 0, 0xFF}))
			} else {
				want.Children = append(want.Children, wbxml.NewText(tg, "1"))
			}
		}
		in := filepath.Join(work, fmt.Sprintf("tokens-%02d.xml", p))
		out := filepath.Join(work, fmt.Sprintf("tokens-%02d.wbxml", p))
		writeFile(in, t.libXML(want))
		if msg, err := run(x2w, "-a", "-n", "-o", out, in); err != nil {
			fmt.Printf("FAIL  code page %v: xml2wbxml: %v: %s\n", p, err, msg)
			bad++
			continue
		}
		b, err := os.ReadFile(out)
		if err != nil {
			fatal(err)
		}
		got, err := wbxml.Parse(b, nil)
		if err != nil {
			fmt.Printf("FAIL  code page %v: cannot decode xml2wbxml output: %v\n", p, err)
			bad++
			continue
		}
		if d := diff(got, want); d != "" {
			fmt.Printf("FAIL  code page %v: libwbxml tokens differ: %s\n", p, d)
			bad++
			continue
		}
		checked += len(tags)
	}
	fmt.Printf("libwbxml tokens: %d tags encoded by xml2wbxml decode to the same page and token with ours\n", checked)
	return bad
}

func elementNames(file string) []string {
	f, err := os.Open(file)
	if err != nil {
		return nil
	}
	defer f.Close()
	var names []string
	d := xml.NewDecoder(f)
	for {
		tok, err := d.Token()
		if err != nil {
			return names
		}
		if se, ok := tok.(xml.StartElement); ok {
			names = append(names, se.Name.Local)
		}
	}
}

func (t *libTables) missingIn(e *wbxml.Element) []wbxml.Tag {
	var out []wbxml.Tag
	seen := map[wbxml.Tag]bool{}
	var walk func(*wbxml.Element)
	walk = func(e *wbxml.Element) {
		if t.missing[e.Tag] && !seen[e.Tag] {
			seen[e.Tag] = true
			out = append(out, e.Tag)
		}
		for _, c := range e.Children {
			walk(c)
		}
	}
	walk(e)
	return out
}

// parseLibXML reads wbxml2xml output into a tree, mapping libwbxml's tag
// names to ours. Opaque content is base64, as in wbxml.ParseXML.
func (t *libTables) parseLibXML(file string) (*wbxml.Element, error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	d := xml.NewDecoder(f)
	var root *wbxml.Element
	var path []*wbxml.Element
	var texts []string
	for {
		tok, err := d.Token()
		if err == io.EOF {
			if root == nil || len(path) > 0 {
				return nil, io.ErrUnexpectedEOF
			}
			return root, nil
		}
		if err != nil {
			return nil, err
		}
		switch x := tok.(type) {
		case xml.StartElement:
			p, ok := wbxml.LookupPage(x.Name.Space)
			if !ok {
				return nil, fmt.Errorf("unknown namespace %q", x.Name.Space)
			}
			tg, ok := t.tag[p][x.Name.Local]
			if !ok {
				return nil, fmt.Errorf("unknown element %q in %q", x.Name.Local, x.Name.Space)
			}
			el := &wbxml.Element{Tag: tg}
			if len(path) > 0 {
				path[len(path)-1].Children = append(path[len(path)-1].Children, el)
			} else {
				root = el
			}
			path = append(path, el)
			texts = append(texts, "")
		case xml.CharData:
			if len(texts) > 0 {
				texts[len(texts)-1] += string(x)
			}
		case xml.EndElement:
			el, s := path[len(path)-1], texts[len(texts)-1]
			path, texts = path[:len(path)-1], texts[:len(texts)-1]
			if len(el.Children) > 0 && strings.TrimSpace(s) == "" {
				s = ""
			}
			if el.Tag.Opaque() {
				if s != "" {
					b, err := base64.StdEncoding.DecodeString(s)
					if err != nil {
						return nil, fmt.Errorf("%v: %v", el.Tag, err)
					}
					el.Data = b
				}
			} else {
				el.Text = s
			}
		}
	}
}

// libXML writes e as XML with libwbxml's tag names, declaring each
// element's namespace where it changes (as wbxml2xml does).
func (t *libTables) libXML(e *wbxml.Element) []byte {
	var b bytes.Buffer
	b.WriteString(`<?xml version="1.0" encoding="utf-8"?>` + "\n" +
		`<!DOCTYPE ActiveSync PUBLIC "-//MICROSOFT//DTD ActiveSync//EN" "http://www.microsoft.com/">` + "\n")
	var write func(e *wbxml.Element, parent wbxml.Page, top bool)
	write = func(e *wbxml.Element, parent wbxml.Page, top bool) {
		name := t.name[e.Tag]
		b.WriteString("<" + name)
		if top || e.Tag.Page() != parent {
			fmt.Fprintf(&b, ` xmlns="%s"`, e.Tag.Page().XMLNamespace())
		}
		b.WriteString(">")
		if e.Tag.Opaque() {
			b.WriteString(base64.StdEncoding.EncodeToString(append([]byte(e.Text), e.Data...)))
		} else {
			xml.EscapeText(&b, append([]byte(e.Text), e.Data...))
		}
		for _, c := range e.Children {
			write(c, e.Tag.Page(), false)
		}
		b.WriteString("</" + name + ">")
	}
	write(e, e.Tag.Page(), true)
	b.WriteString("\n")
	return b.Bytes()
}

func writeFile(name string, b []byte) {
	if err := os.WriteFile(name, b, 0o644); err != nil {
		fatal(err)
	}
}

func markPages(e *wbxml.Element, used *[256]bool) {
	used[e.Tag.Page()] = true
	for _, c := range e.Children {
		markPages(c, used)
	}
}

func run(cmd string, args ...string) (string, error) {
	out, err := exec.Command(cmd, args...).CombinedOutput()
	return strings.TrimSpace(string(out)), err
}

// diff returns "" if the trees are equal, else where they first differ.
func diff(got, want *wbxml.Element) string {
	return diffAt(got, want, "/")
}

func diffAt(got, want *wbxml.Element, path string) string {
	p := path + want.Tag.String()
	if got.Tag != want.Tag {
		return fmt.Sprintf("%s: element %v, want %v", path, got.Tag, want.Tag)
	}
	if got.Text != want.Text {
		return fmt.Sprintf("%s: text %q, want %q", p, got.Text, want.Text)
	}
	if !bytes.Equal(got.Data, want.Data) {
		return fmt.Sprintf("%s: opaque % X, want % X", p, got.Data, want.Data)
	}
	for i := 0; i < len(got.Children) && i < len(want.Children); i++ {
		if d := diffAt(got.Children[i], want.Children[i], p+"/"); d != "" {
			return d
		}
	}
	if len(got.Children) != len(want.Children) {
		return fmt.Sprintf("%s: %d children, want %d", p, len(got.Children), len(want.Children))
	}
	return ""
}

func fatal(err error) {
	fmt.Fprintln(os.Stderr, "interopcheck:", err)
	os.Exit(2)
}
