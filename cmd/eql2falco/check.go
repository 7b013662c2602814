package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"

	"github.com/spf13/cobra"

	"github.com/eql2falco/eql2falco/diag"
	"github.com/eql2falco/eql2falco/e2e"
	"github.com/eql2falco/eql2falco/falco/catalog"
	"github.com/eql2falco/eql2falco/falco/rulesfile"
	"github.com/eql2falco/eql2falco/internal/plural"
)

func newCheckCmd() *cobra.Command {
	var falco, plugin string
	var noFalco bool
	var diags diagOutput
	cmd := &cobra.Command{
		Use:   "check [flags] FILE.yaml...",
		Short: "Check Falco rules files as Falco loads them (and with falco -V when there is a Falco)",
		Long: `check runs eql2falco's Falco rules checks on rules files, such as a translation
edited by hand: YAML and Falco's rules schema, every condition with libsinsp's
grammar, macros and lists, fields (Falco's, the ecs plugin's, the container
plugin's) with their operators and values, outputs, required_engine_version
against the operators used, required_plugin_versions against the fields used,
and the upstream style rules (warnings). Findings are printed on stderr as
path:line:col: code: message, with the source line.

When a Falco is given (--falco) or on PATH, each file is also validated by
that Falco (falco -V) with the ecs plugin (--plugin) loaded, and the container
plugin when the rules use container.* fields; a falco on PATH that cannot be
used is skipped with a note, one named by --falco is an error.

Exit status: 0 when no file has an error (warnings are allowed), 1 when a
file has one or Falco rejects it, 2 on usage errors and unreadable files.`,
		Example: `  eql2falco check rules/falco/discovery_tool_enumeration.yaml
  eql2falco check --falco /usr/bin/falco --plugin /usr/share/falco/plugins/libecs.so my_rules.yaml
  eql2falco check --diagnostics json --no-falco my_rules.yaml`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return usageError("check: give one or more Falco rules files")
			}
			if noFalco && falco != "" {
				return usageError("check: --no-falco contradicts --falco")
			}
			return diags.check("check")
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			stderr := cmd.ErrOrStderr()
			notes := falcoNotes{cmd: "check", without: "eql2falco's checks only", with: "also validating"}
			real, err := realFalco(notes, falco, plugin, "", noFalco, stderr)
			if err != nil {
				return usageError("check: %v", err)
			}
			return runCheck(args, real, diags, stderr)
		},
	}
	f := cmd.Flags()
	f.StringVar(&falco, "falco", "", "validate with this falco binary too (default: falco on PATH, if any)")
	f.BoolVar(&noFalco, "no-falco", false, "do not run a real Falco even if one is on PATH")
	f.StringVar(&plugin, "plugin", filepath.Join("build", "libecs.so"), "the ecs plugin falco -V loads")
	diags.register(f)
	return cmd
}

func runCheck(files []string, real *e2e.RealFalco, diags diagOutput, stderr io.Writer) error {
	var all diag.List
	var rejected []string
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			return usageError("check: %v", err)
		}
		rs, ds := rulesfile.Load(name, data, catalog.Options())
		all = append(all, ds...)
		if real == nil {
			continue
		}
		if err := real.Validate(context.Background(), name, needsContainer(name, data, rs)); err != nil {
			fmt.Fprintf(stderr, "%s: Falco rejects it: %v\n", name, err)
			rejected = append(rejected, name)
		}
	}
	if err := diags.print(stderr, all); err != nil {
		return err
	}
	errs := len(all.Errors())
	with := ""
	if real != nil {
		with = fmt.Sprintf("; falco -V: %d of %s accepted", len(files)-len(rejected), plural.Count(len(files), "file"))
	}
	fmt.Fprintf(stderr, "eql2falco: checked %s: %s, %s%s\n", plural.Count(len(files), "rules file"),
		plural.Count(errs, "error"), plural.Count(len(all)-errs-countOf(all, diag.SeverityInfo), "warning"), with)
	if errs > 0 || len(rejected) > 0 {
		return findings("")
	}
	return nil
}

// countOf counts the diagnostics of a severity.
func countOf(l diag.List, s diag.Severity) int {
	n := 0
	for _, e := range l {
		if e.Severity == s {
			n++
		}
	}
	return n
}

// needsContainer reports whether falco -V must load the container plugin
// for a file: its rules use container.* fields or, when the file does not
// pass eql2falco's checks, it declares the plugin.
func needsContainer(name string, data []byte, rs *rulesfile.Ruleset) bool {
	if rs != nil {
		return slices.Contains(rs.Plugins, "container")
	}
	f, _ := rulesfile.Parse(name, data)
	if f == nil {
		return false
	}
	for _, it := range f.Items {
		if pv, ok := it.(*rulesfile.PluginVersions); ok {
			for _, p := range pv.Plugins {
				if p.Name == "container" {
					return true
				}
			}
		}
	}
	return false
}
