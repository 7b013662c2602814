package ecs

import "github.com/eql2falco/eql2falco/capture/ppm"

// Type is the Falco type of a field, as plugin_get_fields declares it.
type Type string

// Falco field types the plugin uses.
const (
	TypeString Type = "string"
	TypeUint64 Type = "uint64"
	TypeBool   Type = "bool"
)

// Elasticsearch mapping types ECS gives the plugin's fields
// (generated/ecs/ecs_flat.yml of elastic/ecs).
const (
	ESKeyword  = "keyword"
	ESWildcard = "wildcard"
	ESLong     = "long"
	ESBoolean  = "boolean"
)

// FieldID identifies a field. It is the field's index in Fields() and the
// field_id Falco passes to plugin_extract_fields.
type FieldID int

// The plugin's fields, in the order of Fields().
const (
	EventCategory FieldID = iota
	EventKind
	EventType
	EventAction
	EventOutcome
	HostOSType
	ProcessName
	ProcessExecutable
	ProcessArgs
	ProcessArgsCount
	ProcessCommandLine
	ProcessPID
	ProcessThreadID
	ProcessWorkingDirectory
	ProcessParentPID
	ProcessParentName
	ProcessParentExecutable
	ProcessParentArgs
	ProcessParentArgsCount
	ProcessParentCommandLine
	ProcessParentWorkingDirectory
	ProcessParentInteractive
	ProcessParentUserID
	ProcessParentGroupID
	ProcessGroupLeaderPID
	ProcessGroupLeaderName
	ProcessGroupLeaderExecutable
	ProcessGroupLeaderArgs
	ProcessInteractive
	ProcessTTYMajor
	ProcessTTYMinor
	ProcessEnvVars
	UserID
	GroupID
	ContainerID
	FilePath
	FileName
	FileExtension
	FileOriginalPath
	FileOriginalName
	FileOriginalExtension
	numFields
)

// Field describes one ECS field of the plugin.
type Field struct {
	ID FieldID // the field's index in Fields()
	// Name is the ECS name ("process.args"); FalcoName gives the Falco one.
	Name string
	// Type is the Falco type; List marks list fields (Falco's in,
	// intersects and exists operators test any element).
	Type Type
	List bool
	// ESType is the Elasticsearch mapping type ECS gives the field (ESKeyword,
	// ESWildcard, ESLong, ESBoolean). IgnoreAbove is the mapping's
	// ignore_above (0 when none): Elasticsearch does not index a longer
	// keyword value, so EQL cannot match it; the plugin leaves such values
	// out too (a list keeps its other elements).
	ESType      string
	IgnoreAbove int
	// D4C is true when Elastic Defend for Containers populates the field in
	// its process events (cloud_defend package README). A rule testing a
	// field D4C leaves empty sees it missing on D4C data.
	D4C bool
	// Desc says where the value comes from in the event and how it differs
	// from D4C. It is the description plugin_get_fields returns.
	Desc string
	// Pattern is set on the pattern fields of a list field (Of): their
	// required argument is a pattern, their value the list field's
	// elements that match it. Name is then the list field's name and the
	// kind ("process.args.like"), not an ECS name.
	Pattern PatternKind
	Of      FieldID

	// NoExec and NoFile say why a rule over process (file) documents
	// cannot test the field: the agent's documents of that kind carry a
	// value the plugin does not know. Empty when the plugin's values are
	// the agent's: computed, or absent on both sides.
	NoExec, NoFile string

	exec extractFn // the value on exec events; nil: none
	file extractFn // the value on file events; nil: none
}

// On reports whether the field can have a value on documents of kind k
// (KindExec, KindFile). A pattern field follows its list field.
func (f Field) On(k Kind) bool {
	if f.Pattern != NoPattern {
		f = table[f.Of]
	}
	switch k {
	case KindExec:
		return f.exec != nil
	case KindFile:
		return f.file != nil
	}
	return false
}

// FalcoName is the field's name in Falco rules: "ecs." + the ECS name.
func (f Field) FalcoName() string { return FieldPrefix + f.Name }

// Fields returns the ECS fields of the plugin (the field table without the
// pattern fields), in FieldID order. The slice is a copy.
func Fields() []Field {
	fs := make([]Field, len(table))
	for i := range table {
		fs[i] = table[i]
		fs[i].ID = FieldID(i)
	}
	return fs
}

