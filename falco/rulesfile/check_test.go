package rulesfile

import (
	"fmt"
	"strings"
	"testing"

	"github.com/eql2falco/eql2falco/diag"

	"github.com/eql2falco/eql2falco/falco/condition"
)

const header = "- required_engine_version: 0.50.0\n- required_plugin_versions:\n    - name: ecs\n      version: 0.1.0\n"

// rule writes a rule item with the given condition (as a block scalar).
func rule(name, cond string) string {
	return fmt.Sprintf("- rule: %s\n  desc: d.\n  condition: >-\n    %s\n  output: o %%proc.name\n  priority: NOTICE\n", name, cond)
}

// Each case lists the expected diagnostics as "line:col code" (warnings
// suffixed with " (w)").
var checkCases = []struct {
	name string
	src  string
	want []string
}{
	{"clean", header + rule("R", "evt.type in (execve, execveat) and ecs.process.name = which"), nil},
	{"yaml error", "- rule: [x\n", []string{"1:1 falco/yaml"}},
	{"not a sequence", "rule: x\n", []string{"1:1 falco/schema"}},
	{"unknown key", header + rule("R", "evt.type = execve") + "  severity: low\n",
		[]string{"11:3 falco/unknown-key"}},
	{"key of another item kind", header + "- list: l\n  items: [a]\n  condition: x\n",
		[]string{"5:3 falco/unused (w)", "7:3 falco/unknown-key"}},
	{"missing output", header + "- rule: R\n  desc: d\n  condition: evt.type = execve\n  priority: INFO\n",
		[]string{"5:3 falco/missing-key"}},
	{"empty condition", header + "- rule: R\n  desc: d\n  condition: ''\n  output: o\n  priority: INFO\n",
		[]string{"7:14 falco/missing-key"}},
	{"bad priority", header + strings.Replace(rule("R", "evt.type = execve"), "NOTICE", "SEVERE", 1),
		[]string{"10:13 falco/priority"}},
	{"lower-case priority", header + strings.Replace(rule("R", "evt.type = execve"), "NOTICE", "notice", 1),
		[]string{"10:13 falco/priority (w)"}},
	{"enabled not bool", header + rule("R", "evt.type = execve") + "  enabled: maybe\n",
		[]string{"11:12 falco/schema"}},
	{"exceptions unsupported", header + rule("R", "evt.type = execve") + "  exceptions: []\n",
		[]string{"11:15 falco/unsupported"}},
	{"syntax error at its position", header + rule("R", "evt.type = execve and proc.name in (a,)"),
		[]string{"8:43 falco/syntax"}},
	{"unknown field", header + rule("R", "evt.type = execve and proc.nme = x"),
		[]string{"8:27 falco/unknown-field"}},
	{"operator not allowed on a list field", header + rule("R", "evt.type = execve and ecs.process.args = curl"),
		[]string{"8:27 falco/operator"}},
	{"bad bool", header + rule("R", "evt.type = execve and ecs.process.interactive = yes"),
		[]string{"8:53 falco/value"}},
	{"undefined macro", header + rule("R", "evt.type = execve and container"),
		[]string{"8:27 falco/unknown-macro"}},
	{"macro defined after the macro using it", header +
		"- macro: a\n  condition: b\n- macro: b\n  condition: evt.type = execve\n" + rule("R", "a"),
		[]string{"6:14 falco/unknown-macro"}},
	{"macro used by a rule before its definition is fine", header + rule("R", "m and proc.name = x") +
		"- macro: m\n  condition: evt.type = execve\n", nil},
	{"macro cycle", header + "- macro: a\n  condition: a\n" + rule("R", "evt.type = execve and a"),
		[]string{"6:14 falco/cycle"}},
	{"list item that is two values", header + "- list: l\n  items: [\"a,b\"]\n" + rule("R", "evt.type = execve and proc.name in (l)"),
		[]string{"6:11 falco/list-item"}},
	{"list name outside a list", header + "- list: shells\n  items: [bash, sh]\n" + rule("R", "evt.type = execve and proc.name = shells"),
		[]string{"10:5 falco/list-expansion"}},
	{"bare list after in", header + "- list: shells\n  items: [bash, sh]\n" + rule("R", "evt.type = execve and proc.name in shells"),
		[]string{"10:5 falco/list-expansion"}},
	{"list name inside a quoted string", header + "- list: sh\n  items: [bash]\n" + rule("R", `evt.type = execve and proc.cmdline contains "run sh now" and proc.name in (sh)`),
		[]string{"10:5 falco/list-expansion"}},
	{"lists expand, nested one level", header + "- list: a\n  items: [x, y]\n- list: b\n  items: [a, z]\n" + rule("R", "evt.type = execve and proc.name in (b)"), nil},
	{"unused list and macro", header + "- list: l\n  items: [x]\n- macro: m\n  condition: proc.name = x\n" + rule("R", "evt.type = execve"),
		[]string{"5:3 falco/unused (w)", "7:3 falco/unused (w)"}},
	{"no evt.type", header + rule("R", "proc.name = which"),
		[]string{"5:3 falco/evttype-not-first (w)", "5:3 falco/no-evttype (w)"}},
	{"evt.type not first", header + rule("R", "proc.name = which and evt.type = execve"),
		[]string{"5:3 falco/evttype-not-first (w)"}},
	{"negated evt.type", header + rule("R", "not evt.type = open"),
		[]string{"5:3 falco/evttype-not-first (w)", "5:3 falco/no-evttype (w)"}},
	{"evt.type through a macro", header + "- macro: spawned_process\n  condition: (evt.type in (execve, execveat))\n" + rule("R", "spawned_process and proc.name = x"), nil},
	{"unknown output field", header + strings.Replace(rule("R", "evt.type = execve"), "o %proc.name", "o %proc.nam x=%ecs.process.name", 1),
		[]string{"9:13 falco/output"}},
	{"output ends with percent", header + strings.Replace(rule("R", "evt.type = execve"), "o %proc.name", "o 100%", 1),
		[]string{"9:16 falco/output"}},
	{"plugin fields need the plugin", "- required_engine_version: 0.50.0\n" + rule("R", "evt.type = execve and ecs.process.name = x"),
		[]string{"2:3 falco/missing-plugin"}},
	{"plugin in output only", "- required_engine_version: 0.50.0\n" + strings.Replace(rule("R", "evt.type = execve"), "o %proc.name", "o %ecs.process.name", 1),
		[]string{"2:3 falco/missing-plugin"}},
	{"plugin as an alternative", "- required_engine_version: 0.50.0\n- required_plugin_versions:\n    - name: other\n      version: 1.0.0\n      alternatives:\n        - name: ecs\n          version: 0.1.0\n" +
		rule("R", "evt.type = execve and ecs.process.name = x"), nil},
	{"container plugin for container.id", header + rule("R", "evt.type = execve and container.id != host"),
		[]string{"5:3 falco/missing-plugin"}},
	{"engine version too low for regex", strings.Replace(header, "0.50.0", "0.40.0", 1) + rule("R", "evt.type = execve and proc.name regex x"),
		[]string{"1:3 falco/engine-version"}},
	{"engine version enough for regex", strings.Replace(header, "0.50.0", "0.43.0", 1) + rule("R", "evt.type = execve and proc.name regex x"), nil},
	{"engine version too low for len()", strings.Replace(header, "0.50.0", "0.43.0", 1) + rule("R", "evt.type = execve and len(proc.name) > 1"),
		[]string{"1:3 falco/engine-version"}},
	{"modifiers need 0.62.0", header + rule("R", "evt.type = execve and proc.name = anyof (a, b)"),
		[]string{"1:3 falco/engine-version"}},
	{"engine version not semver", strings.Replace(header, "0.50.0", "0.50", 1) + rule("R", "evt.type = execve"),
		[]string{"1:28 falco/engine-version", "1:28 falco/schema (w)"}},
	{"legacy integer engine version", strings.Replace(header, "0.50.0", "'15'", 1) + rule("R", "evt.type = execve"), nil},
	{"no engine version", "- required_plugin_versions:\n    - name: ecs\n      version: 0.1.0\n" + rule("R", "evt.type = execve"),
		[]string{"1:1 falco/no-engine-version (w)"}},
	{"plugin version not semver", strings.Replace(header, "version: 0.1.0", "version: latest", 1) + rule("R", "evt.type = execve"),
		[]string{"4:16 falco/plugin-version"}},
	{"duplicate rule", header + rule("R", "evt.type = execve") + rule("R", "evt.type = execve"),
		[]string{"11:3 falco/duplicate"}},
	{"deprecated field", header + rule("R", "evt.type = execve and evt.dir = <"),
		[]string{"5:3 falco/deprecated (w)"}},
	{"other source", header + rule("R", "evt.type = execve") + "  source: k8s_audit\n",
		[]string{"5:3 falco/source"}},
	{"bad macro name", header + "- macro: 1m\n  condition: evt.type = execve\n" + rule("R", "evt.type = execve"),
		[]string{"5:3 falco/name (w)", "5:3 falco/unused (w)"}},
}

