package translate

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/eql2falco/eql2falco/diag"
	"github.com/eql2falco/eql2falco/elastic"
	"github.com/eql2falco/eql2falco/elastic/eql"
	"github.com/eql2falco/eql2falco/falco/catalog"
	"github.com/eql2falco/eql2falco/falco/rulesfile"
)

const ruleTOML = `[metadata]
maturity = "production"

[rule]
name = "Ncat Started"
rule_id = "11111111-2222-3333-4444-555555555555"
description = """
Detects ncat
in a container
"""
severity = "high"
risk_score = 73
type = "eql"
language = "eql"
query = '''
process where event.action == "exec" and process.name == "ncat" and
  process.args in ("-e", "--exec", "-c", "--sh-exec", "--lua-exec", "-l", "--listen", "-k", "--keep-open", "-u", "--udp", "a b") and
  container.id like "*"
'''

[[rule.threat]]
framework = "MITRE ATT&CK"
[[rule.threat.technique]]
id = "T1059"
name = "Command and Scripting Interpreter"
[[rule.threat.technique.subtechnique]]
id = "T1059.004"
name = "Unix Shell"
[rule.threat.tactic]
id = "TA0002"
name = "Execution"

[[rule.threat]]
framework = "MITRE ATT&CK"
[rule.threat.tactic]
id = "TA0011"
name = "Command and Control"
`

func loadTOML(t *testing.T, path, text string) *elastic.Set {
	t.Helper()
	set := elastic.Read(path, []byte(text))
	if set.Diags.HasErrors() {
		t.Fatal(set.Diags.Render())
	}
	return set
}

func TestRuleMetadata(t *testing.T) {
	set := loadTOML(t, "detection-rules/rules/linux/execution_ncat.toml", ruleTOML)
	s := Rules(set, Options{})
	if s.Count(Translated) != 1 {
		t.Fatalf("not translated:\n%s", s.Outcomes[0].Diags.Render())
	}
	r := s.Results()[0]
	if r.Rule.Priority != "ERROR" {
		t.Errorf("priority %s for severity high", r.Rule.Priority)
	}
	if got := strings.Join(r.Rule.Tags, " "); got != "maturity_incubating container process mitre_execution mitre_command_and_control T1059 T1059.004" {
		t.Errorf("tags: %s", got)
	}
	wantDesc := `Detects ncat in a container. Translated from the Elastic detection rule "Ncat Started" ` +
		`(rule_id 11111111-2222-3333-4444-555555555555, https://github.com/elastic/detection-rules/blob/main/rules/linux/execution_ncat.toml). ` +
		`Left out of the condition, as they hold on every event it applies to: ecs.event.action = exec.`
	if r.Rule.Desc != wantDesc {
		t.Errorf("desc:\n%s\nwant:\n%s", r.Rule.Desc, wantDesc)
	}
	if !strings.HasPrefix(r.Rule.Output, "Ncat Started | evt_type=%evt.type ") || r.Rule.Source != "syscall" {
		t.Errorf("output %q source %q", r.Rule.Output, r.Rule.Source)
	}
	// The 12 arguments become a named list; "a b" is quoted in it.
	if len(r.Lists) != 1 || r.Lists[0].Name != "elastic_execution_ncat_args" {
		t.Fatalf("lists: %+v", r.Lists)
	}
	if items := r.Lists[0].Items; items[len(items)-1] != `"a b"` {
		t.Errorf("list items: %q", items)
	}
	if !strings.Contains(r.Rule.Condition, "ecs.process.args intersects (elastic_execution_ncat_args)") {
		t.Errorf("condition does not use the list:\n%s", r.Rule.Condition)
	}
	out, err := rulesfile.Marshal(s.File([]string{"header"}))
	if err != nil {
		t.Fatal(err)
	}
	rs, ds := rulesfile.Load("out.yaml", out, catalog.Options())
	if ds.HasErrors() || len(ds) > 0 {
		t.Fatalf("%s\n%s", ds.Render(), out)
	}
	if rs.Engine.String() != "0.50.0" || strings.Join(rs.Plugins, ",") != "ecs" {
		t.Errorf("engine %v plugins %v", rs.Engine, rs.Plugins)
	}
}

