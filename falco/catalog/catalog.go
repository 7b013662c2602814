package catalog

import (
	"fmt"
	"sync"

	"github.com/eql2falco/eql2falco/falco/condition"
	"github.com/eql2falco/eql2falco/falco/rulesfile"
	"github.com/eql2falco/eql2falco/plugin/ecs"
)

// ECSFields returns the ecs plugin's fields as Falco sees them (the pattern
// fields included, with their required argument): name, type, list-ness,
// the plugin that provides them and, in ID, the plugin's field id
// (ecs.FieldID).
func ECSFields() []condition.FieldInfo {
	fs := ecs.PluginFields()
	out := make([]condition.FieldInfo, len(fs))
	for i, f := range fs {
		out[i] = condition.FieldInfo{
			Name:   f.FalcoName(),
			Type:   falcoType(f.Type),
			IsList: f.List,
			Plugin: ecs.PluginName,
			ID:     int(f.ID),
			Desc:   f.Desc,
		}
		if k := f.Pattern; k != ecs.NoPattern {
			out[i].Arg = condition.ArgRequired
			out[i].CheckArg = func(arg string) error { return ecs.CheckPatternArg(k, arg) }
		}
	}
	return out
}

// falcoType maps the plugin's declared type to the condition package's.
func falcoType(t ecs.Type) condition.Type {
	switch t {
	case ecs.TypeString:
		return condition.TypeString
	case ecs.TypeUint64:
		return condition.TypeUint64
	case ecs.TypeBool:
		return condition.TypeBool
	}
	panic(fmt.Sprintf("catalog: ecs field type %q has no Falco type", t))
}

var (
	once sync.Once
	def  *condition.FieldSet
)

// Default returns Falco's fields and the ecs plugin's fields. The catalog is
// built once and must not be modified.
func Default() *condition.FieldSet {
	once.Do(func() { def = condition.MustFieldSet(condition.NativeFields, ECSFields()) })
	return def
}

// Plugins gives the version of every plugin Default has fields of, as
// rulesfile.Options.Plugins wants it.
func Plugins() map[string]string {
	return map[string]string{ecs.PluginName: ecs.PluginVersion}
}

// MinFalco is the oldest Falco release that can load the ecs plugin.
func MinFalco() condition.Version {
	v, err := condition.ParseVersion(ecs.MinFalcoVersion)
	if err != nil {
		panic(err)
	}
	return v
}

// Options are the rulesfile.Check options for a rules file meant to run with
// the ecs plugin: the Default catalog, the plugin's version, and Falco 0.41
// (the oldest release that loads the plugin) as the minimum.
func Options() rulesfile.Options {
	return rulesfile.Options{Catalog: Default(), Plugins: Plugins(), MinFalco: MinFalco()}
}
