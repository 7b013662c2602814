package e2e

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/eql2falco/eql2falco/capture/scap"
	"github.com/eql2falco/eql2falco/capture/threads"
	"github.com/eql2falco/eql2falco/elastic"
	"github.com/eql2falco/eql2falco/plugin/ecs"
)

// Assumption is one modelling decision of the ECS view of a capture: what
// the harness takes an ECS field of a D4C process event to be, and why.
type Assumption struct {
	Field  string // ECS field, or a topic
	Source string // where the value comes from in the capture
	Note   string // the assumption and its evidence
}

// Assumptions lists every modelling assumption of Document, in one place.
// The README's Parity section renders it (TestREADMEAssumptions keeps the
// two in step).
func Assumptions() []Assumption {
	var d4c, other []string
	for _, f := range ecs.Fields() {
		if f.D4C {
			d4c = append(d4c, f.Name)
		} else {
			other = append(other, f.Name)
		}
	}
	return []Assumption{
		{"which events have a document", "successful execve/execveat exits, and the file operations below, that Falco shows to rules",
			"Elastic Defend and D4C emit one process document per exec (event.action exec, event.type start). A failed exec has none. Their other process documents (fork, end, uid_change, ...) are not produced: the translator refuses a rule whose condition can hold on them (translate/unmodeled-events)."},
		{"file documents", "exits of open, openat, openat2 (creation), unlink, unlinkat (deletion), rename, renameat, renameat2 (rename)",
			"Elastic Defend's Linux file documents (elastic/ebpf Probe.bpf.c, endpoint-package linux_file_*.yaml): a creation when an open returned an fd with the driver's PPM_O_F_CREATED (the kernel's FMODE_CREATED, Defend's own test at fexit of do_filp_open), not O_TMPFILE; a deletion when unlink or unlinkat without AT_REMOVEDIR returned 0 (no rmdir); a rename when a rename returned 0. Failures have none. Gaps of the model: creat(2) reports no created flag (its creations are missed), io_uring opens make no syscall event, and drivers before the created flag (kernels before 4.19 with the kernel module) report none. Defend's modification, open, ai_agent_auth and endpoint_unquarantine documents are not produced, and the translator refuses rules that can hold on them; D4C's file data is not modelled (translate/d4c-file-events)."},
		{"file.path, file.Ext.original.path", "the path parameters, joined with the working directory or the directory fd's name (the replay's fd tables) as libsinsp joins them",
			"Absolute and process-rooted, as Elastic Defend reports (its path resolver walks up to the task's root). The join is lexical (fspath.Concat: \".\", \"..\", repeated '/'), where Defend reports the path the kernel resolved: the two agree unless the path crosses a symlink (a file created through a link to /etc/cron.d has the link's spelling here, /etc/cron.d/... in Elastic). A path that is not absolute after the join (an fd libsinsp does not know) has no value, and neither have file.name and file.extension."},
		{"event.type of file documents", "the action", "creation, deletion, and change for a rename: Elastic Defend does not document event.type for its file documents; these are the values its rules pair with each action (event.type == \"change\" and event.action == \"rename\")."},
		{"file.extension", "what follows the last '.' of file.name", "A dot file's name is its extension (.bashrc: bashrc), as Elastic's quark computes it (ecs.c); no value without a dot or with nothing after it. Defend does not document its rule."},
		{"process.* and user.* of file documents", "the thread table: the main thread of the thread that made the call, that thread's uid and gid",
			"Defend's file documents carry process.name, executable, pid, command_line, user.id and group.id (and entity ids the plugin has no counterpart for); the other process fields (args, parent, working directory, container.id) are absent there and have no value here."},
		{"which fields", "ecs.Document's fields, computed by the plugin's own extraction code on the raw event",
			"For a rule searching D4C data (an index pattern matching logs-cloud_defend.*), only the fields D4C populates (ecs.Field.D4C: " + strings.Join(d4c, ", ") + "), plus process.parent.* below; " +
				"the plugin's other fields (" + strings.Join(other, ", ") + ") are absent, as in D4C data, and the translator refuses rules testing them (translate/not-d4c-field). " +
				"For a rule searching other data (Elastic Defend's logs-endpoint.*, ...), every plugin field with its ECS meaning (ViewOf)."},
		{"process.name", "basename of the trusted_exepath parameter",
			"The executable the kernel ran (D4C's selector doc: 'executable basename'): the interpreter of a #! script (dash for Debian's /usr/bin/which), busybox for an applet. Not the task comm, which is Falco's proc.name."},
		{"process.args", "exe and args parameters",
			"argv as the kernel left it after exec, argv[0] as passed and the #! line first for a script; cut at 4096 bytes by the driver (D4C reads up to 20480); elements over 1024 characters are left out, as Elasticsearch does not index them (ignore_above)."},
		{"process.interactive", "tty parameter != 0",
			"Has a controlling terminal (D4C's 'sessions with a controlling TTY'); ECS's definition (stdin and stderr on the terminal) cannot be computed from the event. Decides the pre-d910d41 seed rule."},
		{"strings", "event bytes, as they are",
			"A byte that is not part of valid UTF-8 (an argument cut in the middle of a character by the 4096-byte limit, binary arguments) becomes U+FFFD, as Go's encoding/json writes it into the JSON document Elasticsearch indexes (D4C is a Go program; its encoder is not documented). Falco compares the raw bytes."},
		{"process.pid, process.parent.pid", "pid and ptid parameters",
			"Host pid namespace (D4C does not document which namespace it reports). process.parent.pid is the ptid parameter, the forking task: the parent's pid unless a multithreaded parent forked from another thread."},
		{"user.id, group.id", "uid and gid parameters", "Effective ids in decimal; D4C does not say whether real or effective."},
		{"container.id", "cgroups parameter (package capture/containerid), with the plugin's containerLayouts (parity --plugin-config; the real Falco gets the same init_config)",
			"The full 64-hex id (plugin default containerIdFormat: full) of a docker, podman or CRI layout (default containerLayouts: podman, docker, cri); absent for a host process, so `container.id like \"*\"` is false on the host. D4C runs on Kubernetes nodes and describes pods' containers, whose ids are 64 hex digits, and Elastic's quark parser knows only runtime scopes: the containerd-namespace and lxc layouts, whose ids are names (they take a host cgroup /<name>/<32 hex> for a container), give no id. D4C's own code is not public: unverified. Falco's native container.id (the container plugin) keeps every layout."},
		{"process.working_directory, process.parent.*, process.group_leader.*", "the replay's thread table after the event (package capture/threads, libsinsp's logic), read by the plugin's own code through ecs.ThreadTable as the plugin reads libsinsp's table in Falco",
			"The parent is the main thread of the process of the ptid parameter (the kernel's real_parent after any reparenting), the group leader the entry of the pgid parameter, the working directory the cwd of the process's main thread. Each is absent when the table has no such entry (a parent that exited and was removed, a process that started before an old capture and never appeared, a thread libsinsp only knows from events). The cwd follows the process list, forks and successful chdir calls, joined lexically as libsinsp joins them: after a chdir through a symlink it is the path as written, where the kernel and Elastic report the resolved path. D4C documents these fields without saying how it builds its process tree; the harness takes D4C's tree to be the kernel's at the exec, as libsinsp's is. process.session_leader.* and process.entry_leader.* are not modelled (libsinsp's session id mixes pid namespaces; the entry leader has no counterpart)."},
		{"events Falco evaluates", "every event not dropped by the savefile reader and not state-only (e2e.FalcoSees)",
			"Falco 0.42+ rules see exits and most enter events; Falco 0.41 also shows execve/execveat enter events. The embedded evaluator checks the union, where the plugin gives no value on the types it does not declare (ecs.EventTypes: the exits of execve, execveat and of the file operations above)."},
		{"old exec events", "EXECVE_8_X to EXECVE_18_X (captures from before 2019)",
			"Not converted to the current layout as Falco 0.42+'s savefile converter would: neither side sees ECS values, and the docs column of the table shows it (execs without a document)."},
	}
}

