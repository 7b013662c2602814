package main

import (
	"encoding/json"
	"io"

	"github.com/spf13/pflag"

	"github.com/eql2falco/eql2falco/diag"
)

// defaultMaxDiagnostics is how many diagnostics a file shows by default, as
// Go's compiler stops after 10 errors.
const defaultMaxDiagnostics = 10

// diagOutput is how a command prints its diagnostics on stderr: the flags
// --max-diagnostics, --quiet and --diagnostics, shared by every command that
// reads rule files.
type diagOutput struct {
	max    int
	quiet  bool
	format string
}

func (o *diagOutput) register(f *pflag.FlagSet) {
	f.IntVar(&o.max, "max-diagnostics", defaultMaxDiagnostics, "diagnostics shown per file, then a count of the others (0: all)")
	f.BoolVar(&o.quiet, "quiet", false, "print no diagnostics, only the summary and the exit reason")
	f.StringVar(&o.format, "diagnostics", "text", "diagnostics format: text (file:line:col: code: message, source line, hint) or json (one object per line)")
}

// check validates the flags for the named command.
func (o *diagOutput) check(name string) error {
	if o.format != "text" && o.format != "json" {
		return usageError("%s: --diagnostics must be text or json, not %q", name, o.format)
	}
	if o.max < 0 {
		return usageError("%s: --max-diagnostics must be 0 (all) or more, not %d", name, o.max)
	}
	return nil
}

// print writes the diagnostics, sorted, at most o.max per file.
func (o *diagOutput) print(w io.Writer, l diag.List) error {
	if o.quiet || len(l) == 0 {
		return nil
	}
	l = append(diag.List(nil), l...)
	l.Sort()
	l = l.Limit(o.max, "--max-diagnostics 0 shows them all")
	if o.format == "text" {
		_, err := io.WriteString(w, l.Render())
		return err
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	for _, e := range l {
		if err := enc.Encode(e); err != nil {
			return err
		}
	}
	return nil
}
