//go:build e2eartifacts

package deploy

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	ggcrregistry "github.com/google/go-containerregistry/pkg/registry"
	ocispec "github.com/opencontainers/image-spec/specs-go/v1"
	"gopkg.in/yaml.v3"
	"oras.land/oras-go/v2/content"
	"oras.land/oras-go/v2/registry/remote"

	"github.com/eql2falco/eql2falco/capture/scenario"
	"github.com/eql2falco/eql2falco/dist"
	"github.com/eql2falco/eql2falco/dist/artifact"
	"github.com/eql2falco/eql2falco/dist/tarball"
	"github.com/eql2falco/eql2falco/falco/catalog"
	"github.com/eql2falco/eql2falco/falco/rulesfile"
	"github.com/eql2falco/eql2falco/plugin/ecs"
)

// The scenario replayed by a real Falco: `which` without a terminal in a
// container, which only the current version of the seed rule matches, so
// alerts show the artifact ships that version.
const alertScenario = "../e2e/testdata/scenarios/no-terminal.yaml"

// report prints one PASS/SKIPPED line of make e2e-artifacts.
func report(status, part, format string, args ...any) {
	fmt.Printf("e2e-artifacts: %s %s: %s\n", status, part, fmt.Sprintf(format, args...))
}

// TestArtifacts is make e2e-artifacts: the release in DIST (make dist)
// pushed to a registry on 127.0.0.1, installed with the real falcoctl
// (FALCOCTL) by reference, by name through an index, and for arm64,
// compared byte for byte with the tarballs; the Helm values rendered with
// the falcosecurity/falco chart when HELM and FALCO_CHART are set; then,
// when FALCO names a Falco, loaded by it through deploy/falco/config.d and
// replayed on a scenario that must alert.
func TestArtifacts(t *testing.T) {
	distDir, falcoctl := os.Getenv("DIST"), os.Getenv("FALCOCTL")
	if distDir == "" || falcoctl == "" {
		t.Fatal("DIST (the tarballs of make dist) and FALCOCTL (a falcoctl binary) must be set: run make e2e-artifacts")
	}
	version := ecs.PluginVersion
	files := readDist(t, distDir, version)
	plugin, rules, err := dist.Artifacts(files, version, ecs.PluginContact)
	if err != nil {
		t.Fatal(err)
	}
	var platforms []string
	for _, l := range plugin.Layers {
		platforms = append(platforms, l.OS+"/"+l.Arch)
	}

	// A registry on 127.0.0.1, and an index served next to it.
	reg := httptest.NewServer(ggcrregistry.New(ggcrregistry.Logger(log.New(io.Discard, "", 0))))
	defer reg.Close()
	host := strings.TrimPrefix(reg.URL, "http://")
	indexYAML, err := dist.Index(host, "ours")
	if err != nil {
		t.Fatal(err)
	}
	idx := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/index.yaml" {
			http.NotFound(w, r)
			return
		}
		_, _ = w.Write(indexYAML)
	}))
	defer idx.Close()
	report("PASS", "registry", "go-containerregistry's registry on %s, index.yaml on %s", reg.URL, idx.URL)

	// Our push (what cmd/dist push does).
	ctx := context.Background()
	tags := dist.Tags(version)
	oursPlugin := host + "/" + dist.PluginRepository("ours")
	oursRules := host + "/" + dist.RulesRepository("ours")
	for ref, a := range map[string]*artifact.Artifact{oursPlugin: plugin, oursRules: rules} {
		root, err := a.Push(ctx, repository(t, ref), tags)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("pushed %s:%s %s", ref, version, root.Digest)
	}
	report("PASS", "push", "%s %s (%s) to %s and %s %s to %s, tags %s",
		plugin.Config.Name, version, strings.Join(platforms, ", "), oursPlugin, rules.Config.Name, version, oursRules, strings.Join(tags, " "))

	// falcoctl, with a configuration and a home of its own.
	work := t.TempDir()
	fc := &falcoctlRunner{t: t, path: falcoctl, config: filepath.Join(work, "falcoctl.yaml"), home: filepath.Join(work, "home")}
	if err := os.WriteFile(fc.config, []byte("indexes: []\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	fcVersion := strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(fc.run("version")), "Client Version:"))

	// falcoctl pushes the same tarballs: the layouts must be the same.
	theirsPlugin := host + "/" + dist.PluginRepository("theirs")
	theirsRules := host + "/" + dist.RulesRepository("theirs")
	args := []string{"registry", "push", "--plain-http", "--type", "plugin", "--version", version, "--name", dist.PluginName,
		"--requires", "plugin_api_version:" + ecs.RequiredAPIVersion, "--annotation-source", ecs.PluginContact, theirsPlugin + ":" + version}
	for _, l := range plugin.Layers {
		args = append(args, filepath.Join(distDir, l.FileName), "--platform", l.OS+"/"+l.Arch)
	}
	fc.run(args...)
	args = []string{"registry", "push", "--plain-http", "--type", "rulesfile", "--version", version, "--name", dist.RulesName,
		"--annotation-source", ecs.PluginContact, theirsRules + ":" + version, filepath.Join(distDir, dist.RulesTarball(version))}
	for _, d := range rules.Config.Dependencies {
		args = append(args, "--depends-on", d.Name+":"+d.Version)
	}
	for _, r := range rules.Config.Requirements {
		args = append(args, "--requires", r.Name+":"+r.Version)
	}
	fc.run(args...)
	for _, pair := range [][2]string{{oursPlugin, theirsPlugin}, {oursRules, theirsRules}} {
		ours, theirs := layout(t, pair[0]+":"+version), layout(t, pair[1]+":"+version)
		if diff := cmp.Diff(theirs, ours); diff != "" {
			t.Fatalf("%s and falcoctl's %s differ (-falcoctl +ours):\n%s", pair[0], pair[1], diff)
		}
	}
	report("PASS", "falcoctl push", "falcoctl %s pushed the same tarballs with the same layout as ours "+
		"(manifests, configs, media types, platforms, annotations; only the creation times differ)", fcVersion)

	// falcoctl installs: by reference, by name through the index, for arm64.
	install := func(dir string, extra ...string) (plugins, rulesDir string) {
		plugins, rulesDir = filepath.Join(dir, "plugins"), filepath.Join(dir, "rules")
		for _, d := range []string{plugins, rulesDir} {
			if err := os.MkdirAll(d, 0o755); err != nil {
				t.Fatal(err)
			}
		}
		fc.run(append([]string{"artifact", "install", "--plain-http", "--plugins-dir", plugins, "--rulesfiles-dir", rulesDir,
			"--state-dir", filepath.Join(dir, "state")}, extra...)...)
		return plugins, rulesDir
	}
	hostArch := runtimeArch(t)
	byRef := filepath.Join(work, "by-ref")
	plugins, rulesDir := install(byRef, oursRules+":"+version, oursPlugin+":"+version)
	checkInstalled(t, plugins, files[dist.PluginTarball(version, hostArch.Name)])
	checkInstalled(t, rulesDir, files[dist.RulesTarball(version)])

	fc.run("index", "add", "local", idx.URL+"/index.yaml")
	byName := filepath.Join(work, "by-name")
	p2, r2 := install(byName, dist.RulesName+":"+version) // the plugin comes as a dependency
	checkInstalled(t, p2, files[dist.PluginTarball(version, hostArch.Name)])
	checkInstalled(t, r2, files[dist.RulesTarball(version)])
	installed := fmt.Sprintf("%s and %s by reference; %s:%s by name through `falcoctl index add` (plugin %s:%s as its dependency)",
		oursRules+":"+version, oursPlugin+":"+version, dist.RulesName, version, dist.PluginName, version)
	for _, l := range plugin.Layers {
		if l.Arch == hostArch.GOARCH {
			continue
		}
		other := filepath.Join(work, "other-"+l.Arch)
		p3, _ := install(other, "--platform", l.OS+"/"+l.Arch, oursPlugin+":"+version)
		checkInstalled(t, p3, l.Data)
		installed += fmt.Sprintf("; %s:%s for --platform %s/%s", oursPlugin, version, l.OS, l.Arch)
	}
	report("PASS", "falcoctl install", "%s; installed files equal the tarballs' byte for byte", installed)

	checkHelm(t, os.Getenv("HELM"), os.Getenv("FALCO_CHART"))

	// A real Falco loads what falcoctl installed and alerts.
	falco := os.Getenv("FALCO")
	if falco == "" {
		report("SKIPPED", "falco", "no Falco binary (FALCO=/path/to/falco, or falco on PATH; Falco 0.41 or later)")
		return
	}
	runFalco(t, falco, work, plugins, rulesDir)
}

// readDist reads the release's tarballs from dir.
func readDist(t *testing.T, dir, version string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	names := []string{dist.RulesTarball(version)}
	for _, a := range dist.Archs() {
		names = append(names, dist.PluginTarball(version, a.Name))
	}
	for _, n := range names {
		b, err := os.ReadFile(filepath.Join(dir, n))
		if os.IsNotExist(err) {
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		files[n] = b
	}
	return files
}

func runtimeArch(t *testing.T) dist.Arch {
	t.Helper()
	out, err := exec.Command("uname", "-m").Output()
	if err != nil {
		t.Fatal(err)
	}
	a, err := dist.LookupArch(strings.TrimSpace(string(out)))
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func repository(t *testing.T, ref string) *remote.Repository {
	t.Helper()
	repo, err := remote.NewRepository(ref)
	if err != nil {
		t.Fatal(err)
	}
	repo.PlainHTTP = true
	return repo
}

// layout returns the graph under ref as decoded JSON, with the creation
// times blanked and each manifest of an index replaced by its own layout
// (its digest depends on its creation time).
func layout(t *testing.T, ref string) any {
	t.Helper()
	name, tag, _ := strings.Cut(ref[strings.LastIndex(ref, "/"):], ":")
	repo := repository(t, strings.TrimSuffix(ref, name+":"+tag)+name)
	ctx := context.Background()
	root, err := repo.Resolve(ctx, tag)
	if err != nil {
		t.Fatalf("%s: %v", ref, err)
	}
	var walk func(ocispec.Descriptor) any
	walk = func(d ocispec.Descriptor) any {
		b, err := content.FetchAll(ctx, repo, d)
		if err != nil {
			t.Fatal(err)
		}
		var v map[string]any
		if err := json.Unmarshal(b, &v); err != nil {
			t.Fatal(err)
		}
		blank := func(m any) {
			if a, ok := m.(map[string]any); ok {
				if _, ok := a[ocispec.AnnotationCreated]; ok {
					a[ocispec.AnnotationCreated] = "<created>"
				}
			}
		}
		blank(v["annotations"])
		if d.MediaType == ocispec.MediaTypeImageIndex {
			var index ocispec.Index
			if err := json.Unmarshal(b, &index); err != nil {
				t.Fatal(err)
			}
			ms := v["manifests"].([]any)
			for i, m := range index.Manifests {
				e := ms[i].(map[string]any)
				blank(e["annotations"])
				e["digest"], e["size"] = "<manifest>", walk(m)
			}
			return v
		}
		var man ocispec.Manifest
		if err := json.Unmarshal(b, &man); err != nil {
			t.Fatal(err)
		}
		cfg, err := content.FetchAll(ctx, repo, man.Config)
		if err != nil {
			t.Fatal(err)
		}
		v["config-blob"] = string(cfg)
		return v
	}
	return walk(root)
}

// checkInstalled checks that dir holds exactly the files of the tarball,
// with the same bytes, and the executable bit where the tarball has it.
func checkInstalled(t *testing.T, dir string, tgz []byte) {
	t.Helper()
	want, _, err := tarball.Read(bytes.NewReader(tgz))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	err = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		got = append(got, rel)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range want {
		names = append(names, f.Name)
		b, err := os.ReadFile(filepath.Join(dir, f.Name))
		if err != nil {
			t.Fatalf("falcoctl did not install %s: %v", f.Name, err)
		}
		if !bytes.Equal(b, f.Data) {
			t.Errorf("%s: installed %d bytes that differ from the tarball's %d", filepath.Join(dir, f.Name), len(b), len(f.Data))
		}
		st, err := os.Stat(filepath.Join(dir, f.Name))
		if err != nil {
			t.Fatal(err)
		}
		if f.Mode&0o111 != 0 && st.Mode()&0o111 == 0 {
			t.Errorf("%s is not executable (tarball mode %v)", f.Name, f.Mode)
		}
	}
	slices.Sort(got)
	slices.Sort(names)
	if !slices.Equal(got, names) {
		t.Errorf("%s holds %v, want %v", dir, got, names)
	}
}

// falcoctlRunner runs falcoctl with its own configuration file and home.
type falcoctlRunner struct {
	t                  *testing.T
	path, config, home string
}

func (f *falcoctlRunner) run(args ...string) string {
	f.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	all := append([]string{"--config", f.config, "--log-format", "text"}, args...)
	cmd := exec.CommandContext(ctx, f.path, all...)
	cmd.Env = append(os.Environ(), "HOME="+f.home, "NO_COLOR=1")
	out, err := cmd.CombinedOutput()
	f.t.Logf("falcoctl %s", strings.Join(args, " "))
	if err != nil {
		f.t.Fatalf("falcoctl %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// checkHelm renders the falcosecurity/falco chart (a chart directory, as
// helm pull falcosecurity/falco --untar makes it) with helm/values-ecs.yaml
// and checks what Falco and falcoctl get: the ecs artifacts in the install
// references next to the container plugin's, both types allowed, ecs and
// container loaded, the rules file in rules_files.
func checkHelm(t *testing.T, helm, chart string) {
	if helm == "" || chart == "" {
		report("SKIPPED", "helm", "set HELM=/path/to/helm and FALCO_CHART=/path/to/falcosecurity/falco (a chart directory) to render deploy/helm/values-ecs.yaml")
		return
	}
	out, err := exec.Command(helm, "template", "falco", chart, "-n", "falco", "-f", "helm/values-ecs.yaml").Output()
	if err != nil {
		var stderr []byte
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			stderr = ee.Stderr
		}
		t.Fatalf("helm template: %v\n%s", err, stderr)
	}
	var falcoCfg struct {
		LoadPlugins []string      `yaml:"load_plugins"`
		Plugins     []pluginEntry `yaml:"plugins"`
		RulesFiles  []string      `yaml:"rules_files"`
	}
	var falcoctlCfg struct {
		Artifact struct {
			AllowedTypes []string `yaml:"allowedTypes"`
			Install      struct {
				Refs []string `yaml:"refs"`
			} `yaml:"install"`
		} `yaml:"artifact"`
	}
	found := 0
	dec := yaml.NewDecoder(bytes.NewReader(out))
	for {
		var doc struct {
			Kind string            `yaml:"kind"`
			Data map[string]string `yaml:"data"`
		}
		if err := dec.Decode(&doc); err != nil {
			if errors.Is(err, io.EOF) {
				break
			}
			t.Fatalf("helm template output: %v", err)
		}
		if doc.Kind != "ConfigMap" {
			continue
		}
		for key, v := range map[string]any{"falco.yaml": &falcoCfg, "falcoctl.yaml": &falcoctlCfg} {
			if text, ok := doc.Data[key]; ok {
				if err := yaml.Unmarshal([]byte(text), v); err != nil {
					t.Fatalf("%s: %v", key, err)
				}
				found++
			}
		}
	}
	if found != 2 {
		t.Fatalf("helm template rendered %d of the falco.yaml and falcoctl.yaml ConfigMaps", found)
	}
	for _, p := range []string{ecs.PluginName, "container"} {
		if !slices.Contains(falcoCfg.LoadPlugins, p) || !slices.ContainsFunc(falcoCfg.Plugins, func(e pluginEntry) bool { return e.Name == p }) {
			t.Errorf("rendered falco.yaml: load_plugins %v, plugins without %s", falcoCfg.LoadPlugins, p)
		}
	}
	if !slices.Contains(falcoCfg.RulesFiles, "/etc/falco/"+dist.RulesFile) {
		t.Errorf("rendered falco.yaml: rules_files %v", falcoCfg.RulesFiles)
	}
	refs := falcoctlCfg.Artifact.Install.Refs
	var plugin, rules, container bool
	for _, r := range refs {
		plugin = plugin || strings.HasSuffix(r, "/"+dist.PluginRepository(examplePrefix)+":"+ecs.PluginVersion)
		rules = rules || strings.HasSuffix(r, "/"+dist.RulesRepository(examplePrefix)+":"+ecs.PluginVersion)
		container = container || strings.Contains(r, "/plugin/container:")
	}
	if !plugin || !rules || !container {
		t.Errorf("rendered falcoctl.yaml: install refs %v (ecs plugin %v, ecs rules %v, container plugin %v)", refs, plugin, rules, container)
	}
	if a := falcoctlCfg.Artifact.AllowedTypes; !slices.Contains(a, "plugin") || !slices.Contains(a, "rulesfile") {
		t.Errorf("rendered falcoctl.yaml: allowedTypes %v", a)
	}
	report("PASS", "helm", "helm template of %s with helm/values-ecs.yaml: falcoctl installs %s, Falco loads %v with rules_files %v",
		filepath.Base(chart), strings.Join(refs, " "), falcoCfg.LoadPlugins, falcoCfg.RulesFiles)
}

var falcoVersionRE = regexp.MustCompile(`(?m)^Falco version:\s*v?(\S+)`)

// runFalco loads the installed plugin and rules in a real Falco through
// deploy/falco/config.d/falco.ecs_plugin.yaml (its paths moved to the
// install directories), and replays alertScenario: every exec the scenario
// says the current rule matches must raise an alert.
func runFalco(t *testing.T, falco, work, plugins, rulesDir string) {
	out, err := exec.Command(falco, "--version").CombinedOutput()
	m := falcoVersionRE.FindSubmatch(out)
	if err != nil || m == nil {
		t.Fatalf("%s --version: %v\n%s", falco, err, out)
	}
	falcoVersion := string(m[1])

	dir := filepath.Join(work, "falco")
	if err := os.MkdirAll(filepath.Join(dir, "config.d"), 0o755); err != nil {
		t.Fatal(err)
	}
	dropIn, err := os.ReadFile("falco/config.d/falco.ecs_plugin.yaml")
	if err != nil {
		t.Fatal(err)
	}
	moved := strings.ReplaceAll(string(dropIn), "library_path: "+dist.LibraryFile, "library_path: "+filepath.Join(plugins, dist.LibraryFile))
	moved = strings.ReplaceAll(moved, "/etc/falco/"+dist.RulesFile, filepath.Join(rulesDir, dist.RulesFile))
	if moved == string(dropIn) {
		t.Fatal("the config.d file names neither libecs.so nor /etc/falco/ecs_rules.yaml")
	}
	if err := os.WriteFile(filepath.Join(dir, "config.d", "falco.ecs_plugin.yaml"), []byte(moved), 0o644); err != nil {
		t.Fatal(err)
	}
	// A falco.yaml with the lists the config.d file appends to, as the
	// packaged one has them, and JSON alerts on stdout.
	local := filepath.Join(dir, "falco_rules.local.yaml")
	if err := os.WriteFile(local, []byte("# empty, as packaged\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	mainCfg := fmt.Sprintf(`config_files: [%s]
watch_config_files: false
rules_files: [%s]
load_plugins: []
plugins: []
engine: {kind: nodriver}
priority: debug
json_output: true
json_include_output_property: true
append_output:
  - extra_fields: [evt.num]
stdout_output: {enabled: true}
syslog_output: {enabled: false}
log_stderr: true
log_syslog: false
`, filepath.Join(dir, "config.d"), local)
	cfgPath := filepath.Join(dir, "falco.yaml")
	if err := os.WriteFile(cfgPath, []byte(mainCfg), 0o644); err != nil {
		t.Fatal(err)
	}

	out, err = exec.Command(falco, "-c", cfgPath, "--list-plugins").CombinedOutput()
	if err != nil {
		t.Fatalf("falco --list-plugins: %v\n%s", err, out)
	}
	if !strings.Contains(string(out), "Name: "+ecs.PluginName) || !strings.Contains(string(out), "Version: "+ecs.PluginVersion) {
		t.Fatalf("falco --list-plugins does not show %s %s:\n%s", ecs.PluginName, ecs.PluginVersion, out)
	}

	// The rule the installed rules file defines, and the scenario capture.
	src, err := os.ReadFile(filepath.Join(rulesDir, dist.RulesFile))
	if err != nil {
		t.Fatal(err)
	}
	rs, ds := rulesfile.Load(dist.RulesFile, src, catalog.Options())
	if ds.HasErrors() || len(rs.Rules) != 1 {
		t.Fatalf("installed rules: %d rules\n%s", len(rs.Rules), ds.Render())
	}
	ruleName := rs.Rules[0].Rule.Name
	s, err := scenario.Load(alertScenario)
	if err != nil {
		t.Fatal(err)
	}
	capture := filepath.Join(dir, "no-terminal.scap")
	f, err := os.Create(capture)
	if err != nil {
		t.Fatal(err)
	}
	man, err := s.Write(f, scenario.Options{})
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		t.Fatal(err)
	}
	want := 0
	for _, e := range man.Execs {
		if match, ok := e.Expect["match"].(map[string]any); ok && match["current"] == true {
			want++
		}
	}
	if want == 0 {
		t.Fatalf("%s has no exec the current rule must match", alertScenario)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, falco, "-c", cfgPath, "-o", "engine.kind=replay", "-o", "engine.replay.capture_file="+capture)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	stdout, err := cmd.Output()
	if err != nil {
		t.Fatalf("falco replay: %v\n%s\n%s", err, stdout, stderr.String())
	}
	got := 0
	sc := bufio.NewScanner(bytes.NewReader(stdout))
	for sc.Scan() {
		var a struct {
			Rule string `json:"rule"`
		}
		if line := sc.Bytes(); len(line) > 0 && line[0] == '{' && json.Unmarshal(line, &a) == nil && a.Rule == ruleName {
			got++
		}
	}
	if got != want {
		t.Fatalf("Falco %s raised %d alerts of %q on %s, want %d\nstdout:\n%s\nstderr:\n%s", falcoVersion, got, ruleName, alertScenario, want, stdout, stderr.String())
	}
	report("PASS", "falco", "Falco %s (%s) loaded the installed %s and %s through deploy/falco/config.d/falco.ecs_plugin.yaml "+
		"and raised %d alerts of %q replaying %s (%d expected)", falcoVersion, falco, dist.LibraryFile, dist.RulesFile, got, ruleName, filepath.Base(alertScenario), want)
}
