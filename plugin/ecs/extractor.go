package ecs

import (
	"fmt"
	"unsafe"
)

// Extractor computes field values the way the plugin does. It keeps the
// last event it decoded: Falco extracts one field per call, so the fields of
// one event arrive as consecutive calls with the same event, and the event is
// decoded once. An Extractor is not safe for concurrent use; the plugin has
// one per plugin instance, and Falco extracts from one thread per instance.
type Extractor struct {
	cfg  Config
	x    Exec
	v    Value
	cids cidCache

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
// when the field has no value: a failed exec, an absent parameter, a value
// Elasticsearch would not index. The returned Value is the Extractor's own,
// overwritten by the next call. err is set for a malformed event, for an
// event other than an exec exit (ErrNotExec) and for an unknown id.
func (e *Extractor) Extract(num uint64, raw []byte, id FieldID) (v *Value, ok bool, err error) {
	if id < 0 || id >= numFields {
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
	if !table[id].extract(&e.x, &e.cfg, &e.v) {
		return nil, false, nil
	}
	return &e.v, true, nil
}
