package dist

import (
	"bytes"
	"debug/elf"
	"errors"
	"fmt"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/eql2falco/eql2falco/dist/artifact"
	"github.com/eql2falco/eql2falco/dist/tarball"
	"github.com/eql2falco/eql2falco/falco/catalog"
	"github.com/eql2falco/eql2falco/falco/rulesfile"
	"github.com/eql2falco/eql2falco/plugin/ecs"
)

// Names of the release's artifacts and files.
const (
	// PluginName is the plugin artifact's name, the plugin's own name.
	PluginName = ecs.PluginName
	// RulesName is the rules artifact's name.
	RulesName = ecs.PluginName + "-rules"
	// LibraryFile is the plugin's file in its tarball and, once installed,
	// in Falco's plugins directory.
	LibraryFile = "lib" + ecs.PluginName + ".so"
	// RulesFile is the rules file in the rules tarball and, once
	// installed, in Falco's configuration directory (/etc/falco).
	RulesFile = ecs.PluginName + "_rules.yaml"
)

// Arch is an architecture a plugin tarball is built for.
type Arch struct {
	// Name is the architecture in tarball names (uname -m): x86_64.
	Name string
	// GOARCH is its name for Go and in OCI platforms: amd64.
	GOARCH string
	// Machine is the ELF machine of a libecs.so built for it.
	Machine elf.Machine
}

// Archs returns the architectures a release can have, in the order their
// manifests appear in the plugin artifact.
func Archs() []Arch {
	return []Arch{
		{Name: "x86_64", GOARCH: "amd64", Machine: elf.EM_X86_64},
		{Name: "aarch64", GOARCH: "arm64", Machine: elf.EM_AARCH64},
	}
}

// LookupArch returns the architecture of that name (x86_64) or GOARCH
// (amd64).
func LookupArch(name string) (Arch, error) {
	var names []string
	for _, a := range Archs() {
		if a.Name == name || a.GOARCH == name {
			return a, nil
		}
		names = append(names, a.Name)
	}
	return Arch{}, fmt.Errorf("unknown architecture %q: want one of %s", name, strings.Join(names, ", "))
}

// PluginTarball is the file name of the plugin's tarball for an
// architecture (its Name).
func PluginTarball(version, arch string) string {
	return PluginName + "-" + version + "-linux-" + arch + ".tar.gz"
}

// RulesTarball is the file name of the rules tarball.
func RulesTarball(version string) string { return RulesName + "-" + version + ".tar.gz" }

// PluginRepository is the plugin artifact's repository below a registry
// prefix (falco in myregistry.example/falco), laid out as falcosecurity's
// (ghcr.io/falcosecurity/plugins/plugin/<name>).
func PluginRepository(prefix string) string { return path.Join(prefix, "plugin", PluginName) }

// RulesRepository is the rules artifact's repository below a registry
// prefix, as falcosecurity's (.../ruleset/<name>).
func RulesRepository(prefix string) string { return path.Join(prefix, "ruleset", PluginName) }

var releaseRE = regexp.MustCompile(`^(\d+)\.(\d+)\.(\d+)$`)

// Tags returns the tags an artifact of version is pushed with: the
// version, then for a release (no pre-release or build part) the floating
// tags falcoctl's --add-floating-tags adds (major, major.minor) and
// latest, as falcosecurity tags its artifacts.
func Tags(version string) []string {
	m := releaseRE.FindStringSubmatch(version)
	if m == nil {
		return []string{version}
	}
	return []string{version, m[1], m[1] + "." + m[2], "latest"}
}

// Library is a built libecs.so.
type Library struct {
	Arch Arch
	Data []byte
}

// Release is what the tarballs are made of.
type Release struct {
	// Version is the release's version: ecs.PluginVersion.
	Version string
	// Libraries holds libecs.so for each architecture built.
	Libraries []Library
	// Rules is the Falco rules file shipped as ecs_rules.yaml.
	Rules []byte
	// RulesName names the rules file in errors (its path).
	RulesName string
	// Time is the modification time of every tarball entry.
	Time time.Time
}

