package main

import (
	"bufio"
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/oxkit/oxkit/store"
)

// userLine is one line of the users file: "email password Display Name".
type userLine struct {
	Email, Password, DisplayName string
}

// eachConfigLine calls fn with the number and the space-separated
// fields of every line of r (the users, -sendas and -rooms files) that
// is not blank and does not start with #; it stops at fn's first error.
func eachConfigLine(r io.Reader, fn func(n int, f []string) error) error {
	sc := bufio.NewScanner(r)
	n := 0
	for sc.Scan() {
		n++
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if err := fn(n, strings.Fields(line)); err != nil {
			return err
		}
	}
	return sc.Err()
}

// parseUsers reads a users file: one user per line, "email password
// Display Name"; blank lines and lines starting with # are skipped.
func parseUsers(r io.Reader) ([]userLine, error) {
	var out []userLine
	err := eachConfigLine(r, func(n int, f []string) error {
		if len(f) < 2 || !strings.Contains(f[0], "@") {
			return fmt.Errorf("users file line %d: want \"email password Display Name\"", n)
		}
		u := userLine{Email: strings.ToLower(f[0]), Password: f[1], DisplayName: strings.Join(f[2:], " ")}
		if u.DisplayName == "" {
			u.DisplayName, _, _ = strings.Cut(u.Email, "@")
		}
		out = append(out, u)
		return nil
	})
	return out, err
}

func loadUsersFile(path string) ([]userLine, error) {
	return parseFile(path, "users file", parseUsers)
}

// parseFile opens the configuration file path (what, in errors) and
// parses it with parse, whose errors name the file and line themselves.
func parseFile[T any](path, what string, parse func(io.Reader) (T, error)) (T, error) {
	f, err := os.Open(path)
	if err != nil {
		var zero T
		return zero, fmt.Errorf("%s: %w", what, err)
	}
	defer f.Close()
	return parse(f)
}

// ensureUsers creates the directory entries and mailboxes of users that
// do not exist yet, and updates passwords and names of those that do.
func ensureUsers(ctx context.Context, s store.Store, users []userLine) error {
	admin, ok := s.(store.DirectoryAdmin)
	if !ok {
		return errors.New("store has no directory administration")
	}
	for _, u := range users {
		e := store.DirectoryEntry{Kind: store.EntryUser, SMTPAddress: u.Email, DisplayName: u.DisplayName}
		if dir, ok := s.(store.Directory); ok {
			if old, err := dir.LookupUser(ctx, u.Email); err == nil {
				e.GUID, e.LegacyDN, e.Alias, e.ProxyAddresses = old.GUID, old.LegacyDN, old.Alias, old.ProxyAddresses
			}
		}
		if err := admin.PutEntry(ctx, e, u.Password); err != nil {
			return fmt.Errorf("user %s: %w", u.Email, err)
		}
		if _, err := s.CreateMailbox(ctx, u.Email, &store.CreateMailboxOptions{DisplayName: u.DisplayName}); err != nil && !errors.Is(err, store.ErrExists) {
			return fmt.Errorf("mailbox of %s: %w", u.Email, err)
		}
	}
	return nil
}

// demoPassword returns a random password of 16 letters and digits.
func demoPassword() string {
	const alphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
	b := make([]byte, 16)
	rand.Read(b)
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return string(b)
}
