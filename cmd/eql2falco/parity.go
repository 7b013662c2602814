package main

import (
	"context"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/eql2falco/eql2falco/diag"
	"github.com/eql2falco/eql2falco/e2e"
	"github.com/eql2falco/eql2falco/internal/plural"
	"github.com/eql2falco/eql2falco/plugin/ecs"
)

func newParityCmd() *cobra.Command {
	var rules, captures []string
	var falco, plugin, grpcAddr, exceptions, format, pluginConfig string
	var progress, noFalco, verbose bool
	cmd := &cobra.Command{
		Use:   "parity --rules FILE|DIR --capture FILE|DIR [flags]",
		Short: "Replay captures and check, event by event, that the translated Falco rules fire where the EQL rules would",
		Long: `parity proves a translation on syscall captures. It reads Elastic rules
(detection-rules TOML, Kibana NDJSON, or directories of them), translates each EQL
rule to Falco itself, and replays every capture. On every event it compares:

  EQL      the rule, evaluated with Elasticsearch's semantics on the ECS document
           Elastic Defend for Containers would emit for the event (successful
           execs only; see the README's Parity section for the model)
  Falco    the generated Falco rule, evaluated on every event with libsinsp's
           semantics, ecs.* fields from the plugin's own extraction code
  real     a real Falco replaying the capture with libecs.so (--falco), when one
           is available

Captures are .scap files (plain or gzip) or scenario files (.yaml), which are
synthesized into captures on the fly; a scenario's execs may state which rules
they must match (expect: {match: {RULE: true|false}}), checked against the EQL
verdict.
Rules are named by their path below the --rules directory without extension
("current/discovery_tool_enumeration").

The report is a table per rule and capture, then every disagreement with the ECS
document, the Falco field values and both explain traces. An exceptions file
(--exceptions, a YAML list of {case, reason}) is the only way a known difference
passes.

--plugin-config is the ecs plugin's init_config (as in falco.yaml, in JSON): the
EQL side's documents, the embedded Falco and a real Falco all use it, so that
the three see the same container ids (containerLayouts) and id format.

A real Falco runs when --falco names one, or when falco is on PATH (unless
--no-falco). Falco 0.44+ is read through its JSON output; Falco 0.41 to 0.43 can
also be read over gRPC with --falco-grpc unix:///path/falco.sock.

Rules the translator refuses are listed on stderr (more than ten are counted by
reason; --verbose lists them) and left out; a translated
rule that cannot be tested (the reference evaluator refuses it) fails the run.

Exit status: 0 when every verdict agrees and every expectation holds, 1 on an
unexcused disagreement, a failed expectation or an untested translation, 2 on
usage or input errors.`,
		Example: `  eql2falco parity --rules rules/elastic --capture e2e/testdata/scenarios
  eql2falco parity --rules rules/elastic/current --capture trace.scap --format json
  eql2falco parity --rules rules/elastic --capture caps/ --falco /usr/bin/falco --plugin build/libecs.so
  eql2falco parity --rules r.toml --capture c.scap --falco-grpc unix:///run/falco/falco.sock`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			switch {
			case len(rules) == 0:
				return usageError("missing --rules FILE|DIR")
			case len(captures) == 0:
				return usageError("missing --capture FILE|DIR")
			case format != "text" && format != "json":
				return usageError("--format must be text or json, not %q", format)
			case noFalco && (falco != "" || grpcAddr != ""):
				return usageError("--no-falco contradicts --falco and --falco-grpc")
			}
			// A replay makes short-lived garbage (documents, strings) over a
			// small live heap: collecting less often is 15-20% faster and the
			// heap stays flat (BenchmarkParity).
			debug.SetGCPercent(400)
			stderr := cmd.ErrOrStderr()
			set, err := e2e.LoadRules(rules...)
			if err != nil {
				return usageError("%v", err)
			}
			if len(set.Diags) > 0 {
				fmt.Fprint(stderr, set.Diags.Render())
				return usageError("the rules could not be read")
			}
			if len(set.Refused) <= maxListedRefusals || verbose {
				for _, u := range set.Refused {
					fmt.Fprintf(stderr, "parity: %s: not translated, not tested%s\n", u.Label, firstError(u.Diags))
				}
			} else {
				fmt.Fprintf(stderr, "parity: %s not translated, not tested (%s); --verbose lists them\n",
					plural.Count(len(set.Refused), "rule"), refusalCounts(set.Refused))
			}
			for _, u := range set.Untested {
				fmt.Fprint(stderr, u.Diags.Render())
			}
			if len(set.Rules) == 0 {
				return usageError("no EQL rule of %v can be tested", rules)
			}
			cs, err := e2e.FindCaptures(captures...)
			if err != nil {
				return usageError("%v", err)
			}
			opts := e2e.ParityOptions{}
			if opts.Plugin, err = ecs.ParseConfig(pluginConfig); err != nil {
				return usageError("--plugin-config: %v", err)
			}
			if exceptions != "" {
				if opts.Exceptions, err = e2e.LoadExceptions(exceptions); err != nil {
					return usageError("%v", err)
				}
			}
			notes := falcoNotes{cmd: "parity", without: "comparing EQL with the embedded Falco evaluator only", with: "replaying"}
			if opts.Falco, err = realFalco(notes, falco, plugin, grpcAddr, noFalco, stderr); err != nil {
				return usageError("%v", err)
			}
			if progress || isTerminal(stderr) {
				opts.Progress = progressLine(stderr)
			}
			rep, err := e2e.Parity(context.Background(), cs, set.Rules, opts)
			if opts.Progress != nil {
				fmt.Fprint(stderr, "\r\033[K")
			}
			if err != nil {
				return usageError("%v", err)
			}
			for _, u := range set.Refused {
				rep.Refused = append(rep.Refused, u.Label)
			}
			for _, u := range set.Untested {
				rep.Untested = append(rep.Untested, u.Label)
			}
			out := cmd.OutOrStdout()
			if format == "json" {
				err = rep.WriteJSON(out)
			} else {
				err = rep.WriteText(out)
			}
			if err != nil {
				return err
			}
			if rep.Failed() {
				return findings("")
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.StringSliceVar(&rules, "rules", nil, "Elastic rules: a TOML or NDJSON file, or a directory of them (repeatable)")
	f.StringSliceVar(&captures, "capture", nil, "a .scap capture or a scenario .yaml, or a directory of them (repeatable)")
	f.StringVar(&falco, "falco", "", "the falco binary to replay the captures with (default: falco on PATH, if any)")
	f.BoolVar(&noFalco, "no-falco", false, "do not run a real Falco even if one is on PATH")
	f.StringVar(&plugin, "plugin", filepath.Join("build", "libecs.so"), "the ecs plugin a real Falco loads")
	f.StringVar(&pluginConfig, "plugin-config", "", `the ecs plugin's init_config (JSON), for both sides and a real Falco: '{"containerLayouts":["docker","cri"]}'`)
	f.StringVar(&grpcAddr, "falco-grpc", "", "read a real Falco's alerts over gRPC at this address (unix:///path; Falco 0.41 to 0.43)")
	f.StringVar(&exceptions, "exceptions", "", "a reviewed exceptions file (YAML list of {case, reason})")
	f.StringVar(&format, "format", "text", "report format: text or json")
	f.BoolVar(&progress, "progress", false, "show a progress line on stderr even when it is not a terminal")
	f.BoolVarP(&verbose, "verbose", "v", false, "list every rule not translated, with its first refusal")
	return cmd
}

// maxListedRefusals is how many rules not translated are listed one per
// line without --verbose; more are counted by reason.
const maxListedRefusals = 10

// refusalCounts counts rules not translated by the code of their first
// refusal, most frequent first.
func refusalCounts(us []*e2e.Unpaired) string {
	n := map[string]int{}
	for _, u := range us {
		code := "unknown"
		for _, d := range u.Diags {
			if d.Severity == diag.SeverityError {
				code = d.Code
				break
			}
		}
		n[code]++
	}
	codes := slices.Collect(maps.Keys(n))
	sort.Slice(codes, func(i, j int) bool {
		if n[codes[i]] != n[codes[j]] {
			return n[codes[i]] > n[codes[j]]
		}
		return codes[i] < codes[j]
	})
	parts := make([]string, len(codes))
	for i, c := range codes {
		parts[i] = fmt.Sprintf("%d %s", n[c], c)
	}
	return strings.Join(parts, ", ")
}

// firstError renders the first error of a list as ": code: message".
func firstError(ds diag.List) string {
	for _, d := range ds {
		if d.Severity == diag.SeverityError {
			return ": " + d.Code + ": " + d.Msg
		}
	}
	return ""
}

// falcoNotes are the words of a command's notes about the real Falco: its
// name, what it does without one, and with one.
type falcoNotes struct{ cmd, without, with string }

// realFalco decides whether a real Falco runs: the one named by --falco (an
// error when unusable), else falco on PATH (skipped with a note when
// unusable).
func realFalco(n falcoNotes, path, plugin, grpcAddr string, off bool, log io.Writer) (*e2e.RealFalco, error) {
	if off {
		return nil, nil
	}
	explicit := path != "" || grpcAddr != ""
	bin, ok := e2e.LookFalco(path)
	if !ok {
		if explicit {
			return nil, fmt.Errorf("falco not found: %q", path)
		}
		fmt.Fprintf(log, "%s: no falco on PATH: %s\n", n.cmd, n.without)
		return nil, nil
	}
	f := &e2e.RealFalco{Path: bin, Plugin: plugin, GRPC: grpcAddr}
	if _, err := os.Stat(plugin); err != nil {
		err = fmt.Errorf("the ecs plugin %s: %w (build it with make plugin, or give --plugin)", plugin, err)
		if explicit {
			return nil, err
		}
		fmt.Fprintf(log, "%s: %v: skipping %s\n", n.cmd, err, bin)
		return nil, nil
	}
	v, err := f.Version(context.Background())
	if err != nil {
		if explicit {
			return nil, err
		}
		fmt.Fprintf(log, "%s: %v: skipping it\n", n.cmd, err)
		return nil, nil
	}
	fmt.Fprintf(log, "%s: %s with %s (Falco %s)\n", n.cmd, n.with, bin, v)
	return f, nil
}

// isTerminal reports whether w is a terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// progressLine rewrites one line on w with the capture being replayed, its
// events and the replay rate, at most every 200 ms.
func progressLine(w io.Writer) func(string, uint64) {
	var start, last time.Time
	return func(capture string, events uint64) {
		now := time.Now()
		if events == 0 {
			start = now
		} else if now.Sub(last) < 200*time.Millisecond {
			return
		}
		last = now
		rate := ""
		if d := now.Sub(start).Seconds(); d > 0 {
			rate = fmt.Sprintf(", %.0f events/s", float64(events)/d)
		}
		fmt.Fprintf(w, "\r\033[Kparity: %s: %s%s", capture, plural.Count(int(events), "event"), rate)
	}
}
