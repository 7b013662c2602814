package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	ggcrregistry "github.com/google/go-containerregistry/pkg/registry"
	ocispec "github.com/opencontainers/image-spec/specs-go/v1"
	"oras.land/oras-go/v2/content"
	"oras.land/oras-go/v2/registry/remote"

	"github.com/eql2falco/eql2falco/dist"
	"github.com/eql2falco/eql2falco/plugin/ecs"
)

const rulesFile = "../../rules/falco/discovery_tool_enumeration.yaml"

func runDist(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var o, e bytes.Buffer
	code = run(args, &o, &e)
	return code, o.String(), e.String()
}

// library builds dist's stand-in shared object for the host.
func library(t *testing.T) (arch dist.Arch, path string) {
	t.Helper()
	a, err := dist.LookupArch(runtime.GOARCH)
	if err != nil {
		t.Skip(err)
	}
	gcc, err := exec.LookPath("gcc")
	if err != nil {
		t.Skip("gcc not on PATH")
	}
	path = filepath.Join(t.TempDir(), "libecs.so")
	if out, err := exec.Command(gcc, "-shared", "-fPIC", "-o", path, "../../dist/testdata/stub.c").CombinedOutput(); err != nil {
		t.Fatalf("gcc: %v\n%s", err, out)
	}
	return a, path
}

func TestVersion(t *testing.T) {
	if code, out, _ := runDist(t, "version"); code != 0 || out != ecs.PluginVersion+"\n" {
		t.Errorf("version: %d %q", code, out)
	}
}

func TestPackageAndPush(t *testing.T) {
	arch, lib := library(t)
	dir := t.TempDir()
	t.Setenv("SOURCE_DATE_EPOCH", "1787308200")
	code, out, errOut := runDist(t, "package", "-o", dir, "--plugin", arch.Name+"="+lib, "--rules", rulesFile)
	if code != 0 {
		t.Fatalf("package: exit %d\n%s", code, errOut)
	}
	pluginTgz := dist.PluginTarball(ecs.PluginVersion, arch.Name)
	for _, n := range []string{pluginTgz, dist.RulesTarball(ecs.PluginVersion)} {
		if !strings.Contains(out, filepath.Join(dir, n)+"  ") {
			t.Errorf("package output does not list %s:\n%s", n, out)
		}
	}
	first, err := os.ReadFile(filepath.Join(dir, pluginTgz))
	if err != nil {
		t.Fatal(err)
	}
	if code, _, errOut := runDist(t, "package", "-o", dir, "--plugin", arch.Name+"="+lib, "--rules", rulesFile); code != 0 {
		t.Fatalf("package again: %s", errOut)
	}
	if again, _ := os.ReadFile(filepath.Join(dir, pluginTgz)); !bytes.Equal(first, again) {
		t.Error("two runs of package wrote different plugin tarballs")
	}

	srv := httptest.NewServer(ggcrregistry.New(ggcrregistry.Logger(log.New(io.Discard, "", 0))))
	defer srv.Close()
	host := strings.TrimPrefix(srv.URL, "http://")
	home := t.TempDir() // no Docker credentials
	t.Setenv("HOME", home)
	t.Setenv("DOCKER_CONFIG", filepath.Join(home, ".docker"))
	if code, _, errOut := runDist(t, "push", "--dir", dir, host+"/team/falco"); code != 1 || !strings.Contains(errOut, "add --plain-http") {
		t.Errorf("push over HTTPS to an HTTP registry: exit %d\n%s", code, errOut)
	}
	code, out, errOut = runDist(t, "push", "--plain-http", "--dir", dir, "--source", "https://example.org/src", host+"/team/falco")
	if code != 0 {
		t.Fatalf("push: exit %d\n%s", code, errOut)
	}
	if !strings.Contains(out, host+"/team/falco/plugin/ecs:"+ecs.PluginVersion+"  ecs "+ecs.PluginVersion+" (plugin linux/"+arch.GOARCH+")") ||
		!strings.Contains(out, host+"/team/falco/ruleset/ecs:"+ecs.PluginVersion+"  ecs-rules "+ecs.PluginVersion+" (rulesfile)") {
		t.Errorf("push output:\n%s", out)
	}
	ctx := context.Background()
	repo, err := remote.NewRepository(host + "/team/falco/ruleset/ecs")
	if err != nil {
		t.Fatal(err)
	}
	repo.PlainHTTP = true
	for _, tag := range dist.Tags(ecs.PluginVersion) {
		desc, err := repo.Resolve(ctx, tag)
		if err != nil {
			t.Fatalf("tag %s: %v", tag, err)
		}
		b, err := content.FetchAll(ctx, repo, desc)
		if err != nil {
			t.Fatal(err)
		}
		var m ocispec.Manifest
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatal(err)
		}
		if m.Annotations[ocispec.AnnotationCreated] != "2026-08-21T10:30:00Z" || m.Annotations[ocispec.AnnotationSource] != "https://example.org/src" {
			t.Errorf("tag %s: annotations %v", tag, m.Annotations)
		}
		cfg, err := content.FetchAll(ctx, repo, m.Config)
		if err != nil {
			t.Fatal(err)
		}
		want := `{"name":"ecs-rules","version":"` + ecs.PluginVersion + `","dependencies":[{"name":"ecs","version":"` + ecs.PluginVersion +
			`"}],"requirements":[{"name":"engine_version_semver","version":"` + ecs.MinEngineVersion + `"}]}`
		if string(cfg) != want {
			t.Errorf("rules config %s\nwant %s", cfg, want)
		}
	}
}

