package dist

import (
	"bytes"
	"fmt"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/eql2falco/eql2falco/plugin/ecs"
)

// IndexEntry is an entry of a falcoctl index (index.yaml), with the keys
// falcoctl's index package reads (pkg/index/index.Entry): name, type,
// registry and repository are required.
type IndexEntry struct {
	Name        string   `yaml:"name"`
	Type        string   `yaml:"type"`
	Registry    string   `yaml:"registry"`
	Repository  string   `yaml:"repository"`
	Description string   `yaml:"description,omitempty"`
	Home        string   `yaml:"home,omitempty"`
	Keywords    []string `yaml:"keywords,omitempty"`
	License     string   `yaml:"license,omitempty"`
	Sources     []string `yaml:"sources,omitempty"`
}

// IndexEntries returns the index entries of the two artifacts pushed to
// registry (host[:port]) below the repository prefix (falco, for
// registry/falco/plugin/ecs). With them in an index that falcoctl knows
// (falcoctl index add), `falcoctl artifact install ecs-rules:<version>`
// installs the rules and, through their dependency, the plugin.
func IndexEntries(registry, prefix string) ([]IndexEntry, error) {
	if registry == "" || strings.Contains(registry, "/") {
		return nil, fmt.Errorf("registry %q: want a host name, with a port if needed (ghcr.io, 127.0.0.1:5000)", registry)
	}
	prefix = strings.Trim(prefix, "/")
	keywords := []string{"ecs", "elastic", "eql", "detection-rules", "process"}
	return []IndexEntry{
		{
			Name: PluginName, Type: "plugin", Registry: registry, Repository: PluginRepository(prefix),
			Description: ecs.PluginDescription, Home: ecs.PluginContact, Keywords: keywords, Sources: []string{ecs.PluginContact},
		},
		{
			Name: RulesName, Type: "rulesfile", Registry: registry, Repository: RulesRepository(prefix),
			Description: "Elastic detection rules for Linux processes translated to Falco rules for the ecs plugin",
			Home:        ecs.PluginContact, Keywords: keywords, Sources: []string{ecs.PluginContact},
			// The rules are translations of Elastic detection rules,
			// which are under the Elastic License 2.0.
			License: "Elastic-2.0",
		},
	}, nil
}

// Index returns an index.yaml listing the two artifacts (IndexEntries).
func Index(registry, prefix string) ([]byte, error) {
	entries, err := IndexEntries(registry, prefix)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	b.WriteString("# falcoctl index of the ecs plugin and its rules (falcoctl index add NAME URL).\n")
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(entries); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
