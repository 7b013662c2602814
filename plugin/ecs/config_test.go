package ecs

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/eql2falco/eql2falco/capture/containerid"
)

func TestParseConfig(t *testing.T) {
	d4c := D4CContainerLayouts()
	for _, c := range []struct {
		in   string
		want Config
	}{
		{"", DefaultConfig()},
		{"  \n", DefaultConfig()},
		{"{}", DefaultConfig()},
		{`{"containerIdFormat":"full"}`, Config{ContainerIDFormat: ContainerIDFull, ContainerLayouts: d4c}},
		{`{"containerIdFormat":"short"}`, Config{ContainerIDFormat: ContainerIDShort, ContainerLayouts: d4c}},
		{`{"containerLayouts":["podman","docker","cri","containerd","lxc"]}`, Config{ContainerIDFormat: ContainerIDFull, ContainerLayouts: containerid.AllRuntimes}},
		{`{"containerLayouts":["cri"]}`, Config{ContainerIDFormat: ContainerIDFull, ContainerLayouts: containerid.NewRuntimes(containerid.CRI)}},
		{`{"containerLayouts":[]}`, Config{ContainerIDFormat: ContainerIDFull}},
	} {
		got, err := ParseConfig(c.in)
		if err != nil || got != c.want {
			t.Errorf("ParseConfig(%q) = %+v, %v; want %+v", c.in, got, err, c.want)
		}
	}
	if DefaultConfig().ContainerIDFormat != ContainerIDFull {
		t.Fatal("default container id format must be full")
	}
	if got := DefaultConfig().ContainerLayouts.List(); !slices.Equal(got, []containerid.Runtime{containerid.Podman, containerid.Docker, containerid.CRI}) {
		t.Fatalf("default layouts %v: Defend for Containers' model is podman, docker and cri", got)
	}
}

func TestParseConfigErrors(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{`{"containerIDFormat":"short"}`, `containerIDFormat`}, // wrong case: unknown key
		{`{"foo":1}`, `'foo'`},
		{`{"containerIdFormat":"tiny"}`, `at /containerIdFormat`},
		{`{"containerIdFormat":12}`, `at /containerIdFormat`},
		{`["short"]`, `at /`},
		{`{"containerIdFormat":`, `not valid JSON`},
		{`{"containerLayouts":["rkt"]}`, `at /containerLayouts/0`},
		{`{"containerLayouts":"docker"}`, `at /containerLayouts`},
		{`{"containerLayouts":["cri","cri"]}`, `at /containerLayouts`},
		{`{"containerLayouts":["x"]}`, `containerLayouts = [podman|docker|cri|containerd|lxc, ...]`},
		{`short`, `not valid JSON`},
	} {
		_, err := ParseConfig(c.in)
		if err == nil || !strings.Contains(err.Error(), c.want) || strings.Contains(err.Error(), "\n") {
			t.Errorf("ParseConfig(%q) error = %v; want one line containing %q", c.in, err, c.want)
		}
	}
}

// The schema Falco validates against must describe Config exactly: every
// property is a Config field with the default DefaultConfig uses.
func TestConfigSchemaMatchesConfig(t *testing.T) {
	var s struct {
		Properties map[string]struct {
			Default any      `json:"default"`
			Enum    []string `json:"enum"`
		} `json:"properties"`
		AdditionalProperties *bool `json:"additionalProperties"`
	}
	if err := json.Unmarshal([]byte(ConfigSchema), &s); err != nil {
		t.Fatal(err)
	}
	if s.AdditionalProperties == nil || *s.AdditionalProperties {
		t.Fatal("schema must reject unknown keys")
	}
	defaults := map[string]any{}
	for k, p := range s.Properties {
		defaults[k] = p.Default
	}
	b, _ := json.Marshal(defaults)
	var fromSchema Config
	if err := json.Unmarshal(b, &fromSchema); err != nil {
		t.Fatal(err)
	}
	if fromSchema != DefaultConfig() {
		t.Fatalf("schema defaults %+v, DefaultConfig %+v", fromSchema, DefaultConfig())
	}
	var back map[string]any
	b, _ = json.Marshal(DefaultConfig())
	_ = json.Unmarshal(b, &back)
	if len(back) != len(s.Properties) {
		t.Fatalf("Config has %d keys, schema %d", len(back), len(s.Properties))
	}
	enum := s.Properties["containerIdFormat"].Enum
	if len(enum) != 2 || enum[0] != string(ContainerIDFull) || enum[1] != string(ContainerIDShort) {
		t.Fatalf("containerIdFormat enum %v", enum)
	}
}
