package rulesfile_test

import (
	"fmt"

	"github.com/eql2falco/eql2falco/falco/condition"
	"github.com/eql2falco/eql2falco/falco/rulesfile"
)

func Example() {
	f := &rulesfile.File{Items: []rulesfile.Item{
		&rulesfile.EngineVersion{Version: "0.50.0"},
		&rulesfile.List{Name: "shells", Items: []string{"bash", "sh"}},
		&rulesfile.Rule{
			Name:      "Shell spawned",
			Desc:      "A shell was started.",
			Condition: "evt.type in (execve, execveat) and proc.name in (shells)",
			Output:    "Shell spawned | process=%proc.name parent=%proc.pname",
			Priority:  "NOTICE",
			Tags:      []string{"maturity_sandbox", "host", "process"},
		},
	}}
	out, err := rulesfile.Marshal(f)
	if err != nil {
		panic(err)
	}
	fmt.Print(string(out))
	rs, ds := rulesfile.Load("shells.yaml", out, rulesfile.Options{Catalog: condition.MustFieldSet(condition.NativeFields)})
	fmt.Println(len(ds), "findings;", len(rs.Rules), "rule compiled")
	// Output:
	// - required_engine_version: 0.50.0
	//
	// - list: shells
	//   items: [bash, sh]
	//
	// - rule: Shell spawned
	//   desc: >-
	//     A shell was started.
	//   condition: >-
	//     evt.type in (execve, execveat) and proc.name in (shells)
	//   output: Shell spawned | process=%proc.name parent=%proc.pname
	//   priority: NOTICE
	//   tags: [maturity_sandbox, host, process]
	// 0 findings; 1 rule compiled
}
