// Command genprops generates mapi/zprops.go (the [MS-OXPROPS] property
// list) and mapi/zerrors.go (the [MS-OXCDATA] 2.4 error codes) from the
// tab-separated data files in mapi/propdata.
//
// It runs from the mapi directory through the go:generate line in
// mapi/tags.go:
//
//	go generate ./mapi
//
// The output is byte-stable: every table is sorted and the result goes
// through go/format. The generator deliberately does not import package
// mapi, so it still builds when the generated files are stale or broken.
package main

import (
	"bufio"
	"bytes"
	"flag"
	"fmt"
	"go/format"
	"log"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// propTypes maps the [MS-OXCDATA] 2.11.1 type names used by the data
// files to their values.
var propTypes = map[string]uint16{
	"PtypInteger16": 0x0002, "PtypInteger32": 0x0003, "PtypFloating32": 0x0004,
	"PtypFloating64": 0x0005, "PtypCurrency": 0x0006, "PtypFloatingTime": 0x0007,
	"PtypErrorCode": 0x000A, "PtypBoolean": 0x000B, "PtypObject": 0x000D,
	"PtypEmbeddedTable": 0x000D, "PtypInteger64": 0x0014, "PtypString8": 0x001E,
	"PtypString": 0x001F, "PtypTime": 0x0040, "PtypGuid": 0x0048,
	"PtypServerId": 0x00FB, "PtypRestriction": 0x00FD, "PtypRuleAction": 0x00FE,
	"PtypBinary": 0x0102, "PtypMultipleInteger16": 0x1002,
	"PtypMultipleInteger32": 0x1003, "PtypMultipleFloating32": 0x1004,
	"PtypMultipleFloating64": 0x1005, "PtypMultipleCurrency": 0x1006,
	"PtypMultipleFloatingTime": 0x1007, "PtypMultipleInteger64": 0x1014,
	"PtypMultipleString8": 0x101E, "PtypMultipleString": 0x101F,
	"PtypMultipleTime": 0x1040, "PtypMultipleGuid": 0x1048,
	"PtypMultipleBinary": 0x1102,
}

type propSet struct {
	name, goName, area, source string
	guid                       [16]byte
	guidText                   string
}

type tagRow struct {
	name           string
	id             uint16
	typ, altType   string
	area, ref      string
	removed        bool
	alternateNames []string
}

type namedRow struct {
	name           string
	set            int // index into sets
	lid            uint32
	str            string
	typ, altType   string
	area, ref      string
	removed        bool
	alternateNames []string
}

type errRow struct {
	name, goName   string
	value          uint32
	section        string
	warning        bool
	alternateNames []string
}

func main() {
	dir := flag.String("dir", ".", "the mapi package directory")
	flag.Parse()
	log.SetFlags(0)
	log.SetPrefix("genprops: ")

	for name, src := range generate(*dir) {
		if err := os.WriteFile(filepath.Join(*dir, name), src, 0o644); err != nil {
			log.Fatal(err)
		}
	}
}

// generate reads the data files under dir/propdata and returns the
// formatted generated files by name.
func generate(dir string) map[string][]byte {
	sets := readSets(filepath.Join(dir, "propdata", "propsets.tsv"))
	tags := readTags(filepath.Join(dir, "propdata", "tags.tsv"))
	named := readNamed(filepath.Join(dir, "propdata", "named.tsv"), sets)
	errs := readErrors(filepath.Join(dir, "propdata", "errors.tsv"))
	return map[string][]byte{
		"zprops.go":  formatted("zprops.go", genProps(sets, tags, named)),
		"zerrors.go": formatted("zerrors.go", genErrors(errs)),
	}
}

func formatted(name string, src []byte) []byte {
	out, err := format.Source(src)
	if err != nil {
		log.Fatalf("%s: generated code does not parse: %v", name, err)
	}
	return out
}

// readTSV returns the non-comment lines of a TSV file split into exactly n
// fields.
func readTSV(path string, n int) [][]string {
	f, err := os.Open(path)
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()
	var rows [][]string
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<16), 1<<20)
	line := 0
	for sc.Scan() {
		line++
		s := sc.Text()
		if s == "" || strings.HasPrefix(s, "#") {
			continue
		}
		fs := strings.Split(s, "\t")
		if len(fs) != n {
			log.Fatalf("%s:%d: %d fields, want %d", path, line, len(fs), n)
		}
		for i := range fs {
			fs[i] = strings.TrimSpace(fs[i])
		}
		rows = append(rows, fs)
	}
	if err := sc.Err(); err != nil {
		log.Fatal(err)
	}
	return rows
}

