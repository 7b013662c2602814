package translate

import (
	"fmt"
	"strings"
)

// PrioritiesMarkdown is the README's table of Falco priorities by Elastic
// severity.
func PrioritiesMarkdown() string {
	var b strings.Builder
	b.WriteString("| ELASTIC SEVERITY | FALCO PRIORITY |\n|------------------|----------------|\n")
	for _, p := range Priorities {
		fmt.Fprintf(&b, "| %s | `%s` |\n", p.Severity, p.Priority)
	}
	return b.String()
}

// MaturitiesMarkdown is the README's table of Falco maturity tags by Elastic
// rule maturity.
func MaturitiesMarkdown() string {
	var b strings.Builder
	b.WriteString("| ELASTIC MATURITY | FALCO TAG | WHY |\n|------------------|-----------|-----|\n")
	for _, m := range Maturities {
		fmt.Fprintf(&b, "| %s | `%s` | %s |\n", m.Maturity, m.Tag, m.Why)
	}
	return b.String()
}

// CodesMarkdown is the README's table of diagnostic codes.
func CodesMarkdown() string {
	var b strings.Builder
	b.WriteString("| CODE | KIND | MEANING |\n|------|------|---------|\n")
	for _, c := range codes {
		kind := "refusal"
		if c.Warning {
			kind = "warning"
		}
		fmt.Fprintf(&b, "| `%s` | %s | %s |\n", c.Code, kind, strings.ReplaceAll(c.Summary, "|", `\|`))
	}
	return b.String()
}
