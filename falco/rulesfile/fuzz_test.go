package rulesfile

import (
	"bytes"
	"testing"
	"unicode/utf8"
)

// FuzzLoad: reading and checking any input never panics, and diagnostics
// point inside the file.
func FuzzLoad(f *testing.F) {
	for _, c := range checkCases {
		f.Add([]byte(c.src))
	}
	golden, _ := Marshal(seedFile())
	f.Add(golden)
	f.Fuzz(func(t *testing.T, src []byte) {
		_, ds := Load("f.yaml", src, testOpts)
		// YAML breaks lines at \n, \r\n and a lone \r.
		lines := bytes.Count(src, []byte("\n")) + bytes.Count(src, []byte("\r")) + 2
		for _, d := range ds {
			if d.Pos.Line < 0 || d.Pos.Line > lines || d.Pos.Col < 0 || d.Code == "" {
				t.Fatalf("diagnostic out of range: %v (file has %d lines)", d, lines)
			}
		}
	})
}

// FuzzMarshal: whatever strings a rule holds, Marshal either refuses or
// writes a file that reads back with the same strings.
func FuzzMarshal(f *testing.F) {
	f.Add("evt.type = execve", "A rule: with colon.", "out %proc.name", "a b", "INFO")
	f.Add("x\ny", " lead", "trail ", `"q"`, "#")
	f.Add("é\u0085\u2028", "\t", "", "'", "-")
	f.Fuzz(func(t *testing.T, cond, desc, output, item, tag string) {
		var header []string
		if printableLine(desc) {
			header = []string{desc}
		}
		file := &File{
			Header: header,
			Items: []Item{
				&EngineVersion{Version: tag},
				&List{Name: item, Items: []string{item, tag}},
				&Macro{Name: tag, Condition: cond},
				&Rule{Name: desc, Desc: desc, Condition: cond, Output: output, Priority: tag, Tags: []string{item, tag}},
			},
		}
		out, err := Marshal(file)
		if err != nil {
			for _, s := range []string{cond, desc, output, item, tag} {
				if !utf8.ValidString(s) {
					return // YAML cannot hold it: refusing is right
				}
			}
			t.Fatalf("Marshal refused valid UTF-8 strings: %v", err)
		}
		back, _ := parse("m.yaml", out, true)
		if err := sameItems(file.Items, back.Items); err != nil {
			t.Fatalf("%v\n%s", err, out)
		}
	})
}
