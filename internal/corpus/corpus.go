// Package corpus locates the shared test corpus of Elastic rules for tests.
//
// The corpus (Elastic License 2.0, test input only) is not part of the
// repository: it lives in shared/elastic-rules next to the checkout (CI has
// /work/main beside /work/shared). Dir looks for it beside the repository
// root and beside each of its parents, or at $EQL2FALCO_SHARED/elastic-rules,
// and skips the test with a message when it is absent.
package corpus

import (
	"os"
	"path/filepath"
	"testing"
)

// Env names the variable that points at the shared directory.
const Env = "EQL2FALCO_SHARED"

// Dir returns the path of the shared elastic-rules directory, or skips tb.
func Dir(tb testing.TB) string {
	tb.Helper()
	dir, tried := find()
	if dir == "" {
		tb.Skipf("shared rule corpus not found (tried %v); set %s to the shared directory", tried, Env)
	}
	return dir
}

// Find returns the path of the shared elastic-rules directory and whether
// it was found, for callers that carry on without it (fuzz seeds).
func Find() (string, bool) {
	dir, _ := find()
	return dir, dir != ""
}

// find returns the corpus directory, or "" and the places tried.
func find() (string, []string) {
	var tried []string
	if s := os.Getenv(Env); s != "" {
		d := filepath.Join(s, "elastic-rules")
		tried = append(tried, d)
		if isDir(d) {
			return d, nil
		}
	}
	wd, err := os.Getwd()
	if err != nil {
		return "", tried
	}
	// Find the repository root (the directory with go.mod), then look for
	// ../shared beside it and beside its parents.
	root := wd
	for !exists(filepath.Join(root, "go.mod")) {
		parent := filepath.Dir(root)
		if parent == root {
			root = wd
			break
		}
		root = parent
	}
	for dir, i := root, 0; i < 4; dir, i = filepath.Dir(dir), i+1 {
		d := filepath.Join(filepath.Dir(dir), "shared", "elastic-rules")
		tried = append(tried, d)
		if isDir(d) {
			return d, nil
		}
	}
	return "", tried
}

func exists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

func isDir(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.IsDir()
}
