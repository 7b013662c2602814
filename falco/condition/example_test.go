package condition_test

import (
	"fmt"

	"github.com/eql2falco/eql2falco/falco/condition"
)

// A plugin's fields join Falco's in one catalog.
var catalog = condition.MustFieldSet(condition.NativeFields, []condition.FieldInfo{
	{Name: "ecs.process.args", Type: condition.TypeString, IsList: true, Plugin: "ecs"},
})

// event is a Provider backed by a map.
type event map[string]condition.Value

func (e event) Extract(f *condition.FieldRef) (condition.Value, bool) {
	v, ok := e[f.Info.Name]
	return v, ok
}

func Example() {
	e, err := condition.Parse(`evt.type in (execve, execveat) and ecs.process.args intersects (curl, "a b")`)
	if err != nil {
		panic(err)
	}
	prog, err := condition.Compile(e, catalog)
	if err != nil {
		panic(err)
	}
	ev := event{"evt.type": condition.Str("execve"), "ecs.process.args": condition.Strs("which", "curl")}
	fmt.Println(prog.Eval(ev))
	fmt.Print(prog.Explain(event{"evt.type": condition.Str("execve")}))
	// Output:
	// true
	// false and
	// true    evt.type in (execve, execveat)    [evt.type="execve"]
	// false   ecs.process.args intersects (curl, "a b")    [ecs.process.args=<no value>]
}

func ExamplePrint() {
	// Built in code: the printer chooses quoting and parentheses.
	e := &condition.And{Terms: []condition.Expr{
		&condition.Check{Field: &condition.Field{Name: "proc.name"}, Op: condition.OpEq, Value: &condition.Lit{Text: "a b"}},
		&condition.Not{X: &condition.Or{Terms: []condition.Expr{
			&condition.Ident{Name: "container"},
			&condition.Check{Field: &condition.Field{Name: "proc.exepath"}, Op: condition.OpGlob, Value: &condition.Lit{Text: "/usr/*"}},
		}}},
	}}
	s, err := condition.Print(e)
	fmt.Println(s, err)
	_, err = condition.Print(&condition.Check{Field: &condition.Field{Name: "proc.name"}, Op: condition.OpEq, Value: &condition.Lit{Text: `a b\`}})
	fmt.Println(err)
	// Output:
	// proc.name = "a b" and not (container or proc.exepath glob /usr/*) <nil>
	// offset 0: falco/unprintable: value "a b\\" ends in a backslash, which a quoted Falco string cannot represent
}
