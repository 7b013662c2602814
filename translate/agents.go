package translate

import (
	"slices"

	"github.com/eql2falco/eql2falco/capture/ppm"
	"github.com/eql2falco/eql2falco/elastic"
	"github.com/eql2falco/eql2falco/elastic/eql"
	"github.com/eql2falco/eql2falco/plugin/ecs"
)

// The documents Elastic's Linux agents write, as far as a translation must
// know them. A Falco rule fires on the events the ecs plugin describes (the
// modelled classes below); an EQL rule fires on every document of the data
// it searches. The translation is exact only if the EQL condition cannot
// hold on a document the plugin does not produce, and it is refused
// otherwise (CodeUnmodeledEvents); a condition that holds on none of the
// plugin's documents is refused too, since the Falco rule could never fire
// where the EQL rule may.
//
// Sources: elastic/endpoint-package custom_documentation
// src/endpoint/data_stream/{process,file,network}/linux/*.yaml (Elastic
// Defend's Linux documents: event.action and field lists; released at
// v9.5.0, plus the newer linux_file_modification, linux_file_open,
// linux_file_ai_agent_auth, linux_process_{exec,exit,fork,mprotect,
// module_load,process_vm_access}); elastic/integrations cloud_defend README
// (Defend for Containers: process events fork, exec, end). Neither documents
// event.type; the values below for the modelled classes are those the rules
// pair with each action (event.type "change" with event.action "rename"),
// and for the others the ECS event.type values of their category that their
// action allows (ECS categorization: file types are access, change,
// creation, deletion, info; a modification, an open or an AI agent's
// authentication creates and deletes nothing).

// agent is a set of Elastic agents whose data a rule searches.
type agent uint8

const (
	agentDefend agent = 1 << iota // Elastic Defend, logs-endpoint.events.*
	agentD4C                      // Defend for Containers, logs-cloud_defend.*
)

// docClass is one kind of document an agent writes.
type docClass struct {
	agents   agent
	category string // event.category
	action   string // event.action
	// types are the event.type values it may carry, one per document;
	// nil: any value.
	types []string
	// only, when set, are the fields the documentation says it has: the
	// others are missing.
	only []string
	// kind is the plugin's document of the class, and for a file document
	// its action; ecs.KindNone when the plugin produces none.
	kind   ecs.Kind
	fileOp ecs.FileAction
	// what names the document in messages.
	what string
}

// Types of file documents that create and delete nothing, and of those that
// delete nothing.
var (
	notCreatingTypes = []string{"access", "change", "info"}
	notDeletingTypes = []string{"access", "change", "creation", "info"}
)

// Fields of Elastic Defend's endpoint_unquarantine documents
// (linux_file_endpoint_unquarantine.yaml) that the EQL rules may test.
var unquarantineFields = []string{"@timestamp", "event.action", "event.category", "event.created", "event.dataset",
	"event.id", "event.kind", "event.module", "event.outcome", "event.sequence", "event.type",
	"file.Ext.original.path", "file.hash.md5", "file.hash.sha1", "file.hash.sha256", "file.name", "file.path",
	"host.architecture", "host.domain", "host.hostname", "host.id", "host.ip", "host.mac", "host.name",
	"host.os.Ext.variant", "host.os.family", "host.os.full", "host.os.kernel", "host.os.name", "host.os.platform",
	"host.os.type", "host.os.version"}