func parseGUID(s string) [16]byte {
	t := strings.Trim(s, "{}")
	var d1 uint32
	var d2, d3, d4 uint16
	var d5 uint64
	if len(t) != 36 {
		log.Fatalf("bad GUID %q", s)
	}
	if _, err := fmt.Sscanf(t, "%08x-%04x-%04x-%04x-%012x", &d1, &d2, &d3, &d4, &d5); err != nil {
		log.Fatalf("bad GUID %q: %v", s, err)
	}
	var g [16]byte
	g[0], g[1], g[2], g[3] = byte(d1), byte(d1>>8), byte(d1>>16), byte(d1>>24)
	g[4], g[5] = byte(d2), byte(d2>>8)
	g[6], g[7] = byte(d3), byte(d3>>8)
	g[8], g[9] = byte(d4>>8), byte(d4)
	for i := 0; i < 6; i++ {
		g[10+i] = byte(d5 >> (8 * (5 - i)))
	}
	return g
}

// setGoName turns PS_PUBLIC_STRINGS into PSPublicStrings and
// PSETID_Appointment into PSETIDAppointment.
func setGoName(name string) string {
	var prefix, rest string
	switch {
	case strings.HasPrefix(name, "PSETID_"):
		prefix, rest = "PSETID", name[len("PSETID_"):]
	case strings.HasPrefix(name, "PS_"):
		prefix, rest = "PS", name[len("PS_"):]
	default:
		log.Fatalf("property set %q: unknown prefix", name)
	}
	if strings.ToUpper(rest) == rest && strings.Contains(rest, "_") {
		var b strings.Builder
		for _, w := range strings.Split(rest, "_") {
			b.WriteString(w[:1] + strings.ToLower(w[1:]))
		}
		rest = b.String()
	}
	return prefix + rest
}

func readSets(path string) []propSet {
	var sets []propSet
	seen := map[string]bool{}
	for _, r := range readTSV(path, 4) {
		if seen[r[0]] {
			log.Fatalf("%s: duplicate property set %s", path, r[0])
		}
		seen[r[0]] = true
		sets = append(sets, propSet{name: r[0], goName: setGoName(r[0]), guid: parseGUID(r[1]),
			guidText: strings.ToUpper(r[1]), area: r[2], source: r[3]})
	}
	return sets
}

func checkType(where, t string) {
	if _, ok := propTypes[t]; !ok {
		log.Fatalf("%s: unknown type %q", where, t)
	}
}

func splitNames(s string) []string {
	var out []string
	for _, n := range strings.Split(s, ",") {
		if n = strings.TrimSpace(n); n != "" {
			out = append(out, n)
		}
	}
	return out
}

func parseStatus(where, s string) bool {
	switch s {
	case "":
		return false
	case "removed":
		return true
	}
	log.Fatalf("%s: unknown status %q", where, s)
	return false
}

func readTags(path string) []tagRow {
	var rows []tagRow
	seen := map[string]bool{}
	for _, r := range readTSV(path, 8) {
		where := path + ": " + r[0]
		if !strings.HasPrefix(r[0], "PidTag") || seen[r[0]] {
			log.Fatalf("%s: bad or duplicate name", where)
		}
		seen[r[0]] = true
		id, err := strconv.ParseUint(strings.TrimPrefix(r[1], "0x"), 16, 16)
		if err != nil || !strings.HasPrefix(r[1], "0x") {
			log.Fatalf("%s: bad property ID %q", where, r[1])
		}
		checkType(where, r[2])
		if r[3] != "" {
			checkType(where, r[3])
		}
		rows = append(rows, tagRow{name: r[0], id: uint16(id), typ: r[2], altType: r[3],
			area: r[4], ref: r[5], removed: parseStatus(where, r[6]), alternateNames: splitNames(r[7])})
	}
	sort.Slice(rows, func(i, j int) bool { return rows[i].name < rows[j].name })
	return rows
}

