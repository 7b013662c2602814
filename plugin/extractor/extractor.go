package extractor

/*
#include "memo.h"
#include "tables.h"
*/
import "C"

import (
	"errors"
	"fmt"
	"unsafe"

	"github.com/falcosecurity/plugin-sdk-go/pkg/cgo"
	"github.com/falcosecurity/plugin-sdk-go/pkg/ptr"
	"github.com/falcosecurity/plugin-sdk-go/pkg/sdk"

	"github.com/eql2falco/eql2falco/plugin/ecs"
)

// Fields returns the field list plugin_get_fields reports: the ecs field
// table in FieldID order, so that Falco's field_id is the ecs.FieldID.
func Fields() []sdk.FieldEntry {
	var out []sdk.FieldEntry
	for _, f := range ecs.PluginFields() {
		e := sdk.FieldEntry{
			Type:    string(f.Type),
			Name:    f.FalcoName(),
			IsList:  f.List,
			Display: "ECS " + f.Name,
			Desc:    f.Desc,
		}
		if f.Pattern != ecs.NoPattern {
			// The pattern is a key argument, required.
			e.Arg = sdk.FieldEntryArg{IsRequired: true, IsKey: true}
			e.Display = "ECS " + f.Name + " pattern"
		}
		out = append(out, e)
	}
	return out
}

// InitSchema returns the init_config schema plugin_get_init_schema reports.
func InitSchema() *sdk.SchemaInfo {
	return &sdk.SchemaInfo{Schema: ecs.ConfigSchema}
}

// Plugin is the state of one plugin instance.
type Plugin struct {
	ext     *ecs.Extractor
	fields  []ecs.Field     // the field table, indexed by FieldID
	out     results         // C memory holding the values of the last call
	threads *threadTable    // libsinsp's thread table; nil when built by New alone
	log     logger          // the owner's logger; none when built by New alone
	badArgs map[string]bool // malformed pattern arguments already logged

	lastErr    error
	lastErrBuf ptr.StringBuffer
}

// New returns the state of a plugin instance for init_config config that
// reads the process context from threads (nil: those fields have no value).
// plugin_init goes through Init, which gives it libsinsp's thread table.
// It never panics.
func New(config string, threads ecs.ThreadTable) (p *Plugin, err error) {
	defer func() {
		if r := recover(); r != nil {
			p, err = nil, fmt.Errorf("ecs: internal error in plugin_init: %v", r)
		}
	}()
	cfg, err := ecs.ParseConfig(config)
	if err != nil {
		return nil, err
	}
	return &Plugin{ext: ecs.NewExtractor(cfg, threads), fields: ecs.PluginFields()}, nil
}

// Init implements plugin_init(in, rc) for the ss_plugin_init_input in: it
// parses init_config, gets libsinsp's thread table and its field accessors,
// and returns the handle of the instance. On failure the handle holds only
// the error, for plugin_get_last_error, and *rc is SS_PLUGIN_FAILURE. It
// never panics.
func Init(in unsafe.Pointer, rc *int32) (handle uintptr) {
	var p *Plugin
	err := func() (err error) {
		defer func() {
			if r := recover(); r != nil {
				err = fmt.Errorf("ecs: internal error in plugin_init: %v", r)
			}
		}()
		if in == nil {
			return errors.New("ecs: plugin_init without an init input")
		}
		config := C.GoString((*C.ecs_init_input)(in).config)
		if _, err := ecs.ParseConfig(config); err != nil {
			return err // before the tables: the configuration is what a user fixes first
		}
		tt, err := newThreadTable(in)
		if err != nil {
			return err
		}
		if p, err = New(config, tt); err != nil {
			tt.free()
			return err
		}
		p.threads, p.log = tt, tt.log
		return nil
	}()
	*rc = sdk.SSPluginSuccess
	if err != nil {
		p = &Plugin{lastErr: err}
		*rc = sdk.SSPluginFailure
	}
	handle = uintptr(cgo.NewHandle(p))
	if err == nil {
		// Without a memo (out of memory) every field goes to Go: slower, the
		// same values.
		_ = C.ecs_memo_enable(C.uintptr_t(handle))
	}
	return handle
}

// Destroy implements plugin_destroy for the instance behind handle: it
// frees the instance's C memory and the handle.
func Destroy(handle uintptr) {
	defer func() { _ = recover() }()
	if handle == 0 || handle > cgo.MaxHandle {
		return
	}
	C.ecs_memo_free(C.uintptr_t(handle))
	h := cgo.Handle(handle)
	if p, ok := h.Value().(*Plugin); ok {
		p.Destroy()
	}
	h.Delete()
}

// Destroy frees the C memory of the instance.
func (p *Plugin) Destroy() {
	defer func() { _ = recover() }()
	p.out.free()
	if p.threads != nil {
		p.threads.free()
		p.threads = nil
	}
	p.lastErrBuf.Free()
}

// logArgError logs a malformed pattern argument the first time it is seen:
// the plugin API gives no way to refuse it when Falco loads the rule, and
// libsinsp turns a failed extraction into "no value" without a word.
func (p *Plugin) logArgError(e *ecs.ArgError) {
	key := e.Field + "[" + e.Arg + "]"
	if p.badArgs[key] || len(p.badArgs) >= 1024 {
		return
	}
	if p.badArgs == nil {
		p.badArgs = map[string]bool{}
	}
	p.badArgs[key] = true
	p.log.error(e.Error() + ": the field has no value on any event; fix the rule's argument")
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
