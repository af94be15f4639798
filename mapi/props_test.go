package mapi

import (
	"bufio"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"
)

// readPropData reads a propdata TSV file the way a reviewer would: rows of
// tab-separated fields, comments skipped. It is independent of the
// generator so that the generated tables are checked against the data.
func readPropData(t *testing.T, name string) [][]string {
	t.Helper()
	f, err := os.Open("propdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var rows [][]string
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		if l := sc.Text(); l != "" && !strings.HasPrefix(l, "#") {
			rows = append(rows, strings.Split(l, "\t"))
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return rows
}

func propHex(t *testing.T, s string, bits int) uint64 {
	t.Helper()
	v, err := strconv.ParseUint(strings.TrimPrefix(s, "0x"), 16, bits)
	if err != nil {
		t.Fatalf("bad hex %q: %v", s, err)
	}
	return v
}

// typeByName maps the spec's type names to PropType using PropType.String,
// so the data file's type names are checked against [MS-OXCDATA] 2.11.1.
func typeByName(t *testing.T, name string) PropType {
	t.Helper()
	if name == "PtypEmbeddedTable" {
		return PtypEmbeddedTable
	}
	for typ := PropType(0); typ < 0x2000; typ++ {
		if typ.Known() && typ.String() == name {
			return typ
		}
	}
	t.Fatalf("unknown type name %q", name)
	return 0
}

// TestTagsMatchData checks that every row of propdata/tags.tsv is in
// KnownTags with the same ID, type and metadata, and nothing else is.
func TestTagsMatchData(t *testing.T) {
	rows := readPropData(t, "tags.tsv")
	known := KnownTags()
	if len(known) != len(rows) {
		t.Fatalf("KnownTags: %d entries, tags.tsv: %d rows", len(known), len(rows))
	}
	byName := map[string]TagInfo{}
	for _, k := range known {
		byName[k.Name] = k
	}
	for _, r := range rows {
		k, ok := byName[r[0]]
		if !ok {
			t.Errorf("%s: missing from KnownTags", r[0])
			continue
		}
		want := NewPropTag(PropID(propHex(t, r[1], 16)), typeByName(t, r[2]))
		if k.Tag != want {
			t.Errorf("%s: tag %s (0x%08X), want 0x%08X", r[0], k.Tag, uint32(k.Tag), uint32(want))
		}
		if r[3] != "" && k.AltType != typeByName(t, r[3]) {
			t.Errorf("%s: AltType %v, want %s", r[0], k.AltType, r[3])
		}
		if k.Area != r[4] || k.Removed != (r[6] == "removed") {
			t.Errorf("%s: area %q removed %v, want %q %q", r[0], k.Area, k.Removed, r[4], r[6])
		}
		if r[5] != "" && !strings.HasPrefix(k.DefiningReference, "["+strings.SplitN(r[5], " ", 2)[0]+"]") {
			t.Errorf("%s: DefiningReference %q, data %q", r[0], k.DefiningReference, r[5])
		}
		if got, ok := LookupTag(r[0]); !ok || got != k.Tag {
			t.Errorf("LookupTag(%q) = %v, %v", r[0], got, ok)
		}
	}
}

func TestNamedPropsMatchData(t *testing.T) {
	rows := readPropData(t, "named.tsv")
	sets := map[string]GUID{}
	for _, r := range readPropData(t, "propsets.tsv") {
		g, err := ParseGUID(r[1])
		if err != nil {
			t.Fatal(err)
		}
		sets[r[0]] = g
	}
	known := KnownNamedProps()
	if len(known) != len(rows) {
		t.Fatalf("KnownNamedProps: %d entries, named.tsv: %d rows", len(known), len(rows))
	}
	for _, r := range rows {
		p, ok := LookupNamedProp(r[0])
		if !ok {
			t.Errorf("%s: LookupNamedProp failed", r[0])
			continue
		}
		info, ok := p.Info()
		if !ok || info.Name != r[0] || info.Prop != p || p.String() != r[0] {
			t.Errorf("%s: Info %+v, String %q", r[0], info, p)
		}
		want := PropertyName{GUID: sets[r[1]]}
		if strings.HasPrefix(r[0], "PidLid") {
			want.Kind, want.LID = NameKindID, uint32(propHex(t, r[2], 32))
		} else {
			want.Kind, want.Name = NameKindString, r[3]
		}
		if got := p.PropertyName(); got != want {
			t.Errorf("%s: PropertyName %+v, want %+v", r[0], got, want)
		}
		if p.Type() != typeByName(t, r[4]) || info.PropertySet != r[1] || info.PropertySetGUID != sets[r[1]] {
			t.Errorf("%s: type %v set %s, want %s %s", r[0], p.Type(), info.PropertySet, r[4], r[1])
		}
	}
}

// TestSpecSpotChecks compares entries with values read off [MS-OXPROPS]
// section 2 and [MS-OXCDATA] 2.11.1.
func TestSpecSpotChecks(t *testing.T) {
	tags := []struct {
		got  PropTag
		want uint32
		name string
	}{
		{PidTagSubject, 0x0037001F, "PidTagSubject"},
		{PidTagDisplayName, 0x3001001F, "PidTagDisplayName"},
		{PidTagMessageClass, 0x001A001F, "PidTagMessageClass"},
		{PidTagBody, 0x1000001F, "PidTagBody"},
		{PidTagMessageFlags, 0x0E070003, "PidTagMessageFlags"},
		{PidTagEntryId, 0x0FFF0102, "PidTagEntryId"},
		{PidTagFolderId, 0x67480014, "PidTagFolderId"},
		{PidTagMid, 0x674A0014, "PidTagMid"},
		{PidTagSenderEmailAddress, 0x0C1F001F, "PidTagSenderEmailAddress"},
		{PidTagMessageDeliveryTime, 0x0E060040, "PidTagMessageDeliveryTime"},
		{PidTagAttachDataBinary, 0x37010102, "PidTagAttachDataBinary"},
		{PidTagAttachDataObject, 0x3701000D, "PidTagAttachDataObject"},
		{PidTagMessageRecipients, 0x0E12000D, "PidTagMessageRecipients"},
		{PidTagScheduleInfoDelegatorWantsCopy, 0x6842000B, "PidTagScheduleInfoDelegatorWantsCopy"},
	}
	for _, c := range tags {
		if uint32(c.got) != c.want || c.got.String() != c.name {
			t.Errorf("%s = 0x%08X (%s), want 0x%08X", c.name, uint32(c.got), c.got, c.want)
		}
	}

	named := []struct {
		p    NamedProp
		set  GUID
		kind NameKind
		lid  uint32
		str  string
		typ  PropType
	}{
		{PidLidAppointmentStartWhole, PSETIDAppointment, NameKindID, 0x820D, "", PtypTime},
		{PidLidAppointmentEndWhole, PSETIDAppointment, NameKindID, 0x820E, "", PtypTime},
		{PidLidBusyStatus, PSETIDAppointment, NameKindID, 0x8205, "", PtypInteger32},
		{PidLidReminderSet, PSETIDCommon, NameKindID, 0x8503, "", PtypBoolean},
		{PidLidTaskStatus, PSETIDTask, NameKindID, 0x8101, "", PtypInteger32},
		{PidLidEmail1EmailAddress, PSETIDAddress, NameKindID, 0x8083, "", PtypString},
		{PidLidGlobalObjectId, PSETIDMeeting, NameKindID, 0x0003, "", PtypBinary},
		{PidLidCleanGlobalObjectId, PSETIDMeeting, NameKindID, 0x0023, "", PtypBinary},
		{PidNameKeywords, PSPublicStrings, NameKindString, 0, "Keywords", PtypMultipleString},
		{PidNameContentType, PSInternetHeaders, NameKindString, 0, "Content-Type", PtypString},
	}
	for _, c := range named {
		want := PropertyName{Kind: c.kind, GUID: c.set, LID: c.lid, Name: c.str}
		if got := c.p.PropertyName(); got != want || c.p.Type() != c.typ {
			t.Errorf("%s: %+v %v, want %+v %v", c.p, got, c.p.Type(), want, c.typ)
		}
		if back, ok := NamedPropByName(want); !ok || back != c.p {
			t.Errorf("NamedPropByName(%s) = %v, %v", c.p, back, ok)
		}
	}

	// Property-set GUIDs of [MS-OXPROPS] 1.3.2, in their text form.
	sets := map[string]string{
		"PS_PUBLIC_STRINGS":   "{00020329-0000-0000-C000-000000000046}",
		"PSETID_Appointment":  "{00062002-0000-0000-C000-000000000046}",
		"PSETID_Meeting":      "{6ED8DA90-450B-101B-98DA-00AA003F1305}",
		"PS_INTERNET_HEADERS": "{00020386-0000-0000-C000-000000000046}",
		"PSETID_AirSync":      "{71035549-0739-4DCB-9163-00F0580DBBDF}",
	}
	for name, text := range sets {
		g, ok := LookupPropertySet(name)
		if !ok || g.String() != text || PropertySetName(g) != name {
			t.Errorf("property set %s: %v %v, want %s", name, g, ok, text)
		}
	}
	if PSETIDAppointment.String() != sets["PSETID_Appointment"] || PSPublicStrings.String() != sets["PS_PUBLIC_STRINGS"] {
		t.Errorf("exported GUIDs: %v %v", PSETIDAppointment, PSPublicStrings)
	}
}

func TestTableInvariants(t *testing.T) {
	seen := map[string]bool{}
	for _, k := range KnownTags() {
		if seen[k.Name] || !strings.HasPrefix(k.Name, "PidTag") {
			t.Errorf("tag name %q duplicated or malformed", k.Name)
		}
		seen[k.Name] = true
		if !k.Tag.Type().Known() || (k.AltType != PtypUnspecified && !k.AltType.Known()) {
			t.Errorf("%s: unknown type %v / %v", k.Name, k.Tag.Type(), k.AltType)
		}
		if k.Area == "" {
			t.Errorf("%s: no area", k.Name)
		}
	}
	var lids, strs int
	for _, n := range KnownNamedProps() {
		if seen[n.Name] {
			t.Errorf("name %q duplicated", n.Name)
		}
		seen[n.Name] = true
		if !n.Type.Known() || PropertySetName(n.PropertySetGUID) != n.PropertySet {
			t.Errorf("%s: type %v, set %s %v", n.Name, n.Type, n.PropertySet, n.PropertySetGUID)
		}
		switch {
		case strings.HasPrefix(n.Name, "PidLid") && n.Kind == NameKindID && n.StringName == "":
			lids++
		case strings.HasPrefix(n.Name, "PidName") && n.Kind == NameKindString && n.StringName != "" && n.LID == 0:
			strs++
		default:
			t.Errorf("%s: kind %v LID 0x%X name %q", n.Name, n.Kind, n.LID, n.StringName)
		}
		// Every named property is found again by its PropertyName; where
		// the spec names two properties alike, the first by name wins.
		back, ok := NamedPropByName(n.Prop.PropertyName())
		if !ok || back.PropertyName() != n.Prop.PropertyName() || back > n.Prop {
			t.Errorf("NamedPropByName(%s) = %v, %v", n.Name, back, ok)
		}
	}
	t.Logf("[MS-OXPROPS] entries: %d PidTag, %d PidLid, %d PidName", len(KnownTags()), lids, strs)
}

// TestCurrentRevisionCount checks that the entries not marked Removed are
// exactly as many as the current [MS-OXPROPS] has in section 2: 2.1 to
// 2.1080 (PidTagWlinkType is 2.1080).
func TestCurrentRevisionCount(t *testing.T) {
	current := 0
	for _, k := range KnownTags() {
		if !k.Removed {
			current++
		}
	}
	for _, n := range KnownNamedProps() {
		if !n.Removed {
			current++
		}
	}
	if current != 1080 {
		t.Errorf("%d current entries, want 1080", current)
	}
	// Spot checks of entries the current revision added or kept.
	for _, c := range []struct {
		name string
		tag  PropTag
	}{
		{"PidTagClientActivelyEditingUntil", 0x37000040}, // 2.635
		{"PidTagWlinkType", 0x68490003},                  // 2.1080
		{"PidTagFolderId", 0x67480014},                   // 2.702
	} {
		info, ok := LookupTagInfo(c.name)
		if !ok || info.Tag != c.tag || info.Removed {
			t.Errorf("%s: %+v %v", c.name, info, ok)
		}
	}
	// FastTransfer markers are MetaTag*/markers of [MS-OXCFXICS] now, and
	// only earlier [MS-OXPROPS] revisions list them.
	if info, ok := LookupTagInfo("PidTagStartEmbed"); !ok || !info.Removed || info.Tag != 0x40010003 {
		t.Errorf("PidTagStartEmbed: %+v %v", info, ok)
	}
}

func TestTagNameDeterministic(t *testing.T) {
	// 0x68410003 is both PidTagScheduleInfoResourceType and
	// PidTagSearchFolderTemplateId: String picks the first by name.
	if PidTagScheduleInfoResourceType != PidTagSearchFolderTemplateId {
		t.Fatal("test premise: the two tags differ")
	}
	for i := 0; i < 3; i++ {
		if s := PidTagSearchFolderTemplateId.String(); s != "PidTagScheduleInfoResourceType" {
			t.Fatalf("String() = %q", s)
		}
	}
	// Among equal tags, a current entry beats a removed one.
	for _, k := range KnownTags() {
		name := k.Tag.String()
		info, ok := LookupTagInfo(name)
		if !ok || info.Tag != k.Tag {
			t.Errorf("%s: String %q does not name the same tag", k.Name, name)
		}
		if info.Removed && !k.Removed {
			t.Errorf("%s: String prefers removed %q", k.Name, name)
		}
	}
}

func TestInternetHeadersCaseInsensitive(t *testing.T) {
	for _, s := range []string{"Content-Type", "content-type", "CONTENT-TYPE"} {
		p, ok := NamedPropByName(PropertyName{Kind: NameKindString, GUID: PSInternetHeaders, Name: s})
		if !ok || p != PidNameContentType {
			t.Errorf("%q: %v %v", s, p, ok)
		}
	}
	// Other sets compare exactly.
	if p, ok := NamedPropByName(PropertyName{Kind: NameKindString, GUID: PSPublicStrings, Name: "keywords"}); ok {
		t.Errorf("PS_PUBLIC_STRINGS keywords matched %v", p)
	}
}

func TestUnknownValuesNeverPanic(t *testing.T) {
	for _, p := range []NamedProp{0, numNamedProps + 1, 0xFFFF} {
		if p.Valid() {
			t.Errorf("%d valid", p)
		}
		if s := p.String(); s != fmt.Sprintf("NamedProp(%d)", uint16(p)) {
			t.Errorf("String = %q", s)
		}
		if pn := p.PropertyName(); pn.Kind != NameKindNone || p.Type() != PtypUnspecified {
			t.Errorf("%d: %+v %v", p, pn, p.Type())
		}
		if _, ok := p.Info(); ok {
			t.Errorf("%d: Info ok", p)
		}
	}
	if s := PropTag(0xFFFF0003).String(); s != "PropTag(0xFFFF0003)" {
		t.Errorf("unknown tag String = %q", s)
	}
	if _, ok := LookupTag("PidTagNoSuchThing"); ok {
		t.Error("LookupTag found a made-up name")
	}
	if _, ok := LookupNamedProp("PidLidNoSuchThing"); ok {
		t.Error("LookupNamedProp found a made-up name")
	}
	if _, ok := NamedPropByName(PropertyName{Kind: NameKindNone}); ok {
		t.Error("NamedPropByName matched NameKindNone")
	}
	if _, ok := NamedPropByName(PropertyName{Kind: NameKindID, GUID: PSETIDAppointment, LID: 0x7FFF}); ok {
		t.Error("NamedPropByName matched an unknown LID")
	}
	if PropertySetName(GUID{1}) != "" {
		t.Error("PropertySetName of an unknown GUID")
	}
}

func TestKnownSlicesAreCopies(t *testing.T) {
	a := KnownTags()
	i := 0
	for i = range a {
		if len(a[i].AlternateNames) > 0 {
			break
		}
	}
	name, alt := a[i].Name, a[i].AlternateNames[0]
	a[i].Name, a[i].AlternateNames[0] = "x", "y"
	b := KnownTags()
	if b[i].Name != name || b[i].AlternateNames[0] != alt {
		t.Error("KnownTags shares memory with the table")
	}

	n := KnownNamedProps()
	name = n[0].Name
	n[0].Name = "x"
	if n[0].AlternateNames != nil {
		alt = n[0].AlternateNames[0]
		n[0].AlternateNames[0] = "y"
	}
	m := KnownNamedProps()
	if m[0].Name != name || (m[0].AlternateNames != nil && m[0].AlternateNames[0] != alt) {
		t.Error("KnownNamedProps shares memory with the table")
	}
}

func ExampleNamedPropByName() {
	pn := PropertyName{Kind: NameKindID, GUID: PSETIDAppointment, LID: 0x820D}
	p, ok := NamedPropByName(pn)
	fmt.Println(p, ok, p.Type())
	fmt.Println(PidNameKeywords.PropertyName().Name, PropertySetName(PidNameKeywords.PropertyName().GUID))
	// Output:
	// PidLidAppointmentStartWhole true PtypTime
	// Keywords PS_PUBLIC_STRINGS
}

func ExampleLookupTag() {
	tag, ok := LookupTag("PidTagSubject")
	fmt.Printf("0x%08X %v %s %v\n", uint32(tag), ok, tag, tag.Type())
	// Output: 0x0037001F true PidTagSubject PtypString
}

func BenchmarkPropTagString(b *testing.B) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if PidTagSubject.String() != "PidTagSubject" {
			b.Fatal("wrong name")
		}
	}
}