func TestCheck(t *testing.T) {
	for _, c := range checkCases {
		_, ds := Load("t.yaml", []byte(c.src), testOpts)
		var got []string
		for _, d := range ds {
			s := fmt.Sprintf("%d:%d %s", d.Pos.Line, d.Pos.Col, d.Code)
			if d.Severity == diag.SeverityWarning {
				s += " (w)"
			}
			got = append(got, s)
		}
		if strings.Join(got, "\n") != strings.Join(c.want, "\n") {
			t.Errorf("%s:\n got %q\nwant %q\n%s", c.name, got, c.want, ds.Render())
		}
	}
}

func TestCheckVersions(t *testing.T) {
	src := header + rule("R", "evt.type = execve and ecs.process.name iglob a* and ecs.process.args intersects (x)")
	opts := testOpts
	opts.MinFalco = condition.Version{Minor: 41}
	rs, ds := Load("t.yaml", []byte(src), opts)
	if len(ds) != 0 {
		t.Fatal(ds)
	}
	if rs.MinFalco.String() != "0.41.0" || rs.MinEngine.String() != "0.50.0" || rs.Engine.String() != "0.50.0" {
		t.Errorf("versions: falco %s engine %s declared %s", rs.MinFalco, rs.MinEngine, rs.Engine)
	}
	// The loaded plugin must satisfy the requirement: same major, not older.
	for have, ok := range map[string]bool{"0.1.0": true, "0.2.3": true, "0.0.9": false, "1.0.0": false} {
		opts.Plugins = map[string]string{"ecs": have}
		_, ds := Load("t.yaml", []byte(src), opts)
		if ds.HasErrors() == ok {
			t.Errorf("plugin ecs %s against requirement 0.1.0: %v", have, ds)
		}
	}
	if EngineFor(condition.Version{Minor: 44, Patch: 1}).String() != "0.62.0" {
		t.Error("EngineFor(0.44.1)")
	}
	if v, ok := FalcoFor(condition.Version{Minor: 57}); !ok || v.String() != "0.42.0" {
		t.Errorf("FalcoFor(0.57.0) = %s", v)
	}
}

