package main

import (
	"encoding/json"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/eql2falco/eql2falco/diag"
	"github.com/eql2falco/eql2falco/elastic"
	"github.com/eql2falco/eql2falco/elastic/eql"
)

func newParseCmd() *cobra.Command {
	var format, query string
	var diags diagOutput
	cmd := &cobra.Command{
		Use:                   "parse [--format text|json] [-q QUERY] [FILE|DIR...]",
		DisableFlagsInUseLine: true,
		Short:                 "Parse EQL rules and print their canonical query or syntax tree",
		Long: `parse reads EQL detection rules and prints, for each rule, its file and name and
then the canonical form of its query (--format text) or its syntax tree
(--format json).

Inputs are detection-rules TOML files (.toml), Kibana rule exports (.ndjson,
.jsonl), directories (walked for those files) and queries given with -q.
Rules in another language (kuery, esql, new_terms, ...) are listed as skipped.
Errors are printed on stderr as path:line:col: code: message, with the
source line; for a query inside a TOML or NDJSON file the line and column
are those of the file. Each file shows its first 10 diagnostics and how many
more it has (--max-diagnostics), --quiet shows none, --diagnostics json
prints one JSON object per line.

Exit status: 0 when every EQL rule parsed, 1 when any rule or file failed
(the others are still printed), 2 on usage errors (bad flags, missing paths).`,
		Example: `  # every rule of a detection-rules checkout
  eql2falco parse detection-rules/rules/linux

  # one query
  eql2falco parse -q 'process where process.name : "which" and process.args in ("nmap", "curl")'

  # the syntax trees of a Kibana export, as JSON
  eql2falco parse --format json rules_export.ndjson`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 && !cmd.Flags().Changed("query") {
				return usageError("parse: give rule files or directories, or a query with -q")
			}
			if format != "text" && format != "json" {
				return usageError("parse: --format must be text or json, not %q", format)
			}
			return diags.check("parse")
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			set, err := loadRules(cmd, "parse", args, query)
			if err != nil {
				return err
			}
			return runParse(set, format, diags, cmd.OutOrStdout(), cmd.ErrOrStderr())
		},
	}
	cmd.Flags().StringVar(&format, "format", "text", "output format: text (canonical queries) or json (syntax trees)")
	cmd.Flags().StringVarP(&query, "query", "q", "", "parse this EQL query (in addition to any files)")
	diags.register(cmd.Flags())
	return cmd
}

// parsedRule is one rule in the JSON output of parse.
type parsedRule struct {
	File        string        `json:"file"`
	Line        int           `json:"line,omitempty"`
	Name        string        `json:"name"`
	RuleID      string        `json:"rule_id,omitempty"`
	Query       string        `json:"query,omitempty"` // canonical form
	AST         *eql.Query    `json:"ast"`
	Diagnostics []*diag.Error `json:"diagnostics,omitempty"`
}

// skippedRule is a non-EQL rule in the JSON output of parse.
type skippedRule struct {
	File     string `json:"file"`
	Line     int    `json:"line,omitempty"`
	Name     string `json:"name"`
	RuleID   string `json:"rule_id,omitempty"`
	Type     string `json:"type"`
	Language string `json:"language,omitempty"`
}

func runParse(set *elastic.Set, format string, diags diagOutput, stdout, stderr io.Writer) error {
	all := append(diag.List(nil), set.Diags...) // for stderr
	out := struct {
		Rules       []parsedRule  `json:"rules"`
		Skipped     []skippedRule `json:"skipped"`
		Diagnostics diag.List     `json:"diagnostics"`
	}{Rules: []parsedRule{}, Skipped: []skippedRule{}, Diagnostics: append(diag.List{}, set.Diags...)}
	for _, r := range set.Skipped {
		out.Skipped = append(out.Skipped, skippedRule{File: r.Path, Line: r.Line, Name: r.Name, RuleID: r.RuleID, Type: r.Type, Language: r.Language})
	}
	failed := set.Diags.HasErrors()
	for _, r := range set.Rules {
		q, errs := eql.ParseSource(r.Source)
		all = append(all, errs...)
		pr := parsedRule{File: r.Path, Line: r.Line, Name: r.Name, RuleID: r.RuleID, AST: q, Diagnostics: errs}
		if q == nil {
			failed = true
		} else {
			pr.Query = eql.Format(q)
		}
		out.Rules = append(out.Rules, pr)
		if format == "text" && q != nil {
			if _, err := fmt.Fprintf(stdout, "# %s: %s\n%s\n\n", r.Where(), r.Name, pr.Query); err != nil {
				return err
			}
		}
	}
	if format == "json" {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(out); err != nil {
			return err
		}
	}
	if err := diags.print(stderr, all); err != nil {
		return err
	}
	if failed {
		return findings("")
	}
	return nil
}