// Package checks the release's files and returns its tarballs by file
// name: a library must be a shared object of its architecture exporting
// the plugin API's symbols, the rules file must pass the Falco rules checks
// with this version of the plugin. Nothing is returned on an error.
func Package(r Release) (map[string][]byte, error) {
	if len(r.Libraries) == 0 {
		return nil, errors.New("no libecs.so to package")
	}
	if _, err := RulesConfig(r.RulesName, r.Rules, r.Version); err != nil {
		return nil, err
	}
	out := map[string][]byte{}
	for _, l := range r.Libraries {
		name := PluginTarball(r.Version, l.Arch.Name)
		if _, dup := out[name]; dup {
			return nil, fmt.Errorf("two libraries for %s", l.Arch.Name)
		}
		if err := checkLibrary(l); err != nil {
			return nil, err
		}
		var b bytes.Buffer
		if err := tarball.Write(&b, []tarball.File{{Name: LibraryFile, Mode: 0o755, Data: l.Data}}, r.Time); err != nil {
			return nil, err
		}
		out[name] = b.Bytes()
	}
	var b bytes.Buffer
	if err := tarball.Write(&b, []tarball.File{{Name: RulesFile, Mode: 0o644, Data: r.Rules}}, r.Time); err != nil {
		return nil, err
	}
	out[RulesTarball(r.Version)] = b.Bytes()
	return out, nil
}

// checkLibrary checks that l is a Linux shared object for its architecture
// with the symbols Falco looks up first.
func checkLibrary(l Library) error {
	f, err := elf.NewFile(bytes.NewReader(l.Data))
	if err != nil {
		return fmt.Errorf("%s library: not an ELF file: %w", l.Arch.Name, err)
	}
	defer func() { _ = f.Close() }()
	if f.Type != elf.ET_DYN || f.Machine != l.Arch.Machine {
		return fmt.Errorf("%s library: an ELF %s for %s, want a shared object (ET_DYN) for %s", l.Arch.Name, f.Type, f.Machine, l.Arch.Machine)
	}
	syms, err := f.DynamicSymbols()
	if err != nil {
		return fmt.Errorf("%s library: %w", l.Arch.Name, err)
	}
	want := []string{"plugin_get_required_api_version", "plugin_get_name", "plugin_get_version", "plugin_init", "plugin_extract_fields"}
	for _, s := range syms {
		if i := slices.Index(want, s.Name); i >= 0 && elf.ST_TYPE(s.Info) == elf.STT_FUNC && s.Section != elf.SHN_UNDEF {
			want = slices.Delete(want, i, i+1)
		}
	}
	if len(want) > 0 {
		return fmt.Errorf("%s library: does not export %s: not a build of the ecs plugin", l.Arch.Name, strings.Join(want, ", "))
	}
	return nil
}

// PluginConfig is the plugin artifact's config: its name and version, and
// the plugin API version it needs (ecs.RequiredAPIVersion, what
// plugin_get_required_api_version returns), as falcosecurity's release
// tooling sets it.
func PluginConfig(version string) artifact.Config {
	return artifact.Config{
		Name:         PluginName,
		Version:      version,
		Requirements: []artifact.Requirement{{Name: "plugin_api_version", Version: ecs.RequiredAPIVersion}},
	}
}