// AssumptionsMarkdown renders Assumptions as a Markdown table.
func AssumptionsMarkdown() string {
	var b strings.Builder
	b.WriteString("| field | from | assumption |\n|---|---|---|\n")
	for _, a := range Assumptions() {
		b.WriteString("| " + mdCell(a.Field) + " | " + mdCell(a.Source) + " | " + mdCell(a.Note) + " |\n")
	}
	return b.String()
}

func mdCell(s string) string { return strings.ReplaceAll(s, "|", `\|`) }

// Doc is an ECS document as D4C would emit it for one exec: field values as
// Elasticsearch holds them (string, []string, int64, bool), by flat ECS
// name, in the order of the plugin's field table.
// An EQL implementation may keep its own form of the document in Cache,
// one per View, built on first use and shared by the rules of a run.
type Doc struct {
	Fields []DocField
	// Needed, when not nil, holds the only fields the EQL rules of the run
	// read (Run sets it from the rules' FieldLister): an implementation may
	// leave the others out of its own form of the document.
	Needed map[string]bool
	Cache  [numViews]any
}

// DocField is one field of a Doc.
type DocField struct {
	Name  string
	Value any
	// D4C tells whether Defend for Containers populates the field.
	D4C bool
}

// In reports whether the field belongs to the documents of view v.
func (f DocField) In(v View) bool { return f.D4C || v == ViewPlugin }

