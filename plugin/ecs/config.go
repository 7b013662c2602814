package ecs

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/eql2falco/eql2falco/capture/containerid"
)

// ContainerIDFormat selects how ecs.container.id shows a 64-hex-digit id.
type ContainerIDFormat string

// Container id formats.
const (
	// ContainerIDFull is the whole id as the cgroup path holds it (64 hex
	// digits for docker, containerd, cri-o and podman).
	ContainerIDFull ContainerIDFormat = "full"
	// ContainerIDShort is the first 12 characters of a 64-hex-digit id, as
	// Falco's container.id shows it. Other ids are unchanged.
	ContainerIDShort ContainerIDFormat = "short"
)

// Config is the plugin's init_config. The zero value is not valid; use
// DefaultConfig or ParseConfig.
type Config struct {
	ContainerIDFormat ContainerIDFormat `json:"containerIdFormat"`
	// ContainerLayouts are the cgroup layout families that give a process a
	// container id (package containerid); a path no family of the set
	// matches is the host's.
	ContainerLayouts containerid.Runtimes `json:"containerLayouts"`
}

// D4CContainerLayouts returns the default of ContainerLayouts: the layouts whose
// id is a container runtime's 64-hex-digit id (docker, podman, and CRI:
// containerd, cri-o, nerdctl, kubepods), left out the containerd-namespace
// and lxc layouts, whose ids are names. Defend for Containers runs on
// Kubernetes nodes and knows the containers of pods (see the container.id
// field's description for the sources); a host cgroup such as
// "/<name>/<32 hex digits>", which the containerd-namespace layout takes for
// a container, is the host's.
func D4CContainerLayouts() containerid.Runtimes {
	return containerid.NewRuntimes(containerid.Podman, containerid.Docker, containerid.CRI)
}

// DefaultConfig is the configuration used for an empty init_config.
func DefaultConfig() Config {
	return Config{ContainerIDFormat: ContainerIDFull, ContainerLayouts: D4CContainerLayouts()}
}

// ConfigSchema is the JSON schema of init_config, returned by
// plugin_get_init_schema. Falco validates init_config against it before
// calling plugin_init; ParseConfig validates against it too, so other
// loaders get the same checks.
const ConfigSchema = `{
  "$schema": "http://json-schema.org/draft-07/schema#",
  "title": "ecs plugin init_config",
  "type": "object",
  "properties": {
    "containerIdFormat": {
      "description": "How ecs.container.id shows a 64-hex-digit container id: full (all 64 digits) or short (the first 12, as Falco's container.id).",
      "type": "string",
      "enum": ["full", "short"],
      "default": "full"
    },
    "containerLayouts": {
      "description": "The cgroup layout families that give ecs.container.id a value: podman, docker, cri (64-hex-digit runtime ids; the default, Defend for Containers' model), containerd (containerd namespaces, ids that are names) and lxc. Falco's container plugin tries all five.",
      "type": "array",
      "items": {"type": "string", "enum": ["podman", "docker", "cri", "containerd", "lxc"]},
      "uniqueItems": true,
      "default": ["podman", "docker", "cri"]
    }
  },
  "additionalProperties": false
}`

// ParseConfig reads an init_config string: a JSON object whose keys are
// those of ConfigSchema. An empty (or all-blank) string gives DefaultConfig;
// keys left out take their default. Unknown keys, wrong types and values
// outside an enum are errors that name the key.
func ParseConfig(s string) (Config, error) {
	cfg := DefaultConfig()
	if strings.TrimSpace(s) == "" {
		return cfg, nil
	}
	var doc any
	if err := json.Unmarshal([]byte(s), &doc); err != nil {
		return Config{}, fmt.Errorf("ecs: init_config is not valid JSON: %w", err)
	}
	msgs, err := validateConfig(doc)
	if err != nil {
		return Config{}, err
	}
	if len(msgs) > 0 {
		return Config{}, fmt.Errorf("ecs: invalid init_config: %s (valid keys: %s)", strings.Join(msgs, "; "), configKeys())
	}
	dec := json.NewDecoder(bytes.NewReader([]byte(s)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&cfg); err != nil {
		// Unreachable when the schema and Config agree; kept as a guard.
		return Config{}, fmt.Errorf("ecs: init_config: %w", err)
	}
	return cfg, nil
}

// configKeys lists the keys of ConfigSchema with their allowed values, for
// error messages: "containerIdFormat = full|short, containerLayouts =
// [podman|docker|cri|containerd|lxc, ...]".
func configKeys() string {
	var s struct {
		Properties map[string]struct {
			Type  string   `json:"type"`
			Enum  []string `json:"enum"`
			Items struct {
				Enum []string `json:"enum"`
			} `json:"items"`
		} `json:"properties"`
	}
	if err := json.Unmarshal([]byte(ConfigSchema), &s); err != nil {
		return "see the plugin's init schema"
	}
	var keys []string
	for k, p := range s.Properties {
		switch {
		case len(p.Enum) > 0:
			keys = append(keys, k+" = "+strings.Join(p.Enum, "|"))
		case len(p.Items.Enum) > 0:
			keys = append(keys, k+" = ["+strings.Join(p.Items.Enum, "|")+", ...]")
		default:
			keys = append(keys, k+" ("+p.Type+")")
		}
	}
	sort.Strings(keys)
	return strings.Join(keys, ", ")
}
