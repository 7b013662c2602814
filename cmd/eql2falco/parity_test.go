package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const (
	seedRules = "../../rules/elastic"
	scenarios = "../../e2e/testdata/scenarios"
)

func TestParityPasses(t *testing.T) {
	code, stdout, stderr := runCLI(t, "parity", "--no-falco", "--rules", seedRules,
		"--capture", filepath.Join(scenarios, "which-debian-script.yaml"), "--capture", filepath.Join(scenarios, "no-terminal.yaml"))
	if code != exitOK {
		t.Fatalf("code %d\n%s\n%s", code, stdout, stderr)
	}
	for _, want := range []string{
		"current/discovery_tool_enumeration      which-debian-script.yaml",
		"pre-d910d41/discovery_tool_enumeration  no-terminal.yaml",
		"parity PASS: 2 rules, 2 captures",
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("output lacks %q:\n%s", want, stdout)
		}
	}
	if strings.Contains(stderr, "warning") {
		t.Errorf("the translator's lint warnings are repeated:\n%s", stderr)
	}
}

func TestParityJSON(t *testing.T) {
	code, stdout, _ := runCLI(t, "parity", "--no-falco", "--format", "json", "--rules", filepath.Join(seedRules, "current"),
		"--capture", filepath.Join(scenarios, "which-elf-binary.yaml"))
	var rep struct {
		Pass    bool
		Results []struct {
			Rule, Capture string
			EQL           int `json:"eql_matches"`
			Falco         int `json:"falco_matches"`
		}
	}
	if code != exitOK || json.Unmarshal([]byte(stdout), &rep) != nil || !rep.Pass || len(rep.Results) != 1 ||
		rep.Results[0].Rule != "discovery_tool_enumeration" || rep.Results[0].EQL != 1 || rep.Results[0].Falco != 1 {
		t.Fatalf("code %d\n%s", code, stdout)
	}
}

