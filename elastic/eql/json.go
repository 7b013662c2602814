package eql

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"unicode"
)

// MarshalNode encodes a node as JSON: an object whose "type" names the node
// kind in snake case ("query", "event_query", "sequence", "sample",
// "seq_term", "duration", "pipe", "and", "or", "not", "comparison", "in",
// "match", "call", "arith", "neg", "field", "string", "number", "bool",
// "null"), then "start" and "end" (byte offsets in the query), then the
// node's fields under their json tags. Numbers also carry "text", their
// canonical spelling.
func MarshalNode(n Node) ([]byte, error) {
	var b bytes.Buffer
	if err := encodeValue(&b, reflect.ValueOf(n)); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// MarshalJSON encodes the query with MarshalNode.
func (q *Query) MarshalJSON() ([]byte, error) { return MarshalNode(q) }

var nodeType = reflect.TypeFor[Node]()

func encodeValue(b *bytes.Buffer, v reflect.Value) error {
	switch {
	case v.Kind() == reflect.Interface || v.Kind() == reflect.Pointer:
		if v.IsNil() {
			b.WriteString("null")
			return nil
		}
		if v.Kind() == reflect.Interface {
			return encodeValue(b, v.Elem())
		}
		if v.Type().Implements(nodeType) {
			return encodeNode(b, v)
		}
	case v.Kind() == reflect.Slice && v.Type().Elem().Implements(nodeType):
		if v.IsNil() {
			b.WriteString("null")
			return nil
		}
		b.WriteByte('[')
		for i := range v.Len() {
			if i > 0 {
				b.WriteByte(',')
			}
			if err := encodeValue(b, v.Index(i)); err != nil {
				return err
			}
		}
		b.WriteByte(']')
		return nil
	}
	data, err := json.Marshal(v.Interface())
	b.Write(data)
	return err
}

// encodeNode writes a *T node field by field (following embedded structs).
func encodeNode(b *bytes.Buffer, ptr reflect.Value) error {
	v := ptr.Elem()
	b.WriteString(`{"type":`)
	typ, _ := json.Marshal(snakeCase(v.Type().Name()))
	b.Write(typ)
	if n, ok := ptr.Interface().(*Number); ok {
		b.WriteString(`,"text":`)
		text, _ := json.Marshal(n.Text())
		b.Write(text)
	}
	if err := encodeFields(b, v); err != nil {
		return err
	}
	b.WriteByte('}')
	return nil
}

func encodeFields(b *bytes.Buffer, v reflect.Value) error {
	t := v.Type()
	for i := range t.NumField() {
		f := t.Field(i)
		fv := v.Field(i)
		if f.Anonymous && f.Type.Kind() == reflect.Struct {
			if err := encodeFields(b, fv); err != nil {
				return err
			}
			continue
		}
		name, opts, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" || !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		if opts == "omitempty" && fv.IsZero() {
			continue
		}
		b.WriteByte(',')
		key, _ := json.Marshal(name)
		b.Write(key)
		b.WriteByte(':')
		if err := encodeValue(b, fv); err != nil {
			return err
		}
	}
	return nil
}

// snakeCase turns a Go type name into the JSON type: EventQuery -> event_query.
func snakeCase(s string) string {
	var b strings.Builder
	for i, r := range s {
		if unicode.IsUpper(r) {
			if i > 0 {
				b.WriteByte('_')
			}
			r = unicode.ToLower(r)
		}
		b.WriteRune(r)
	}
	return b.String()
}
