// Command plugin is libecs.so, the ecs Falco plugin: ECS fields for exec
// events on the syscall source. Build it with `make plugin` (go build
// -buildmode=c-shared). Everything but the C symbol wiring lives in the
// importable packages plugin/ecs and plugin/extractor.
//
// The plugin info symbols (name, description, contact, extraction event
// types and sources, required event schema) are defined in C in info.c:
// plugin-sdk-go v0.8.3's own info package cannot declare syscall event
// types. The two version symbols are exported below, from the constants of
// plugin/ecs, the one place the plugin's versions are written (the release
// packages and the rules files take them from there too). plugin_init and
// plugin_destroy are exported below: the SDK's plugin_init does not pass on
// the state tables the plugin reads the thread table from (see
// extractor.Init). plugin_extract_fields is C, in package extractor
// (memo.c): it answers the fields Falco asks again for the same event
// without entering Go, and calls extractor.ExtractFields for the others
// (which says why not the SDK's extraction). The SDK's symbols packages
// export the others: plugin_get_fields, plugin_get_init_schema and
// plugin_get_last_error.
package main

/*
#include <stdint.h>
*/
import "C"

import (
	"unsafe"

	"github.com/falcosecurity/plugin-sdk-go/pkg/sdk/symbols/fields"
	"github.com/falcosecurity/plugin-sdk-go/pkg/sdk/symbols/initschema"
	_ "github.com/falcosecurity/plugin-sdk-go/pkg/sdk/symbols/lasterr"

	"github.com/eql2falco/eql2falco/plugin/ecs"
	"github.com/eql2falco/eql2falco/plugin/extractor"
)

func init() {
	fields.SetFields(extractor.Fields())
	initschema.SetInitSchema(extractor.InitSchema())
}

// plugin_init is ss_plugin_t* plugin_init(const ss_plugin_init_input* in,
// ss_plugin_rc* rc).
//
//export plugin_init
func plugin_init(in unsafe.Pointer, rc *C.int32_t) C.uintptr_t {
	var r int32
	h := extractor.Init(in, &r)
	*rc = C.int32_t(r)
	return C.uintptr_t(h)
}

// plugin_destroy is void plugin_destroy(ss_plugin_t* s).
//
//export plugin_destroy
func plugin_destroy(s C.uintptr_t) {
	extractor.Destroy(uintptr(s))
}

// The version strings as C strings, allocated once when the library loads
// and never freed: Falco keeps the pointers plugin_get_version and
// plugin_get_required_api_version return for the life of the plugin.
var (
	version            = C.CString(ecs.PluginVersion)
	requiredAPIVersion = C.CString(ecs.RequiredAPIVersion)
)

// plugin_get_version is const char* plugin_get_version(void).
//
//export plugin_get_version
func plugin_get_version() *C.char { return version }

// plugin_get_required_api_version is const char*
// plugin_get_required_api_version(void).
//
//export plugin_get_required_api_version
func plugin_get_required_api_version() *C.char { return requiredAPIVersion }

func main() {}
