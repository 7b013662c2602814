// Package extractor is the plugin-sdk-go side of the ecs plugin: the plugin
// state behind Falco's calls (plugin_init through the SDK's symbols
// packages, plugin_extract_fields through ExtractFields), the SDK field list
// and the init schema, all derived from package ecs.
//
// plugin_extract_fields itself is C (memo.c): Falco asks for the same field
// of the same event several times, and the C side answers the repeats from
// a memo of the current event's values without the cost of a call into Go.
//
// plugin-sdk-go v0.8.3 only hands plugin events (code 322) to extractors:
// its EventReader.Reader panics on any other event, and its symbols/extract
// package cannot be told about syscall events. ExtractFields therefore reads
// the raw syscall event from the ss_plugin_event_input itself and writes the
// values into C memory owned by the instance.
//
// Nothing here may panic into Falco: New and ExtractFields recover, record
// the error for plugin_get_last_error and return failure (Falco then sees
// "no value").
package extractor
