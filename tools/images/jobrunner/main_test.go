package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestRunWritesTerminationMessage(t *testing.T) {
	dir := t.TempDir()
	msg := filepath.Join(dir, "msg")
	if code := run("/bin/sh", "echo hi > "+filepath.Join(dir, "out"), msg); code != 0 {
		t.Fatalf("exit code %d", code)
	}
	b, _ := os.ReadFile(msg)
	if !strings.HasPrefix(string(b), "script succeeded") {
		t.Fatalf("message %q", b)
	}
	out, _ := os.ReadFile(filepath.Join(dir, "out"))
	if string(out) != "hi\n" {
		t.Fatalf("script did not run: %q", out)
	}
	if code := run("/bin/sh", "exit 3", msg); code != 3 {
		t.Fatalf("exit code %d, want 3", code)
	}
	b, _ = os.ReadFile(msg)
	if !strings.Contains(string(b), "exit code 3") {
		t.Fatalf("message %q", b)
	}
}