func BenchmarkNamedPropByName(b *testing.B) {
	pn := PropertyName{Kind: NameKindString, GUID: PSInternetHeaders, Name: "Content-Type"}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, ok := NamedPropByName(pn); !ok {
			b.Fatal("not found")
		}
	}
}

// FuzzNamedPropByName checks NamedPropByName against a linear scan of
// KnownNamedProps for arbitrary property names.
func FuzzNamedPropByName(f *testing.F) {
	for _, p := range []NamedProp{PidLidAppointmentStartWhole, PidNameKeywords, PidNameContentType, PidNameCalendarLocationUrl} {
		pn := p.PropertyName()
		f.Add(pn.GUID[:], uint8(pn.Kind), pn.LID, pn.Name)
	}
	f.Add(PSInternetHeaders[:], uint8(NameKindString), uint32(0), "CONTENT-type")
	f.Add([]byte{1, 2, 3}, uint8(7), uint32(0x820D), "")
	known := KnownNamedProps()
	f.Fuzz(func(t *testing.T, guid []byte, kind uint8, lid uint32, name string) {
		var pn PropertyName
		copy(pn.GUID[:], guid)
		pn.Kind, pn.LID, pn.Name = NameKind(kind), lid, name
		got, ok := NamedPropByName(pn)
		var want NamedProp
		for _, k := range known {
			if k.PropertySetGUID != pn.GUID || k.Kind != pn.Kind {
				continue
			}
			match := false
			switch pn.Kind {
			case NameKindID:
				match = k.LID == pn.LID
			case NameKindString:
				match = k.StringName == pn.Name ||
					(pn.GUID == PSInternetHeaders && strings.EqualFold(k.StringName, pn.Name) && isASCII(pn.Name))
			}
			if match {
				want = k.Prop
				break
			}
		}
		if ok != (want != 0) || got != want {
			t.Fatalf("NamedPropByName(%+v) = %v, %v; linear scan finds %v", pn, got, ok, want)
		}
	})
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// TestMSOXPROPSRequirements checks the property ID and data type that the
// [MS-OXPROPS] requirement tables (Interop-TestSuites, MS-OXPROPS_Rnnnn)
// state for individual properties.
func TestMSOXPROPSRequirements(t *testing.T) {
	cases := []struct {
		req  string
		name string
		id   PropID
		typ  PropType // PtypUnspecified: the requirements state no type
	}{
		{"MS-OXPROPS R4927/R4928", "PidTagAccess", 0x0FF4, PtypInteger32},
		{"MS-OXPROPS R10102/R10103", "PidTagAccessControlListData", 0x3FE0, PtypBinary},
		{"MS-OXPROPS R4934/R4935", "PidTagAccessLevel", 0x0FF7, PtypInteger32},
		{"MS-OXPROPS R4969/R4970", "PidTagAddressBookContainerId", 0xFFFD, PtypInteger32},
		{"MS-OXPROPS R4981/R4982", "PidTagAddressBookDisplayNamePrintable", 0x39FF, PtypString},
		{"MS-OXPROPS R5023/R5024", "PidTagAddressBookEntryId", 0x663B, PtypBinary},
		{"MS-OXPROPS R5163/R5164", "PidTagAddressBookObjectDistinguishedName", 0x803C, PtypString},
		{"MS-OXPROPS R5309/R5310", "PidTagAddressBookX509Certificate", 0x8C6A, PtypMultipleBinary},
		{"MS-OXPROPS R5316/R5317", "PidTagAddressType", 0x3002, PtypString},
		{"MS-OXPROPS R5368/R5369", "PidTagAssociated", 0x67AA, PtypBoolean},
		{"MS-OXPROPS R5555/R5556", "PidTagAttributeHidden", 0x10F4, PtypBoolean},
		{"MS-OXPROPS R5686/R5687", "PidTagChangeKey", 0x65E2, PtypBinary},
		{"MS-OXPROPS R5699/R5700", "PidTagChangeNumber", 0x67A4, PtypInteger64},
		{"MS-OXPROPS R5752/R5753", "PidTagComment", 0x3004, PtypString},
		{"MS-OXPROPS R5792/R5793", "PidTagContainerClass", 0x3613, PtypString},
		{"MS-OXPROPS R5799/R5800", "PidTagContainerContents", 0x360F, PtypEmbeddedTable},
		{"MS-OXPROPS R5806/R5807", "PidTagContainerFlags", 0x3600, PtypInteger32},
		{"MS-OXPROPS R5820/R5821", "PidTagContentCount", 0x3602, PtypInteger32},
		{"MS-OXPROPS R5840/R5841", "PidTagContentUnreadCount", 0x3603, PtypInteger32},
		{"MS-OXPROPS R5880/R5881", "PidTagCreationTime", 0x3007, PtypTime},
		{"MS-OXPROPS R5979/R5980", "PidTagDeletedOn", 0x668F, PtypTime},
		{"MS-OXPROPS R5986", "PidTagDepartmentName", 0x3A18, PtypUnspecified},
		{"MS-OXPROPS R6014/R6015", "PidTagDisplayName", 0x3001, PtypString},
		{"MS-OXPROPS R6035/R6036", "PidTagDisplayType", 0x3900, PtypInteger32},
		{"MS-OXPROPS R6056/R6057", "PidTagEmailAddress", 0x3003, PtypString},
		{"MS-OXPROPS R6100/R6101", "PidTagEntryId", 0x0FFF, PtypBinary},
		{"MS-OXPROPS R6212/R6213", "PidTagFolderId", 0x6748, PtypInteger64},
		{"MS-OXPROPS R6219/R6220", "PidTagFolderType", 0x3601, PtypInteger32},
		{"MS-OXPROPS R6349/R6350", "PidTagHierarchyChangeNumber", 0x663E, PtypInteger32},
		{"MS-OXPROPS R6605/R6606", "PidTagInitialDetailsPane", 0x3F08, PtypInteger32},
		{"MS-OXPROPS R6626/R6627", "PidTagInstanceKey", 0x0FF6, PtypBinary},
		{"MS-OXPROPS R6783/R6784", "PidTagLastModificationTime", 0x3008, PtypTime},
		{"MS-OXPROPS R6796/R6797", "PidTagLastModifierName", 0x3FFA, PtypString},
		{"MS-OXPROPS R6890/R6891", "PidTagMappingSignature", 0x0FF8, PtypBinary},
		{"MS-OXPROPS R6904/R6905", "PidTagMemberId", 0x6671, PtypInteger64},
		{"MS-OXPROPS R6911/R6912", "PidTagMemberName", 0x6672, PtypString},
		{"MS-OXPROPS R6918/R6919", "PidTagMemberRights", 0x6673, PtypInteger32},
		{"MS-OXPROPS R6925/R6926", "PidTagMessageAttachments", 0x0E13, PtypObject},
		{"MS-OXPROPS R6994/R6995", "PidTagMessageRecipients", 0x0E12, PtypObject},
		{"MS-OXPROPS R7001/R7002", "PidTagMessageSize", 0x0E08, PtypInteger32},
		{"MS-OXPROPS R7008/R7009", "PidTagMessageSizeExtended", 0x0E08, PtypInteger64},
		{"MS-OXPROPS R7035/R7036", "PidTagMid", 0x674A, PtypInteger64},
		{"MS-OXPROPS R7109/R7110", "PidTagObjectType", 0x0FFE, PtypInteger32},
		{"MS-OXPROPS R7116", "PidTagOfficeLocation", 0x3A19, PtypUnspecified},
		{"MS-OXPROPS R7456/R7457", "PidTagParentEntryId", 0x0E09, PtypBinary},
		{"MS-OXPROPS R7463/R7464", "PidTagParentFolderId", 0x6749, PtypInteger64},
		{"MS-OXPROPS R7477/R7478", "PidTagParentSourceKey", 0x65E1, PtypBinary},
		{"MS-OXPROPS R7518/R7519", "PidTagPredecessorChangeList", 0x65E3, PtypBinary},
		{"MS-OXPROPS R7545", "PidTagPrimaryTelephoneNumber", 0x3A1A, PtypUnspecified},
		{"MS-OXPROPS R7825/R7826", "PidTagRecordKey", 0x0FF9, PtypBinary},
		{"MS-OXPROPS R7942/R7943", "PidTagResolveMethod", 0x3FE7, PtypInteger32},
		{"MS-OXPROPS R7981/R7982", "PidTagRights", 0x6639, PtypInteger32},
		{"MS-OXPROPS R8385/R8386", "PidTagSearchKey", 0x300B, PtypBinary},
		{"MS-OXPROPS R8582/R8583", "PidTagSourceKey", 0x65E0, PtypBinary},
		{"MS-OXPROPS R8690/R8691", "PidTagSubfolders", 0x360A, PtypBoolean},
		{"MS-OXPROPS R8770/R8771", "PidTagTemplateid", 0x3902, PtypBinary},
		{"MS-OXPROPS R8815/R8816", "PidTagTransmittableDisplayName", 0x3A20, PtypString},
		{"MS-OXPROPS R8875/R8876", "PidTagUserX509Certificate", 0x3A70, PtypMultipleBinary},
	}
	for _, c := range cases {
		info, ok := LookupTagInfo(c.name)
		if !ok {
			t.Errorf("%s: %s not known", c.req, c.name)
			continue
		}
		if info.Tag.ID() != c.id || (c.typ != PtypUnspecified && info.Tag.Type() != c.typ && info.AltType != c.typ) {
			t.Errorf("%s: %s = %s/%v, want 0x%04X/%v", c.req, c.name, info.Tag, info.Tag.Type(), uint16(c.id), c.typ)
		}
	}
}
