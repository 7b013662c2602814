package artifact

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"io"
	"log"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	ggcrregistry "github.com/google/go-containerregistry/pkg/registry"
	ocispec "github.com/opencontainers/image-spec/specs-go/v1"
	"oras.land/oras-go/v2"
	"oras.land/oras-go/v2/content"
	"oras.land/oras-go/v2/content/memory"
	"oras.land/oras-go/v2/registry/remote"
)

var update = flag.Bool("update", false, "rewrite testdata/*.json from the current output")

var created = time.Date(2026, 8, 21, 10, 30, 0, 0, time.UTC)

func plugin() *Artifact {
	return &Artifact{
		Type: Plugin,
		Config: Config{Name: "ecs", Version: "0.1.0",
			Requirements: []Requirement{{Name: "plugin_api_version", Version: "3.11.0"}}},
		Layers: []Layer{
			{FileName: "ecs-0.1.0-linux-x86_64.tar.gz", Data: []byte("amd64 tarball"), OS: "linux", Arch: "amd64"},
			{FileName: "ecs-0.1.0-linux-aarch64.tar.gz", Data: []byte("arm64 tarball"), OS: "linux", Arch: "arm64"},
		},
		Created: created,
	}
}

func rules() *Artifact {
	return &Artifact{
		Type: Rulesfile,
		Config: Config{Name: "ecs-rules", Version: "0.1.0",
			Dependencies: []Dependency{{Name: "ecs", Version: "0.1.0"}},
			Requirements: []Requirement{{Name: "engine_version_semver", Version: "0.50.0"}}},
		Layers:  []Layer{{FileName: "ecs-rules-0.1.0.tar.gz", Data: []byte("rules tarball")}},
		Created: created,
		Source:  "https://github.com/eql2falco/eql2falco",
	}
}

// fetchJSON fetches a blob or manifest and decodes it.
func fetchJSON(t *testing.T, store content.Fetcher, desc ocispec.Descriptor, v any) []byte {
	t.Helper()
	b, err := content.FetchAll(context.Background(), store, desc)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatal(err)
	}
	return b
}

// TestFalcoctlLayout checks, field by field, what falcoctl's puller reads.
func TestFalcoctlLayout(t *testing.T) {
	ctx := context.Background()
	store := memory.New()
	root, err := plugin().Build(ctx, store)
	if err != nil {
		t.Fatal(err)
	}
	if root.MediaType != ocispec.MediaTypeImageIndex {
		t.Fatalf("plugin root %s, want an image index", root.MediaType)
	}
	var index ocispec.Index
	fetchJSON(t, store, root, &index)
	if index.SchemaVersion != 2 || index.MediaType != ocispec.MediaTypeImageIndex || len(index.Manifests) != 2 || index.Annotations != nil {
		t.Fatalf("index %+v", index)
	}
	for i, want := range []ocispec.Platform{{OS: "linux", Architecture: "amd64"}, {OS: "linux", Architecture: "arm64"}} {
		m := index.Manifests[i]
		if m.MediaType != ocispec.MediaTypeImageManifest || m.Platform == nil || !cmp.Equal(*m.Platform, want) ||
			m.ArtifactType != "application/vnd.cncf.falco.plugin.config.v1+json" {
			t.Errorf("index entry %d: %+v", i, m)
		}
		var man ocispec.Manifest
		fetchJSON(t, store, m, &man)
		if man.SchemaVersion != 2 || man.MediaType != ocispec.MediaTypeImageManifest {
			t.Errorf("manifest %d: schema %d media type %s", i, man.SchemaVersion, man.MediaType)
		}
		if man.Config.MediaType != "application/vnd.cncf.falco.plugin.config.v1+json" || man.Config.Annotations != nil {
			t.Errorf("manifest %d config descriptor %+v (no annotations allowed)", i, man.Config)
		}
		if len(man.Layers) != 1 || man.Layers[0].MediaType != "application/vnd.cncf.falco.plugin.layer.v1+tar.gz" ||
			man.Layers[0].Annotations[ocispec.AnnotationTitle] != plugin().Layers[i].FileName {
			t.Errorf("manifest %d layers %+v", i, man.Layers)
		}
		if got := man.Annotations[ocispec.AnnotationCreated]; got != "2026-08-21T10:30:00Z" {
			t.Errorf("manifest %d created %q", i, got)
		}
		var cfg map[string]any
		raw := fetchJSON(t, store, man.Config, &cfg)
		if want := `{"name":"ecs","version":"0.1.0","requirements":[{"name":"plugin_api_version","version":"3.11.0"}]}`; string(raw) != want {
			t.Errorf("config %s\nwant   %s", raw, want)
		}
		layer, err := content.FetchAll(ctx, store, man.Layers[0])
		if err != nil || !bytes.Equal(layer, plugin().Layers[i].Data) {
			t.Errorf("layer %d: %q, %v", i, layer, err)
		}
	}

	root, err = rules().Build(ctx, store)
	if err != nil {
		t.Fatal(err)
	}
	var man ocispec.Manifest
	fetchJSON(t, store, root, &man)
	if root.MediaType != ocispec.MediaTypeImageManifest || man.Config.MediaType != "application/vnd.cncf.falco.rulesfile.config.v1+json" ||
		len(man.Layers) != 1 || man.Layers[0].MediaType != "application/vnd.cncf.falco.rulesfile.layer.v1+tar.gz" ||
		man.Annotations[ocispec.AnnotationSource] != "https://github.com/eql2falco/eql2falco" {
		t.Errorf("rules manifest %+v", man)
	}
	var cfg map[string]any
	raw := fetchJSON(t, store, man.Config, &cfg)
	if want := `{"name":"ecs-rules","version":"0.1.0","dependencies":[{"name":"ecs","version":"0.1.0"}],"requirements":[{"name":"engine_version_semver","version":"0.50.0"}]}`; string(raw) != want {
		t.Errorf("config %s\nwant   %s", raw, want)
	}
}