func TestPriorityAndMaturity(t *testing.T) {
	for sev, want := range map[string]string{"critical": "CRITICAL", "high": "ERROR", "Medium": "WARNING", "low": "NOTICE", "": "WARNING", "odd": "WARNING"} {
		if got := Priority(sev); got != want {
			t.Errorf("Priority(%q) = %s, want %s", sev, got, want)
		}
	}
	for m, want := range map[string]string{"production": "maturity_incubating", "development": "maturity_sandbox", "deprecated": "maturity_deprecated", "": "maturity_sandbox"} {
		if got := MaturityTag(m); got != want {
			t.Errorf("MaturityTag(%q) = %s, want %s", m, got, want)
		}
	}
}

func TestWorkloadTags(t *testing.T) {
	for where, want := range map[string]string{
		`event.action == "exec"`:                            "host container",
		`event.action == "exec" and container.id like "*"`:  "container",
		`event.action == "exec" and container.id == null`:   "host",
		`event.action == "exec" and container.id == "abc"`:  "container",
		`event.action == "exec" and not container.id : "*"`: "host",
	} {
		r := elastic.FromQuery("process where " + where)
		q := mustParse(t, r)
		res, ds := Rule(r, q, Options{})
		if res == nil {
			t.Fatalf("%s: %s", where, ds.Render())
		}
		var got []string
		for _, tag := range res.Rule.Tags {
			if tag == "host" || tag == "container" {
				got = append(got, tag)
			}
		}
		if strings.Join(got, " ") != want {
			t.Errorf("%s: workload tags %v, want %s", where, got, want)
		}
	}
}

func TestRuleLevelRefusals(t *testing.T) {
	override := strings.Replace(ruleTOML, `type = "eql"`, "type = \"eql\"\nevent_category_override = \"event.type\"", 1)
	s := Rules(loadTOML(t, "r.toml", override), Options{})
	if s.Count(Refused) != 1 || !hasCode(s.Outcomes[0].Diags, CodeCategoryOverride) {
		t.Errorf("event_category_override not refused:\n%s", s.Outcomes[0].Diags.Render())
	}
	// Two rules with one name in one file: Falco refuses the second.
	set := loadTOML(t, "a.toml", ruleTOML)
	set.Rules = append(set.Rules, loadTOML(t, "b.toml", ruleTOML).Rules...)
	s = Rules(set, Options{})
	if s.Count(Translated) != 1 || s.Count(Refused) != 1 || !hasCode(s.Outcomes[1].Diags, CodeDuplicateRule) {
		t.Errorf("duplicate rule name: %d translated\n%s", s.Count(Translated), s.Outcomes[1].Diags.Render())
	}
	// Alone, each translates (the two versions of the seed rule are in two files).
	if res, ds := Rule(set.Rules[1], mustParse(t, set.Rules[1]), Options{}); res == nil {
		t.Errorf("alone: %s", ds.Render())
	}
}

// A field Defend for Containers does not populate is missing in its data:
// a rule searching D4C data and testing it is refused; a rule searching
// other data (Elastic Defend's endpoint events) translates it.
func TestNotD4CField(t *testing.T) {
	withField := strings.Replace(ruleTOML, `process.name == "ncat" and`, `process.name == "ncat" and process.command_line : "*-e*" and`, 1)
	for _, c := range []struct {
		index   string
		refused bool
	}{
		{`index = ["logs-cloud_defend.process*"]`, true},
		{`index = ["logs-endpoint.events.process*", "logs-cloud_defend.*"]`, true},
		{`index = ["logs-endpoint.events.process*"]`, false},
		{``, false},
	} {
		src := strings.Replace(withField, `type = "eql"`, "type = \"eql\"\n"+c.index, 1)
		s := Rules(loadTOML(t, "r.toml", src), Options{})
		o := s.Outcomes[0]
		if c.refused {
			if s.Count(Refused) != 1 || !hasCode(o.Diags, CodeNotD4CField) {
				t.Errorf("%s: not refused:\n%s", c.index, o.Diags.Render())
			}
			continue
		}
		if s.Count(Translated) != 1 || hasCode(o.Diags, CodeNotD4CField) {
			t.Errorf("%s: want a translation without %s:\n%s", c.index, CodeNotD4CField, o.Diags.Render())
		}
	}
	// The seed rule searches D4C data and only tests fields D4C populates.
	seed, err := os.ReadFile("../rules/elastic/current/discovery_tool_enumeration.toml")
	if err != nil {
		t.Fatal(err)
	}
	if !loadTOML(t, "seed.toml", string(seed)).Rules[0].SearchesD4C() {
		t.Error("the seed rule does not search D4C data")
	}
}

