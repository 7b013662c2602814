package rules

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestInstall runs make install into a temporary DESTDIR: the CLI, the
// plugin where Falco's packages put plugins (/usr/share/falco/plugins) and
// the current version of the seed rule in /etc/falco/rules.d, which Falco's
// default rules_files reads (issue 13, item 6).
func TestInstall(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the CLI and the plugin")
	}
	if _, err := exec.LookPath("make"); err != nil {
		t.Skip("no make")
	}
	tmp := t.TempDir()
	root := filepath.Join(tmp, "root")
	cmd := exec.Command("make", "-C", "..", "install", "BUILD="+filepath.Join(tmp, "build"), "DESTDIR="+root)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("make install: %v\n%s", err, out)
	}
	for _, f := range []struct {
		path string
		mode os.FileMode
	}{
		{"usr/bin/eql2falco", 0o755},
		{"usr/share/falco/plugins/libecs.so", 0o644},
		{"etc/falco/rules.d/discovery_tool_enumeration.yaml", 0o644},
	} {
		fi, err := os.Stat(filepath.Join(root, f.path))
		if err != nil || fi.Mode().Perm() != f.mode {
			t.Errorf("%s: %v %v", f.path, fi, err)
		}
	}
	if b, _ := os.ReadFile(filepath.Join(root, "usr/share/falco/plugins/libecs.so")); !bytes.HasPrefix(b, []byte("\x7fELF")) {
		t.Error("libecs.so is not an ELF file")
	}
	want, _ := os.ReadFile("falco/discovery_tool_enumeration.yaml")
	if got, _ := os.ReadFile(filepath.Join(root, "etc/falco/rules.d/discovery_tool_enumeration.yaml")); !bytes.Equal(got, want) {
		t.Error("the installed rules differ from rules/falco")
	}
	var names []string
	_ = filepath.Walk(root, func(p string, fi os.FileInfo, _ error) error {
		if fi != nil && !fi.IsDir() {
			names = append(names, strings.TrimPrefix(p, root))
		}
		return nil
	})
	if len(names) != 3 {
		t.Errorf("installed %v, want the CLI, the plugin and one rules file (the two versions of the seed rule share a rule name)", names)
	}
}

// PREFIX moves the CLI and the plugin, SYSCONFDIR the rules, as in Falco's
// CMake build.
func TestInstallPaths(t *testing.T) {
	if _, err := exec.LookPath("make"); err != nil {
		t.Skip("no make")
	}
	out, err := exec.Command("make", "-C", "..", "-n", "install", "PREFIX=/opt/e2f", "SYSCONFDIR=/opt/e2f/etc", "DESTDIR=/stage").CombinedOutput()
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	for _, want := range []string{
		"install -m 0755 'build/eql2falco' '/stage/opt/e2f/bin/eql2falco'",
		"install -m 0644 'build/libecs.so' '/stage/opt/e2f/share/falco/plugins/libecs.so'",
		"install -m 0644 'rules/falco/discovery_tool_enumeration.yaml' '/stage/opt/e2f/etc/falco/rules.d/'",
	} {
		if !strings.Contains(string(out), want) {
			t.Errorf("make -n install lacks %q:\n%s", want, out)
		}
	}
}