// PluginFields returns every field the plugin declares to Falco, in
// FieldID order: the ECS fields, then the pattern fields of each list field
// (see PatternKind). The slice is a copy.
func PluginFields() []Field {
	return append(Fields(), patternFields...)
}

// FieldByID returns the field with the given id, a pattern field included.
func FieldByID(id FieldID) (Field, bool) {
	switch {
	case id >= 0 && id < numFields:
		f := table[id]
		f.ID = id
		return f, true
	case id >= numFields && int(id-numFields) < len(patternFields):
		return patternFields[id-numFields], true
	}
	return Field{}, false
}

// Lookup returns the field with the given ECS name ("process.args"). Pattern
// fields have no ECS name and are not found.
func Lookup(ecsName string) (Field, bool) {
	for i, f := range table {
		if f.Name == ecsName {
			f.ID = FieldID(i)
			return f, true
		}
	}
	return Field{}, false
}

// LookupFalco returns the field with the given Falco name
// ("ecs.process.args", "ecs.process.args.like").
func LookupFalco(falcoName string) (Field, bool) {
	if len(falcoName) <= len(FieldPrefix) || falcoName[:len(FieldPrefix)] != FieldPrefix {
		return Field{}, false
	}
	if f, ok := Lookup(falcoName[len(FieldPrefix):]); ok {
		return f, true
	}
	for _, f := range patternFields {
		if f.FalcoName() == falcoName {
			return f, true
		}
	}
	return Field{}, false
}

// PatternField returns the pattern field of kind k of list field id.
func PatternField(id FieldID, k PatternKind) (Field, bool) {
	for _, f := range patternFields {
		if f.Of == id && f.Pattern == k {
			return f, true
		}
	}
	return Field{}, false
}

// patternFields are the pattern variants of the list fields, with ids after
// the table's: for each list field in FieldID order, like, ilike and regex.
var patternFields = func() []Field {
	var out []Field
	for i := range table {
		base := table[i]
		if !base.List {
			continue
		}
		for _, k := range []PatternKind{PatternLike, PatternILike, PatternRegex} {
			f := base
			f.ID = numFields + FieldID(len(out))
			f.Name = base.Name + "." + k.String()
			f.Of, f.Pattern = FieldID(i), k
			f.Desc = patternDesc(base, k)
			f.exec, f.file = nil, nil
			out = append(out, f)
		}
	}
	return out
}()

func patternDesc(base Field, k PatternKind) string {
	what := map[PatternKind]string{
		PatternLike: "match one of the wildcard patterns of the argument, separated by |: Elasticsearch " +
			"wildcards, * any characters, ? one character, no escape (a backslash is itself), " +
			"case-sensitive; EQL's like",
		PatternILike: "match one of the wildcard patterns of the argument, separated by |, as " + base.FalcoName() +
			".like but folding ASCII letters (and only those); EQL's like~ and :",
		PatternRegex: "match, whole, the RE2 expression of the argument; EQL's regex, regex~ once " +
			"translated (eql2falco writes the Lucene expression's RE2 form)",
	}[k]
	return "The elements of " + base.FalcoName() + " that " + what + ". Test it with exists: any element " +
		"matches. In the argument, %, |, brackets, quotes, spaces and control characters are written " +
		"%XX (% followed by two hex digits); a malformed argument gives no value and is logged."
}

const ignoreAbove = 1024 // ECS's ignore_above for keyword fields

// The models of the fields read from the thread table, shared by their
// descriptions.
const (
	actorModel = "The process is the main thread of the thread that made the call (event tid); the user " +
		"and group, that thread's own entry. No value when the table has no such entry."
	pathModel = "A relative path is joined with the process's working directory or the directory fd's " +
		"name as libsinsp joins them (lexically: '..' and '.' are resolved on the text, symlinks are " +
		"not followed), where Elastic Defend reports the path the kernel resolved; the two agree " +
		"unless the path crosses a symlink. No value when the join is not an absolute path (an fd " +
		"libsinsp does not know, no working directory)."
	parentModel = "The parent is the entry of the main thread of the ptid's process in Falco's thread table " +
		"after the exec (after any reparenting: the kernel's real_parent). No value when the table " +
		"has no such entry (a parent that exited and was removed before the exec, or a thread " +
		"libsinsp only knows from events)."
	leaderModel = "The leader is the entry of the pgid in Falco's thread table; no value when the table has " +
		"none (a leader that exited, or one libsinsp only knows from events)."
	cwdModel = "libsinsp takes it from the capture's process list (/proc) or from the parent at fork, and " +
		"follows each successful chdir by joining its argument lexically: after a chdir through a " +
		"symlink it is the path as written, where the kernel, and so Elastic, reports the resolved " +
		"path. No value when the table has none."
)

