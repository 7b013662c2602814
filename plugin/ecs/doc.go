// Package ecs is the Go side of the ecs Falco plugin (libecs.so): the ECS
// fields it extracts from exec events, how each is computed, and its
// configuration. It has no cgo and no plugin-sdk-go dependency, so the
// translator and the parity harness import it to stay in step with the plugin:
//
//   - Fields, Lookup and LookupFalco give the field table, the single source
//     of truth for field names (ECS and Falco), Falco types, list-ness, the
//     Elasticsearch mapping ECS gives each field, and descriptions. The
//     plugin's field list and the README table are generated from it.
//   - Exec decodes one raw execve/execveat exit event (the driver layout, the
//     bytes libsinsp hands to plugin_extract_fields) without copying.
//   - ThreadTable is the thread table the process context (parent, working
//     directory, group leader) is read from: libsinsp's in Falco (package
//     plugin/extractor), the replay's in the parity harness (package e2e).
//   - Extractor computes field values the way the plugin does, decoding each
//     event once however many fields are asked for.
//   - Document returns every ECS value of an event as an Elasticsearch
//     document would hold it, through the same extraction code.
//   - Config is the plugin's init_config, with its JSON schema.
//
// An event yields values only if it is a successful exec (res == 0):
// Elastic Defend for Containers emits no event for a failed exec, so every
// field of a failed exec has no value.
package ecs
