package rulesfile

import (
	"gopkg.in/yaml.v3"

	"github.com/eql2falco/eql2falco/diag"
)

// File is a Falco rules file: a sequence of items.
type File struct {
	// Header holds comment lines written before the items (licence,
	// provenance), without their "# " prefix.
	Header []string
	Items  []Item
	// Name is the file's name in diagnostics (set by Parse).
	Name string

	src []byte     // source text when loaded
	df  *diag.File // positions of src
}

// Item is one of *EngineVersion, *PluginVersions, *List, *Macro, *Rule.
type Item interface {
	// Pos is where the item starts in a loaded file (zero for built items).
	Pos() Pos
}

// Pos is a position in a rules file.
type Pos struct{ Line, Col int }

// EngineVersion is "- required_engine_version: X".
type EngineVersion struct {
	Version string // semantic version such as "0.50.0" (or a legacy integer N meaning 0.N.0)
	At      Pos
	node    *yaml.Node
}

// PluginVersions is "- required_plugin_versions:" and its entries.
type PluginVersions struct {
	Plugins []PluginRequirement
	At      Pos
}

// PluginRequirement requires a plugin (or one of its alternatives) at a
// minimum version. Falco accepts a loaded plugin with the same major version
// and a version at least as high.
type PluginRequirement struct {
	Name         string
	Version      string
	Alternatives []PluginAlternative
	At           Pos
}

// PluginAlternative is another plugin that satisfies a requirement.
type PluginAlternative struct {
	Name    string
	Version string
}

// List is "- list: NAME" with its items as written (Falco list item text:
// bare, or quoted as in a condition).
type List struct {
	Name  string
	Items []string
	At    Pos
	nodes []*yaml.Node // item nodes, when loaded
}

// Macro is "- macro: NAME" with its condition.
type Macro struct {
	Name      string
	Condition string
	At        Pos
	cond      *yaml.Node
}

// Rule is "- rule: NAME". The writer emits keys in the order of the fields.
type Rule struct {
	Name      string
	Desc      string
	Condition string
	Output    string
	Priority  string
	Tags      []string
	Source    string // empty means syscall, Falco's default
	Enabled   *bool

	// Less common keys of Falco's rules schema.
	Capture             *bool
	CaptureDuration     *int
	WarnEvttypes        *bool
	SkipIfUnknownFilter *bool

	At    Pos
	nodes map[string]*yaml.Node // value nodes by key, when loaded
}

// Pos implements Item.
func (i *EngineVersion) Pos() Pos { return i.At }

// Pos implements Item.
func (i *PluginVersions) Pos() Pos { return i.At }

// Pos implements Item.
func (i *List) Pos() Pos { return i.At }

// Pos implements Item.
func (i *Macro) Pos() Pos { return i.At }

// Pos implements Item.
func (i *Rule) Pos() Pos { return i.At }

// Priorities of Falco's rules schema, most severe first.
var Priorities = []string{"EMERGENCY", "ALERT", "CRITICAL", "ERROR", "WARNING", "NOTICE", "INFO", "INFORMATIONAL", "DEBUG"}

// Bool returns a pointer to b, for the optional keys of Rule.
func Bool(b bool) *bool { return &b }
