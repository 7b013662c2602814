package main

import (
	"crypto/sha256"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"oras.land/oras-go/v2/registry/remote"
	"oras.land/oras-go/v2/registry/remote/auth"
	"oras.land/oras-go/v2/registry/remote/credentials"
	"oras.land/oras-go/v2/registry/remote/retry"

	"github.com/eql2falco/eql2falco/dist"
	"github.com/eql2falco/eql2falco/dist/artifact"
	"github.com/eql2falco/eql2falco/plugin/ecs"
)

func newVersionCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the release version (the plugin's)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			cmd.Println(ecs.PluginVersion)
			return nil
		},
	}
}

// epoch reads a time in seconds since 1970 from a flag value, else from
// SOURCE_DATE_EPOCH.
func epoch(flag, value string) (time.Time, error) {
	from := "--" + flag
	if value == "" {
		value, from = os.Getenv("SOURCE_DATE_EPOCH"), "SOURCE_DATE_EPOCH"
	}
	if value == "" {
		return time.Time{}, usagef("no time for the release: set SOURCE_DATE_EPOCH or --%s to seconds since 1970 (make dist uses the last commit's time)", flag)
	}
	n, err := strconv.ParseInt(value, 10, 64)
	if err != nil || n < 0 {
		return time.Time{}, usagef("%s=%q is not a number of seconds since 1970", from, value)
	}
	return time.Unix(n, 0).UTC(), nil
}

func newPackageCmd() *cobra.Command {
	var out, rules, mtime string
	var plugins []string
	cmd := &cobra.Command{
		Use:   "package -o DIR --plugin ARCH=libecs.so... --rules RULES.yaml",
		Short: "Write the plugin tarballs (one per architecture) and the rules tarball",
		Long: `package writes ecs-<version>-linux-<arch>.tar.gz (libecs.so) for each --plugin and
ecs-rules-<version>.tar.gz (the --rules file as ecs_rules.yaml) into DIR, after checking
that each library is a shared object of its architecture exporting the plugin API and
that the rules file loads with this version of the plugin. Nothing is written on an error.`,
		Example: `  SOURCE_DATE_EPOCH=$(git log -1 --format=%ct) dist package -o build/dist \
    --plugin x86_64=build/dist/x86_64/libecs.so --rules rules/falco/discovery_tool_enumeration.yaml`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if out == "" || rules == "" || len(plugins) == 0 {
				return usagef("package needs -o DIR, --rules FILE and at least one --plugin ARCH=PATH")
			}
			t, err := epoch("mtime", mtime)
			if err != nil {
				return err
			}
			r := dist.Release{Version: ecs.PluginVersion, RulesName: rules, Time: t}
			if r.Rules, err = os.ReadFile(rules); err != nil {
				return usageError{err}
			}
			for _, p := range plugins {
				name, path, ok := strings.Cut(p, "=")
				if !ok {
					return usagef("--plugin %q: want ARCH=PATH (x86_64=build/libecs.so)", p)
				}
				arch, err := dist.LookupArch(name)
				if err != nil {
					return usageError{err}
				}
				data, err := os.ReadFile(path)
				if err != nil {
					return usageError{err}
				}
				r.Libraries = append(r.Libraries, dist.Library{Arch: arch, Data: data})
			}
			files, err := dist.Package(r)
			if err != nil {
				return err
			}
			if err := os.MkdirAll(out, 0o755); err != nil {
				return err
			}
			names := make([]string, 0, len(files))
			for n := range files {
				names = append(names, n)
			}
			slices.Sort(names)
			for _, n := range names {
				if err := writeFile(filepath.Join(out, n), files[n]); err != nil {
					return err
				}
				cmd.Printf("%s  %d bytes  sha256:%x\n", filepath.Join(out, n), len(files[n]), sha256.Sum256(files[n]))
			}
			return nil
		},
	}
	cmd.Flags().StringVarP(&out, "output", "o", "", "directory to write the tarballs to")
	cmd.Flags().StringArrayVar(&plugins, "plugin", nil, "ARCH=PATH of a libecs.so built for ARCH (x86_64, aarch64); repeatable")
	cmd.Flags().StringVar(&rules, "rules", "", "the Falco rules file shipped as "+dist.RulesFile)
	cmd.Flags().StringVar(&mtime, "mtime", "", "modification time of the entries, seconds since 1970 (default $SOURCE_DATE_EPOCH)")
	return cmd
}

// writeFile writes name through a temporary file renamed over it, so that
// name is complete or untouched.
func writeFile(name string, data []byte) error {
	f, err := os.CreateTemp(filepath.Dir(name), "."+filepath.Base(name)+".*.tmp")
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(f.Name(), 0o644)
	}
	if err == nil {
		err = os.Rename(f.Name(), name)
	}
	if err != nil {
		_ = os.Remove(f.Name())
	}
	return err
}

// readRelease reads the tarballs of this version from dir.
func readRelease(dir string) (map[string][]byte, error) {
	files := map[string][]byte{}
	names := []string{dist.RulesTarball(ecs.PluginVersion)}
	for _, a := range dist.Archs() {
		names = append(names, dist.PluginTarball(ecs.PluginVersion, a.Name))
	}
	for _, n := range names {
		b, err := os.ReadFile(filepath.Join(dir, n))
		if os.IsNotExist(err) {
			continue
		}
		if err != nil {
			return nil, err
		}
		files[n] = b
	}
	if len(files) == 0 {
		return nil, usagef("%s has none of the release's tarballs (%s): run make dist", dir, strings.Join(names, ", "))
	}
	return files, nil
}

