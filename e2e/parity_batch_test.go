package e2e

import (
	"fmt"
	"testing"

	"github.com/eql2falco/eql2falco/falco/rulesfile"
)

func fileWith(name string, items ...rulesfile.Item) *FalcoFile {
	return &FalcoFile{Name: name, Set: &rulesfile.Ruleset{File: &rulesfile.File{Items: items}}}
}

// Rules files go to one real Falco run unless they define an item of the
// same name (the two versions of the seed rule share theirs), up to the
// batch size.
func TestBatchFiles(t *testing.T) {
	a := fileWith("a", &rulesfile.List{Name: "l1"}, &rulesfile.Rule{Name: "Seed"})
	b := fileWith("b", &rulesfile.Rule{Name: "Seed"}) // same rule name as a
	c := fileWith("c", &rulesfile.List{Name: "l2"}, &rulesfile.Rule{Name: "Other"})
	d := fileWith("d", &rulesfile.List{Name: "l1"}, &rulesfile.Rule{Name: "Third"}) // same list as a
	e := fileWith("e", &rulesfile.Rule{Name: "l1"})                                 // a rule may share a list's name
	got := fmt.Sprint(names(batchFiles([]*FalcoFile{a, b, c, d, e}, 64)))
	if want := "[[a c e] [b d]]"; got != want {
		t.Errorf("batches %s, want %s", got, want)
	}
	if got := fmt.Sprint(names(batchFiles([]*FalcoFile{a, c, e}, 2))); got != "[[a c] [e]]" {
		t.Errorf("batches of 2: %s", got)
	}
}

func names(bs [][]*FalcoFile) [][]string {
	var out [][]string
	for _, b := range bs {
		var n []string
		for _, f := range b {
			n = append(n, f.Name)
		}
		out = append(out, n)
	}
	return out
}
