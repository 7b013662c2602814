package elastic

import (
	"fmt"

	"github.com/eql2falco/eql2falco/diag"
)

// Rule is one detection rule with the metadata the translator and the
// reports use. Field names follow detection-rules TOML, which are also the
// keys of a Kibana export.
type Rule struct {
	// Path is the file the rule was read from; QueryPath for a query given on
	// the command line.
	Path string `json:"-" toml:"-"`
	// Line is the line of the rule in Path: the NDJSON record, the query
	// value of a TOML file; 0 for a command-line query.
	Line int `json:"-" toml:"-"`
	// Source is the query text with the map from its bytes to Path, for
	// diagnostics at the right line and column of the file.
	Source *diag.Source `json:"-" toml:"-"`

	Name                  string   `json:"name" toml:"name"`
	RuleID                string   `json:"rule_id" toml:"rule_id"`
	Description           string   `json:"description" toml:"description"`
	Severity              string   `json:"severity" toml:"severity"`
	RiskScore             int      `json:"risk_score" toml:"risk_score"`
	Tags                  []string `json:"tags" toml:"tags"`
	Threat                []Threat `json:"threat" toml:"threat"`
	Index                 []string `json:"index" toml:"index"`
	Type                  string   `json:"type" toml:"type"`
	Language              string   `json:"language" toml:"language"`
	Query                 string   `json:"query" toml:"query"`
	Note                  string   `json:"note" toml:"note"`
	References            []string `json:"references" toml:"references"`
	EventCategoryOverride string   `json:"event_category_override" toml:"event_category_override"`
	TimestampOverride     string   `json:"timestamp_override" toml:"timestamp_override"`
	From                  string   `json:"from" toml:"from"`
	Interval              string   `json:"interval" toml:"interval"`
	MaxSignals            int      `json:"max_signals" toml:"max_signals"`
	Author                []string `json:"author" toml:"author"`
	License               string   `json:"license" toml:"license"`
	// Version is the rule version of a Kibana export (TOML files have none:
	// detection-rules keeps versions in a lock file).
	Version int `json:"version" toml:"-"`

	// Maturity ("production", "development", "deprecated") and Integration
	// come from the [metadata] table of a TOML file; Integration of a Kibana
	// export lists the packages of related_integrations.
	Maturity    string   `json:"-" toml:"-"`
	Integration []string `json:"-" toml:"-"`
}

// IsEQL reports whether the rule is an EQL rule (type "eql").
func (r *Rule) IsEQL() bool { return r.Type == "eql" }

// Where returns "path" or "path:line" for messages.
func (r *Rule) Where() string {
	if r.Line > 0 {
		return fmt.Sprintf("%s:%d", r.Path, r.Line)
	}
	return r.Path
}

// Threat is one [[rule.threat]] entry: a framework tactic and its techniques.
type Threat struct {
	Framework  string      `json:"framework" toml:"framework"` // "MITRE ATT&CK"
	Tactic     Ref         `json:"tactic" toml:"tactic"`
	Techniques []Technique `json:"technique" toml:"technique"`
}

// Ref identifies a tactic, technique or subtechnique.
type Ref struct {
	ID        string `json:"id" toml:"id"`               // "TA0007", "T1518", "T1059.004"
	Name      string `json:"name" toml:"name"`           // "Discovery"
	Reference string `json:"reference" toml:"reference"` // https://attack.mitre.org/...
}

// Technique is a technique with its subtechniques.
type Technique struct {
	Ref
	Subtechniques []Ref `json:"subtechnique" toml:"subtechnique"`
}

// stringList decodes a string or a list of strings (metadata.integration).
type stringList []string

// UnmarshalTOML implements toml.Unmarshaler.
func (l *stringList) UnmarshalTOML(v any) error {
	switch v := v.(type) {
	case string:
		*l = []string{v}
	case []any:
		out := make([]string, 0, len(v))
		for _, e := range v {
			s, ok := e.(string)
			if !ok {
				return fmt.Errorf("expected a string or a list of strings, found a list with %T", e)
			}
			out = append(out, s)
		}
		*l = out
	default:
		return fmt.Errorf("expected a string or a list of strings, found %T", v)
	}
	return nil
}