var docClasses = []docClass{
	// Process documents. The plugin produces exec.
	{agents: agentDefend | agentD4C, category: "process", action: "exec", types: []string{"start"}, kind: ecs.KindExec, what: "exec"},
	{agents: agentDefend | agentD4C, category: "process", action: "fork", what: "fork"},
	{agents: agentDefend | agentD4C, category: "process", action: "end", what: "process end"},
	{agents: agentDefend, category: "process", action: "already_running", what: "already_running (a process running when the agent started)"},
	{agents: agentDefend, category: "process", action: "uid_change", what: "uid_change"},
	{agents: agentDefend, category: "process", action: "gid_change", what: "gid_change"},
	{agents: agentDefend, category: "process", action: "session_id_change", what: "session_id_change"},
	{agents: agentDefend, category: "process", action: "load_module", what: "load_module"},
	{agents: agentDefend, category: "process", action: "memfd_create", what: "memfd_create"},
	{agents: agentDefend, category: "process", action: "mprotect", what: "mprotect"},
	{agents: agentDefend, category: "process", action: "ptrace", what: "ptrace"},
	{agents: agentDefend, category: "process", action: "shmget", what: "shmget"},
	{agents: agentDefend, category: "process", action: "text_output", what: "text_output"},
	{agents: agentDefend, category: "process", action: "process_vm_access", what: "process_vm_access"},
	// File documents of Elastic Defend. The plugin produces creation,
	// deletion and rename.
	{agents: agentDefend, category: "file", action: "creation", types: []string{"creation"}, kind: ecs.KindFile, fileOp: ecs.FileCreation, what: "file creation"},
	{agents: agentDefend, category: "file", action: "deletion", types: []string{"deletion"}, kind: ecs.KindFile, fileOp: ecs.FileDeletion, what: "file deletion"},
	{agents: agentDefend, category: "file", action: "rename", types: []string{"change"}, kind: ecs.KindFile, fileOp: ecs.FileRename, what: "file rename"},
	{agents: agentDefend, category: "file", action: "modification", types: notCreatingTypes,
		what: "file modification (writes, truncations, chmod, chown)"},
	{agents: agentDefend, category: "file", action: "open", types: notCreatingTypes,
		what: "file open (of a configured sensitive path)"},
	{agents: agentDefend, category: "file", action: "ai_agent_auth", types: notCreatingTypes,
		what: "ai_agent_auth (an AI agent's credential file)"},
	{agents: agentDefend, category: "file", action: "endpoint_unquarantine", types: notDeletingTypes, only: unquarantineFields,
		what: "endpoint_unquarantine (a file the agent restores)"},
	// Network documents of Elastic Defend, which an "any where" rule
	// searching them also sees.
	{agents: agentDefend, category: "network", action: "connection_attempted", what: "network connection_attempted"},
	{agents: agentDefend, category: "network", action: "connection_accepted", what: "network connection_accepted"},
	{agents: agentDefend, category: "network", action: "disconnect_received", what: "network disconnect_received"},
	{agents: agentDefend, category: "network", action: "lookup_result", what: "DNS lookup_result"},
}

// agentsOf returns the agents whose data a rule searches: Defend for
// Containers when its index patterns match logs-cloud_defend.*; Elastic
// Defend when they match logs-endpoint.events.*, and for a rule searching
// neither (other sources, or no index patterns), whose documents the plugin
// models as Elastic Defend's.
func agentsOf(r *elastic.Rule) agent {
	var a agent
	if r.SearchesD4C() {
		a |= agentD4C
	}
	if r.SearchesDataset(elastic.DefendProcessDataset) || r.SearchesDataset(elastic.DefendFileDataset) || a == 0 {
		a |= agentDefend
	}
	return a
}

// env is what is known of the fields of a document of class c with
// event.type t ("": any).
func (c *docClass) env(t string) env {
	fixed := map[string][]string{
		"event.category": {c.category},
		"event.action":   {c.action},
		"event.kind":     {"event"},
		"host.os.type":   {"linux"},
	}
	if t != "" {
		fixed["event.type"] = []string{t}
	}
	if c.kind == ecs.KindFile {
		fixed["event.outcome"] = []string{"success"}
	}
	return func(name string) fieldState {
		if v, ok := fixed[name]; ok {
			return fieldState{known: true, present: true, values: v}
		}
		if c.only != nil && !slices.Contains(c.only, name) {
			return fieldState{known: true} // missing
		}
		if c.kind != ecs.KindNone {
			// The plugin's documents lack what its fields leave empty
			// on them (and the agent's lack the same).
			if f, ok := ecs.Lookup(name); ok && !f.On(c.kind) {
				return fieldState{known: true}
			}
		}
		return fieldState{}
	}
}

// holds is partialEval of where on the documents of c: yes or unknown when
// some event.type of c lets it hold.
func (c *docClass) holds(where eql.Expr) bool {
	types := c.types
	if types == nil {
		types = []string{""}
	}
	for _, t := range types {
		if partialEval(where, c.env(t)) != no {
			return true
		}
	}
	return false
}

// constant returns the value of a field every document of c carries alike
// (one of the plugin's documents: event and host fields).
func (c *docClass) constant(field string) (string, bool) {
	switch field {
	case "event.category":
		return c.category, true
	case "event.action":
		return c.action, true
	case "event.kind":
		return "event", true
	case "host.os.type":
		return "linux", true
	case "event.type":
		if len(c.types) == 1 {
			return c.types[0], true
		}
	case "event.outcome":
		if c.kind == ecs.KindFile {
			return "success", true
		}
	}
	return "", false
}

// eventTypes returns the Falco event types of the plugin's documents of c.
func (c *docClass) eventTypes() []ppm.Code {
	if c.kind == ecs.KindFile {
		return ecs.FileActionEventTypes(c.fileOp)
	}
	return ecs.EventTypesOf(c.kind)
}

// classesOf returns the document classes of agents a in the categories.
func classesOf(a agent, categories []string) []*docClass {
	var out []*docClass
	for i := range docClasses {
		c := &docClasses[i]
		if c.agents&a != 0 && slices.Contains(categories, c.category) {
			out = append(out, c)
		}
	}
	return out
}