// splitTarget splits REGISTRY/PREFIX into the registry host and the prefix.
func splitTarget(target string) (host, prefix string, err error) {
	host, prefix, _ = strings.Cut(strings.TrimSuffix(target, "/"), "/")
	if host == "" || strings.Contains(target, "://") || strings.ContainsAny(prefix, ":@") {
		return "", "", usagef("registry %q: want HOST[:PORT][/PREFIX] (ghcr.io/myorg/falco, 127.0.0.1:5000/falco), without a scheme or tag", target)
	}
	return host, prefix, nil
}

func newPushCmd() *cobra.Command {
	var dir, source string
	var plainHTTP bool
	cmd := &cobra.Command{
		Use:   "push --dir DIR REGISTRY[/PREFIX]",
		Short: "Push the plugin and rules artifacts (falcoctl's layout) to an OCI registry",
		Long: `push makes the falcoctl artifacts of the tarballs in DIR and pushes them, tagged with
the version, the floating tags (major, major.minor) and latest:
  the plugin "ecs" (one manifest per architecture) to REGISTRY/PREFIX/plugin/ecs,
  the rules "ecs-rules" to REGISTRY/PREFIX/ruleset/ecs.
The manifests' creation time is the tarballs' modification time, so the same tarballs
push the same digests. Credentials are read from the Docker configuration (docker login,
oras login).`,
		Example: `  dist push --dir build/dist ghcr.io/myorg/falco
  dist push --plain-http --dir build/dist 127.0.0.1:5000/falco`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if dir == "" {
				return usagef("push needs --dir DIR (the tarballs of make dist)")
			}
			host, prefix, err := splitTarget(args[0])
			if err != nil {
				return err
			}
			files, err := readRelease(dir)
			if err != nil {
				return err
			}
			plugin, rules, err := dist.Artifacts(files, ecs.PluginVersion, source)
			if err != nil {
				return err
			}
			store, err := credentials.NewStoreFromDocker(credentials.StoreOptions{})
			if err != nil {
				return fmt.Errorf("reading the Docker credentials: %w", err)
			}
			client := &auth.Client{Client: retry.DefaultClient, Cache: auth.NewCache(), Credential: credentials.Credential(store)}
			tags := dist.Tags(ecs.PluginVersion)
			for _, job := range []struct {
				repoName string
				a        *artifact.Artifact
			}{{dist.PluginRepository(prefix), plugin}, {dist.RulesRepository(prefix), rules}} {
				repoName, a := job.repoName, job.a
				repo, err := remote.NewRepository(host + "/" + repoName)
				if err != nil {
					return usageError{err}
				}
				repo.PlainHTTP = plainHTTP
				repo.Client = client
				root, err := a.Push(cmd.Context(), repo, tags)
				if err != nil {
					if !plainHTTP && strings.Contains(err.Error(), "server gave HTTP response to HTTPS client") {
						return fmt.Errorf("%w\n(the registry speaks plain HTTP: add --plain-http)", err)
					}
					return err
				}
				var platforms []string
				for _, l := range a.Layers {
					if l.Arch != "" {
						platforms = append(platforms, l.OS+"/"+l.Arch)
					}
				}
				what := string(a.Type)
				if len(platforms) > 0 {
					what += " " + strings.Join(platforms, " ")
				}
				cmd.Printf("%s/%s:%s  %s %s (%s)  %s  tags %s\n", host, repoName, ecs.PluginVersion, a.Config.Name, a.Config.Version, what, root.Digest, strings.Join(tags, " "))
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&dir, "dir", "", "directory holding the tarballs (make dist writes build/dist)")
	cmd.Flags().BoolVar(&plainHTTP, "plain-http", false, "talk to the registry over plain HTTP (a local test registry)")
	cmd.Flags().StringVar(&source, "source", "", "org.opencontainers.image.source annotation (the repository URL)")
	return cmd
}

func newIndexCmd() *cobra.Command {
	var registry, prefix, out string
	cmd := &cobra.Command{
		Use:   "index --registry HOST[:PORT] --prefix PREFIX [-o index.yaml]",
		Short: "Write a falcoctl index listing the two artifacts pushed to REGISTRY/PREFIX",
		Example: `  dist index --registry ghcr.io --prefix myorg/falco -o index.yaml
  falcoctl index add ecs https://myorg.example/falco/index.yaml`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			b, err := dist.Index(registry, prefix)
			if err != nil {
				return usageError{err}
			}
			if out == "" {
				_, err = cmd.OutOrStdout().Write(b)
				return err
			}
			return writeFile(out, b)
		},
	}
	cmd.Flags().StringVar(&registry, "registry", "", "registry host, with its port if needed")
	cmd.Flags().StringVar(&prefix, "prefix", "", "repository prefix the artifacts were pushed below")
	cmd.Flags().StringVarP(&out, "output", "o", "", "file to write (default stdout)")
	return cmd
}