// A scenario whose expectation is wrong fails the run (exit 1), though both
// sides agree.
func TestParityExpectationFailureExit1(t *testing.T) {
	src, err := os.ReadFile(filepath.Join(scenarios, "which-elf-binary.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	wrong := strings.Replace(string(src), "match: {current: true,", "match: {current: false,", 1)
	dir := t.TempDir()
	p := writeFile(t, dir, "wrong.yaml", wrong)
	code, stdout, _ := runCLI(t, "parity", "--no-falco", "--rules", seedRules, "--capture", p)
	if code != exitFindings || !strings.Contains(stdout, "EXPECTATION FAILED current/discovery_tool_enumeration") ||
		!strings.Contains(stdout, "parity FAIL") {
		t.Fatalf("code %d\n%s", code, stdout)
	}
}

// A real Falco (here a stand-in script printing one alert on an event where
// the rules do not match) is compared too.
func TestParityRealFalco(t *testing.T) {
	dir := t.TempDir()
	falco := writeFile(t, dir, "falco", `#!/bin/sh
if [ "$1" = "--version" ]; then echo "Falco version: 0.44.1"; exit 0; fi
echo '{"rule":"Tool Enumeration Detected via Defend for Containers","output_fields":{"evt.num":1},"source":"syscall"}'
`)
	if err := os.Chmod(falco, 0o755); err != nil {
		t.Fatal(err)
	}
	plugin := writeFile(t, dir, "libecs.so", "")
	code, stdout, stderr := runCLI(t, "parity", "--falco", falco, "--plugin", plugin, "--rules", filepath.Join(seedRules, "current"),
		"--capture", filepath.Join(scenarios, "which-elf-binary.yaml"))
	if code != exitFindings || !strings.Contains(stdout, "real Falco 0.44.1") ||
		!strings.Contains(stdout, "verdicts: EQL no match, Falco (embedded) no match, Falco (real) a match") ||
		!strings.Contains(stderr, "Falco 0.44.1") {
		t.Fatalf("code %d\n%s\n%s", code, stdout, stderr)
	}
}

func TestParityUsageErrors(t *testing.T) {
	dir := t.TempDir()
	bad := writeFile(t, dir, "x.yaml", "- case: a\n")
	capture := filepath.Join(scenarios, "which-elf-binary.yaml")
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"parity", "--capture", capture}, "missing --rules"},
		{[]string{"parity", "--rules", seedRules}, "missing --capture"},
		{[]string{"parity", "--rules", seedRules, "--capture", capture, "--format", "xml"}, "--format"},
		{[]string{"parity", "--rules", seedRules, "--capture", filepath.Join(dir, "none.scap")}, "no such file"},
		{[]string{"parity", "--rules", seedRules, "--capture", capture, "--exceptions", bad, "--no-falco"}, "without a reason"},
		{[]string{"parity", "--rules", seedRules, "--capture", capture, "--falco", filepath.Join(dir, "nofalco")}, "falco not found"},
		{[]string{"parity", "--rules", seedRules, "--capture", capture, "--no-falco", "--falco", "x"}, "contradicts"},
		{[]string{"parity", "--rules", dir, "--capture", capture}, "no"},
	} {
		code, _, stderr := runCLI(t, c.args...)
		if code != exitUsage || !strings.Contains(stderr, c.want) {
			t.Errorf("%v: code %d, stderr %q, want %q", c.args, code, stderr, c.want)
		}
	}
}

// --progress writes a progress line on stderr, and clears it at the end.
func TestParityProgress(t *testing.T) {
	code, stdout, stderr := runCLI(t, "parity", "--no-falco", "--progress", "--rules", filepath.Join(seedRules, "current"),
		"--capture", filepath.Join(scenarios, "which-elf-binary.yaml"))
	if code != exitOK || !strings.Contains(stderr, "\r\033[Kparity: which-elf-binary.yaml: 0 events") ||
		!strings.HasSuffix(stderr, "\r\033[K") || strings.Contains(stdout, "\r") {
		t.Fatalf("code %d\nstderr %q", code, stderr)
	}
}

// A rule the translator refuses is listed and left out; the others are
// tested. A run with no testable rule is a usage error.
func TestParityRefusedRule(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "seq.toml", `[rule]
name = "A sequence"
rule_id = "00000000-0000-0000-0000-000000000001"
type = "eql"
language = "eql"
query = '''
sequence by process.entity_id [process where process.name == "a"] [process where process.name == "b"]
'''
`)
	capture := filepath.Join(scenarios, "which-elf-binary.yaml")
	code, stdout, stderr := runCLI(t, "parity", "--no-falco", "--format", "json", "--rules", dir,
		"--rules", filepath.Join(seedRules, "current"), "--capture", capture)
	var rep struct {
		Pass          bool
		NotTranslated []string `json:"not_translated"`
	}
	if code != exitOK || json.Unmarshal([]byte(stdout), &rep) != nil || !rep.Pass || len(rep.NotTranslated) != 1 ||
		rep.NotTranslated[0] != "seq" || !strings.Contains(stderr, "parity: seq: not translated, not tested: translate/") {
		t.Fatalf("code %d\n%s\n%s", code, stdout, stderr)
	}
	code, _, stderr = runCLI(t, "parity", "--no-falco", "--rules", dir, "--capture", capture)
	if code != exitUsage || !strings.Contains(stderr, "no EQL rule") {
		t.Fatalf("code %d\n%s", code, stderr)
	}
}

// Every error about a capture names it (issue 13, item 4): a capture that
// does not open, one cut in the middle, a real Falco failing on a scenario.
func TestParityErrorsNameTheCapture(t *testing.T) {
	dir := t.TempDir()
	header := writeFile(t, dir, "header.scap", "\x0a\x0d\x0d\x0a\x1c\x00\x00\x00")
	full := filepath.Join(dir, "full.scap")
	if code, _, stderr := runCLI(t, "synth", filepath.Join(scenarios, "which-elf-binary.yaml"), "-o", full); code != exitOK {
		t.Fatal(stderr)
	}
	b, err := os.ReadFile(full)
	if err != nil {
		t.Fatal(err)
	}
	cut := writeFile(t, dir, "cut.scap", string(b[:len(b)-40]))
	falco := writeFile(t, dir, "falco", "#!/bin/sh\nif [ \"$1\" = \"--version\" ]; then echo \"Falco version: 0.44.1\"; exit 0; fi\necho broken >&2; exit 3\n")
	if err := os.Chmod(falco, 0o755); err != nil {
		t.Fatal(err)
	}
	plugin := writeFile(t, dir, "libecs.so", "")
	scenario := filepath.Join(scenarios, "which-elf-binary.yaml")
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--no-falco", "--capture", header}, "eql2falco: " + header + ": scap: offset 0: SHB block: truncated"},
		{[]string{"--no-falco", "--capture", cut}, "eql2falco: " + cut + ": scap: offset "},
		{[]string{"--falco", falco, "--plugin", plugin, "--capture", scenario}, "eql2falco: " + scenario + ": falco on "},
	} {
		code, _, stderr := runCLI(t, append([]string{"parity", "--rules", filepath.Join(seedRules, "current")}, tc.args...)...)
		if code != exitUsage || !strings.Contains(stderr, tc.want) {
			t.Errorf("%v: code %d, want %q in stderr:\n%s", tc.args, code, tc.want, stderr)
		}
	}
}

