package ecs

// Value returns the field's value on a decoded event as Elasticsearch holds
// it: string or []string for keyword and wildcard fields, int64 for long,
// bool for boolean. ok is false when the field has no value.
func (f Field) Value(x *Event, cfg Config) (v any, ok bool) {
	var val Value
	if !f.extract(x, &cfg, &val) {
		return nil, false
	}
	switch {
	case f.List:
		l := make([]string, len(val.List))
		for i, s := range val.List {
			l[i] = string(s)
		}
		return l, true
	case f.Type == TypeString:
		return string(val.Str), true
	case f.Type == TypeUint64:
		return int64(val.U64), true
	default:
		return val.Bool, true
	}
}

// Document returns the ECS fields of one raw event as a flat map from ECS
// name ("process.args") to the value Value gives, leaving out fields with no
// value. The process context (parent, working directory, group leader, and
// the acting process of a file event) comes from threads; with a nil
// threads those fields have no value. It is nil for an event that is no
// document (a failed exec, an open that created nothing), for which the
// agents emit none. It fails on a malformed event and on an event type the
// plugin does not describe (ErrNotDescribed).
//
// The parity harness builds the EQL side of a comparison from it; the values
// come from the code the plugin extracts with.
func Document(raw []byte, cfg Config, threads ThreadTable) (map[string]any, error) {
	x := Event{threads: threads}
	if err := x.Decode(raw); err != nil {
		return nil, err
	}
	if !x.Succeeded() {
		return nil, nil
	}
	doc := make(map[string]any, numFields)
	for _, f := range Fields() {
		if v, ok := f.Value(&x, cfg); ok {
			doc[f.Name] = v
		}
	}
	return doc, nil
}