func TestLinks(t *testing.T) {
	for path, want := range map[string]string{
		"/x/detection-rules/rules/linux/a.toml":                     "https://github.com/elastic/detection-rules/blob/main/rules/linux/a.toml",
		"rules/integrations/cloud_defend/b.toml":                    "https://github.com/elastic/detection-rules/blob/main/rules/integrations/cloud_defend/b.toml",
		"../shared/elastic-rules/rules_building_block/linux/c.toml": "https://github.com/elastic/detection-rules/blob/main/rules_building_block/linux/c.toml",
		"rules/elastic/current/discovery_tool_enumeration.toml":     "",
		"export.ndjson": "",
	} {
		if got := DetectionRulesLink(&elastic.Rule{Path: path}); got != want {
			t.Errorf("%s: %q, want %q", path, got, want)
		}
	}
	r := elastic.FromQuery(`process where event.action == "exec"`)
	res, _ := Rule(r, mustParse(t, r), Options{Link: func(*elastic.Rule) string { return "https://example.com/r" }})
	if !strings.Contains(res.Rule.Desc, "(https://example.com/r).") {
		t.Errorf("Options.Link ignored: %s", res.Rule.Desc)
	}
}

func TestReport(t *testing.T) {
	set := loadTOML(t, "a.toml", ruleTOML)
	bad := elastic.FromQuery(`process where process.session_leader.name == "x" and event.action == "exec"`)
	invalid := elastic.FromQuery(`process where a = 1`)
	file := elastic.FromQuery(`file where event.action == "deletion" and file.name == "wtmp"`)
	set.Rules = append(set.Rules, bad, invalid, file)
	set.Skipped = append(set.Skipped, &elastic.Rule{Path: "k.ndjson", Name: "KQL", Type: "query", Language: "kuery"})
	rep := Rules(set, Options{}).Report()
	if rep.Summary != (Summary{Rules: 5, Translated: 2, Refused: 1, Skipped: 1, Invalid: 1}) {
		t.Errorf("summary %+v", rep.Summary)
	}
	wantCats := []CategoryCount{{"process", 2, 1, 1}, {"file", 1, 1, 0}, {"unparsed", 1, 0, 0}}
	if fmt.Sprint(rep.Categories) != fmt.Sprint(wantCats) {
		t.Errorf("categories %+v, want %+v", rep.Categories, wantCats)
	}
	reasons := map[string]int{}
	for _, r := range rep.Reasons {
		reasons[r.Code] = r.Rules
	}
	if reasons[CodeUnmappedField] != 1 || reasons["eql/syntax"] != 1 || reasons["skipped: type query, language kuery"] != 1 {
		t.Errorf("reasons %+v", rep.Reasons)
	}
	md := string(rep.Markdown())
	for _, want := range []string{"| translated | 2 |", "| file where | 1 | 1 | 0 |", "| `translate/unmapped-field` | refused | 1 |", "| KQL | `k.ndjson` | skipped |"} {
		if !strings.Contains(md, want) {
			t.Errorf("Markdown lacks %q:\n%s", want, md)
		}
	}
	js, err := rep.JSON()
	if err != nil {
		t.Fatal(err)
	}
	var back Report
	if err := json.Unmarshal(js, &back); err != nil || back.Summary != rep.Summary || len(back.Rules) != 5 {
		t.Errorf("JSON does not read back: %v", err)
	}
}

func hasCode(ds diag.List, code string) bool {
	for _, d := range ds {
		if d.Code == code {
			return true
		}
	}
	return false
}

