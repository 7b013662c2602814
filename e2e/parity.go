package e2e

import (
	"context"
	"fmt"
	"os"

	"github.com/eql2falco/eql2falco/plugin/ecs"
)

// ParityOptions configures Parity.
type ParityOptions struct {
	// Plugin is the ecs plugin configuration of every side (zero: default).
	Plugin ecs.Config
	// Falco, when set, also replays every capture through a real Falco.
	Falco *RealFalco
	// Exceptions excuse known differences.
	Exceptions *Exceptions
	// Progress, when set, is told about the capture being replayed and the
	// events replayed so far in it (events is 0 when a capture starts).
	Progress func(capture string, events uint64)
}

// Parity runs every capture through every rule and gathers the results.
func Parity(ctx context.Context, captures []*Capture, rules []*Rule, opts ParityOptions) (*Report, error) {
	rep := &Report{Exceptions: opts.Exceptions}
	var files []*FalcoFile
	seen := map[*FalcoFile]bool{}
	for _, r := range rules {
		if !seen[r.FalcoFile] {
			seen[r.FalcoFile] = true
			files = append(files, r.FalcoFile)
		}
	}
	if opts.Falco != nil {
		v, err := opts.Falco.Version(ctx)
		if err != nil {
			return nil, err
		}
		rep.Falco = v.String()
		if opts.Falco.PluginConfig == (ecs.Config{}) {
			opts.Falco.PluginConfig = opts.Plugin
		}
	}
	tmp := ""
	defer func() {
		if tmp != "" {
			_ = os.RemoveAll(tmp)
		}
	}()
	for _, c := range captures {
		if opts.Progress != nil {
			opts.Progress(c.Name, 0)
		}
		ro := Options{Plugin: opts.Plugin, Exceptions: opts.Exceptions}
		if opts.Progress != nil {
			name := c.Name
			ro.Progress = func(n uint64) { opts.Progress(name, n) }
		}
		if opts.Falco != nil {
			if tmp == "" {
				var err error
				if tmp, err = os.MkdirTemp("", "eql2falco-parity-*"); err != nil {
					return nil, err
				}
			}
			path, err := c.File(tmp)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", c.Path, err)
			}
			ro.Alerts = map[*FalcoFile]*Alerts{}
			for _, f := range files {
				a, err := opts.Falco.Run(ctx, path, []*FalcoFile{f})
				if err != nil {
					return nil, fmt.Errorf("%s: %w", c.Path, err)
				}
				ro.Alerts[f] = a
			}
		}
		res, err := Run(c, rules, ro)
		if err != nil {
			return nil, err
		}
		rep.Results = append(rep.Results, res)
	}
	return rep, nil
}
