package ecsmapping

import (
	"bytes"
	"os"
	"testing"

	gen "github.com/eql2falco/eql2falco/elastic/ecsmapping/internal/gen"
)

func TestLookup(t *testing.T) {
	s := Load()
	if s.Len() < 2000 {
		t.Fatalf("only %d fields", s.Len())
	}
	cases := []Field{
		{Name: "process.args", Type: Keyword, IgnoreAbove: 1024, Array: true},
		{Name: "process.name", Type: Keyword, IgnoreAbove: 1024},
		{Name: "process.command_line", Type: Wildcard},
		{Name: "process.interactive", Type: Boolean},
		{Name: "process.args_count", Type: Long},
		{Name: "destination.ip", Type: IP},
		{Name: "event.category", Type: Keyword, IgnoreAbove: 1024, Array: true},
	}
	for _, want := range cases {
		got, ok := s.Lookup(want.Name)
		if !ok || got != want {
			t.Errorf("Lookup(%q) = %+v, %v; want %+v", want.Name, got, ok, want)
		}
	}
	if _, ok := s.Lookup("process.Ext.ancestry"); ok {
		t.Error("non-ECS field found")
	}
}

// TestTableUpToDate regenerates the table from the ECS source when it is
// available (../shared/ecs next to the repository) and compares.
func TestTableUpToDate(t *testing.T) {
	src, err := os.ReadFile("../../../shared/ecs/ecs_flat.yml")
	if err != nil {
		t.Skipf("ECS source not available: %v", err)
	}
	want, err := gen.Generate(src)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal([]byte(table), want) {
		t.Fatal("ecs_fields.tsv is stale: run go generate ./elastic/ecsmapping")
	}
}