func mustParse(t *testing.T, r *elastic.Rule) *eql.Query {
	t.Helper()
	q, errs := eql.ParseSource(r.Source)
	if q == nil {
		t.Fatal(errs.Render())
	}
	return q
}

func TestPartialEval(t *testing.T) {
	exec := fieldValues(map[string][]string{"event.action": {"exec"}})
	fork := fieldValues(map[string][]string{"event.action": {"fork"}})
	present := fieldPresent("event.action")
	cases := []struct {
		where string
		env   env
		want  tri
	}{
		{`event.action == "exec"`, exec, yes},
		{`event.action == "exec"`, fork, no},
		{`event.action != "exec"`, fork, yes},
		{`event.action : "EXEC"`, exec, yes},
		{`event.action like "e*"`, fork, no},
		{`event.action like ""`, present, unknown},
		{`event.action like "*"`, present, yes},
		{`event.action == null`, present, no},
		{`event.action in ("a", "fork")`, fork, yes},
		{`event.action regex "f.*"`, fork, unknown},
		{`process.name == "x"`, fork, unknown},
		{`process.name == "x" and event.action == "exec"`, fork, no},
		{`process.name == "x" or event.action == "fork"`, fork, yes},
		{`not (process.name == "x" or event.action == "exec")`, exec, no},
		{`startsWith(event.action, "f")`, fork, unknown},
	}
	for _, c := range cases {
		q, errs := eql.Parse("process where " + c.where)
		if q == nil {
			t.Fatal(errs.Render())
		}
		if got := partialEval(q.Body.(*eql.EventQuery).Where, c.env); got != c.want {
			t.Errorf("%s: %v, want %v", c.where, got, c.want)
		}
	}
}

// File rules searching Defend for Containers file data are refused (its file
// documents depend on its logging policy and come from pre-operation hooks);
// the same query over Elastic Defend's data translates. Process rules over
// D4C data are checked against D4C's process documents only (fork, end),
// over Elastic Defend's data against Defend's (uid_change, ...).
func TestAgentsOfRule(t *testing.T) {
	rule := func(index, query string) *elastic.Rule {
		src := strings.Replace(ruleTOML, `type = "eql"`, "type = \"eql\"\n"+index, 1)
		start := strings.Index(src, "query = '''") + len("query = '''")
		end := strings.Index(src[start:], "'''") + start
		src = src[:start] + "\n" + query + "\n" + src[end:]
		return loadTOML(t, "r.toml", src).Rules[0]
	}
	fileQuery := `file where event.action == "creation" and file.path like "/etc/ld.so.conf.d/*"`
	// event.action "uid_change" only exists in Elastic Defend's data.
	procQuery := `process where event.action in ("exec", "uid_change") and process.name == "su"`
	for _, c := range []struct {
		index, query string
		code         string // "": translated
	}{
		{`index = ["logs-cloud_defend.file*"]`, fileQuery, CodeD4CFileEvents},
		{`index = ["logs-cloud_defend.*"]`, fileQuery, CodeD4CFileEvents},
		{`index = ["logs-endpoint.events.file*", "logs-cloud_defend.file*"]`, fileQuery, CodeD4CFileEvents},
		{`index = ["logs-endpoint.events.file*"]`, fileQuery, ""},
		{`index = ["auditbeat-*"]`, fileQuery, ""}, // modelled as Elastic Defend's documents
		{``, fileQuery, ""},
		{`index = ["logs-cloud_defend.process*"]`, procQuery, ""},
		{`index = ["logs-endpoint.events.process*"]`, procQuery, CodeUnmodeledEvents},
		{`index = ["logs-endpoint.events.process*", "logs-cloud_defend.process*"]`, procQuery, CodeUnmodeledEvents},
	} {
		r := rule(c.index, c.query)
		res, ds := Rule(r, mustParse(t, r), Options{})
		switch {
		case c.code == "" && res == nil:
			t.Errorf("%s %s: refused:\n%s", c.index, c.query, ds.Render())
		case c.code != "" && (res != nil || !hasCode(ds, c.code)):
			t.Errorf("%s %s: want %s:\n%s", c.index, c.query, c.code, ds.Render())
		}
	}
}
