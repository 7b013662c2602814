package main

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/eql2falco/eql2falco/diag"
	"github.com/eql2falco/eql2falco/elastic"
	"github.com/eql2falco/eql2falco/elastic/eql/eval"
	"github.com/eql2falco/eql2falco/internal/plural"
)

// evalOptions are the flags of eval.
type evalOptions struct {
	rule, query, events, idField, format, mapping, categoryField string
}

func newEvalCmd() *cobra.Command {
	var o evalOptions
	cmd := &cobra.Command{
		Use:                   "eval (--rule FILE | -q QUERY) --events FILE.ndjson [--id-field F] [--format ids|ndjson|explain]",
		DisableFlagsInUseLine: true,
		Short:                 "Decide which ECS events an EQL rule matches, as Elasticsearch would",
		Long: `eval runs a single-event EQL query on ECS documents with the semantics of
Elasticsearch's EQL engine (the reference the parity harness compares Falco
with) and prints the matching events.

The query comes from a rule file (--rule: a detection-rules TOML file or a
Kibana export holding exactly one EQL rule; its event_category_override is
honoured) or from the command line (-q). Events are one JSON object per line
(--events, "-" for standard input); dotted keys and nested objects are the
same field, arrays match on any element.

Output formats:
  ids      the value of --id-field of each matching event, or its line number
  ndjson   the matching events, as they were read
  explain  for every event, the verdict of every node of the query and the
           values each leaf saw

Sequences, samples and pipes, and anything whose Elasticsearch semantics the
evaluator does not reproduce exactly, are refused with a coded error.

Exit status: 0 when every event was evaluated, 1 when the query is refused or
an event is invalid or cannot be evaluated (the other events are still
decided), 2 on usage errors.`,
		Example: `  # ids of the events the seed rule matches
  eql2falco eval --rule rules/elastic/current/discovery_tool_enumeration.toml --events events.ndjson --id-field event.id

  # why an event does (not) match
  eql2falco eval -q 'process where process.name == "which"' --events events.ndjson --format explain`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) > 0 {
				return usageError("eval: unexpected argument %q", args[0])
			}
			if (o.rule == "") == !cmd.Flags().Changed("query") {
				return usageError("eval: give exactly one of --rule FILE and -q QUERY")
			}
			if o.events == "" {
				return usageError("eval: --events FILE.ndjson is required")
			}
			switch o.format {
			case "ids", "ndjson", "explain":
			default:
				return usageError("eval: --format must be ids, ndjson or explain, not %q", o.format)
			}
			if _, ok := eval.MappingByName(o.mapping); !ok {
				return usageError("eval: --mapping must be ecs or dynamic, not %q", o.mapping)
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runEval(o, cmd.InOrStdin(), cmd.OutOrStdout(), cmd.ErrOrStderr())
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.rule, "rule", "", "rule file (TOML or Kibana NDJSON) with one EQL rule")
	f.StringVarP(&o.query, "query", "q", "", "EQL query")
	f.StringVar(&o.events, "events", "", `events, one JSON object per line ("-": standard input)`)
	f.StringVar(&o.idField, "id-field", "", "field that identifies an event in the output (default: the line number)")
	f.StringVar(&o.format, "format", "ids", "output: ids, ndjson or explain")
	f.StringVar(&o.mapping, "mapping", "ecs", "field types: ecs (ECS definitions, then ecs@mappings) or dynamic (ecs@mappings only)")
	f.StringVar(&o.categoryField, "category-field", "", "field matched against the event category (default event.category, or the rule's event_category_override)")
	return cmd
}

func runEval(o evalOptions, stdin io.Reader, stdout, stderr io.Writer) error {
	m, _ := eval.MappingByName(o.mapping)
	opts := eval.Options{Mapping: m, CategoryField: o.categoryField}
	var prog *eval.Program
	var errs diag.List
	if o.rule != "" {
		set, err := elastic.Load(o.rule)
		if err != nil {
			return usageError("eval: %v", err)
		}
		if set.Diags.HasErrors() {
			if _, err := io.WriteString(stderr, set.Diags.Render()); err != nil {
				return err
			}
			return findings("eval: %s: the rule file has errors", o.rule)
		}
		if len(set.Rules) != 1 {
			names := make([]string, len(set.Rules))
			for i, r := range set.Rules {
				names[i] = strconv.Quote(r.Name)
			}
			return usageError("eval: %s holds %s, want exactly one %v", o.rule, plural.Count(len(set.Rules), "EQL rule"), names)
		}
		r := set.Rules[0]
		if o.categoryField != "" {
			r.EventCategoryOverride = ""
		}
		prog, errs = eval.CompileRule(r, opts)
	} else {
		prog, errs = eval.CompileSource(diag.NewSource(elastic.QueryPath, o.query), opts)
	}
	if _, err := io.WriteString(stderr, errs.Render()); err != nil {
		return err
	}
	if prog == nil {
		return findings("eval: the query is not evaluated")
	}

	in := stdin
	name := "<stdin>"
	if o.events != "-" {
		f, err := os.Open(o.events)
		if err != nil {
			return usageError("eval: %v", err)
		}
		defer func() { _ = f.Close() }() // read only
		in, name = f, o.events
	}
	out := bufio.NewWriter(stdout)
	defer func() { _ = out.Flush() }() // flushed and checked below; this covers early returns
	bad := 0
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 1<<20), 256<<20)
	for line := 1; sc.Scan(); line++ {
		raw := sc.Bytes()
		if len(bytes.TrimSpace(raw)) == 0 {
			continue
		}
		doc, err := eval.ParseJSON(m, raw)
		if err != nil {
			fmt.Fprintf(stderr, "%s:%d: %v\n", name, line, err)
			bad++
			continue
		}
		id := strconv.Itoa(line)
		if o.idField != "" {
			if vs := doc.Values(o.idField); len(vs) > 0 {
				id = strings.Join(vs, ",")
			} else {
				fmt.Fprintf(stderr, "%s:%d: warning: no %s: the line number identifies the event\n", name, line, o.idField)
			}
		}
		if o.format == "explain" {
			x := prog.Explain(doc)
			if x.Err != nil {
				fmt.Fprintf(stderr, "%s:%d: %v\n", name, line, x.Err)
				bad++
			}
			fmt.Fprintf(out, "# %s (line %d): %s", id, line, x)
			continue
		}
		ok, err := prog.Match(doc)
		if err != nil {
			fmt.Fprintf(stderr, "%s:%d: %v\n", name, line, err)
			bad++
			continue
		}
		if !ok {
			continue
		}
		if o.format == "ndjson" {
			// bufio.Writer errors are sticky: Flush below reports them.
			_, _ = out.Write(raw)
			_ = out.WriteByte('\n')
		} else {
			fmt.Fprintln(out, id)
		}
	}
	if err := sc.Err(); err != nil {
		return usageError("eval: %s: %v", name, err)
	}
	if err := out.Flush(); err != nil {
		return err
	}
	if bad > 0 {
		return findings("eval: %s could not be evaluated", plural.Count(bad, "event"))
	}
	return nil
}
