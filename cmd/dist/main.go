// Command dist makes and publishes a release of the ecs plugin and its
// rules as falcosecurity/plugins ships plugins: reproducible tarballs,
// falcoctl OCI artifacts pushed to a registry, and a falcoctl index. See
// package dist. `make dist` and `make e2e-artifacts` run it.
//
//	dist version
//	dist package -o DIR --plugin x86_64=PATH [--plugin aarch64=PATH] --rules RULES.yaml
//	dist push [--plain-http] [--source URL] --dir DIR REGISTRY/PREFIX
//	dist index --registry REGISTRY --prefix PREFIX [-o index.yaml]
//
// Tarball entries carry the time SOURCE_DATE_EPOCH (seconds since 1970) or
// --mtime, and the manifests pushed the tarballs' time, so that the same
// sources give the same bytes and digests. Exit codes: 0 success, 1
// failure, 2 usage errors.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/spf13/cobra"
)

// usageError is a bad flag or argument (exit 2).
type usageError struct{ error }

func usagef(format string, args ...any) error { return usageError{fmt.Errorf(format, args...)} }

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	root := &cobra.Command{
		Use:           "dist",
		Short:         "Make and publish the ecs plugin's release: tarballs, falcoctl OCI artifacts, index",
		SilenceUsage:  true,
		SilenceErrors: true,
		Args:          cobra.NoArgs,
	}
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.SetArgs(args)
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError{err} })
	root.AddCommand(newVersionCmd(), newPackageCmd(), newPushCmd(), newIndexCmd())
	err := root.Execute()
	if err == nil {
		return 0
	}
	fmt.Fprintf(stderr, "dist: %v\n", err)
	var ue usageError
	if errors.As(err, &ue) {
		return 2
	}
	return 1
}