func readNamed(path string, sets []propSet) []namedRow {
	setIndex := map[string]int{}
	for i, s := range sets {
		setIndex[s.name] = i
	}
	var rows []namedRow
	seen := map[string]bool{}
	for _, r := range readTSV(path, 10) {
		where := path + ": " + r[0]
		if seen[r[0]] {
			log.Fatalf("%s: duplicate name", where)
		}
		seen[r[0]] = true
		si, ok := setIndex[r[1]]
		if !ok {
			log.Fatalf("%s: unknown property set %q", where, r[1])
		}
		row := namedRow{name: r[0], set: si, str: r[3], typ: r[4], altType: r[5],
			area: r[6], ref: r[7], removed: parseStatus(where, r[8]), alternateNames: splitNames(r[9])}
		switch {
		case strings.HasPrefix(r[0], "PidLid"):
			lid, err := strconv.ParseUint(strings.TrimPrefix(r[2], "0x"), 16, 32)
			if err != nil || !strings.HasPrefix(r[2], "0x") || r[3] != "" {
				log.Fatalf("%s: PidLid needs a hex LID and no string name", where)
			}
			row.lid = uint32(lid)
		case strings.HasPrefix(r[0], "PidName"):
			if r[2] != "" || r[3] == "" {
				log.Fatalf("%s: PidName needs a string name and no LID", where)
			}
		default:
			log.Fatalf("%s: name is neither PidLid nor PidName", where)
		}
		checkType(where, r[4])
		if r[5] != "" {
			checkType(where, r[5])
		}
		rows = append(rows, row)
	}
	sort.Slice(rows, func(i, j int) bool { return rows[i].name < rows[j].name })
	return rows
}

func readErrors(path string) []errRow {
	var rows []errRow
	seenGo := map[string]bool{}
	seenValue := map[uint32]string{}
	for _, r := range readTSV(path, 6) {
		where := path + ": " + r[0]
		if r[0] == "" {
			log.Fatalf("%s: empty name", where)
		}
		goName := r[4]
		if goName == "" {
			goName = "Ec" + r[0]
		}
		if seenGo[goName] {
			log.Fatalf("%s: duplicate Go name %s", where, goName)
		}
		seenGo[goName] = true
		v, err := strconv.ParseUint(strings.TrimPrefix(r[1], "0x"), 16, 32)
		if err != nil || !strings.HasPrefix(r[1], "0x") {
			log.Fatalf("%s: bad value %q", where, r[1])
		}
		if prev, dup := seenValue[uint32(v)]; dup {
			log.Fatalf("%s: value 0x%08X already used by %s", where, v, prev)
		}
		seenValue[uint32(v)] = r[0]
		var warning bool
		switch r[2] {
		case "2.4", "2.4.1", "2.4.2":
		case "2.4.3":
			warning = true
		default:
			log.Fatalf("%s: unknown section %q", where, r[2])
		}
		switch r[5] {
		case "spec", "v20121003", "mapicode":
		default:
			log.Fatalf("%s: unknown source %q", where, r[5])
		}
		rows = append(rows, errRow{name: r[0], goName: goName, value: uint32(v), section: r[2],
			warning: warning, alternateNames: splitNames(r[3])})
	}
	sort.Slice(rows, func(i, j int) bool { return rows[i].value < rows[j].value })
	return rows
}

func ref(r string) string {
	if r == "" {
		return ""
	}
	spec, sec, _ := strings.Cut(r, " ")
	if sec == "" {
		return "[" + spec + "]"
	}
	return "[" + spec + "] " + sec
}