// Get returns a field's value.
func (d *Doc) Get(name string) (any, bool) {
	for _, f := range d.Fields {
		if f.Name == name {
			return f.Value, true
		}
	}
	return nil, false
}

// Map returns the fields of view v as a flat map from ECS name to value.
func (d *Doc) Map(v View) map[string]any {
	m := make(map[string]any, len(d.Fields))
	for _, f := range d.Fields {
		if f.In(v) {
			m[f.Name] = f.Value
		}
	}
	return m
}

// View selects the plugin fields a document holds: the data the EQL rule
// is held to.
type View int

const (
	// ViewD4C holds the fields Defend for Containers populates: the truth a
	// rule searching D4C data (logs-cloud_defend.*) is held to (see
	// Assumptions).
	ViewD4C View = iota
	// ViewPlugin holds every field the plugin has, with their ECS meaning:
	// the truth for rules searching other data (Elastic Defend's endpoint
	// events, ...), and for the differential fuzz test.
	ViewPlugin
	numViews
)

// ViewOf returns the view a rule is held to: ViewD4C when it searches
// Defend for Containers data (elastic.Rule.SearchesD4C), ViewPlugin
// otherwise.
func ViewOf(r *elastic.Rule) View {
	if r.SearchesD4C() {
		return ViewD4C
	}
	return ViewPlugin
}

// Documents builds ECS documents with the plugin's extraction code. It
// reuses its buffers from one event to the next and is not safe for
// concurrent use.
type Documents struct {
	ext    *ecs.Extractor
	view   tableView   // the replay's thread table, as the plugin reads it
	fields []ecs.Field // the fields of the view
}

// NewDocuments returns a document builder for the plugin configuration cfg.
func NewDocuments(cfg ecs.Config, view View) *Documents {
	b := &Documents{}
	b.ext = ecs.NewExtractor(cfg, &b.view)
	for _, f := range ecs.Fields() {
		if f.D4C || view == ViewPlugin {
			b.fields = append(b.fields, f)
		}
	}
	return b
}

// Document returns the ECS document D4C would emit for an exec exit event:
// the plugin's fields D4C populates, computed by the plugin's code on the
// raw bytes and, for the process context (parent, working directory, group
// leader), on the replay's thread table after the event. It returns nil for
// a failed exec and for events that are not execve/execveat exits of the
// layouts the plugin reads (see Assumptions).
func (b *Documents) Document(ev *scap.Event, table *threads.Table) *Doc {
	return b.Build(ev, table, nil)
}

// Build is Document restricted to the fields in only (all when only is
// nil); Doc.Needed is set to only. The harness builds the documents the
// EQL rules read this way, and full ones for reports.
func (b *Documents) Build(ev *scap.Event, table *threads.Table, only map[string]bool) *Doc {
	b.view.t = table
	raw := ev.Bytes()
	// Every field of a successful exec the plugin reads has event.category;
	// nothing else has.
	if _, ok, err := b.ext.Extract(ev.Num, raw, ecs.EventCategory); err != nil || !ok {
		return nil
	}
	d := &Doc{Fields: make([]DocField, 0, len(b.fields)), Needed: only}
	for _, f := range b.fields {
		if only != nil && !only[f.Name] {
			continue
		}
		v, ok, err := b.ext.Extract(ev.Num, raw, f.ID)
		if err != nil || !ok {
			continue
		}
		var val any
		switch {
		case f.List:
			l := make([]string, len(v.List))
			for i, s := range v.List {
				l[i] = validUTF8(s)
			}
			val = l
		case f.Type == ecs.TypeString:
			val = validUTF8(v.Str)
		case f.Type == ecs.TypeUint64:
			val = int64(v.U64)
		default:
			val = v.Bool
		}
		d.Fields = append(d.Fields, DocField{f.Name, val, f.D4C})
	}
	return d
}

// validUTF8 returns b as a string with each byte that is not part of valid
// UTF-8 replaced by U+FFFD, as Go's encoding/json writes such strings into
// the JSON documents Elasticsearch indexes.
func validUTF8(b []byte) string {
	if utf8.Valid(b) {
		return string(b)
	}
	var s strings.Builder
	for len(b) > 0 {
		r, n := utf8.DecodeRune(b)
		s.WriteRune(r) // utf8.RuneError for an invalid byte, n == 1
		b = b[n:]
	}
	return s.String()
}

// renderValue renders a document value for reports.
func renderValue(v any) string {
	switch x := v.(type) {
	case string:
		return strconv.Quote(x)
	case []string:
		q := make([]string, len(x))
		for i, s := range x {
			q[i] = strconv.Quote(s)
		}
		return "[" + strings.Join(q, ", ") + "]"
	case int64:
		return strconv.FormatInt(x, 10)
	case bool:
		return strconv.FormatBool(x)
	}
	return ""
}
