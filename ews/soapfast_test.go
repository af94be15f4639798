package ews

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/beevik/etree"
)

// treeDump renders every token of a document with everything etree
// keeps of it (spaces, attribute order, character data and its
// whitespace flag, processing instructions), for comparing the trees of
// fastParse and etree's parser.
func treeDump(t *etree.Element) string {
	var b strings.Builder
	var walk func(e *etree.Element, depth int)
	walk = func(e *etree.Element, depth int) {
		fmt.Fprintf(&b, "%d E %q %q\n", depth, e.Space, e.Tag)
		for _, a := range e.Attr {
			fmt.Fprintf(&b, "%d A %q %q %q %v\n", depth, a.Space, a.Key, a.Value, a.Element() == e)
		}
		for i, c := range e.Child {
			if c.Parent() != e || c.Index() != i {
				fmt.Fprintf(&b, "%d bad parent/index at %d\n", depth, i)
			}
			switch c := c.(type) {
			case *etree.Element:
				walk(c, depth+1)
			case *etree.CharData:
				fmt.Fprintf(&b, "%d T %q ws=%v cdata=%v\n", depth, c.Data, c.IsWhitespace(), c.IsCData())
			case *etree.ProcInst:
				fmt.Fprintf(&b, "%d P %q %q\n", depth, c.Target, c.Inst)
			case *etree.Comment:
				fmt.Fprintf(&b, "%d C %q\n", depth, c.Data)
			default:
				fmt.Fprintf(&b, "%d ? %T\n", depth, c)
			}
		}
	}
	walk(t, 0)
	return b.String()
}

// checkFastParse fails when fastParse accepts b and etree's parser either
// rejects it or builds another tree. It returns whether fastParse took it.
func checkFastParse(t *testing.T, b []byte, maxDepth int) bool {
	t.Helper()
	fast, ok := fastParse(b, maxDepth)
	if !ok {
		return false
	}
	doc := etree.NewDocument()
	doc.ReadSettings = etree.ReadSettings{MaxDepth: maxDepth}
	if err := doc.ReadFromBytes(b); err != nil {
		t.Fatalf("fastParse accepted what etree rejects (%v):\n%q", err, b)
	}
	if got, want := treeDump(&fast.Element), treeDump(&doc.Element); got != want {
		t.Fatalf("trees differ for %q:\nfastParse:\n%s\netree:\n%s", b, got, want)
	}
	return true
}

var fastParseCases = []string{
	envelope(`<m:GetFolder><m:FolderShape><t:BaseShape>Default</t:BaseShape></m:FolderShape></m:GetFolder>`),
	`<?xml version='1.0' encoding='UTF-8'?>` + "\n<a xmlns=\"urn:x\" b='1' c=\"&lt;&amp;&gt;&quot;&apos;\">\n\t<b/> text &amp; more ]] > <c d=\"]]>\"/></a>\n",
	`<a><b></b><b/><b x="1" y="2" x="3"/></a>`,
	`<a:b xmlns:a="urn:a"><a:c a:d="v">caf` + "\u00e9 \U0001F600" + `</a:c></a:b>`,
	`<a>` + strings.Repeat(`<b>`, 70) + strings.Repeat(`</b>`, 70) + `</a>`,
	`<a/><b/>`, `<a></b>`, `<a>x`, `x<a/>`, `<a/>x`, `<a b="1"c="2"/>`, `<a b=1/>`, `<a b="<"/>`, `<a>&#65;</a>`,
	`<a>&nbsp;</a>`, "<a>\x01</a>", "<a>\r\n</a>", "<a b=\"\t\"/>", `<a>]]></a>`, "<a>\xff</a>", "<a>\uFFFE</a>",
	`<!-- c --><a/>`, `<a><![CDATA[x]]></a>`, `<?pi x?><a/>`, `<?xml version="1.1"?><a/>`, `<?xml version="1.0" encoding="latin1"?><a/>`,
	`<:a/>`, `<a:/>`, `<a:b:c/>`, `<1a/>`, `<a-b.c_d1/>`, `< a/>`, `</a>`, `<a></ a>`, `<a></a >`, `<a / >`, "",
}

// TestFastParseMatchesEtree checks fastParse against etree's parser on
// hand-written cases and every captured client request, and that the
// captured requests do take the fast path.
func TestFastParseMatchesEtree(t *testing.T) {
	for _, c := range fastParseCases {
		checkFastParse(t, []byte(c), DefaultMaxDepth)
	}
	if !checkFastParse(t, []byte(fastParseCases[1]), DefaultMaxDepth) {
		t.Errorf("fastParse refused a plain document:\n%s", fastParseCases[1])
	}
	if checkFastParse(t, []byte(fastParseCases[4]), DefaultMaxDepth) {
		t.Errorf("fastParse accepted a document deeper than the limit")
	}
	files, _ := filepath.Glob("testdata/requests/*.xml")
	fast := 0
	for _, p := range files {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if checkFastParse(t, b, DefaultMaxDepth) {
			fast++
		}
	}
	t.Logf("%d of %d captured requests took the fast path", fast, len(files))
	if fast == 0 && len(files) > 0 {
		t.Errorf("no captured request took the fast path")
	}
}

// FuzzFastParse checks that whatever fastParse accepts, etree's parser
// accepts too and builds the same tree.
func FuzzFastParse(f *testing.F) {
	for _, c := range fastParseCases {
		f.Add([]byte(c))
	}
	files, _ := filepath.Glob("testdata/requests/*.xml")
	for _, p := range files {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		checkFastParse(t, b, 8)
	})
}

func BenchmarkParseRequestGetItem30(b *testing.B) {
	ids := make([]string, 30)
	for i := range ids {
		ids[i] = ObjectID{Kind: KindMessage, Folder: 1, Message: 2}.String()
	}
	body := []byte(getItem30Request(ids))
	b.ReportAllocs()
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		if _, err := ParseRequest(body, nil); err != nil {
			b.Fatal(err)
		}
	}
}