func TestIndex(t *testing.T) {
	out := filepath.Join(t.TempDir(), "index.yaml")
	if code, _, errOut := runDist(t, "index", "--registry", "127.0.0.1:5000", "--prefix", "falco", "-o", out); code != 0 {
		t.Fatal(errOut)
	}
	got, _ := os.ReadFile(out)
	want, _ := dist.Index("127.0.0.1:5000", "falco")
	if !bytes.Equal(got, want) {
		t.Errorf("index -o wrote:\n%s", got)
	}
}

// TestErrors: usage errors exit 2, bad input exits 1, and neither leaves a
// file behind.
func TestErrors(t *testing.T) {
	arch, lib := library(t)
	dir := t.TempDir()
	notELF := filepath.Join(dir, "notelf.so")
	if err := os.WriteFile(notELF, []byte("#!/bin/sh\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Setenv("SOURCE_DATE_EPOCH", "1787308200")
	out := filepath.Join(dir, "out")
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"package", "-o", out}, 2, "needs -o DIR, --rules FILE and at least one --plugin"},
		{[]string{"package", "-o", out, "--rules", rulesFile, "--plugin", lib}, 2, "want ARCH=PATH"},
		{[]string{"package", "-o", out, "--rules", rulesFile, "--plugin", "sparc=" + lib}, 2, `unknown architecture "sparc"`},
		{[]string{"package", "-o", out, "--rules", rulesFile, "--plugin", arch.Name + "=" + filepath.Join(dir, "missing.so")}, 2, "no such file"},
		{[]string{"package", "-o", out, "--rules", rulesFile, "--plugin", arch.Name + "=" + notELF}, 1, "not an ELF file"},
		{[]string{"package", "-o", out, "--rules", rulesFile, "--plugin", arch.Name + "=" + lib, "--mtime", "yesterday"}, 2, `--mtime="yesterday" is not a number`},
		{[]string{"package", "--bogus"}, 2, "unknown flag"},
		{[]string{"push", "--dir", dir, "http://127.0.0.1:5000/falco"}, 2, "without a scheme or tag"},
		{[]string{"push", "--dir", dir, "127.0.0.1:5000/falco:0.1.0"}, 2, "without a scheme or tag"},
		{[]string{"push", "--dir", dir, "127.0.0.1:5000/falco"}, 2, "none of the release's tarballs"},
		{[]string{"push", "127.0.0.1:5000/falco"}, 2, "needs --dir"},
		{[]string{"index", "--registry", "ghcr.io/x", "--prefix", "falco"}, 2, "want a host name"},
	} {
		code, _, errOut := runDist(t, c.args...)
		if code != c.code || !strings.Contains(errOut, c.want) {
			t.Errorf("%v: exit %d, stderr %q; want %d and %q", c.args, code, errOut, c.code, c.want)
		}
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("%s exists after failed runs (%v)", out, err)
	}
	t.Setenv("SOURCE_DATE_EPOCH", "")
	if code, _, errOut := runDist(t, "package", "-o", out, "--rules", rulesFile, "--plugin", arch.Name+"="+lib); code != 2 || !strings.Contains(errOut, "set SOURCE_DATE_EPOCH or --mtime") {
		t.Errorf("no time: exit %d %q", code, errOut)
	}
}
