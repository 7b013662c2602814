package main

import (
	"encoding/json"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/eql2falco/eql2falco/capture/scenario"
	"github.com/eql2falco/eql2falco/internal/outfile"
	"github.com/eql2falco/eql2falco/internal/plural"
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
info, process list (PL_V9), fd lists, the clone, execve and procexit events of every
exec, and the events of its file operations.
The capture (and the manifest) appear only when both are complete: a regular file
is written to a temporary file and renamed; "-o -" writes the capture to stdout.

Execve exit events carry 30 parameters by default, the layout Falco 0.41 to 0.44
all replay; --execve-params 31 adds filename (Falco >= 0.43; Falco 0.42 refuses it).`,
		Example: `  eql2falco synth capture/scenario/testdata/docker-which-curl.yaml -o which.scap
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
			if err := outfile.Check([]string{args[0]}, outfile.Output{Flag: "-o", Path: out}, outfile.Output{Flag: "--manifest", Path: manifest}); err != nil {
				return usageError("%v", err)
			}
			m, err := writeSynth(s, out, manifest, cmd.OutOrStdout(), scenario.Options{ExecveParams: params, EnterEvents: enter, Gzip: gz})
			if err != nil {
				return usageError("%v", err)
			}
			cmd.PrintErrf("%s: %s\n", out, plural.Count(len(m.Execs), "exec"))
			return nil
		},
	}
	cmd.Flags().StringVarP(&out, "output", "o", "", `capture file to write (required; "-" for stdout)`)
	cmd.Flags().BoolVar(&gz, "gzip", false, "compress the capture with gzip")
	cmd.Flags().IntVar(&params, "execve-params", 30, "parameters of execve exit events: 30 or 31")
	cmd.Flags().BoolVar(&enter, "enter-events", false, "write an execve enter event before each exit (as drivers before libs 0.22 did)")
	cmd.Flags().StringVar(&manifest, "manifest", "", "also write the exec records (evt.num, tid, argv, expectations) as JSON to this file")
	return cmd
}

// writeSynth writes the capture of s to out and, when manifest is set, its
// exec records as JSON. Both files appear, or neither does.
func writeSynth(s *scenario.Scenario, out, manifest string, stdout io.Writer, opts scenario.Options) (*scenario.Manifest, error) {
	var g outfile.Group
	defer g.Abort()
	capture, err := g.Create(out, stdout)
	if err != nil {
		return nil, err
	}
	var mf *outfile.File
	if manifest != "" {
		if mf, err = g.Create(manifest, stdout); err != nil {
			return nil, err
		}
	}
	m, err := s.Write(capture, opts)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", out, err)
	}
	if mf != nil {
		enc := json.NewEncoder(mf)
		enc.SetIndent("", "  ")
		if err := enc.Encode(m); err != nil {
			return nil, err
		}
	}
	return m, g.Commit()
}
