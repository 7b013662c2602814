package e2e

import (
	"bytes"
	"slices"
	"strings"
	"testing"

	"github.com/eql2falco/eql2falco/capture/scap"
	"github.com/eql2falco/eql2falco/capture/scenario"
	"github.com/eql2falco/eql2falco/falco/condition"
	"github.com/eql2falco/eql2falco/plugin/ecs"
)

func compile(t *testing.T, cond string) *condition.Program {
	t.Helper()
	e, err := condition.Parse(cond)
	if err != nil {
		t.Fatal(err)
	}
	p, err := condition.Compile(e, Catalog())
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// verdicts evaluates a condition on every event of a scenario and returns
// "evt.num:type" for the events where it holds.
func verdicts(t *testing.T, scenario, cond string) []string {
	t.Helper()
	p := compile(t, cond)
	if err := CheckFields(p); err != nil {
		t.Fatal(err)
	}
	var out []string
	replayAll(t, openScenario(t, scenario), func(ev *Event, e *scap.Event) {
		if p.Eval(ev) {
			out = append(out, e.Type().String()+" "+strings.Join(ev.FieldValues(p), " "))
		}
	})
	return out
}

func TestEventFields(t *testing.T) {
	for _, c := range []struct {
		scenario, cond string
		want           []string
	}{
		// ecs fields only on execve/execveat exits: not on clones, procexit.
		{"which-elf-binary.yaml", "ecs.process.name exists", []string{`< execve ecs.process.name="which"`}},
		{"which-elf-binary.yaml", "not ecs.process.name exists and evt.type = execve", nil},
		// Native fields come from the thread table after the event.
		{"which-debian-script.yaml", "evt.type = execve and proc.name = which and proc.exe = /bin/sh", []string{
			`< execve evt.type="execve" proc.name="which" proc.exe="/bin/sh"`,
			`< execve evt.type="execve" proc.name="which" proc.exe="/bin/sh"`}},
		{"which-debian-script.yaml", "evt.num = 3 and proc.pname = bash and proc.cmdline startswith which", []string{
			`< execve evt.num=3 proc.pname="bash" proc.cmdline="which /usr/bin/which curl"`}},
		{"which-debian-script.yaml", "evt.type = procexit and evt.dir = > and proc.exepath = /usr/bin/dash and proc.cmdnargs = 3", []string{
			`> procexit evt.type="procexit" evt.dir=">" proc.exepath="/usr/bin/dash" proc.cmdnargs=3`}},
		{"non-root-user.yaml", "evt.type = execve and user.uid = 1000 and group.gid = 1000 and proc.tty = 34816 and proc.vpid > 1", []string{
			`< execve evt.type="execve" user.uid=1000 group.gid=1000 proc.tty=34816 proc.vpid=2`}},
		{"host-process.yaml", "evt.type = execve and container.id = host and proc.pexepath = /usr/bin/bash", []string{
			`< execve evt.type="execve" container.id="host" proc.pexepath="/usr/bin/bash"`,
			`< execve evt.type="execve" container.id="host" proc.pexepath="/usr/bin/bash"`}},
		// A failed exec: no ecs value (the plugin returns none when res != 0).
		{"failed-exec.yaml", "evt.type = execve and evt.num < 4 and ecs.process.args exists", nil},
		// A failed execveat is an execveat exit: no value either.
		{"execveat.yaml", "evt.type = execveat", []string{`< execveat evt.type="execveat"`}},
		{"execveat.yaml", "evt.type = execveat and ecs.process.name exists", nil},
		{"execveat.yaml", "ecs.process.args intersects (nmap)", []string{`< execve ecs.process.args=("which","nmap")`}},
	} {
		got := verdicts(t, c.scenario, c.cond)
		if !slices.Equal(got, c.want) {
			t.Errorf("%s: %s:\n got %q\nwant %q", c.scenario, c.cond, got, c.want)
		}
	}
}

// An execve enter event (shown to rules by Falco 0.41) has no ecs values:
// the plugin declares only the exit events.
func TestEnterEventsHaveNoPluginValues(t *testing.T) {
	c := openScenario(t, "which-elf-binary.yaml")
	var buf bytes.Buffer
	m, err := c.Scenario.Write(&buf, scenario.Options{EnterEvents: true})
	if err != nil {
		t.Fatal(err)
	}
	c2 := &Capture{Name: c.Name, Scenario: c.Scenario, Manifest: m, data: buf.Bytes()}
	p := compile(t, "evt.type = execve and evt.dir = >")
	q := compile(t, "evt.type = execve and ecs.event.action exists")
	enter, withValues := 0, 0
	replayAll(t, c2, func(ev *Event, e *scap.Event) {
		if p.Eval(ev) {
			enter++
		}
		if q.Eval(ev) && !e.Type().IsExit() {
			withValues++
		}
	})
	if enter != 1 || withValues != 0 {
		t.Errorf("%d enter events seen, %d with ecs values", enter, withValues)
	}
}

func TestCheckFields(t *testing.T) {
	for cond, bad := range map[string]string{
		"evt.type = execve and proc.sid = 1":              "proc.sid",
		"evt.type = execve and proc.aname[2] = bash":      "proc.aname[2]",
		"evt.type = execve and proc.args[0] = x":          "proc.args[0]",
		"evt.type = execve and container.image = nginx":   "container.image",
		"evt.type = execve and ecs.process.args exists":   "",
		"evt.type = execve and proc.pcmdline contains ls": "",
	} {
		err := CheckFields(compile(t, cond))
		switch {
		case bad == "" && err != nil:
			t.Errorf("%s: %v", cond, err)
		case bad != "" && (err == nil || !strings.Contains(err.Error(), bad)):
			t.Errorf("%s: %v, want a refusal of %s", cond, err, bad)
		}
	}
}

// Every ecs field of the catalog is the plugin's, with its type and
// list-ness; every native field the provider computes exists in Falco's
// catalog.
func TestCatalog(t *testing.T) {
	cat := Catalog()
	for _, f := range ecs.Fields() {
		g, ok := cat.Field(f.FalcoName())
		if !ok || g.IsList != f.List || g.Type.String() != string(f.Type) || g.Plugin != "ecs" || g.ID != ecsBase+int(f.ID) {
			t.Errorf("%s: %+v", f.Name, g)
		}
	}
	for name, id := range nativeIDs {
		f, ok := cat.Field(name)
		if !ok || f.ID != id {
			t.Errorf("native field %s missing or with id %v", name, f)
		}
	}
}
