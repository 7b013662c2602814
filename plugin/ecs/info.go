package ecs

import "github.com/eql2falco/eql2falco/capture/ppm"

// Identity and requirements of the plugin. The C side of the plugin returns
// the same strings from its info symbols; the ABI test checks they agree.
const (
	// PluginName is the plugin's name, the name rules list in
	// required_plugin_versions and falco.yaml lists in load_plugins.
	PluginName = "ecs"
	// PluginVersion is the plugin's semantic version.
	PluginVersion = "0.1.0"
	// PluginDescription and PluginContact are returned by
	// plugin_get_description and plugin_get_contact.
	PluginDescription = "ECS (Elastic Common Schema) fields for exec and file events, with the meaning Elastic Defend and Defend for Containers give them"
	PluginContact     = "https://github.com/eql2falco/eql2falco"
	// RequiredAPIVersion is the plugin API version the plugin needs:
	// plugin-sdk-go v0.8.3 reads ss_plugin_field_extract_input.value_offsets,
	// which exists since API 3.11.0 (falcosecurity/libs 0.21, Falco 0.41.0).
	RequiredAPIVersion = "3.11.0"
	// RequiredEventSchemaVersion is the driver event schema the plugin reads.
	// Falco >= 0.42 refuses to open a live capture when the major number
	// differs from the driver's (4).
	RequiredEventSchemaVersion = "4.0.0"
	// EventSource is the only event source the plugin extracts from.
	EventSource = "syscall"
	// FieldPrefix starts every Falco field name of the plugin.
	FieldPrefix = "ecs."
	// MinFalcoVersion is the oldest Falco release that can load the plugin,
	// and MinEngineVersion its rules engine version, for
	// required_engine_version in rules files that use the plugin.
	MinFalcoVersion  = "0.41.0"
	MinEngineVersion = "0.50.0"
)

// EventTypesOf returns the event codes that can be documents of kind k, in
// the order of EventTypes.
func EventTypesOf(k Kind) []ppm.Code {
	all := EventTypes()
	switch k {
	case KindExec:
		return all[:2]
	case KindFile:
		return all[2:]
	}
	return nil
}

// FileActionEventTypes returns the event codes that can be file documents
// of action a, in the order of EventTypes.
func FileActionEventTypes(a FileAction) []ppm.Code {
	var out []ppm.Code
	for _, c := range EventTypesOf(KindFile) {
		if l, _ := fileLayoutOf(c); l.action == a {
			out = append(out, c)
		}
	}
	return out
}

// EventTypes returns the event codes the plugin extracts from, in the order
// plugin_get_extract_event_types returns them: execve and execveat exits
// (current drivers emit execve exit for every successful execve and execveat
// from modern eBPF, execveat exit for the others), then the exits of the
// file operations that can be a document: open, openat, openat2 (creation),
// unlink, unlinkat (deletion), rename, renameat, renameat2.
func EventTypes() []ppm.Code {
	return []ppm.Code{
		ppm.CodeExecveX, ppm.CodeExecveatX,
		ppm.CodeOpenX, ppm.CodeOpenatX, ppm.CodeOpenat2X,
		ppm.CodeUnlinkX, ppm.CodeUnlinkatX,
		ppm.CodeRenameX, ppm.CodeRenameatX, ppm.CodeRenameat2X,
	}
}
