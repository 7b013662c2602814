package e2e

import (
	"context"
	"fmt"
	"os"
	"slices"

	"github.com/eql2falco/eql2falco/falco/rulesfile"
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
	batches := batchFiles(files, maxBatch)
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
			for _, batch := range batches {
				a, err := opts.Falco.Run(ctx, path, batch)
				if err != nil {
					return nil, fmt.Errorf("%s: %w", c.Path, err)
				}
				for _, f := range batch {
					ro.Alerts[f] = a // alerts are told apart by rule name
				}
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

// maxBatch bounds the rules files one real Falco run loads.
const maxBatch = 64

// batchFiles groups rules files that one Falco run can load together: no
// two define an item (rule, list, macro) of the same name, so that every
// alert names its rule unambiguously and no file overrides another's
// lists. One replay per batch and capture, rather than per file, is what
// makes a real Falco run over a corpus of rules affordable.
func batchFiles(files []*FalcoFile, max int) [][]*FalcoFile {
	type batch struct {
		files []*FalcoFile
		names map[string]bool
	}
	var bs []*batch
	for _, f := range files {
		names := itemNames(f)
		placed := false
		for _, b := range bs {
			if len(b.files) >= max || slices.ContainsFunc(names, func(n string) bool { return b.names[n] }) {
				continue
			}
			b.files = append(b.files, f)
			for _, n := range names {
				b.names[n] = true
			}
			placed = true
			break
		}
		if !placed {
			b := &batch{files: []*FalcoFile{f}, names: map[string]bool{}}
			for _, n := range names {
				b.names[n] = true
			}
			bs = append(bs, b)
		}
	}
	out := make([][]*FalcoFile, len(bs))
	for i, b := range bs {
		out[i] = b.files
	}
	return out
}

// itemNames returns the kinds and names of the rules, lists and macros f
// defines ("rule Name", "ident name" for a list or a macro).
func itemNames(f *FalcoFile) []string {
	if f.Set == nil || f.Set.File == nil {
		return []string{"file " + f.Name}
	}
	var out []string
	for _, it := range f.Set.File.Items {
		switch x := it.(type) {
		case *rulesfile.Rule:
			out = append(out, "rule "+x.Name)
		case *rulesfile.List:
			out = append(out, "ident "+x.Name) // lists and macros share the conditions' names
		case *rulesfile.Macro:
			out = append(out, "ident "+x.Name)
		}
	}
	return out
}
