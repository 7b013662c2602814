package mdsection

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestReplace(t *testing.T) {
	doc := "a\n<!-- T -->\nold\n<!-- /T -->\nb\n"
	got, ok := Replace(doc, "T", "new\n")
	if !ok || got != "a\n<!-- T -->\nnew\n<!-- /T -->\nb\n" {
		t.Errorf("%q %v", got, ok)
	}
	if _, ok := Replace(doc, "U", "x"); ok {
		t.Error("missing section replaced")
	}
}

func TestSync(t *testing.T) {
	p := filepath.Join(t.TempDir(), "R.md")
	if err := os.WriteFile(p, []byte("<!-- T -->\nold\n<!-- /T -->\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := Sync(p, false, "make x", Section{"T", "new\n"}); err == nil || !strings.Contains(err.Error(), "run make x") {
		t.Errorf("stale file accepted: %v", err)
	}
	if err := Sync(p, true, "make x", Section{"T", "new\n"}); err != nil {
		t.Fatal(err)
	}
	if err := Sync(p, false, "make x", Section{"T", "new\n"}); err != nil {
		t.Errorf("after writing: %v", err)
	}
	if err := Sync(p, false, "make x", Section{"U", ""}); err == nil {
		t.Error("missing section accepted")
	}
}