// TestGolden keeps the exact JSON of the index and manifests reviewable in
// testdata/ (go test ./dist/artifact -update rewrites them).
func TestGolden(t *testing.T) {
	ctx := context.Background()
	store := memory.New()
	for _, a := range []*Artifact{plugin(), rules()} {
		root, err := a.Build(ctx, store)
		if err != nil {
			t.Fatal(err)
		}
		descs := []ocispec.Descriptor{root}
		if a.Type == Plugin {
			var index ocispec.Index
			fetchJSON(t, store, root, &index)
			descs = append(descs, index.Manifests...)
		}
		for i, d := range descs {
			b, err := content.FetchAll(ctx, store, d)
			if err != nil {
				t.Fatal(err)
			}
			var pretty bytes.Buffer
			if err := json.Indent(&pretty, b, "", "  "); err != nil {
				t.Fatal(err)
			}
			pretty.WriteString("\n")
			name := filepath.Join("testdata", string(a.Type)+"-root.json")
			if i > 0 {
				name = filepath.Join("testdata", string(a.Type)+"-"+d.Platform.Architecture+".json")
			}
			if *update {
				if err := os.WriteFile(name, pretty.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
				continue
			}
			want, err := os.ReadFile(name)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(string(want), pretty.String()); diff != "" {
				t.Errorf("%s (-want +got):\n%s", name, diff)
			}
		}
	}
}

func TestReproducible(t *testing.T) {
	ctx := context.Background()
	a, err := plugin().Build(ctx, memory.New())
	if err != nil {
		t.Fatal(err)
	}
	b, err := plugin().Build(ctx, memory.New())
	if err != nil {
		t.Fatal(err)
	}
	if a.Digest != b.Digest {
		t.Errorf("two builds: %s and %s", a.Digest, b.Digest)
	}
	later := plugin()
	later.Created = created.Add(time.Second)
	c, err := later.Build(ctx, memory.New())
	if err != nil {
		t.Fatal(err)
	}
	if c.Digest == a.Digest {
		t.Error("the creation time does not reach the digest")
	}
}

// TestPushToRegistry pushes both artifacts to a registry on 127.0.0.1
// (go-containerregistry's) and reads them back by every tag.
func TestPushToRegistry(t *testing.T) {
	srv := httptest.NewServer(ggcrregistry.New(ggcrregistry.Logger(log.New(io.Discard, "", 0))))
	defer srv.Close()
	host := strings.TrimPrefix(srv.URL, "http://")
	ctx := context.Background()
	for _, c := range []struct {
		a    *Artifact
		repo string
	}{{plugin(), "falco/plugin/ecs"}, {rules(), "falco/ruleset/ecs"}} {
		repo, err := remote.NewRepository(host + "/" + c.repo)
		if err != nil {
			t.Fatal(err)
		}
		repo.PlainHTTP = true
		tags := []string{"0.1.0", "0", "0.1", "latest"}
		root, err := c.a.Push(ctx, repo, tags)
		if err != nil {
			t.Fatal(err)
		}
		local := memory.New()
		want, err := c.a.Build(ctx, local)
		if err != nil {
			t.Fatal(err)
		}
		if root.Digest != want.Digest {
			t.Errorf("%s: pushed %s, built %s", c.repo, root.Digest, want.Digest)
		}
		for _, tag := range tags {
			desc, err := repo.Resolve(ctx, tag)
			if err != nil || desc.Digest != root.Digest {
				t.Errorf("%s:%s resolves to %v (%v), want %s", c.repo, tag, desc.Digest, err, root.Digest)
			}
		}
		// Everything reachable from the root is in the registry, byte for byte.
		copied := memory.New()
		if _, err := oras.Copy(ctx, repo, "0.1.0", copied, "0.1.0", oras.DefaultCopyOptions); err != nil {
			t.Fatal(err)
		}
		succ, err := content.Successors(ctx, local, want)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range append(succ, want) {
			if ok, err := copied.Exists(ctx, d); !ok || err != nil {
				t.Errorf("%s: %s %s not in the registry (%v)", c.repo, d.MediaType, d.Digest, err)
			}
		}
	}
}

func TestCheck(t *testing.T) {
	for _, c := range []struct {
		edit func(*Artifact)
		want string
	}{
		{func(a *Artifact) { a.Type = "asset" }, `artifact type "asset"`},
		{func(a *Artifact) { a.Config.Name = "" }, "no name"},
		{func(a *Artifact) { a.Config.Version = "0.1" }, `version "0.1" is not a semantic version`},
		{func(a *Artifact) { a.Config.Version = "v0.1.0" }, "not a semantic version"},
		{func(a *Artifact) { a.Config.Version = "01.1.0" }, "not a semantic version"},
		{func(a *Artifact) { a.Layers = nil }, "has no tarball"},
		{func(a *Artifact) { a.Layers[1].Arch = "" }, "has no platform"},
		{func(a *Artifact) { a.Layers[1].Arch = "amd64" }, "two tarballs for linux/amd64"},
		{func(a *Artifact) { a.Layers[1].Data = a.Layers[0].Data }, "are the same tarball"},
		{func(a *Artifact) { a.Layers[0].FileName = "dir/x.tar.gz" }, "not a plain file name"},
		{func(a *Artifact) { a.Created = time.Time{} }, "no creation time"},
	} {
		a := plugin()
		c.edit(a)
		if err := a.Check(); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("error %v, want one containing %q", err, c.want)
		}
		if _, err := a.Build(context.Background(), memory.New()); err == nil {
			t.Errorf("%q: Build accepted the artifact", c.want)
		}
	}
	r := rules()
	r.Layers = append(r.Layers, Layer{FileName: "more.tar.gz", Data: []byte("x")})
	if err := r.Check(); err == nil || !strings.Contains(err.Error(), "exactly one") {
		t.Errorf("two rules tarballs: %v", err)
	}
	r = rules()
	r.Layers[0].OS, r.Layers[0].Arch = "linux", "amd64"
	if err := r.Check(); err == nil || !strings.Contains(err.Error(), "rules files have none") {
		t.Errorf("rules tarball with a platform: %v", err)
	}
	r = rules()
	r.Config.Dependencies[0].Version = "latest"
	if err := r.Check(); err == nil || !strings.Contains(err.Error(), "dependency ecs") {
		t.Errorf("dependency version: %v", err)
	}
	if _, err := rules().Push(context.Background(), memory.New(), nil); err == nil {
		t.Error("Push without a tag")
	}
	for _, v := range []string{"0.1.0", "1.22.333", "0.1.0-rc.1", "1.0.0+build.5"} {
		if err := checkVersion(v); err != nil {
			t.Errorf("%s: %v", v, err)
		}
	}
}
