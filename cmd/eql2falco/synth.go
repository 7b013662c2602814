package main

import (
	"encoding/json"
	"os"
	"path/filepath"

	"github.com/eql2falco/eql2falco/scenario"
	"github.com/spf13/cobra"
)

func newSynthCmd() *cobra.Command {
	var out, manifest string
	var gz, enter bool
	var params int
	cmd := &cobra.Command{
		Use:   "synth [flags] SCENARIO.yaml -o OUT.scap",
		Short: "Turn a scenario file into a syscall capture Falco can replay",
		Long: `synth reads a scenario (hosts, containers, processes, execs; see the README's
"Scenario format" section) and writes a .scap capture: section header, machine
info, process list (PL_V9) and the clone, execve and procexit events of every exec.
The output appears only when complete: it is written to a temporary file and renamed.

Execve exit events carry 30 parameters by default, the layout Falco 0.41 to 0.44
all replay; --execve-params 31 adds filename (Falco >= 0.43; Falco 0.42 refuses it).`,
		Example: `  eql2falco synth scenario/testdata/docker-which-curl.yaml -o which.scap
  eql2falco synth --gzip --execve-params 31 s.yaml -o s.scap.gz --manifest s.json`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if out == "" {
				return usageError("missing -o OUT.scap")
			}
			if params != 30 && params != 31 {
				return usageError("--execve-params must be 30 or 31, not %d", params)
			}
			s, err := scenario.Load(args[0])
			if err != nil {
				return usageError("%v", err)
			}
			var m *scenario.Manifest
			err = writeAtomically(out, func(f *os.File) error {
				var err error
				m, err = s.Write(f, scenario.Options{ExecveParams: params, EnterEvents: enter, Gzip: gz})
				return err
			})
			if err != nil {
				return usageError("%v", err)
			}
			if manifest != "" {
				err := writeAtomically(manifest, func(f *os.File) error {
					enc := json.NewEncoder(f)
					enc.SetIndent("", "  ")
					return enc.Encode(m)
				})
				if err != nil {
					return usageError("%v", err)
				}
			}
			cmd.PrintErrf("%s: %d execs\n", out, len(m.Execs))
			return nil
		},
	}
	cmd.Flags().StringVarP(&out, "output", "o", "", "capture file to write (required)")
	cmd.Flags().BoolVar(&gz, "gzip", false, "compress the capture with gzip")
	cmd.Flags().IntVar(&params, "execve-params", 30, "parameters of execve exit events: 30 or 31")
	cmd.Flags().BoolVar(&enter, "enter-events", false, "write an execve enter event before each exit (as drivers before libs 0.22 did)")
	cmd.Flags().StringVar(&manifest, "manifest", "", "also write the exec records (evt.num, tid, argv, expectations) as JSON to this file")
	return cmd
}

// writeAtomically writes name through a temporary file in the same
// directory, renamed over name only when write succeeded.
func writeAtomically(name string, write func(*os.File) error) error {
	f, err := os.CreateTemp(filepath.Dir(name), "."+filepath.Base(name)+".*.tmp")
	if err != nil {
		return err
	}
	tmp := f.Name()
	err = write(f)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp, 0o644)
	}
	if err == nil {
		err = os.Rename(tmp, name)
	}
	if err != nil {
		_ = os.Remove(tmp) // best effort: the write error is the one to report
	}
	return err
}
