package main

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/eql2falco/eql2falco/diag"
	"github.com/eql2falco/eql2falco/elastic"
	"github.com/eql2falco/eql2falco/falco/rulesfile"
	"github.com/eql2falco/eql2falco/internal/outfile"
	"github.com/eql2falco/eql2falco/internal/plural"
	"github.com/eql2falco/eql2falco/translate"
)

// translateHeader starts every rules file the command writes.
var translateHeader = []string{
	"Falco rules translated from Elastic EQL detection rules by eql2falco translate.",
	"They need the ecs plugin (libecs.so). Regenerate rather than edit.",
}

func newTranslateCmd() *cobra.Command {
	var out, report, format, query string
	var skip, allowEmpty bool
	var diags diagOutput
	cmd := &cobra.Command{
		Use:                   "translate [-o OUT.yaml] [--report FILE] [--format yaml|json] [--skip-unsupported] [-q QUERY] FILE|DIR...",
		DisableFlagsInUseLine: true,
		Short:                 "Translate EQL rules to Falco rules, exactly or not at all",
		Long: `translate turns Elastic EQL detection rules into one Falco rules file that uses the
fields of the ecs plugin. Each rule is translated exactly (the Falco rule fires on the
same process starts and file creations, deletions and renames as the EQL rule on the
Elastic Defend or Defend for Containers data it searches) or refused with a coded
diagnostic: sequences, categories other than process and file, fields the plugin does not
carry, conditions that can hold on documents the plugin does not produce, and so on.

Inputs are detection-rules TOML files (.toml), Kibana rule exports (.ndjson, .jsonl),
directories (walked for those files) and queries given with -q. Rules in other
languages (kuery, esql, new_terms, ...) are reported as skipped.

Diagnostics go to stderr as path:line:col: code: message, with the source line, for
refusals and for lint warnings (a literal "cc1*" in an in list, duplicate values, ...):
the first 10 of each file, then how many more (--max-diagnostics), none with --quiet,
one JSON object per line with --diagnostics json.

--report FILE writes the coverage report: every rule with its status (translated,
refused, skipped, invalid) and reasons, and the number of rules per reason; as JSON
when FILE ends in .json, as Markdown otherwise.

Exit status: 0 when every EQL rule was translated (or, with --skip-unsupported, when
the refused ones were left out); 1 when a rule was refused, or when no rule was
translated at all (empty files, a directory without rule files, only rules in other
languages; --allow-empty accepts that), and nothing is written to -o;
2 on usage errors and on input errors (unreadable files, queries that do not parse),
in which case nothing is written to -o either. The report is written in every case.`,
		Example: `  # the Falco rules of a detection-rules checkout, and what could not be translated
  eql2falco translate --skip-unsupported -o elastic_rules.yaml --report report.md detection-rules/rules/linux

  # one rule; exit 1 with the reasons if it cannot be translated exactly
  eql2falco translate rules/elastic/current/discovery_tool_enumeration.toml

  # a query on the command line, the result as JSON
  eql2falco translate --format json -q 'process where event.action == "exec" and process.name : "nmap"'`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 && !cmd.Flags().Changed("query") {
				return usageError("translate: give rule files or directories, or a query with -q")
			}
			if format != "yaml" && format != "json" {
				return usageError("translate: --format must be yaml or json, not %q", format)
			}
			return diags.check("translate")
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			set, err := loadRules(cmd, "translate", args, query)
			if err != nil {
				return err
			}
			return runTranslate(set, translateFlags{out: out, report: report, format: format, skip: skip, allowEmpty: allowEmpty, diags: diags},
				cmd.OutOrStdout(), cmd.ErrOrStderr())
		},
	}
	f := cmd.Flags()
	f.StringVarP(&out, "output", "o", "", `write the rules file here instead of stdout ("-"): complete or untouched, links written through`)
	f.StringVar(&report, "report", "", `write the coverage report here ("-" for stdout): JSON for a .json name, Markdown otherwise`)
	f.StringVar(&format, "format", "yaml", "output format: yaml (a Falco rules file) or json (the translated rules with their provenance)")
	f.BoolVar(&skip, "skip-unsupported", false, "leave refused rules out (they are listed in the report) instead of failing")
	f.StringVarP(&query, "query", "q", "", "translate this EQL query too (rule name <query>)")
	f.BoolVar(&allowEmpty, "allow-empty", false, "exit 0 and write a rules file without rules when no rule was translated")
	diags.register(f)
	return cmd
}

