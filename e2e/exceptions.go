package e2e

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"gopkg.in/yaml.v3"
)

// Exceptions is a reviewed list of known differences between the EQL rule
// and its Falco translation: the only way a disagreement passes. The file is
// a YAML sequence of {case, reason} mappings:
//
//	# e2e/exceptions.yaml
//	- case: current/discovery_tool_enumeration docker-which-curl.yaml#4
//	  reason: why the difference is accepted, with a link to the issue
//
// where case is Case(rule label, capture name, evt.num). A nil *Exceptions
// excuses nothing.
type Exceptions struct {
	Path    string
	Entries []*Exception
	byCase  map[string]*Exception
}

// Exception is one entry of the exceptions file.
type Exception struct {
	Case   string `yaml:"case"`
	Reason string `yaml:"reason"`
	Line   int    `yaml:"-"`
	used   bool
}

// LoadExceptions reads an exceptions file. A missing key, an empty reason,
// an unknown key or a case listed twice is an error naming the line.
func LoadExceptions(path string) (*Exceptions, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return ParseExceptions(path, data)
}

// ParseExceptions reads exceptions from data; path names it in errors.
func ParseExceptions(path string, data []byte) (*Exceptions, error) {
	x := &Exceptions{Path: path, byCase: map[string]*Exception{}}
	var doc yaml.Node
	err := yaml.NewDecoder(bytes.NewReader(data)).Decode(&doc)
	if errors.Is(err, io.EOF) {
		return x, nil // an empty file
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	root := doc.Content[0]
	if root.Kind == yaml.ScalarNode && root.Tag == "!!null" {
		return x, nil
	}
	if root.Kind != yaml.SequenceNode {
		return nil, fmt.Errorf("%s:%d:%d: the exceptions file is a sequence of {case, reason} entries", path, root.Line, root.Column)
	}
	for _, n := range root.Content {
		if n.Kind != yaml.MappingNode {
			return nil, fmt.Errorf("%s:%d:%d: an exception is a mapping with case and reason", path, n.Line, n.Column)
		}
		for i := 0; i+1 < len(n.Content); i += 2 {
			if k := n.Content[i].Value; k != "case" && k != "reason" {
				return nil, fmt.Errorf("%s:%d:%d: unknown key %q (an exception has case and reason)", path, n.Content[i].Line, n.Content[i].Column, k)
			}
		}
		e := &Exception{Line: n.Line}
		if err := n.Decode(e); err != nil {
			return nil, fmt.Errorf("%s:%d:%d: %w", path, n.Line, n.Column, err)
		}
		e.Case, e.Reason = strings.TrimSpace(e.Case), strings.TrimSpace(e.Reason)
		switch {
		case e.Case == "":
			return nil, fmt.Errorf("%s:%d:%d: exception without a case", path, n.Line, n.Column)
		case e.Reason == "":
			return nil, fmt.Errorf("%s:%d:%d: exception %q without a reason: every exception is reviewed and says why", path, n.Line, n.Column, e.Case)
		}
		if prev, dup := x.byCase[e.Case]; dup {
			return nil, fmt.Errorf("%s:%d:%d: case %q is listed twice (first at line %d)", path, n.Line, n.Column, e.Case, prev.Line)
		}
		x.byCase[e.Case] = e
		x.Entries = append(x.Entries, e)
	}
	return x, nil
}

// lookup returns the exception for a case and marks it used.
func (x *Exceptions) lookup(c string) *Exception {
	if x == nil {
		return nil
	}
	e := x.byCase[c]
	if e != nil {
		e.used = true
	}
	return e
}

// Unused returns the exceptions no disagreement used so far: stale entries
// to remove once the difference is gone.
func (x *Exceptions) Unused() []*Exception {
	if x == nil {
		return nil
	}
	var out []*Exception
	for _, e := range x.Entries {
		if !e.used {
			out = append(out, e)
		}
	}
	return out
}
