package extractor

import (
	"errors"
	"fmt"

	"github.com/falcosecurity/plugin-sdk-go/pkg/ptr"
	"github.com/falcosecurity/plugin-sdk-go/pkg/sdk"

	"github.com/eql2falco/eql2falco/plugin/ecs"
)

// Fields returns the field list plugin_get_fields reports: the ecs field
// table in FieldID order, so that Falco's field_id is the ecs.FieldID.
func Fields() []sdk.FieldEntry {
	var out []sdk.FieldEntry
	for _, f := range ecs.Fields() {
		out = append(out, sdk.FieldEntry{
			Type:    string(f.Type),
			Name:    f.FalcoName(),
			IsList:  f.List,
			Display: "ECS " + f.Name,
			Desc:    f.Desc,
		})
	}
	return out
}

// InitSchema returns the init_config schema plugin_get_init_schema reports.
func InitSchema() *sdk.SchemaInfo {
	return &sdk.SchemaInfo{Schema: ecs.ConfigSchema}
}

// Plugin is the state of one plugin instance.
type Plugin struct {
	ext    *ecs.Extractor
	fields []ecs.Field // the field table, indexed by FieldID
	out    results     // C memory holding the values of the last call

	lastErr    error
	lastErrBuf ptr.StringBuffer
}

// New is the plugin_init callback: it parses init_config and returns the
// instance state. It never panics.
func New(config string) (state sdk.PluginState, err error) {
	defer func() {
		if r := recover(); r != nil {
			state, err = nil, fmt.Errorf("ecs: internal error in plugin_init: %v", r)
		}
	}()
	cfg, err := ecs.ParseConfig(config)
	if err != nil {
		return nil, err
	}
	return &Plugin{ext: ecs.NewExtractor(cfg), fields: ecs.Fields()}, nil
}

// Destroy frees the C memory of the instance (plugin_destroy).
func (p *Plugin) Destroy() {
	defer func() { _ = recover() }()
	p.out.free()
}

var errNone = errors.New("ecs: no error")

// LastError returns the error of the last failed call.
func (p *Plugin) LastError() error {
	if p.lastErr == nil {
		return errNone // plugin_get_last_error calls Error() on it
	}
	return p.lastErr
}

// SetLastError records err for plugin_get_last_error.
func (p *Plugin) SetLastError(err error) { p.lastErr = err }

// LastErrorBuffer is the C buffer plugin_get_last_error returns.
func (p *Plugin) LastErrorBuffer() sdk.StringBuffer { return &p.lastErrBuf }
