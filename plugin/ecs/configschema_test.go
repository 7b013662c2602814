package ecs

import (
	"encoding/json"
	"errors"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// The plugin's validator and a JSON schema library (santhosh-tekuri/
// jsonschema, linked into the tests only) accept the same configurations
// and find problems at the same places.
func TestConfigSchemaValidator(t *testing.T) {
	sdoc, err := jsonschema.UnmarshalJSON(strings.NewReader(ConfigSchema))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("ecs-init-config.json", sdoc); err != nil {
		t.Fatal(err)
	}
	schema, err := c.Compile("ecs-init-config.json")
	if err != nil {
		t.Fatal(err)
	}
	at := regexp.MustCompile(`at (/[^:]*):`)
	for _, in := range []string{
		`{}`, `{"containerIdFormat":"full"}`, `{"containerIdFormat":"short"}`, `{"containerIdFormat":"tiny"}`,
		`{"containerIdFormat":12}`, `{"containerIdFormat":null}`, `{"containerIdFormat":true}`,
		`{"containerIdFormat":["short"]}`, `{"containerIdFormat":{}}`, `{"containerIdFormat":"Full"}`,
		`{"containerIDFormat":"short"}`, `{"foo":1}`, `{"foo":1,"bar":2}`, `["short"]`, `"short"`, `null`, `3`, `true`,
		`{"containerLayouts":[]}`, `{"containerLayouts":["cri"]}`, `{"containerLayouts":["podman","docker","cri","containerd","lxc"]}`,
		`{"containerLayouts":["rkt"]}`, `{"containerLayouts":"docker"}`, `{"containerLayouts":["cri","cri"]}`,
		`{"containerLayouts":["x",3]}`, `{"containerLayouts":[3,3]}`, `{"containerLayouts":null}`, `{"containerLayouts":[null]}`,
		`{"containerLayouts":["cri"],"foo":1,"containerIdFormat":"x"}`, `{"containerIdFormat":"full","containerIdFormat":"tiny"}`,
		`{"containerIdFormat":"short","containerLayouts":["lxc","containerd"]}`, `{"containerLayouts":[["cri"]]}`,
	} {
		_, err := ParseConfig(in)
		doc, jerr := jsonschema.UnmarshalJSON(strings.NewReader(in))
		if jerr != nil {
			t.Fatalf("%s: %v", in, jerr)
		}
		verr := schema.Validate(doc)
		if (err == nil) != (verr == nil) {
			t.Errorf("%s: ParseConfig %v; the schema %v", in, err, verr)
			continue
		}
		if err == nil {
			continue
		}
		var ve *jsonschema.ValidationError
		if !errors.As(verr, &ve) {
			t.Fatalf("%s: %v", in, verr)
		}
		var want, got []string
		for _, u := range ve.BasicOutput().Errors {
			if u.Error != nil {
				want = append(want, "/"+strings.TrimPrefix(u.InstanceLocation, "/"))
			}
		}
		for _, m := range at.FindAllStringSubmatch(err.Error(), -1) {
			got = append(got, m[1])
		}
		slices.Sort(want)
		slices.Sort(got)
		if !slices.Equal(slices.Compact(want), slices.Compact(got)) {
			t.Errorf("%s: problems at %v, the schema's at %v\n%v\n%v", in, got, want, err, verr)
		}
	}
}

// ConfigSchema uses only the keywords the validator implements.
func TestConfigSchemaKeywords(t *testing.T) {
	var root map[string]json.RawMessage
	if err := json.Unmarshal([]byte(ConfigSchema), &root); err != nil {
		t.Fatal(err)
	}
	check := func(level, where string, m map[string]json.RawMessage) {
		for k := range m {
			if !slices.Contains(schemaKeywords[level], k) {
				t.Errorf("%s: keyword %q is not implemented by validateConfig", where, k)
			}
		}
	}
	check("root", "/", root)
	var props map[string]map[string]json.RawMessage
	if err := json.Unmarshal(root["properties"], &props); err != nil {
		t.Fatal(err)
	}
	for name, p := range props {
		check("property", name, p)
		if items, ok := p["items"]; ok {
			var m map[string]json.RawMessage
			if err := json.Unmarshal(items, &m); err != nil {
				t.Fatal(err)
			}
			check("property", name+"/items", m)
		}
	}
}
