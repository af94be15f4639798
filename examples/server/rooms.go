package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/oxkit/oxkit/store"
)

// roomsFile is the -rooms file: room lists and the rooms in them, for
// EWS GetRoomLists and GetRooms (ews/rooms.go). Rooms are mailboxes
// (their calendars give free/busy) without a password: nobody logs in
// as a room.
type roomsFile struct {
	lists   []roomEntry
	rooms   []roomEntry
	members map[string][]string // list → rooms, in file order
}

type roomEntry struct{ addr, name string }

// parseRooms reads a rooms file: "list address Display Name" declares a
// room list, "room address list-address Display Name" a room in a list
// declared before it ("-" for none); blank lines and lines starting
// with # are skipped.
func parseRooms(r io.Reader) (*roomsFile, error) {
	rf := &roomsFile{members: map[string][]string{}}
	known := map[string]bool{}
	err := eachConfigLine(r, func(n int, f []string) error { // users.go
		switch {
		case len(f) >= 2 && f[0] == "list" && strings.Contains(f[1], "@"):
			addr := strings.ToLower(f[1])
			rf.lists = append(rf.lists, roomEntry{addr, nonEmptyName(strings.Join(f[2:], " "), addr)})
			known[addr] = true
		case len(f) >= 3 && f[0] == "room" && strings.Contains(f[1], "@") && (f[2] == "-" || strings.Contains(f[2], "@")):
			addr, list := strings.ToLower(f[1]), strings.ToLower(f[2])
			if list != "-" && !known[list] {
				return fmt.Errorf("rooms file line %d: room list %s is not declared above", n, list)
			}
			rf.rooms = append(rf.rooms, roomEntry{addr, nonEmptyName(strings.Join(f[3:], " "), addr)})
			if list != "-" {
				rf.members[list] = append(rf.members[list], addr)
			}
		default:
			return fmt.Errorf("rooms file line %d: want \"list address Display Name\" or \"room address list-address|- Display Name\"", n)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return rf, nil
}

func nonEmptyName(name, addr string) string {
	if name == "" {
		name, _, _ = strings.Cut(addr, "@")
	}
	return name
}

// ensureRooms creates (or updates) the rooms' directory entries and
// mailboxes and the room lists with their members.
func ensureRooms(ctx context.Context, s store.Store, rf *roomsFile) error {
	admin, ok := s.(store.DirectoryAdmin)
	if !ok {
		return errors.New("store has no directory administration")
	}
	dir, _ := s.(store.Directory)
	keep := func(e *store.DirectoryEntry) {
		if dir == nil {
			return
		}
		if old, err := dir.LookupUser(ctx, e.SMTPAddress); err == nil {
			e.GUID, e.LegacyDN, e.Alias, e.ProxyAddresses = old.GUID, old.LegacyDN, old.Alias, old.ProxyAddresses
		}
	}
	for _, r := range rf.rooms {
		e := store.DirectoryEntry{Kind: store.EntryUser, SMTPAddress: r.addr, DisplayName: r.name, Room: true}
		keep(&e)
		if err := admin.PutEntry(ctx, e, ""); err != nil {
			return fmt.Errorf("room %s: %w", r.addr, err)
		}
		if _, err := s.CreateMailbox(ctx, r.addr, &store.CreateMailboxOptions{DisplayName: r.name}); err != nil && !errors.Is(err, store.ErrExists) {
			return fmt.Errorf("mailbox of room %s: %w", r.addr, err)
		}
	}
	for _, l := range rf.lists {
		e := store.DirectoryEntry{Kind: store.EntryDistList, SMTPAddress: l.addr, DisplayName: l.name, RoomList: true}
		keep(&e)
		if err := admin.PutEntry(ctx, e, ""); err != nil {
			return fmt.Errorf("room list %s: %w", l.addr, err)
		}
		if err := admin.SetMembers(ctx, l.addr, rf.members[l.addr]); err != nil {
			return fmt.Errorf("room list %s: %w", l.addr, err)
		}
	}
	return nil
}

// provisionRooms loads -rooms, if given.
func (s *server) provisionRooms(ctx context.Context) error {
	if s.cfg.roomsFile == "" {
		return nil
	}
	rf, err := parseFile(s.cfg.roomsFile, "rooms file", parseRooms) // users.go
	if err != nil {
		return err
	}
	return ensureRooms(ctx, s.store, rf)
}
