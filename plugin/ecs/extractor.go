package ecs

import (
	"fmt"
	"strings"
	"unsafe"

	"github.com/eql2falco/eql2falco/capture/ppm"
)

// Extractor computes field values the way the plugin does. It keeps the
// last event it decoded: Falco extracts one field per call, so the fields of
// one event arrive as consecutive calls with the same event, and the event is
// decoded once. An Extractor is not safe for concurrent use; the plugin has
// one per plugin instance, and Falco extracts from one thread per instance.
type Extractor struct {
	cfg  Config
	x    Event
	v    Value
	cids cidCache
	pats patternCache

	// The cached event: its number and where its bytes are.
	cached bool
	num    uint64
	ptr    *byte
	n      int
}

// NewExtractor returns an Extractor using cfg that reads the process
// context (parent, working directory, group leader) from threads. With a nil
// threads the fields of that context have no value.
func NewExtractor(cfg Config, threads ThreadTable) *Extractor {
	e := &Extractor{cfg: cfg}
	e.x.threads = threads
	return e
}

// Extract computes field id of the event raw, numbered num (Falco's event
// number; any number unique to the event for other callers). ok is false
// when the field has no value: an event that is no document (a failed exec,
// an open that created nothing), a field the document lacks, an absent
// parameter, a value Elasticsearch would not index. The returned Value is
// the Extractor's own, overwritten by the next call. err is set for a
// malformed event, for an event type the plugin does not describe
// (ErrNotDescribed) and for an unknown id.
func (e *Extractor) Extract(num uint64, raw []byte, id FieldID) (v *Value, ok bool, err error) {
	return e.ExtractArg(num, raw, id, "")
}

// ExtractArg is Extract for any field of PluginFields, with the argument
// of a pattern field (ignored for the other fields). A malformed argument is
// an error (*ArgError); each distinct argument is compiled once.
func (e *Extractor) ExtractArg(num uint64, raw []byte, id FieldID, arg string) (v *Value, ok bool, err error) {
	var m *matcher
	if id >= numFields {
		if int(id-numFields) >= len(patternFields) {
			return nil, false, fmt.Errorf("ecs: unknown field id %d", id)
		}
		f := &patternFields[id-numFields]
		if m, err = e.pats.get(f.Pattern, arg); err != nil {
			return nil, false, &ArgError{Field: f.FalcoName(), Arg: arg, Err: err}
		}
		id = f.Of
	} else if id < 0 {
		return nil, false, fmt.Errorf("ecs: unknown field id %d", id)
	}
	if !e.cached || num != e.num || unsafe.SliceData(raw) != e.ptr || len(raw) != e.n {
		e.cached = false
		if err := e.x.Decode(raw); err != nil {
			return nil, false, err
		}
		e.x.cids = &e.cids
		e.cached, e.num, e.ptr, e.n = true, num, unsafe.SliceData(raw), len(raw)
	}
	// Most events match none of a rule's patterns: when the elements come
	// from event parameters, a search of the parameters rules that out
	// before the list is built.
	mask := allGlobs
	if m != nil && e.x.kind == KindExec {
		switch id {
		case ProcessArgs:
			mask = m.candidates(e.x.param(ppm.ExecExe), e.x.param(ppm.ExecArgs))
		case ProcessEnvVars:
			mask = m.candidates(e.x.param(ppm.ExecEnv))
		}
		if mask == 0 {
			return nil, false, nil
		}
	}
	if !table[id].extract(&e.x, &e.cfg, &e.v) {
		return nil, false, nil
	}
	if m != nil {
		kept := e.v.List[:0]
		for _, s := range e.v.List {
			if m.match(s, mask) {
				kept = append(kept, s)
			}
		}
		if e.v.List = kept; len(kept) == 0 {
			return nil, false, nil
		}
	}
	return &e.v, true, nil
}

// Forget drops the cached event: the next extraction decodes its event
// again and reads the thread table again, whatever its number. The plugin
// calls it when a field it extracted ahead of Falco's request failed to
// read the thread table, so that the request itself meets the failure.
func (e *Extractor) Forget() { e.cached = false }

// ArgError is a malformed argument of a pattern field.
type ArgError struct {
	Field, Arg string
	Err        error
}

func (e *ArgError) Error() string {
	return fmt.Sprintf("ecs: %s[%s]: %v", e.Field, e.Arg, e.Err)
}

func (e *ArgError) Unwrap() error { return e.Err }

// patternCache keeps the compiled arguments of pattern fields, and the
// errors of malformed ones, by kind and argument text: Falco passes the same
// argument of a rule on every call.
type patternCache struct {
	m map[patternKey]patternEntry
}

type patternKey struct {
	kind PatternKind
	arg  string
}

type patternEntry struct {
	m   *matcher
	err error
}

// patternCacheMax bounds the cache; it is emptied when full.
const patternCacheMax = 4096

func (c *patternCache) get(k PatternKind, arg string) (*matcher, error) {
	if e, ok := c.m[patternKey{k, arg}]; ok { // arg may alias C memory: not kept
		return e.m, e.err
	}
	m, err := compileMatcher(k, arg)
	if c.m == nil || len(c.m) >= patternCacheMax {
		c.m = map[patternKey]patternEntry{}
	}
	c.m[patternKey{k, strings.Clone(arg)}] = patternEntry{m, err}
	return m, err
}