// The compiled rules evaluate with Falco's semantics, lists and macros
// expanded as Falco does.
func TestCheckCompiles(t *testing.T) {
	src := header + "- list: shells\n  items: [bash, \"a b\", '\"x=y\"']\n" +
		"- macro: spawned\n  condition: evt.type in (execve, execveat)\n" +
		rule("R", "spawned and ecs.process.name in (shells) and not ecs.process.args intersects (man)")
	rs, ds := Load("t.yaml", []byte(src), testOpts)
	if len(ds) != 0 {
		t.Fatal(ds.Render())
	}
	p := rs.Rules[0].Program
	ev := mapEvent{"evt.type": condition.Str("execve"), "ecs.process.name": condition.Str("x=y"), "ecs.process.args": condition.Strs("ls")}
	if !p.Eval(ev) {
		t.Errorf("should match:\n%s", p.Explain(ev))
	}
	ev["ecs.process.name"] = condition.Str("a b")
	if !p.Eval(ev) {
		t.Errorf("an item with a space is one value:\n%s", p.Explain(ev))
	}
	ev["ecs.process.args"] = condition.Strs("man", "ls")
	if p.Eval(ev) {
		t.Error("not intersects (man) should exclude")
	}
	delete(ev, "ecs.process.args")
	if !p.Eval(ev) {
		t.Error("no value under not: the negated check is true")
	}
}

type mapEvent map[string]condition.Value

func (m mapEvent) Extract(f *condition.FieldRef) (condition.Value, bool) {
	v, ok := m[f.Info.Name]
	return v, ok
}

func TestDiagnosticsFormat(t *testing.T) {
	src := header + rule("R", "evt.type = execve and proc.nme = x")
	_, ds := Load("t.yaml", []byte(src), testOpts)
	got := ds.Render()
	want := "t.yaml:8:27: falco/unknown-field: unknown field 'proc.nme'\n" +
		"        evt.type = execve and proc.nme = x\n" +
		"                              ^\n"
	if got != want {
		t.Errorf("Format:\n%s\nwant:\n%s", got, want)
	}
	if ds.Err() == nil || !strings.Contains(ds.Err().Error(), "t.yaml:8:27") {
		t.Errorf("Err: %v", ds.Err())
	}
}