func goStrings(ss []string) string {
	if len(ss) == 0 {
		return "nil"
	}
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = strconv.Quote(s)
	}
	return "[]string{" + strings.Join(q, ", ") + "}"
}

func guidLit(g [16]byte) string {
	parts := make([]string, 16)
	for i, b := range g {
		parts[i] = fmt.Sprintf("0x%02X", b)
	}
	return "GUID{" + strings.Join(parts, ", ") + "}"
}

const header = "// Code generated by go run ./internal/genprops; DO NOT EDIT.\n\n"

func genProps(sets []propSet, tags []tagRow, named []namedRow) []byte {
	var b bytes.Buffer
	p := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	p(header)
	p("// Sources: propdata/propsets.tsv, propdata/tags.tsv and propdata/named.tsv,\n")
	p("// transcribed from [MS-OXPROPS] section 1.3.2 and section 2.\n\n")
	p("package mapi\n\n")

	// Property sets.
	p("// Property sets of [MS-OXPROPS] 1.3.2. Go has no array constants, so\n")
	p("// these are variables: treat them as read-only. The package's own tables\n")
	p("// hold separate copies, so assigning to one of these breaks only the\n")
	p("// caller's comparisons, never KnownNamedProps or NamedPropByName.\n")
	p("var (\n")
	for _, s := range sets {
		p("// %s is %s %s", s.goName, s.name, s.guidText)
		if s.area != "" {
			p(" (area: %s)", s.area)
		}
		p(".\n")
		if !strings.HasPrefix(s.source, "MS-OXPROPS") {
			p("// Source: %s.\n", s.source)
		}
		p("%s = %s\n", s.goName, guidLit(s.guid))
	}
	p(")\n\n")

	p("// numPropSets is the number of entries of propSetTable.\n")
	p("const numPropSets = %d\n\n", len(sets))
	p("// propSetTable lists the property sets in data-file order.\n")
	p("var propSetTable = [numPropSets]propSetEntry{\n")
	for _, s := range sets {
		p("{name: %q, guid: %s, area: %q, source: %q},\n", s.name, guidLit(s.guid), s.area, s.source)
	}
	p("}\n\n")
	internetHeaders := -1
	for i, s := range sets {
		if s.name == "PS_INTERNET_HEADERS" {
			internetHeaders = i
		}
	}
	if internetHeaders < 0 {
		log.Fatal("PS_INTERNET_HEADERS missing from propsets.tsv")
	}
	p("// psInternetHeadersIndex is PS_INTERNET_HEADERS's index in propSetTable.\n")
	p("const psInternetHeadersIndex = %d\n\n", internetHeaders)

	// Tags.
	p("// Property tags of [MS-OXPROPS] section 2 (PidTag properties), each\n")
	p("// with its area and defining reference. Where the spec lists two types\n")
	p("// (for example PtypString8 and PtypEmbeddedTable for some address-book\n")
	p("// properties), the constant carries the first; TagInfo.AltType has the other.\n")
	p("const (\n")
	for _, t := range tags {
		tag := uint32(t.id)<<16 | uint32(propTypes[t.typ])
		note := t.area
		if r := ref(t.ref); r != "" {
			if note != "" {
				note += "; "
			}
			note += r
		}
		if t.removed {
			note += "; not in the current [MS-OXPROPS]"
		}
		p("%s PropTag = 0x%08X // %s\n", t.name, tag, note)
	}
	p(")\n\n")

	p("// tagTable lists the PidTag properties sorted by name.\n")
	p("var tagTable = [...]tagEntry{\n")
	for _, t := range tags {
		alt := "0"
		if t.altType != "" {
			alt = t.altType
		}
		p("{name: %q, tag: %s, altType: %s, area: %q, ref: %q, removed: %v, alternateNames: %s},\n",
			t.name, t.name, alt, t.area, ref(t.ref), t.removed, goStrings(t.alternateNames))
	}
	p("}\n\n")

	// Index by tag value: ties broken by current-before-removed, then name.
	idx := make([]int, len(tags))
	for i := range idx {
		idx[i] = i
	}
	tagValue := func(t tagRow) uint32 { return uint32(t.id)<<16 | uint32(propTypes[t.typ]) }
	sort.SliceStable(idx, func(i, j int) bool {
		a, c := tags[idx[i]], tags[idx[j]]
		if tagValue(a) != tagValue(c) {
			return tagValue(a) < tagValue(c)
		}
		if a.removed != c.removed {
			return !a.removed
		}
		return a.name < c.name
	})
	p("// tagsByValue indexes tagTable sorted by tag; among entries with the same\n")
	p("// tag, current spec entries come before removed ones, then by name, so\n")
	p("// the first match is the name PropTag.String reports.\n")
	p("var tagsByValue = [...]uint16{")
	for i, x := range idx {
		if i%16 == 0 {
			p("\n")
		}
		p("%d, ", x)
	}
	p("\n}\n\n")

	// Named properties.
	p("// Named properties of [MS-OXPROPS] section 2 (PidLid and PidName\n")
	p("// properties). A NamedProp value indexes the generated table; the\n")
	p("// numbering follows the sorted names and may change when the data file\n")
	p("// changes, so persist PropertyName values, never NamedProp numbers.\n")
	p("const (\n")
	for i, n := range named {
		s := sets[n.set]
		var id string
		if strings.HasPrefix(n.name, "PidLid") {
			id = fmt.Sprintf("%s/0x%04X", s.name, n.lid)
		} else {
			id = fmt.Sprintf("%s/%q", s.name, n.str)
		}
		note := id + " " + n.typ
		if n.area != "" {
			note += "; " + n.area
		}
		if r := ref(n.ref); r != "" {
			note += "; " + r
		}
		if n.removed {
			note += "; not in the current [MS-OXPROPS]"
		}
		p("%s NamedProp = %d // %s\n", n.name, i+1, note)
	}
	p(")\n\n")
	p("// numNamedProps is the number of named properties; valid NamedProp values\n")
	p("// are 1 to numNamedProps.\n")
	p("const numNamedProps = %d\n\n", len(named))
	p("// namedTable lists the named properties sorted by name; entry 0 is the\n")
	p("// invalid zero NamedProp.\n")
	p("var namedTable = [numNamedProps + 1]namedEntry{\n{},\n")
	for _, n := range named {
		alt := "0"
		if n.altType != "" {
			alt = n.altType
		}
		kind := "NameKindID"
		if strings.HasPrefix(n.name, "PidName") {
			kind = "NameKindString"
		}
		p("{name: %q, set: %d, kind: %s, lid: 0x%04X, str: %q, typ: %s, altType: %s, area: %q, ref: %q, removed: %v, alternateNames: %s},\n",
			n.name, n.set, kind, n.lid, n.str, n.typ, alt, n.area, ref(n.ref), n.removed, goStrings(n.alternateNames))
	}
	p("}\n\n")

	// Index by PropertyName: (GUID bytes, kind, LID, key), key folded for
	// PS_INTERNET_HEADERS. Ties broken by name (table order).
	nidx := make([]int, len(named))
	for i := range nidx {
		nidx[i] = i
	}
	key := func(n namedRow) string {
		if n.set == internetHeaders {
			return asciiLower(n.str)
		}
		return n.str
	}
	kindOf := func(n namedRow) int {
		if strings.HasPrefix(n.name, "PidName") {
			return 1
		}
		return 0
	}
	sort.SliceStable(nidx, func(i, j int) bool {
		a, c := named[nidx[i]], named[nidx[j]]
		if ga, gc := sets[a.set].guid, sets[c.set].guid; ga != gc {
			return bytes.Compare(ga[:], gc[:]) < 0
		}
		if kindOf(a) != kindOf(c) {
			return kindOf(a) < kindOf(c)
		}
		if a.lid != c.lid {
			return a.lid < c.lid
		}
		if key(a) != key(c) {
			return key(a) < key(c)
		}
		return a.name < c.name
	})
	p("// namedByPropertyName indexes the named properties by property set GUID\n")
	p("// bytes, name kind, LID and string name (ASCII-lowercased for\n")
	p("// PS_INTERNET_HEADERS); ties keep name order, and lookups take the first.\n")
	p("var namedByPropertyName = [numNamedProps]namedIndexEntry{\n")
	for _, x := range nidx {
		n := named[x]
		kind := "NameKindID"
		if kindOf(n) == 1 {
			kind = "NameKindString"
		}
		p("{guid: %s, kind: %s, lid: 0x%04X, key: %q, prop: %s},\n", guidLit(sets[n.set].guid), kind, n.lid, key(n), n.name)
	}
	p("}\n")
	return b.Bytes()
}

func asciiLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

func genErrors(errs []errRow) []byte {
	var b bytes.Buffer
	p := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	p(header)
	p("// Source: propdata/errors.tsv, transcribed from [MS-OXCDATA] section 2.4.\n\n")
	p("package mapi\n\n")
	p("// Error and warning codes of [MS-OXCDATA] 2.4 (error codes), 2.4.1\n")
	p("// (additional error codes), 2.4.2 (property error codes) and 2.4.3\n")
	p("// (warning codes). Each\n")
	p("// constant is Ec followed by the spec's error code name; the comment\n")
	p("// lists the alternate names the spec gives.\n")
	p("const (\n")
	for _, e := range errs {
		if e.goName == "Success" {
			continue // declared in errorcode.go
		}
		p("// %s is %s ([MS-OXCDATA] %s)", e.goName, e.name, e.section)
		if len(e.alternateNames) > 0 {
			p("; also %s", strings.Join(e.alternateNames, ", "))
		}
		p(".\n")
		p("%s ErrorCode = 0x%08X\n", e.goName, e.value)
	}
	p(")\n\n")

	// Aliases: the camel-case ec names the spec lists as alternate names
	// (ecJetError for IsamError), which the ROP specs use in their error
	// tables. An alias whose Go name is already a constant is skipped when
	// the values agree and is an error otherwise.
	goNames := map[string]uint32{}
	for _, e := range errs {
		goNames[e.goName] = e.value
	}
	type alias struct {
		goName, alt, of string
		value           uint32
	}
	var aliases []alias
	var clashes []string
	for _, e := range errs {
		for _, a := range e.alternateNames {
			if len(a) < 3 || !strings.HasPrefix(a, "ec") || a[2] < 'A' || a[2] > 'Z' {
				continue
			}
			name := "Ec" + a[2:]
			if v, dup := goNames[name]; dup {
				if v != e.value {
					clashes = append(clashes, fmt.Sprintf("%s is also listed as an alternate name of %s (0x%08X);", name, e.goName, e.value))
				}
				continue
			}
			goNames[name] = e.value
			aliases = append(aliases, alias{goName: name, alt: a, of: e.goName, value: e.value})
		}
	}
	sort.Slice(aliases, func(i, j int) bool { return aliases[i].goName < aliases[j].goName })
	p("// Alternate ec names of [MS-OXCDATA] 2.4 codes, as the ROP specs use them.\n")
	if len(clashes) > 0 {
		p("// Where an alternate name equals another code's constant, the constant\n")
		p("// keeps its own code's value:\n")
		for _, c := range clashes {
			p("//   - %s\n", c)
		}
		p("//     the constant is that code's own value.\n")
	}
	p("const (\n")
	for _, a := range aliases {
		p("%s = %s // %s; 0x%08X\n", a.goName, a.of, a.alt, a.value)
	}
	p(")\n\n")
	p("// errorTable lists the codes sorted by value.\n")
	p("var errorTable = [...]errorEntry{\n")
	for _, e := range errs {
		goName := e.goName
		p("{code: %s, name: %q, section: %q, warning: %v, alternateNames: %s},\n",
			goName, e.name, e.section, e.warning, goStrings(e.alternateNames))
	}
	p("}\n")
	return b.Bytes()
}