// table is the field table. Keyed by FieldID so that an entry cannot drift
// from its identifier.
var table = [numFields]Field{
	EventCategory: {
		Name: "event.category", Type: TypeString, ESType: ESKeyword, IgnoreAbove: ignoreAbove, D4C: true,
		Desc: "'process' on exec events, 'file' on file events. ECS allows an array; the agents' documents, " +
			"like this field, carry the one value.",
		exec: constant("process"),
		file: constant("file"),
	},
	EventKind: {
		Name: "event.kind", Type: TypeString, ESType: ESKeyword, IgnoreAbove: ignoreAbove, D4C: true,
		Desc: "Always 'event', as in the agents' process and file documents ('alert' only appears in their " +
			"alerts data streams).",
		exec: constant("event"),
		file: constant("event"),
	},
	EventType: {
		Name: "event.type", Type: TypeString, ESType: ESKeyword, IgnoreAbove: ignoreAbove, D4C: true,
		Desc: "'start' on exec events. On file events 'creation', 'deletion', or 'change' for a rename: " +
			"Elastic Defend documents no event.type for its file events; these are the values its rules " +
			"pair with each event.action (event.type == \"change\" and event.action == \"rename\"). D4C " +
			"also has 'end' and 'denied' process events, which have no counterpart here.",
		exec: constant("start"),
		file: fileEventType,
	},
	EventAction: {
		Name: "event.action", Type: TypeString, ESType: ESKeyword, IgnoreAbove: ignoreAbove, D4C: true,
		Desc: "'exec' on exec events; 'creation', 'deletion' or 'rename' on file events (Elastic Defend's " +
			"Linux file actions). The agents' other actions (fork, end, uid_change, ..., modification, " +
			"open, ...) have no counterpart here.",
		exec: constant("exec"),
		file: fileEventAction,
	},
	EventOutcome: {
		Name: "event.outcome", Type: TypeString, ESType: ESKeyword, IgnoreAbove: ignoreAbove,
		Desc: "'success' on file events: Elastic Defend reports creations, deletions and renames that " +
			"succeeded, and so does the plugin. No value on exec events, where Elastic Defend's " +
			"documents carry values it does not document: the translator refuses process rules that " +
			"test it.",
		NoExec: "Elastic Defend's process documents carry event.outcome with values it does not document",
		file:   constant("success"),
	},
	HostOSType: {
		Name: "host.os.type", Type: TypeString, ESType: ESKeyword, IgnoreAbove: ignoreAbove, D4C: true,
		Desc: "Always 'linux'.",
		exec: constant("linux"),
		file: constant("linux"),
	},
	ProcessName: {
		Name: "process.name", Type: TypeString, ESType: ESKeyword, IgnoreAbove: ignoreAbove, D4C: true,
		Desc: "Basename of the executable the kernel ran (trusted_exepath parameter): for a #! script the " +
			"interpreter (dash for `which` on Debian), for a busybox applet busybox, as D4C's " +
			"'executable basename'. No value when the event has no trusted_exepath (drivers before " +
			"libs 0.13, or an empty parameter): no guess from argv or comm. Falco's proc.name is the " +
			"task comm instead. On file events, the basename of the acting process's executable " +
			"(exe_path of its main thread in Falco's thread table). " + actorModel,
		exec: processName,
		file: threadName(relSelf),
	},
	ProcessExecutable: {
		Name: "process.executable", Type: TypeString, ESType: ESKeyword, IgnoreAbove: ignoreAbove, D4C: true,
		Desc: "Absolute path of the executable the kernel ran (trusted_exepath parameter), the " +
			"interpreter for a #! script. No value when the parameter is absent or empty. On file " +
			"events, the acting process's exe_path in Falco's thread table, when absolute. " + actorModel,
		exec: processExecutable,
		file: threadExecutable(relSelf),
	},
	ProcessArgs: {
		Name: "process.args", Type: TypeString, List: true, ESType: ESKeyword, IgnoreAbove: ignoreAbove, D4C: true,
		Desc: "argv as the kernel left it after exec: argv[0] as passed (exe parameter, not resolved), " +
			"then the args parameter; for a #! script the interpreter line comes first " +
			"(/bin/sh /usr/bin/which curl). The driver keeps the first 4096 bytes of argv (D4C: " +
			"20480). Elements longer than 1024 characters are left out, as Elasticsearch leaves " +
			"them unindexed. No value when exe is absent.",
		exec: processArgs,
	},
	ProcessArgsCount: {
		Name: "process.args_count", Type: TypeUint64, ESType: ESLong,
		Desc: "Number of argv elements (exe and args parameters), long ones included. Not populated by D4C.",
		exec: processArgsCount,
	},
	ProcessCommandLine: {
		Name: "process.command_line", Type: TypeString, ESType: ESWildcard,
		Desc: "argv joined with single spaces. Not populated by D4C, so an EQL rule on it never " +
			"matches D4C data. On file events, the acting process's argv from Falco's thread table " +
			"(exe, then the args subtable). " + actorModel,
		exec: processCommandLine,
		file: threadCommandLine(relSelf),
	},
	ProcessPID: {
		Name: "process.pid", Type: TypeUint64, ESType: ESLong, D4C: true,
		Desc: "Process id (pid parameter, the thread group id) in the host pid namespace. D4C does not " +
			"document its namespace. On file events, the pid of the acting thread's entry in Falco's " +
			"thread table. " + actorModel,
		exec: pidParam(ppm.ExecPID),
		file: threadPID(relActor),
	},
	ProcessThreadID: {
		Name: "process.thread.id", Type: TypeUint64, ESType: ESLong,
		Desc: "Thread id (tid parameter) in the host pid namespace; equal to process.pid after a " +
			"successful exec. Not populated by D4C.",
		exec: pidParam(ppm.ExecTID),
	},
	ProcessWorkingDirectory: {
		Name: "process.working_directory", Type: TypeString, ESType: ESKeyword, IgnoreAbove: ignoreAbove, D4C: true,
		Desc: "Working directory of the process (cwd of its main thread in Falco's thread table), without " +
			"the trailing '/' libsinsp keeps ('/' for the root). " + cwdModel,
		exec: workingDirectory(relSelf),
	},
	ProcessParentPID: {
		Name: "process.parent.pid", Type: TypeUint64, ESType: ESLong, D4C: true,
		Desc: "ptid parameter: the id of the task that forked the process (kernel real_parent) in the " +
			"host pid namespace. It is the parent's pid unless a multithreaded parent forked from " +
			"another thread than its main one; the other process.parent fields describe the parent's " +
			"process (its main thread).",
		exec: pidParam(ppm.ExecPTID),
	},
	ProcessParentName: {
		Name: "process.parent.name", Type: TypeString, ESType: ESKeyword, IgnoreAbove: ignoreAbove, D4C: true,
		Desc: "Basename of the parent's executable (process.parent.executable), the process.name model " +
			"applied to the parent: for a #! script parent its interpreter. Falco's proc.pname is the " +
			"parent's comm instead. " + parentModel,
		exec: threadName(relParent),
	},
	ProcessParentExecutable: {
		Name: "process.parent.executable", Type: TypeString, ESType: ESKeyword, IgnoreAbove: ignoreAbove, D4C: true,
		Desc: "Absolute path of the parent's executable (exe_path in Falco's thread table: the " +
			"trusted_exepath of the parent's own exec, or /proc/PID/exe for a process of the capture's " +
			"process list). No value when it is not an absolute path. " + parentModel,
		exec: threadExecutable(relParent),
	},
	ProcessParentArgs: {
		Name: "process.parent.args", Type: TypeString, List: true, ESType: ESKeyword, IgnoreAbove: ignoreAbove, D4C: true,
		Desc: "The parent's argv: argv[0] as passed (exe in Falco's thread table), then its arguments " +
			"(the args subtable), as the driver cut them (4096 bytes) at the parent's exec. Elements " +
			"longer than 1024 characters are left out. " + parentModel,
		exec: threadArgs(relParent),
	},
	ProcessParentArgsCount: {
		Name: "process.parent.args_count", Type: TypeUint64, ESType: ESLong,
		Desc: "Number of elements of the parent's argv (process.parent.args, long ones included). Not " +
			"populated by D4C. " + parentModel,
		exec: threadArgsCount(relParent),
	},
	ProcessParentCommandLine: {
		Name: "process.parent.command_line", Type: TypeString, ESType: ESWildcard,
		Desc: "The parent's argv joined with single spaces. Not populated by D4C. " + parentModel,
		exec: threadCommandLine(relParent),
	},
	ProcessParentWorkingDirectory: {
		Name: "process.parent.working_directory", Type: TypeString, ESType: ESKeyword, IgnoreAbove: ignoreAbove, D4C: true,
		Desc: "Working directory of the parent, as process.working_directory. " + cwdModel + " " + parentModel,
		exec: workingDirectory(relParent),
	},
	ProcessParentInteractive: {
		Name: "process.parent.interactive", Type: TypeBool, ESType: ESBoolean, D4C: true,
		Desc: "true when the parent has a controlling terminal (tty in Falco's thread table != 0), the " +
			"process.interactive model. " + parentModel,
		exec: threadInteractive(relParent),
	},
	ProcessParentUserID: {
		Name: "process.parent.user.id", Type: TypeString, ESType: ESKeyword, IgnoreAbove: ignoreAbove, D4C: true,
		Desc: "Effective user id of the parent in decimal (uid in Falco's thread table: from its exec, " +
			"its fork or its last setuid, setreuid or setresuid). " + parentModel,
		exec: threadUser(relParent, false),
	},
	ProcessParentGroupID: {
		Name: "process.parent.group.id", Type: TypeString, ESType: ESKeyword, IgnoreAbove: ignoreAbove, D4C: true,
		Desc: "Effective group id of the parent in decimal (gid in Falco's thread table). " + parentModel,
		exec: threadUser(relParent, true),
	},
	ProcessGroupLeaderPID: {
		Name: "process.group_leader.pid", Type: TypeUint64, ESType: ESLong, D4C: true,
		Desc: "Process group id (pgid parameter) in the host pid namespace: the pid of the process group " +
			"leader. No value from drivers before the parameter existed.",
		exec: pidParam(ppm.ExecPGID),
	},
	ProcessGroupLeaderName: {
		Name: "process.group_leader.name", Type: TypeString, ESType: ESKeyword, IgnoreAbove: ignoreAbove, D4C: true,
		Desc: "Basename of the process group leader's executable (the process.name model). " + leaderModel,
		exec: threadName(relGroupLeader),
	},
	ProcessGroupLeaderExecutable: {
		Name: "process.group_leader.executable", Type: TypeString, ESType: ESKeyword, IgnoreAbove: ignoreAbove, D4C: true,
		Desc: "Absolute path of the process group leader's executable (exe_path in Falco's thread " +
			"table). " + leaderModel,
		exec: threadExecutable(relGroupLeader),
	},
	ProcessGroupLeaderArgs: {
		Name: "process.group_leader.args", Type: TypeString, List: true, ESType: ESKeyword, IgnoreAbove: ignoreAbove, D4C: true,
		Desc: "The process group leader's argv, as process.parent.args. " + leaderModel,
		exec: threadArgs(relGroupLeader),
	},
	ProcessInteractive: {
		Name: "process.interactive", Type: TypeBool, ESType: ESBoolean, D4C: true,
		Desc: "true when the process has a controlling terminal (tty parameter != 0), false otherwise; " +
			"no value when tty is absent. This assumes D4C's model ('sessions with a controlling " +
			"TTY'); ECS describes stdin and stderr attached to the controlling terminal, which the " +
			"event does not carry.",
		exec: processInteractive,
	},
	ProcessTTYMajor: {
		Name: "process.tty.char_device.major", Type: TypeUint64, ESType: ESLong,
		Desc: "Major number of the controlling terminal (tty parameter, a kernel new_encode_dev number: " +
			"136 for /dev/pts/N). No value without a terminal. Not populated by D4C.",
		exec: ttyMajor,
	},
	ProcessTTYMinor: {
		Name: "process.tty.char_device.minor", Type: TypeUint64, ESType: ESLong,
		Desc: "Minor number of the controlling terminal (tty parameter). No value without a terminal. " +
			"Not populated by D4C.",
		exec: ttyMinor,
	},
	ProcessEnvVars: {
		Name: "process.env_vars", Type: TypeString, List: true, ESType: ESKeyword, IgnoreAbove: ignoreAbove,
		Desc: "Environment after exec, one KEY=value per element (env parameter; the driver keeps the " +
			"first 4096 bytes). Not populated by D4C.",
		exec: processEnvVars,
	},
	UserID: {
		Name: "user.id", Type: TypeString, ESType: ESKeyword, IgnoreAbove: ignoreAbove, D4C: true,
		Desc: "Effective user id (uid parameter) in decimal, '0' for root. D4C does not document " +
			"whether its user.id is the real or the effective id. On file events, the uid of the " +
			"acting thread's entry in Falco's thread table. " + actorModel,
		exec: idParam(ppm.ExecUID),
		file: threadUser(relActor, false),
	},
	GroupID: {
		Name: "group.id", Type: TypeString, ESType: ESKeyword, IgnoreAbove: ignoreAbove, D4C: true,
		Desc: "Effective group id (gid parameter) in decimal. D4C does not document whether its " +
			"group.id is the real or the effective id. On file events, the gid of the acting thread's " +
			"entry in Falco's thread table. " + actorModel,
		exec: idParam(ppm.ExecGID),
		file: threadUser(relActor, true),
	},
	ContainerID: {
		Name: "container.id", Type: TypeString, ESType: ESKeyword, IgnoreAbove: ignoreAbove, D4C: true,
		Desc: "Id of the container found in the cgroups parameter, in Defend for Containers' model: " +
			"a runtime's 64-hex-digit id in a docker, podman or CRI layout (containerd, cri-o, " +
			"nerdctl, kubepods), as Falco's container plugin reads them; all 64 digits, or the first " +
			"12 with init_config containerIdFormat: short. No value for a host process (Falco's " +
			"container.id says 'host'), nor, by default, for the containerd-namespace and lxc " +
			"layouts, whose ids are names: Falco's plugin takes a host cgroup /<name>/<32 hex> for a " +
			"container. init_config containerLayouts chooses the layouts (default podman, docker, " +
			"cri). Why: D4C runs as a DaemonSet on Kubernetes nodes and describes pods' containers " +
			"(elastic/integrations cloud_defend README, Elastic's D4C support matrix: EKS, GKE), and " +
			"Elastic's own cgroup parser (elastic/quark parse_container_cgroup) knows only runtime " +
			"scopes (docker-, crio-, libpod-, cri-containerd-, containerd-<id>.scope); D4C's code is " +
			"not public, so its exact layouts are unverified. No value on file events: Elastic " +
			"Defend's file documents have no container fields.",
		exec: containerID,
	},
	FilePath: {
		Name: "file.path", Type: TypeString, ESType: ESKeyword, IgnoreAbove: ignoreAbove,
		Desc: "File events: the absolute path of the file created or deleted, or the new path of a " +
			"renamed file. " + pathModel,
		file: filePath(false),
	},
	FileName: {
		Name: "file.name", Type: TypeString, ESType: ESKeyword, IgnoreAbove: ignoreAbove,
		Desc: "File events: the last component of file.path.",
		file: fileName(false),
	},
	FileExtension: {
		Name: "file.extension", Type: TypeString, ESType: ESKeyword, IgnoreAbove: ignoreAbove,
		Desc: "File events: what follows the last '.' of file.name, without the dot; no value without " +
			"a dot or with nothing after it. A dot file's name is its extension ('.bashrc': " +
			"'bashrc'), as Elastic's quark computes it (ecs.c); Elastic Defend does not document its " +
			"rule.",
		file: fileExtension(false),
	},
	FileOriginalPath: {
		Name: "file.Ext.original.path", Type: TypeString, ESType: ESKeyword, IgnoreAbove: ignoreAbove,
		Desc: "Renames: the absolute path the file had before (Elastic Defend's field for the source of " +
			"a rename). " + pathModel,
		file: filePath(true),
	},
	FileOriginalName: {
		Name: "file.Ext.original.name", Type: TypeString, ESType: ESKeyword, IgnoreAbove: ignoreAbove,
		Desc: "Renames: the last component of file.Ext.original.path.",
		file: fileName(true),
	},
	FileOriginalExtension: {
		Name: "file.Ext.original.extension", Type: TypeString, ESType: ESKeyword, IgnoreAbove: ignoreAbove,
		Desc: "Renames: the extension of file.Ext.original.name, as file.extension.",
		file: fileExtension(true),
	},
}
