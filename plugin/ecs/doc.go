// Package ecs is the Go side of the ecs Falco plugin (libecs.so): the ECS
// fields it extracts from exec and file events, how each is computed, and its
// configuration. It has no cgo and no plugin-sdk-go dependency, so the
// translator and the parity harness import it to stay in step with the plugin:
//
//   - Fields, Lookup and LookupFalco give the field table, the single source
//     of truth for field names (ECS and Falco), Falco types, list-ness, the
//     Elasticsearch mapping ECS gives each field, and descriptions. The
//     plugin's field list and the README table are generated from it.
//   - Event decodes one raw event the plugin describes (execve/execveat
//     exits; the exits of the opens, unlinks and renames, see file.go) in
//     the driver layout, the bytes libsinsp hands to plugin_extract_fields,
//     without copying.
//   - ThreadTable is the thread table the process context (parent, working
//     directory, group leader, the acting process of a file event) and the
//     directory fds of relative paths are read from: libsinsp's in Falco
//     (package plugin/extractor), the replay's in the parity harness
//     (package e2e).
//   - Extractor computes field values the way the plugin does, decoding each
//     event once however many fields are asked for.
//   - Document returns every ECS value of an event as an Elasticsearch
//     document would hold it, through the same extraction code.
//   - Config is the plugin's init_config, with its JSON schema.
//
// An event yields values only if it is a document (Event.Kind): a
// successful exec, or a file creation, deletion or rename as Elastic Defend
// reports them. The agents emit nothing for a failed exec or operation, so
// every field of those has no value.
package ecs
