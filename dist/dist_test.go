package dist

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/eql2falco/eql2falco/dist/artifact"
	"github.com/eql2falco/eql2falco/dist/tarball"
	"github.com/eql2falco/eql2falco/plugin/ecs"
)

const shippedRules = "../rules/falco/discovery_tool_enumeration.yaml"

var mtime = time.Date(2026, 8, 21, 10, 30, 0, 0, time.UTC)

// stub builds testdata/stub.c as a shared object for the host, with extra
// gcc arguments.
func stub(t *testing.T, args ...string) []byte {
	t.Helper()
	gcc, err := exec.LookPath("gcc")
	if err != nil {
		t.Skip("gcc not on PATH: cannot build a shared object to package")
	}
	out := filepath.Join(t.TempDir(), "libecs.so")
	cmd := exec.Command(gcc, append([]string{"-shared", "-fPIC", "-o", out, "testdata/stub.c"}, args...)...)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("gcc: %v\n%s", err, b)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func hostArch(t *testing.T) Arch {
	t.Helper()
	out, err := exec.Command("uname", "-m").Output()
	if err != nil {
		t.Fatal(err)
	}
	a, err := LookupArch(strings.TrimSpace(string(out)))
	if err != nil {
		t.Skip(err)
	}
	return a
}

func shipped(t *testing.T) []byte {
	t.Helper()
	b, err := os.ReadFile(shippedRules)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestNames(t *testing.T) {
	for got, want := range map[string]string{
		PluginTarball("0.1.0", "x86_64"):       "ecs-0.1.0-linux-x86_64.tar.gz",
		PluginTarball("0.1.0", "aarch64"):      "ecs-0.1.0-linux-aarch64.tar.gz",
		RulesTarball("0.1.0"):                  "ecs-rules-0.1.0.tar.gz",
		PluginRepository("falco"):              "falco/plugin/ecs",
		RulesRepository("team/falco/"):         "team/falco/ruleset/ecs",
		LibraryFile + " " + RulesFile:          "libecs.so ecs_rules.yaml",
		PluginName + " " + RulesName:           "ecs ecs-rules",
		strings.Join(Tags("0.1.0"), " "):       "0.1.0 0 0.1 latest",
		strings.Join(Tags("1.12.3"), " "):      "1.12.3 1 1.12 latest",
		strings.Join(Tags("0.2.0-rc.1"), " "):  "0.2.0-rc.1",
		strings.Join(Tags("0.2.0+build"), " "): "0.2.0+build",
	} {
		if got != want {
			t.Errorf("got %q, want %q", got, want)
		}
	}
	for _, name := range []string{"x86_64", "amd64"} {
		if a, err := LookupArch(name); err != nil || a.GOARCH != "amd64" {
			t.Errorf("%s: %v %v", name, a, err)
		}
	}
	if _, err := LookupArch("riscv64"); err == nil || !strings.Contains(err.Error(), "x86_64, aarch64") {
		t.Errorf("riscv64: %v", err)
	}
}

// TestPackage packages a shared object and the shipped rules: the
// tarballs hold them at their root under the names falcoctl installs, and
// two runs give the same bytes.
func TestPackage(t *testing.T) {
	arch := hostArch(t)
	lib := stub(t)
	r := Release{Version: ecs.PluginVersion, Libraries: []Library{{Arch: arch, Data: lib}}, Rules: shipped(t), RulesName: shippedRules, Time: mtime}
	files, err := Package(r)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for n := range files {
		names = append(names, n)
	}
	slices.Sort(names)
	want := []string{PluginTarball(ecs.PluginVersion, arch.Name), RulesTarball(ecs.PluginVersion)}
	slices.Sort(want)
	if !slices.Equal(names, want) {
		t.Fatalf("files %v, want %v", names, want)
	}
	again, err := Package(r)
	if err != nil {
		t.Fatal(err)
	}
	for n, b := range files {
		if !bytes.Equal(b, again[n]) {
			t.Errorf("%s differs between two runs", n)
		}
	}
	for name, want := range map[string]tarball.File{
		PluginTarball(ecs.PluginVersion, arch.Name): {Name: "libecs.so", Mode: 0o755, Data: lib},
		RulesTarball(ecs.PluginVersion):             {Name: "ecs_rules.yaml", Mode: 0o644, Data: shipped(t)},
	} {
		got, gotTime, err := tarball.Read(bytes.NewReader(files[name]))
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff([]tarball.File{want}, got); diff != "" {
			t.Errorf("%s (-want +got):\n%s", name, diff)
		}
		if !gotTime.Equal(mtime) {
			t.Errorf("%s: entries dated %v", name, gotTime)
		}
	}

	plugin, rules, err := Artifacts(files, ecs.PluginVersion, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(plugin.Layers) != 1 || plugin.Layers[0].Arch != arch.GOARCH || plugin.Layers[0].OS != "linux" ||
		!bytes.Equal(plugin.Layers[0].Data, files[PluginTarball(ecs.PluginVersion, arch.Name)]) {
		t.Errorf("plugin layers %+v", plugin.Layers)
	}
	wantCfg := artifact.Config{Name: "ecs", Version: ecs.PluginVersion,
		Requirements: []artifact.Requirement{{Name: "plugin_api_version", Version: ecs.RequiredAPIVersion}}}
	if diff := cmp.Diff(wantCfg, plugin.Config); diff != "" {
		t.Errorf("plugin config (-want +got):\n%s", diff)
	}
	if !plugin.Created.Equal(mtime) || !rules.Created.Equal(mtime) {
		t.Errorf("created %v and %v, want the tarballs' time %v", plugin.Created, rules.Created, mtime)
	}
	if rules.Type != artifact.Rulesfile || rules.Config.Name != "ecs-rules" || len(rules.Layers) != 1 ||
		rules.Layers[0].FileName != RulesTarball(ecs.PluginVersion) {
		t.Errorf("rules artifact %+v", rules)
	}
}

func TestPackageRefuses(t *testing.T) {
	arch := hostArch(t)
	other := Archs()[0]
	if other == arch {
		other = Archs()[1]
	}
	good := stub(t)
	for name, c := range map[string]struct {
		r    Release
		want string
	}{
		"no library":     {Release{}, "no libecs.so"},
		"not elf":        {Release{Libraries: []Library{{Arch: arch, Data: []byte("#!/bin/sh\n")}}}, "not an ELF file"},
		"wrong machine":  {Release{Libraries: []Library{{Arch: other, Data: good}}}, "want a shared object (ET_DYN) for " + other.Machine.String()},
		"missing symbol": {Release{Libraries: []Library{{Arch: arch, Data: stub(t, "-Dplugin_init=other_init")}}}, "does not export plugin_init"},
		"twice":          {Release{Libraries: []Library{{Arch: arch, Data: good}, {Arch: arch, Data: good}}}, "two libraries for " + arch.Name},
		"stale rules":    {Release{Version: "1.0.0", Libraries: []Library{{Arch: arch, Data: good}}}, "does not load in Falco with the ecs plugin 1.0.0"},
	} {
		if c.r.Version == "" {
			c.r.Version = ecs.PluginVersion
		}
		c.r.Rules, c.r.RulesName, c.r.Time = shipped(t), shippedRules, mtime
		files, err := Package(c.r)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one containing %q", name, err, c.want)
		}
		if files != nil {
			t.Errorf("%s: files returned despite the error", name)
		}
	}
}

// TestRulesConfig reads what falcoctl reads from a plain rules file.
func TestRulesConfig(t *testing.T) {
	cfg, err := RulesConfig(shippedRules, shipped(t), ecs.PluginVersion)
	if err != nil {
		t.Fatal(err)
	}
	want := artifact.Config{Name: "ecs-rules", Version: ecs.PluginVersion,
		Dependencies: []artifact.Dependency{{Name: "ecs", Version: ecs.PluginVersion}},
		Requirements: []artifact.Requirement{{Name: "engine_version_semver", Version: ecs.MinEngineVersion}}}
	if diff := cmp.Diff(want, cfg); diff != "" {
		t.Errorf("config (-want +got):\n%s", diff)
	}

	alt := "- required_engine_version: 50\n" +
		"- required_plugin_versions:\n    - name: ecs\n      version: 0.1.0\n      alternatives:\n        - name: ecs2\n          version: 1.0.0\n"
	cfg, err = RulesConfig("alt.yaml", []byte(alt), "0.1.0")
	if err != nil {
		t.Fatal(err)
	}
	want.Version = "0.1.0"
	want.Dependencies = []artifact.Dependency{{Name: "ecs", Version: "0.1.0", Alternatives: []artifact.Alternative{{Name: "ecs2", Version: "1.0.0"}}}}
	want.Requirements = []artifact.Requirement{{Name: "engine_version_semver", Version: "0.50.0"}}
	if diff := cmp.Diff(want, cfg); diff != "" {
		t.Errorf("legacy engine version and alternatives (-want +got):\n%s", diff)
	}

	for name, c := range map[string]struct{ src, want string }{
		"no ecs":    {"- required_engine_version: 0.50.0\n", "does not list the ecs plugin"},
		"no engine": {"- required_plugin_versions:\n    - name: ecs\n      version: 0.1.0\n", "no required_engine_version"},
		"bad yaml":  {"- rule: [\n", "does not load in Falco"},
	} {
		if _, err := RulesConfig(name, []byte(c.src), "0.1.0"); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one containing %q", name, err, c.want)
		}
	}
}

func TestArtifactsRefuses(t *testing.T) {
	tgz := func(files ...tarball.File) []byte {
		var b bytes.Buffer
		if err := tarball.Write(&b, files, mtime); err != nil {
			t.Fatal(err)
		}
		return b.Bytes()
	}
	v := ecs.PluginVersion
	lib := tgz(tarball.File{Name: "libecs.so", Mode: 0o755, Data: []byte("so")})
	rules := tgz(tarball.File{Name: "ecs_rules.yaml", Mode: 0o644, Data: shipped(t)})
	var later bytes.Buffer
	if err := tarball.Write(&later, []tarball.File{{Name: "ecs_rules.yaml", Mode: 0o644, Data: shipped(t)}}, mtime.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	rulesLater := later.Bytes()
	for name, c := range map[string]struct {
		files map[string][]byte
		want  string
	}{
		"no plugin":      {map[string][]byte{RulesTarball(v): rules}, "no plugin tarball"},
		"no rules":       {map[string][]byte{PluginTarball(v, "x86_64"): lib}, "no rules tarball"},
		"wrong file":     {map[string][]byte{PluginTarball(v, "x86_64"): rules, RulesTarball(v): rules}, "holds [ecs_rules.yaml], want exactly libecs.so"},
		"extra file":     {map[string][]byte{PluginTarball(v, "x86_64"): lib, RulesTarball(v): tgz(tarball.File{Name: "ecs_rules.yaml", Data: shipped(t)}, tarball.File{Name: "x.yaml"})}, "want exactly ecs_rules.yaml"},
		"not a tarball":  {map[string][]byte{PluginTarball(v, "x86_64"): []byte("x"), RulesTarball(v): rules}, "not a gzip file"},
		"two releases":   {map[string][]byte{PluginTarball(v, "x86_64"): lib, RulesTarball(v): rulesLater}, "tarballs of two different releases"},
		"rules mismatch": {map[string][]byte{PluginTarball(v, "x86_64"): lib, RulesTarball(v): tgz(tarball.File{Name: "ecs_rules.yaml", Data: []byte("- required_engine_version: 0.50.0\n")})}, "does not list the ecs plugin"},
	} {
		if _, _, err := Artifacts(c.files, v, ""); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one containing %q", name, err, c.want)
		}
	}
}

func TestIndexEntries(t *testing.T) {
	es, err := IndexEntries("127.0.0.1:5000", "/falco/")
	if err != nil {
		t.Fatal(err)
	}
	if len(es) != 2 || es[0].Name != "ecs" || es[0].Type != "plugin" || es[0].Repository != "falco/plugin/ecs" ||
		es[1].Name != "ecs-rules" || es[1].Type != "rulesfile" || es[1].Repository != "falco/ruleset/ecs" || es[1].Registry != "127.0.0.1:5000" {
		t.Errorf("entries %+v", es)
	}
	for _, r := range []string{"", "ghcr.io/team"} {
		if _, err := IndexEntries(r, "falco"); err == nil || !strings.Contains(err.Error(), "want a host name") {
			t.Errorf("registry %q: %v", r, err)
		}
	}
}
