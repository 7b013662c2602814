package catalog

import (
	"strings"
	"testing"

	"github.com/eql2falco/eql2falco/falco/condition"
	"github.com/eql2falco/eql2falco/falco/rulesfile"
	"github.com/eql2falco/eql2falco/plugin/ecs"
)

func TestECSFieldsFollowThePluginTable(t *testing.T) {
	fs := ECSFields()
	if len(fs) != len(ecs.PluginFields()) {
		t.Fatalf("%d fields, the plugin has %d", len(fs), len(ecs.PluginFields()))
	}
	for _, f := range ecs.PluginFields() {
		info, ok := Default().Field(f.FalcoName())
		if !ok {
			t.Fatalf("%s missing from the catalog", f.FalcoName())
		}
		if info.IsList != f.List || info.Plugin != "ecs" || info.ID != int(f.ID) || info.Type.String() != string(f.Type) {
			t.Errorf("%s: %+v does not match the plugin's %+v", f.FalcoName(), info, f)
		}
		if (info.Arg == condition.ArgRequired) != (f.Pattern != ecs.NoPattern) {
			t.Errorf("%s: argument %v, pattern %v", f.FalcoName(), info.Arg, f.Pattern)
		}
	}
	if _, ok := Default().Field("proc.pname"); !ok {
		t.Error("native fields missing")
	}
}

func TestOptionsCheckAPluginRule(t *testing.T) {
	src := `- required_engine_version: 0.50.0
- required_plugin_versions:
    - name: ecs
      version: 0.1.0

- rule: Args
  desc: Any argument is curl.
  condition: evt.type in (execve, execveat) and ecs.process.args intersects (curl)
  output: Args | args=%ecs.process.args
  priority: NOTICE
`
	rs, ds := rulesfile.Load("r.yaml", []byte(src), Options())
	if ds.HasErrors() || rs == nil {
		t.Fatalf("%s", ds.Render())
	}
	if rs.MinFalco != (condition.Version{Minor: 41}) {
		t.Errorf("MinFalco %v, want 0.41.0", rs.MinFalco)
	}
	// A list field takes no "=": the catalog carries list-ness.
	bad := []byte(src + "\n- rule: Bad\n  desc: x.\n  condition: evt.type = execve and ecs.process.args = curl\n  output: x\n  priority: NOTICE\n")
	if _, ds := rulesfile.Load("r.yaml", bad, Options()); !ds.HasErrors() {
		t.Error("'=' on a list field accepted")
	}
}

// A hand-edited pattern argument the plugin would not read is an error at
// check time, with the plugin's reason; libsinsp's own cuts (a space, a ])
// are errors as Falco's.
func TestPatternArgumentsChecked(t *testing.T) {
	for _, c := range []struct{ cond, err string }{
		{`ecs.process.args.like[*%20x*] exists`, ""},
		{`ecs.process.args.like[*%2x*] exists`, "% is not followed by two hex digits"},
		{`ecs.process.args.regex[a(] exists`, "error parsing regexp"},
		{`ecs.process.args.like["a b"] exists`, "unbalanced argument brackets"},
		{`ecs.process.args.like["a]b"] exists`, "nonexistent field"},
		{`ecs.process.args.like exists`, "requires an argument"},
	} {
		src := "- required_engine_version: 0.50.0\n- required_plugin_versions: [{name: ecs, version: 0.1.0}]\n" +
			"- rule: R\n  desc: d\n  condition: evt.type = execve and " + c.cond + "\n  output: o\n  priority: NOTICE\n"
		_, ds := rulesfile.Load("r.yaml", []byte(src), Options())
		got := ds.Render()
		if (c.err == "") != !ds.HasErrors() || !strings.Contains(got, c.err) {
			t.Errorf("%s: %s", c.cond, got)
		}
	}
}
