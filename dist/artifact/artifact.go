package artifact

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/opencontainers/go-digest"
	"github.com/opencontainers/image-spec/specs-go"
	ocispec "github.com/opencontainers/image-spec/specs-go/v1"
	"oras.land/oras-go/v2"
	"oras.land/oras-go/v2/content"
	"oras.land/oras-go/v2/content/memory"
	"oras.land/oras-go/v2/errdef"
)

// Type is an artifact type, as falcoctl's --type and the index name it.
type Type string

// The artifact types this package makes.
const (
	Plugin    Type = "plugin"
	Rulesfile Type = "rulesfile"
)

// ConfigMediaType is the media type of the config blob of an artifact of
// type t.
func (t Type) ConfigMediaType() string {
	return "application/vnd.cncf.falco." + string(t) + ".config.v1+json"
}

// LayerMediaType is the media type of the tarball layer of an artifact of
// type t.
func (t Type) LayerMediaType() string {
	return "application/vnd.cncf.falco." + string(t) + ".layer.v1+tar.gz"
}

// Config is the config blob, with falcoctl's JSON field names; empty fields
// are left out, as falcoctl leaves them out.
type Config struct {
	// Name is the artifact's unique name, the name falcoctl resolves
	// dependencies by ("ecs", "ecs-rules").
	Name string `json:"name,omitempty"`
	// Version is the artifact's semantic version.
	Version      string        `json:"version,omitempty"`
	Dependencies []Dependency  `json:"dependencies,omitempty"`
	Requirements []Requirement `json:"requirements,omitempty"`
}

// Dependency is another artifact that must be installed with this one (a
// rules file's plugin), at this version or a later one of the same major
// version, or one of the alternatives.
type Dependency struct {
	Name         string        `json:"name"`
	Version      string        `json:"version"`
	Alternatives []Alternative `json:"alternatives,omitempty"`
}

// Alternative is an artifact that can replace a dependency.
type Alternative struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

// Requirement is a version of Falco the artifact needs: plugin_api_version
// for a plugin, engine_version_semver for a rules file. falcoctl's follow
// command checks them against a running Falco.
type Requirement struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

// Layer is the tarball of an artifact for one platform.
type Layer struct {
	// FileName is the tarball's file name, ecs-0.1.0-linux-x86_64.tar.gz.
	FileName string
	// Data is the tarball.
	Data []byte
	// OS and Arch are the platform in OCI terms (linux, amd64 or arm64):
	// set for plugins, empty for rules files.
	OS, Arch string
}

// Artifact is one Falco artifact.
type Artifact struct {
	Type   Type
	Config Config
	// Layers holds one layer for a rules file, one per platform for a
	// plugin.
	Layers []Layer
	// Created is the org.opencontainers.image.created annotation of the
	// manifests.
	Created time.Time
	// Source, when set, is the org.opencontainers.image.source annotation
	// of the manifests and the index (falcoctl's --annotation-source).
	Source string
}

// Check reports what falcoctl would refuse to push or install.
func (a *Artifact) Check() error {
	if a.Type != Plugin && a.Type != Rulesfile {
		return fmt.Errorf("artifact type %q: want %q or %q", a.Type, Plugin, Rulesfile)
	}
	if a.Config.Name == "" {
		return errors.New("artifact has no name")
	}
	if err := checkVersion(a.Config.Version); err != nil {
		return fmt.Errorf("artifact %s: %w", a.Config.Name, err)
	}
	for _, d := range a.Config.Dependencies {
		if err := checkVersion(d.Version); err != nil {
			return fmt.Errorf("artifact %s: dependency %s: %w", a.Config.Name, d.Name, err)
		}
	}
	if len(a.Layers) == 0 {
		return fmt.Errorf("artifact %s has no tarball", a.Config.Name)
	}
	if a.Type == Rulesfile && len(a.Layers) != 1 {
		return fmt.Errorf("rules file artifact %s has %d tarballs: falcoctl takes exactly one", a.Config.Name, len(a.Layers))
	}
	seen := map[string]bool{}
	data := map[digest.Digest]string{}
	for _, l := range a.Layers {
		if l.FileName == "" || strings.ContainsAny(l.FileName, "/\\") {
			return fmt.Errorf("artifact %s: tarball file name %q is not a plain file name", a.Config.Name, l.FileName)
		}
		platform := l.OS + "/" + l.Arch
		switch {
		case a.Type == Rulesfile && (l.OS != "" || l.Arch != ""):
			return fmt.Errorf("rules file artifact %s: %s has a platform (%s): rules files have none", a.Config.Name, l.FileName, platform)
		case a.Type == Plugin && (l.OS == "" || l.Arch == ""):
			return fmt.Errorf("plugin artifact %s: %s has no platform (OS and architecture)", a.Config.Name, l.FileName)
		case a.Type == Plugin && seen[platform]:
			return fmt.Errorf("plugin artifact %s: two tarballs for %s", a.Config.Name, platform)
		}
		seen[platform] = true
		sum := digest.FromBytes(l.Data)
		if other, ok := data[sum]; ok {
			return fmt.Errorf("artifact %s: %s and %s are the same tarball", a.Config.Name, other, l.FileName)
		}
		data[sum] = l.FileName
	}
	if a.Created.IsZero() {
		return fmt.Errorf("artifact %s has no creation time", a.Config.Name)
	}
	return nil
}