type translateFlags struct {
	out, report, format string
	skip, allowEmpty    bool
	diags               diagOutput
}

func runTranslate(set *elastic.Set, fl translateFlags, stdout, stderr io.Writer) error {
	if fl.out == "" {
		fl.out = outfile.Stdout
	}
	if err := outfile.Check(set.Files, outfile.Output{Flag: "-o", Path: fl.out}, outfile.Output{Flag: "--report", Path: fl.report}); err != nil {
		return usageError("translate: %v", err)
	}
	// Both outputs are opened before anything is written, so that a bad
	// path fails the run with nothing written.
	out, err := outfile.Create(fl.out, stdout)
	if err != nil {
		return usageError("translate: %v", err)
	}
	defer out.Abort()
	var report *outfile.File
	if fl.report != "" {
		if report, err = outfile.Create(fl.report, stdout); err != nil {
			return usageError("translate: report: %v", err)
		}
		defer report.Abort()
	}

	s := translate.Rules(set, translate.Options{})
	all := append(diag.List(nil), set.Diags...)
	for _, o := range s.Outcomes {
		all = append(all, o.Diags...)
	}
	if err := fl.diags.print(stderr, all); err != nil {
		return err
	}
	if report != nil {
		if err := writeReport(report, s.Report(), fl.report); err != nil {
			return usageError("translate: report: %v", err)
		}
	}
	translated, refused := s.Count(translate.Translated), s.Count(translate.Refused)
	invalid, skipped := s.Count(translate.Invalid), s.Count(translate.Skipped)
	fmt.Fprintf(stderr, "eql2falco: translated %d of %s (%d refused, %d invalid; %s in other languages skipped)\n",
		translated, plural.Count(translated+refused+invalid, "EQL rule"), refused, invalid, plural.Count(skipped, "rule"))
	if set.Diags.HasErrors() || invalid > 0 {
		return usageError("translate: input errors: nothing written")
	}
	if refused > 0 && !fl.skip {
		return findings("translate: %s cannot be translated exactly: nothing written (--skip-unsupported leaves them out)", plural.Count(refused, "rule"))
	}
	if translated == 0 && !fl.allowEmpty {
		return findings("translate: nothing translated: %s; nothing written (--allow-empty writes a rules file without rules)",
			nothingTranslated(set, refused, skipped))
	}
	var data []byte
	if fl.format == "json" {
		data, err = s.JSON()
	} else {
		data, err = rulesfile.Marshal(s.File(translateHeader))
	}
	if err != nil {
		return fmt.Errorf("translate: %w", err)
	}
	if _, err := out.Write(data); err != nil {
		return usageError("translate: %v", err)
	}
	if err := out.Commit(); err != nil {
		return usageError("translate: %v", err)
	}
	return nil
}

// nothingTranslated says why a run that translated no rule had none to
// translate.
func nothingTranslated(set *elastic.Set, refused, skipped int) string {
	switch {
	case refused > 0:
		return fmt.Sprintf("%s refused and left out (--skip-unsupported)", plural.Count(refused, "EQL rule"))
	case skipped > 0:
		return fmt.Sprintf("the inputs hold no EQL rule, only %s in other languages", plural.Count(skipped, "rule"))
	case len(set.Files) == 0:
		return fmt.Sprintf("no rule file (%s, %s, %s) in the inputs", elastic.ExtTOML, elastic.ExtNDJSON, elastic.ExtJSONL)
	}
	if len(set.Files) == 1 {
		return set.Files[0] + " holds no rule"
	}
	return fmt.Sprintf("none of the %s holds a rule", plural.Count(len(set.Files), "rule file"))
}

// writeReport writes the coverage report to f, as JSON for a .json name and
// as Markdown otherwise, and commits it.
func writeReport(f *outfile.File, rep *translate.Report, name string) error {
	var data []byte
	var err error
	if strings.EqualFold(filepath.Ext(name), ".json") {
		data, err = rep.JSON()
	} else {
		data = rep.Markdown()
	}
	if err == nil {
		_, err = f.Write(data)
	}
	if err != nil {
		return err
	}
	return f.Commit()
}