// RulesConfig checks the rules file (name is its path in messages) and
// returns the rules artifact's config, with the dependencies and the
// requirement falcoctl reads from a plain rules file when it packs one:
// each entry of required_plugin_versions (with its alternatives) is a
// dependency, and required_engine_version is the requirement
// engine_version_semver (an integer N meaning 0.N.0). The file must pass
// the project's Falco rules checks with this version of the ecs plugin.
func RulesConfig(name string, rules []byte, version string) (artifact.Config, error) {
	opts := catalog.Options()
	opts.Plugins = map[string]string{ecs.PluginName: version}
	rs, ds := rulesfile.Load(name, rules, opts)
	if ds.HasErrors() {
		return artifact.Config{}, fmt.Errorf("%s does not load in Falco with the ecs plugin %s:\n%s", name, version, ds.Errors().Render())
	}
	cfg := artifact.Config{Name: RulesName, Version: version}
	for _, item := range rs.File.Items {
		switch it := item.(type) {
		case *rulesfile.EngineVersion:
			v := it.Version
			if n, err := strconv.Atoi(v); err == nil {
				v = fmt.Sprintf("0.%d.0", n)
			}
			cfg.Requirements = []artifact.Requirement{{Name: "engine_version_semver", Version: v}}
		case *rulesfile.PluginVersions:
			if cfg.Dependencies != nil {
				continue // falcoctl reads the first entry only
			}
			cfg.Dependencies = []artifact.Dependency{}
			for _, p := range it.Plugins {
				d := artifact.Dependency{Name: p.Name, Version: p.Version}
				for _, a := range p.Alternatives {
					d.Alternatives = append(d.Alternatives, artifact.Alternative{Name: a.Name, Version: a.Version})
				}
				cfg.Dependencies = append(cfg.Dependencies, d)
			}
		}
	}
	if !slices.ContainsFunc(cfg.Dependencies, func(d artifact.Dependency) bool { return d.Name == PluginName }) {
		return artifact.Config{}, fmt.Errorf("%s does not list the %s plugin in required_plugin_versions: falcoctl would install the rules without it", name, PluginName)
	}
	if cfg.Requirements == nil {
		return artifact.Config{}, fmt.Errorf("%s has no required_engine_version", name)
	}
	return cfg, nil
}

// Artifacts makes the two artifacts from the tarballs of a release, by
// file name (those of Package; plugin tarballs of any subset of Archs).
// Their creation time is the tarballs' modification time, so the same
// tarballs make the same artifacts; source (optional) is their source URL.
func Artifacts(files map[string][]byte, version, source string) (plugin, rules *artifact.Artifact, err error) {
	name := RulesTarball(version)
	data, ok := files[name]
	if !ok {
		return nil, nil, fmt.Errorf("no rules tarball %s", name)
	}
	rulesFile, created, err := readTarball(name, data, RulesFile)
	if err != nil {
		return nil, nil, err
	}
	cfg, err := RulesConfig(name+":"+RulesFile, rulesFile, version)
	if err != nil {
		return nil, nil, err
	}
	rules = &artifact.Artifact{Type: artifact.Rulesfile, Config: cfg, Created: created, Source: source,
		Layers: []artifact.Layer{{FileName: name, Data: data}}}

	plugin = &artifact.Artifact{Type: artifact.Plugin, Config: PluginConfig(version), Created: created, Source: source}
	for _, a := range Archs() {
		name := PluginTarball(version, a.Name)
		data, ok := files[name]
		if !ok {
			continue
		}
		_, mtime, err := readTarball(name, data, LibraryFile)
		if err != nil {
			return nil, nil, err
		}
		if !mtime.Equal(created) {
			return nil, nil, fmt.Errorf("%s is dated %s and %s %s: tarballs of two different releases (run make dist again)",
				name, mtime.Format(time.RFC3339), RulesTarball(version), created.Format(time.RFC3339))
		}
		plugin.Layers = append(plugin.Layers, artifact.Layer{FileName: name, Data: data, OS: "linux", Arch: a.GOARCH})
	}
	if len(plugin.Layers) == 0 {
		return nil, nil, fmt.Errorf("no plugin tarball %s", PluginTarball(version, "<arch>"))
	}
	for _, a := range []*artifact.Artifact{plugin, rules} {
		if err := a.Check(); err != nil {
			return nil, nil, err
		}
	}
	return plugin, rules, nil
}

// readTarball reads a tarball that must hold exactly one file, and returns
// that file's content and modification time.
func readTarball(name string, data []byte, file string) ([]byte, time.Time, error) {
	fs, mtime, err := tarball.Read(bytes.NewReader(data))
	if err != nil {
		return nil, time.Time{}, fmt.Errorf("%s: %w", name, err)
	}
	if len(fs) != 1 || fs[0].Name != file {
		var names []string
		for _, f := range fs {
			names = append(names, f.Name)
		}
		return nil, time.Time{}, fmt.Errorf("%s holds [%s], want exactly %s", name, strings.Join(names, " "), file)
	}
	return fs[0].Data, mtime, nil
}