// semverRE is the grammar of semantic versions 2.0.0 (semver.org): x.y.z
// without leading zeros, an optional pre-release and build metadata.
var semverRE = regexp.MustCompile(`^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)` +
	`(-(0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(\.(0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*)?` +
	`(\+[0-9a-zA-Z-]+(\.[0-9a-zA-Z-]+)*)?$`)

// checkVersion accepts a full semantic version, as falcoctl's --version
// and dependencies need.
func checkVersion(v string) error {
	if !semverRE.MatchString(v) {
		return fmt.Errorf("version %q is not a semantic version x.y.z", v)
	}
	return nil
}

// Build packs the artifact into store and returns the descriptor of its
// root: the image manifest of a rules file, the image index of a plugin.
func (a *Artifact) Build(ctx context.Context, store content.Pusher) (ocispec.Descriptor, error) {
	if err := a.Check(); err != nil {
		return ocispec.Descriptor{}, err
	}
	configJSON, err := json.Marshal(a.Config)
	if err != nil {
		return ocispec.Descriptor{}, err
	}
	// The config descriptor carries no annotation (falcoctl removes them:
	// some registries refuse annotated configs).
	configDesc, err := oras.PushBytes(ctx, store, a.Type.ConfigMediaType(), configJSON)
	if err != nil {
		return ocispec.Descriptor{}, err
	}
	annotations := map[string]string{ocispec.AnnotationCreated: a.Created.UTC().Format(time.RFC3339)}
	if a.Source != "" {
		annotations[ocispec.AnnotationSource] = a.Source
	}
	var manifests []ocispec.Descriptor
	for _, l := range a.Layers {
		layerDesc := content.NewDescriptorFromBytes(a.Type.LayerMediaType(), l.Data)
		layerDesc.Annotations = map[string]string{ocispec.AnnotationTitle: l.FileName}
		if err := pushIfAbsent(ctx, store, layerDesc, l.Data); err != nil {
			return ocispec.Descriptor{}, err
		}
		desc, err := oras.PackManifest(ctx, store, oras.PackManifestVersion1_0, "", oras.PackManifestOptions{
			Layers:              []ocispec.Descriptor{layerDesc},
			ConfigDescriptor:    &configDesc,
			ManifestAnnotations: annotations,
		})
		if err != nil {
			return ocispec.Descriptor{}, fmt.Errorf("artifact %s: %w", a.Config.Name, err)
		}
		if a.Type == Plugin {
			desc.Platform = &ocispec.Platform{OS: l.OS, Architecture: l.Arch}
		}
		manifests = append(manifests, desc)
	}
	if a.Type == Rulesfile {
		return manifests[0], nil
	}
	index := ocispec.Index{
		Versioned: specs.Versioned{SchemaVersion: 2},
		MediaType: ocispec.MediaTypeImageIndex,
		Manifests: manifests,
	}
	if a.Source != "" {
		index.Annotations = map[string]string{ocispec.AnnotationSource: a.Source}
	}
	indexJSON, err := json.Marshal(index)
	if err != nil {
		return ocispec.Descriptor{}, err
	}
	return oras.PushBytes(ctx, store, ocispec.MediaTypeImageIndex, indexJSON)
}

// pushIfAbsent pushes a blob unless the store has it: the config blob is
// shared by a plugin's manifests, and two layers may be equal.
func pushIfAbsent(ctx context.Context, store content.Pusher, desc ocispec.Descriptor, data []byte) error {
	err := store.Push(ctx, desc, bytes.NewReader(data))
	if err != nil && !errors.Is(err, errdef.ErrAlreadyExists) {
		return err
	}
	return nil
}

// Push builds the artifact and copies it to target, tagged with every tag
// (the first one at least). It returns the root descriptor.
func (a *Artifact) Push(ctx context.Context, target oras.Target, tags []string) (ocispec.Descriptor, error) {
	if len(tags) == 0 {
		return ocispec.Descriptor{}, fmt.Errorf("artifact %s: no tag to push", a.Config.Name)
	}
	store := memory.New()
	root, err := a.Build(ctx, store)
	if err != nil {
		return ocispec.Descriptor{}, err
	}
	if err := oras.CopyGraph(ctx, store, target, root, oras.DefaultCopyGraphOptions); err != nil {
		return ocispec.Descriptor{}, fmt.Errorf("pushing %s: %w", a.Config.Name, err)
	}
	for _, tag := range tags {
		if err := target.Tag(ctx, root, tag); err != nil {
			return ocispec.Descriptor{}, fmt.Errorf("tagging %s as %s: %w", a.Config.Name, tag, err)
		}
	}
	return root, nil
}
