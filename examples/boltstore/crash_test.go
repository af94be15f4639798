package boltstore_test

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/oxkit/oxkit/examples/boltstore"
	"github.com/oxkit/oxkit/mapi"
	"github.com/oxkit/oxkit/store"
)

// TestCrashHelper is the child of TestKillNine: it writes until killed,
// printing the MID of every acknowledged message.
func TestCrashHelper(t *testing.T) {
	path := os.Getenv("BOLTSTORE_CRASH_DB")
	if path == "" {
		t.Skip("helper process for TestKillNine")
	}
	s, err := boltstore.Open(path, nil) // fsync on: the default
	if err != nil {
		fmt.Println("error", err)
		os.Exit(1)
	}
	ctx := context.Background()
	mb, err := s.CreateMailbox(ctx, "crash@example.com", nil)
	if err != nil {
		fmt.Println("error", err)
		os.Exit(1)
	}
	inbox, _ := mb.SpecialFolder(ctx, store.FolderInbox)
	for i := 0; ; i++ {
		info, err := mb.CreateMessage(ctx, inbox, &store.Message{Props: []mapi.PropValue{{Tag: mapi.PidTagSubject, Value: fmt.Sprint("m", i)}}})
		if err != nil {
			fmt.Println("error", err)
			os.Exit(1)
		}
		fmt.Println(uint64(info.ID))
	}
}

// TestKillNine kills a writer with SIGKILL and checks that every message
// it acknowledged is in the file.
func TestKillNine(t *testing.T) {
	if testing.Short() {
		t.Skip("spawns a process")
	}
	path := filepath.Join(t.TempDir(), "crash.db")
	cmd := exec.Command(os.Args[0], "-test.run=^TestCrashHelper$", "-test.v=false")
	cmd.Env = append(os.Environ(), "BOLTSTORE_CRASH_DB="+path)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var acked []store.MID
	sc := bufio.NewScanner(out)
	for sc.Scan() && len(acked) < 50 {
		id, err := strconv.ParseUint(sc.Text(), 10, 64)
		if err != nil {
			t.Fatalf("helper said %q", sc.Text())
		}
		acked = append(acked, store.MID(id))
	}
	cmd.Process.Kill() // SIGKILL
	cmd.Wait()
	if len(acked) < 50 {
		t.Fatalf("helper acknowledged only %d writes", len(acked))
	}
	s, err := boltstore.Open(path, nil)
	if err != nil {
		t.Fatalf("reopen after kill: %v", err)
	}
	defer s.Close()
	mb, err := s.OpenMailbox(context.Background(), "crash@example.com")
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range acked {
		if _, err := mb.Message(context.Background(), id, nil); err != nil {
			t.Errorf("acknowledged message %v lost: %v", id, err)
		}
	}
}
