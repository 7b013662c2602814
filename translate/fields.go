package translate

import (
	"fmt"
	"sort"
	"strings"

	"github.com/eql2falco/eql2falco/plugin/ecs"
)

// field is an ECS field with its Falco carrier.
type field struct {
	ecs.Field
}

// falco is the field's name in Falco conditions.
func (f field) falco() string { return f.FalcoName() }

func (f field) isString() bool { return f.Type == ecs.TypeString }
func (f field) isNumber() bool { return f.Type == ecs.TypeUint64 }
func (f field) isBool() bool   { return f.Type == ecs.TypeBool }

// lookupField returns the Falco carrier of an ECS field. The plugin's field
// table is the only source: a field without an entry has no exact carrier.
func lookupField(name string) (field, bool) {
	f, ok := ecs.Lookup(name)
	return field{f}, ok
}

// gaps are ECS fields with no exact carrier for a known reason, by name
// prefix, for the hint of translate/unmapped-field.
var gaps = []struct{ prefix, why string }{
	{"process.session_leader.", "libsinsp's session id is the one of /proc or the return value of setsid " +
		"in the caller's pid namespace, so the session leader cannot be found exactly in the thread table"},
	{"process.entry_leader.", "the entry leader (the process that entered the session or the container) " +
		"and its entry_meta have no counterpart in Falco's thread table"},
	{"process.previous.", "libsinsp keeps no record of the program a process ran before its exec"},
	{"process.parent.code_signature.", "Falco's events carry no code signatures"},
	{"process.code_signature.", "Falco's events carry no code signatures"},
	{"process.parent.entity_id", "Elastic's entity ids have no counterpart in Falco"},
	{"process.entity_id", "Elastic's entity ids have no counterpart in Falco"},
	{"file.directory", "Elastic Defend's file documents carry no file.directory (test file.path like \"/dir/*\")"},
	{"file.hash.", "the plugin reads no file contents"},
	{"file.size", "the file's size is not in the syscall events"},
	{"file.Ext.entropy", "the plugin reads no file contents"},
	{"file.Ext.header_bytes", "the plugin reads no file contents"},
}

// gapOf returns why the unmapped field name has no carrier, or "".
func gapOf(name string) string {
	for _, g := range gaps {
		if strings.HasPrefix(name, g.prefix) {
			return g.why
		}
	}
	return ""
}

// closestFields returns up to n mapped ECS field names closest to name, for
// hints: those sharing the longest dotted prefix first, then by edit
// distance.
func closestFields(name string, n int) []string {
	type cand struct {
		name   string
		prefix int
		dist   int
	}
	var cs []cand
	parts := strings.Split(name, ".")
	for _, f := range ecs.Fields() {
		fp := strings.Split(f.Name, ".")
		p := 0
		for p < len(parts) && p < len(fp) && parts[p] == fp[p] {
			p++
		}
		cs = append(cs, cand{f.Name, p, editDistance(name, f.Name)})
	}
	sort.SliceStable(cs, func(i, j int) bool {
		if cs[i].prefix != cs[j].prefix {
			return cs[i].prefix > cs[j].prefix
		}
		return cs[i].dist < cs[j].dist
	})
	var out []string
	for _, c := range cs[:min(n, len(cs))] {
		out = append(out, c.name)
	}
	return out
}

// editDistance is the Levenshtein distance between a and b, in bytes.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// FieldsMarkdown is the README's table of the ECS fields the translator
// accepts, generated from the plugin's field table: the Falco field carrying
// each, its Falco type, what EQL's == and in become, and whether Defend for
// Containers populates the field.
func FieldsMarkdown() string {
	var b strings.Builder
	b.WriteString("| ECS FIELD | FALCO FIELD | FALCO TYPE | `==` / `in` BECOME | POPULATED BY D4C |\n" +
		"|-----------|-------------|------------|--------------------|------------------|\n")
	for _, f := range ecs.Fields() {
		typ, eq := string(f.Type), "`=` / `in`"
		if f.List {
			typ += " list"
			eq = "`intersects`"
		}
		d4c := "no"
		if f.D4C {
			d4c = "yes"
		}
		fmt.Fprintf(&b, "| `%s` | `%s` | %s | %s | %s |\n", f.Name, f.FalcoName(), typ, eq, d4c)
	}
	return b.String()
}

// d4cFields lists the ECS names of the plugin's fields that Defend for
// Containers populates, for hints.
func d4cFields() []string {
	var names []string
	for _, f := range ecs.Fields() {
		if f.D4C {
			names = append(names, f.Name)
		}
	}
	return names
}