// --plugin-config reaches both sides (issue 13, item 7): with Falco's
// container plugin's layouts, the host cgroup /<name>/<32 hex> gives a
// container id on both sides, so the rule fires and the scenario's
// expectation (Defend for Containers' model) fails; with the default it holds.
func TestParityPluginConfig(t *testing.T) {
	scenario := filepath.Join(scenarios, "host-cgroup-like-containerd.yaml")
	args := []string{"parity", "--no-falco", "--format", "json", "--rules", filepath.Join(seedRules, "current"), "--capture", scenario}
	var rep struct {
		Pass    bool
		Results []struct {
			EQL   int `json:"eql_matches"`
			Falco int `json:"falco_matches"`
		}
	}
	code, stdout, stderr := runCLI(t, args...)
	if code != exitOK || json.Unmarshal([]byte(stdout), &rep) != nil || !rep.Pass || rep.Results[0].EQL != 0 || rep.Results[0].Falco != 0 {
		t.Fatalf("default: code %d\n%s\n%s", code, stdout, stderr)
	}
	all := `{"containerLayouts":["podman","docker","cri","containerd","lxc"]}`
	code, stdout, stderr = runCLI(t, append(args, "--plugin-config", all)...)
	if code != exitFindings || json.Unmarshal([]byte(stdout), &rep) != nil || rep.Pass || rep.Results[0].EQL != 1 || rep.Results[0].Falco != 1 {
		t.Fatalf("every layout: code %d\n%s\n%s", code, stdout, stderr)
	}
	code, _, stderr = runCLI(t, append(args, "--plugin-config", `{"containerLayouts":["rkt"]}`)...)
	if code != exitUsage || !strings.Contains(stderr, "--plugin-config: ecs: invalid init_config: at /containerLayouts/0") {
		t.Errorf("bad config: code %d stderr %q", code, stderr)
	}
}

// More than ten rules not translated are counted by reason; --verbose lists
// each.
func TestParityManyRefused(t *testing.T) {
	dir := t.TempDir()
	for i := range 11 {
		writeFile(t, dir, fmt.Sprintf("seq%02d.toml", i), fmt.Sprintf("[rule]\nname = \"A sequence %d\"\n"+
			"rule_id = \"00000000-0000-0000-0000-0000000000%02d\"\ntype = \"eql\"\nlanguage = \"eql\"\nquery = '''\n"+
			"sequence by process.entity_id [process where process.name == \"a\"] [process where process.name == \"b\"]\n'''\n", i, i))
	}
	args := []string{"parity", "--no-falco", "--rules", dir, "--rules", filepath.Join(seedRules, "current"),
		"--capture", filepath.Join(scenarios, "which-elf-binary.yaml")}
	code, _, stderr := runCLI(t, args...)
	if code != exitOK || strings.Count(stderr, "not translated") != 1 ||
		!strings.Contains(stderr, "parity: 11 rules not translated, not tested (11 translate/unsupported-sequence); --verbose lists them") {
		t.Fatalf("code %d\n%s", code, stderr)
	}
	code, _, stderr = runCLI(t, append(args, "--verbose")...)
	if code != exitOK || strings.Count(stderr, "not translated, not tested: translate/unsupported-sequence") != 11 {
		t.Fatalf("--verbose: code %d\n%s", code, stderr)
	}
}
