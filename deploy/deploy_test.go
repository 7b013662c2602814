package deploy

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/eql2falco/eql2falco/dist"
	"github.com/eql2falco/eql2falco/plugin/ecs"
)

var update = flag.Bool("update", false, "rewrite falcoctl/index.yaml from dist.Index")

// The placeholder registry of the files.
const (
	exampleRegistry = "registry.example.com"
	examplePrefix   = "falco"
)

func readYAML(t *testing.T, name string, v any) {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	if err := dec.Decode(v); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
}

// pluginEntry is an item of falco.yaml's plugins.
type pluginEntry struct {
	Name        string    `yaml:"name"`
	LibraryPath string    `yaml:"library_path"`
	InitConfig  yaml.Node `yaml:"init_config"`
}

// checkECSEntry checks a plugins entry for ecs: the library falcoctl
// installs, relative to the plugins directory, and an init_config the
// plugin accepts.
func checkECSEntry(t *testing.T, file string, plugins []pluginEntry) {
	t.Helper()
	i := slices.IndexFunc(plugins, func(p pluginEntry) bool { return p.Name == ecs.PluginName })
	if i < 0 {
		t.Fatalf("%s: no plugins entry named %s", file, ecs.PluginName)
	}
	p := plugins[i]
	if p.LibraryPath != dist.LibraryFile {
		t.Errorf("%s: library_path %q, want %q (falcoctl unpacks it into the plugins directory)", file, p.LibraryPath, dist.LibraryFile)
	}
	var cfg any
	if err := p.InitConfig.Decode(&cfg); err != nil {
		t.Fatal(err)
	}
	js, err := json.Marshal(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ecs.ParseConfig(string(js)); err != nil {
		t.Errorf("%s: init_config %s: %v", file, js, err)
	}
}

// TestHelmValues checks the chart values: the refs are the release's, the
// chart's own refs and rules are kept, and Falco loads ecs and its rules.
func TestHelmValues(t *testing.T) {
	const file = "helm/values-ecs.yaml"
	var v struct {
		Falcoctl struct {
			Artifact struct {
				Install struct {
					Enabled bool `yaml:"enabled"`
				} `yaml:"install"`
			} `yaml:"artifact"`
			Config struct {
				Artifact struct {
					AllowedTypes []string `yaml:"allowedTypes"`
					Install      struct {
						Refs []string `yaml:"refs"`
					} `yaml:"install"`
				} `yaml:"artifact"`
			} `yaml:"config"`
		} `yaml:"falcoctl"`
		Collectors struct {
			ContainerEngine struct {
				Enabled bool `yaml:"enabled"`
			} `yaml:"containerEngine"`
		} `yaml:"collectors"`
		Falco struct {
			RulesFiles  []string      `yaml:"rules_files"`
			Plugins     []pluginEntry `yaml:"plugins"`
			LoadPlugins []string      `yaml:"load_plugins"`
		} `yaml:"falco"`
	}
	readYAML(t, file, &v)
	if !v.Falcoctl.Artifact.Install.Enabled {
		t.Error("falcoctl.artifact.install.enabled is not true")
	}
	if a := v.Falcoctl.Config.Artifact.AllowedTypes; !slices.Contains(a, "plugin") || !slices.Contains(a, "rulesfile") {
		t.Errorf("allowedTypes %v: both artifact types must be allowed", a)
	}
	wantRefs := []string{
		"falco-rules:5", // the chart's default, kept
		exampleRegistry + "/" + dist.RulesRepository(examplePrefix) + ":" + ecs.PluginVersion,
		exampleRegistry + "/" + dist.PluginRepository(examplePrefix) + ":" + ecs.PluginVersion,
	}
	if got := v.Falcoctl.Config.Artifact.Install.Refs; !slices.Equal(got, wantRefs) {
		t.Errorf("install refs %v, want %v", got, wantRefs)
	}
	if !v.Collectors.ContainerEngine.Enabled {
		t.Error("collectors.containerEngine.enabled is not true: the chart would not load the container plugin")
	}
	wantRules := []string{"/etc/falco/falco_rules.yaml", "/etc/falco/falco_rules.local.yaml", "/etc/falco/" + dist.RulesFile, "/etc/falco/rules.d"}
	if !slices.Equal(v.Falco.RulesFiles, wantRules) {
		t.Errorf("rules_files %v, want %v", v.Falco.RulesFiles, wantRules)
	}
	checkECSEntry(t, file, v.Falco.Plugins)
	if slices.ContainsFunc(v.Falco.Plugins, func(p pluginEntry) bool { return p.Name == "container" }) {
		t.Error("a container entry in falco.plugins stops the chart from configuring the container plugin itself")
	}
	if !slices.Equal(v.Falco.LoadPlugins, []string{ecs.PluginName}) {
		t.Errorf("load_plugins %v, want [ecs] (the chart appends container)", v.Falco.LoadPlugins)
	}
}

// TestHostConfig checks the config.d file for hosts.
func TestHostConfig(t *testing.T) {
	const file = "falco/config.d/falco.ecs_plugin.yaml"
	var c struct {
		Plugins     []pluginEntry `yaml:"plugins"`
		LoadPlugins []string      `yaml:"load_plugins"`
		RulesFiles  []string      `yaml:"rules_files"`
	}
	readYAML(t, file, &c)
	checkECSEntry(t, file, c.Plugins)
	if len(c.Plugins) != 1 || !slices.Equal(c.LoadPlugins, []string{ecs.PluginName}) {
		t.Errorf("plugins %d, load_plugins %v: want ecs only (Falco appends them to falco.yaml's)", len(c.Plugins), c.LoadPlugins)
	}
	if !slices.Equal(c.RulesFiles, []string{"/etc/falco/" + dist.RulesFile}) {
		t.Errorf("rules_files %v", c.RulesFiles)
	}
}

// TestIndex: falcoctl/index.yaml is what dist.Index writes for the
// placeholder registry (go test ./deploy -update rewrites it).
func TestIndex(t *testing.T) {
	const file = "falcoctl/index.yaml"
	want, err := dist.Index(exampleRegistry, examplePrefix)
	if err != nil {
		t.Fatal(err)
	}
	if *update {
		if err := os.WriteFile(file, want, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var entries []dist.IndexEntry
	readYAML(t, file, &entries)
	if len(entries) != 2 || entries[0].Name != dist.PluginName || entries[1].Name != dist.RulesName ||
		entries[0].Type != "plugin" || entries[1].Type != "rulesfile" {
		t.Errorf("entries %+v", entries)
	}
	got, _ := os.ReadFile(file)
	if !bytes.Equal(got, want) {
		t.Errorf("%s is not what dist.Index writes: go test ./deploy -update", file)
	}
}

// TestRegistryEntry checks the entry for falcosecurity/plugins against the
// plugin and the rules of that registry (name pattern, extraction only).
func TestRegistryEntry(t *testing.T) {
	const file = "falcosecurity-plugins/registry.yaml"
	var entries []struct {
		Name         string   `yaml:"name"`
		Description  string   `yaml:"description"`
		Authors      string   `yaml:"authors"`
		Contact      string   `yaml:"contact"`
		Keywords     []string `yaml:"keywords"`
		URL          string   `yaml:"url"`
		RulesURL     string   `yaml:"rules_url"`
		Capabilities struct {
			Sourcing *struct {
				Supported bool `yaml:"supported"`
			} `yaml:"sourcing"`
			Extraction struct {
				Supported bool     `yaml:"supported"`
				Sources   []string `yaml:"sources"`
			} `yaml:"extraction"`
		} `yaml:"capabilities"`
	}
	readYAML(t, file, &entries)
	if len(entries) != 1 {
		t.Fatalf("%d entries", len(entries))
	}
	e := entries[0]
	if !regexp.MustCompile(`^[a-z]+[a-z0-9-_]*$`).MatchString(e.Name) || e.Name != ecs.PluginName {
		t.Errorf("name %q", e.Name)
	}
	if e.Description != ecs.PluginDescription || e.Contact != ecs.PluginContact || e.URL != ecs.PluginContact ||
		!strings.HasPrefix(e.RulesURL, ecs.PluginContact+"/") || e.Authors == "" || len(e.Keywords) == 0 {
		t.Errorf("entry %+v does not describe the plugin as its info symbols do", e)
	}
	if e.Capabilities.Sourcing != nil && e.Capabilities.Sourcing.Supported {
		t.Error("the plugin has no event source: sourcing must not be supported")
	}
	if !e.Capabilities.Extraction.Supported || !slices.Equal(e.Capabilities.Extraction.Sources, []string{ecs.EventSource}) {
		t.Errorf("extraction %+v", e.Capabilities.Extraction)
	}
}

// refRE finds references to the release's artifacts in text.
var refRE = regexp.MustCompile(`/(plugin|ruleset)/ecs:([0-9A-Za-z.+-]+)`)

// TestVersionsAgree: every reference to an ecs artifact in deploy/ and in
// the README names this release or one of its floating tags.
func TestVersionsAgree(t *testing.T) {
	files := []string{"helm/values-ecs.yaml", "falco/config.d/falco.ecs_plugin.yaml", "../README.md"}
	tags := dist.Tags(ecs.PluginVersion)
	found := 0
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range refRE.FindAllStringSubmatch(string(b), -1) {
			found++
			if !slices.Contains(tags, m[2]) {
				t.Errorf("%s: %s names version %s, the release is %s (tags %v)", f, m[0], m[2], ecs.PluginVersion, tags)
			}
		}
	}
	if found < 4 {
		t.Errorf("only %d artifact references found in %v", found, files)
	}
}
