package main

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
)

// The users, -sendas and -rooms file parsers: no input panics, and what
// one accepts, written back in the file's own form, parses to the same.

func FuzzParseUsers(f *testing.F) {
	f.Add("user1@example.com secret User One\n# comment\n\nuser2@example.com pw\n")
	f.Add("x@y pw  Spaced   Name \r\n")
	f.Fuzz(func(t *testing.T, in string) {
		us, err := parseUsers(strings.NewReader(in))
		if err != nil {
			return
		}
		var b strings.Builder
		for _, u := range us {
			fmt.Fprintf(&b, "%s %s %s\n", u.Email, u.Password, u.DisplayName)
		}
		again, err := parseUsers(strings.NewReader(b.String()))
		if err != nil || !reflect.DeepEqual(us, again) {
			t.Fatalf("round trip: %v\n%#v\n%#v", err, us, again)
		}
	})
}

func FuzzParseSendAs(f *testing.F) {
	f.Add("user1@example.com shared@example.com\n# c\nUSER2@example.com shared@example.com\n")
	f.Fuzz(func(t *testing.T, in string) {
		g, err := parseSendAs(strings.NewReader(in))
		if err != nil {
			return
		}
		var b strings.Builder
		for principal, callers := range g {
			for caller := range callers {
				fmt.Fprintf(&b, "%s %s\n", caller, principal)
			}
		}
		again, err := parseSendAs(strings.NewReader(b.String()))
		if err != nil || !reflect.DeepEqual(g, again) {
			t.Fatalf("round trip: %v\n%#v\n%#v", err, g, again)
		}
	})
}

func FuzzParseRooms(f *testing.F) {
	f.Add("list building-a@example.com Building A\nroom board@example.com building-a@example.com Board Room\nroom shed@example.com -\n")
	f.Fuzz(func(t *testing.T, in string) {
		rf, err := parseRooms(strings.NewReader(in))
		if err != nil {
			return
		}
		var b strings.Builder
		for _, l := range rf.lists {
			fmt.Fprintf(&b, "list %s %s\n", l.addr, l.name)
		}
		// Each room line joined one list (or none): give each room the
		// first list whose next unclaimed member it is.
		next := map[string]int{}
		for _, r := range rf.rooms {
			l := "-"
			for _, cand := range rf.lists {
				if ms := rf.members[cand.addr]; next[cand.addr] < len(ms) && ms[next[cand.addr]] == r.addr {
					l = cand.addr
					next[cand.addr]++
					break
				}
			}
			fmt.Fprintf(&b, "room %s %s %s\n", r.addr, l, r.name)
		}
		again, err := parseRooms(strings.NewReader(b.String()))
		if err != nil || !reflect.DeepEqual(rf, again) {
			t.Fatalf("round trip: %v\n%#v\n%#v\n%s", err, rf, again, b.String())
		}
	})
}
