package eval

import (
	"fmt"
	"path/filepath"
	"testing"

	"github.com/eql2falco/eql2falco/elastic"
	"github.com/eql2falco/eql2falco/internal/corpus"
)

// benchEvents are exec events as Defend for Containers shapes them: the
// seed rule matches the first two.
var benchEvents = []string{
	`{"@timestamp":"2026-01-01T00:00:00Z","event":{"category":["process"],"type":["start"],"action":"exec","kind":"event","dataset":"cloud_defend.process"},"host":{"os":{"type":"linux"},"id":"h1","name":"node-1"},"process":{"name":"which","executable":"/usr/bin/which","args":["which","curl"],"pid":4242,"entity_id":"e2","working_directory":"/root","interactive":true,"parent":{"name":"bash","executable":"/bin/bash","pid":4000}},"user":{"id":"0"},"container":{"id":"8e4c0f8d0a1b2c3d4e5f60718293a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1"}}`,
	`{"@timestamp":"2026-01-01T00:00:01Z","event":{"category":["process"],"type":["start"],"action":"exec","kind":"event","dataset":"cloud_defend.process"},"host":{"os":{"type":"linux"},"id":"h1","name":"node-1"},"process":{"name":"dash","executable":"/usr/bin/dash","args":["/bin/sh","/usr/bin/which","nmap"],"pid":4243,"entity_id":"e3","working_directory":"/root","interactive":true,"parent":{"name":"bash","executable":"/bin/bash","pid":4000}},"user":{"id":"0"},"container":{"id":"8e4c0f8d0a1b2c3d4e5f60718293a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1"}}`,
	`{"@timestamp":"2026-01-01T00:00:02Z","event":{"category":["process"],"type":["start"],"action":"exec","kind":"event","dataset":"cloud_defend.process"},"host":{"os":{"type":"linux"},"id":"h1","name":"node-1"},"process":{"name":"ls","executable":"/usr/bin/ls","args":["ls","--color=auto","-la","/tmp"],"pid":4244,"entity_id":"e4","working_directory":"/root","interactive":true,"parent":{"name":"bash","executable":"/bin/bash","pid":4000}},"user":{"id":"0"},"container":{"id":"8e4c0f8d0a1b2c3d4e5f60718293a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1"}}`,
	`{"@timestamp":"2026-01-01T00:00:03Z","event":{"category":["process"],"type":["start"],"action":"exec","kind":"event","dataset":"cloud_defend.process"},"host":{"os":{"type":"linux"},"id":"h1","name":"node-1"},"process":{"name":"sh","executable":"/usr/bin/dash","args":["sh","-c","which nmap"],"pid":4245,"entity_id":"e5","working_directory":"/root","interactive":false,"parent":{"name":"bash","executable":"/bin/bash","pid":4000}},"user":{"id":"0"},"container":{"id":"8e4c0f8d0a1b2c3d4e5f60718293a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1"}}`,
}

func seedProgram(b *testing.B, version string) *Program {
	b.Helper()
	set, err := elastic.Load(filepath.Join(repoRoot(b), "rules", "elastic", version, "discovery_tool_enumeration.toml"))
	if err != nil || len(set.Rules) != 1 {
		b.Fatalf("%v", err)
	}
	p, errs := CompileRule(set.Rules[0], Options{})
	if p == nil {
		b.Fatal(errs.Render())
	}
	return p
}

func benchDocs(b *testing.B) []*Document {
	b.Helper()
	docs := make([]*Document, len(benchEvents))
	for i, js := range benchEvents {
		d, err := ParseJSON(nil, []byte(js))
		if err != nil {
			b.Fatal(err)
		}
		docs[i] = d
	}
	return docs
}

// BenchmarkSeedPreparsed evaluates the seed rule on pre-parsed documents
// (two matching, two not): the cost of deciding one event.
func BenchmarkSeedPreparsed(b *testing.B) {
	for _, version := range []string{"current", "pre-d910d41"} {
		b.Run(version, func(b *testing.B) {
			p, docs := seedProgram(b, version), benchDocs(b)
			matches := 0
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				ok, err := p.Match(docs[i%len(docs)])
				if err != nil {
					b.Fatal(err)
				}
				if ok {
					matches++
				}
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "docs/s")
			if b.N >= len(docs) && matches == 0 {
				b.Fatal("no document matched")
			}
		})
	}
}

// BenchmarkSeedJSON parses each event from JSON, then evaluates the seed
// rule on it.
func BenchmarkSeedJSON(b *testing.B) {
	p := seedProgram(b, "current")
	raw := make([][]byte, len(benchEvents))
	for i, s := range benchEvents {
		raw[i] = []byte(s)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		d, err := ParseJSON(nil, raw[i%len(raw)])
		if err != nil {
			b.Fatal(err)
		}
		if _, err := p.Match(d); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "docs/s")
}

// BenchmarkCorpusPreparsed evaluates every single-event rule of the shared
// corpus on one pre-parsed event: rules/s.
func BenchmarkCorpusPreparsed(b *testing.B) {
	set, err := elastic.Load(corpus.Dir(b))
	if err != nil {
		b.Fatal(err)
	}
	var progs []*Program
	for _, r := range set.Rules {
		if p, _ := CompileRule(r, Options{}); p != nil {
			progs = append(progs, p)
		}
	}
	d := benchDocs(b)[1]
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := progs[i%len(progs)].Match(d); err != nil {
			b.Fatal(fmt.Errorf("%s: %w", progs[i%len(progs)].Query(), err))
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "rules/s")
}

// BenchmarkSeedBuild builds each event with NewDocument and Add, as the
// parity harness does from an exec event, then evaluates the seed rule.
func BenchmarkSeedBuild(b *testing.B) {
	p := seedProgram(b, "current")
	args := [][]string{{"which", "curl"}, {"/bin/sh", "/usr/bin/which", "nmap"}, {"ls", "--color=auto", "-la", "/tmp"}, {"sh", "-c", "which nmap"}}
	names := []string{"which", "dash", "ls", "sh"}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		j := i % len(names)
		d := NewDocument(nil)
		for _, err := range []error{
			d.Add("event.category", "process"), d.Add("event.type", "start"), d.Add("event.action", "exec"),
			d.Add("host.os.type", "linux"), d.Add("process.name", names[j]), d.Add("process.args", args[j]),
			d.Add("process.args_count", len(args[j])), d.Add("process.interactive", true),
			d.Add("container.id", "8e4c0f8d0a1b2c3d4e5f60718293a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1"),
		} {
			if err != nil {
				b.Fatal(err)
			}
		}
		if _, err := p.Match(d); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "docs/s")
}
