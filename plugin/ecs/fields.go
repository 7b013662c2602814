package ecs

import "github.com/eql2falco/eql2falco/ppm"

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

	get extractFn
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
			f.get = nil
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
		Desc: "Always 'process'. ECS allows an array; D4C process events, like this field, carry the one value.",
		get:  constant("process"),
	},
	EventKind: {
		Name: "event.kind", Type: TypeString, ESType: ESKeyword, IgnoreAbove: ignoreAbove, D4C: true,
		Desc: "Always 'event', as in D4C process events ('alert' only appears in D4C's alerts data stream).",
		get:  constant("event"),
	},
	EventType: {
		Name: "event.type", Type: TypeString, ESType: ESKeyword, IgnoreAbove: ignoreAbove, D4C: true,
		Desc: "Always 'start'. D4C also has 'end' and 'denied' events, which have no counterpart here.",
		get:  constant("start"),
	},
	EventAction: {
		Name: "event.action", Type: TypeString, ESType: ESKeyword, IgnoreAbove: ignoreAbove, D4C: true,
		Desc: "Always 'exec'. D4C also emits 'fork' and 'end' events, which the plugin does not produce.",
		get:  constant("exec"),
	},
	HostOSType: {
		Name: "host.os.type", Type: TypeString, ESType: ESKeyword, IgnoreAbove: ignoreAbove, D4C: true,
		Desc: "Always 'linux'.",
		get:  constant("linux"),
	},
	ProcessName: {
		Name: "process.name", Type: TypeString, ESType: ESKeyword, IgnoreAbove: ignoreAbove, D4C: true,
		Desc: "Basename of the executable the kernel ran (trusted_exepath parameter): for a #! script the " +
			"interpreter (dash for `which` on Debian), for a busybox applet busybox, as D4C's " +
			"'executable basename'. No value when the event has no trusted_exepath (drivers before " +
			"libs 0.13, or an empty parameter): no guess from argv or comm. Falco's proc.name is the " +
			"task comm instead.",
		get: processName,
	},
	ProcessExecutable: {
		Name: "process.executable", Type: TypeString, ESType: ESKeyword, IgnoreAbove: ignoreAbove, D4C: true,
		Desc: "Absolute path of the executable the kernel ran (trusted_exepath parameter), the " +
			"interpreter for a #! script. No value when the parameter is absent or empty.",
		get: processExecutable,
	},
	ProcessArgs: {
		Name: "process.args", Type: TypeString, List: true, ESType: ESKeyword, IgnoreAbove: ignoreAbove, D4C: true,
		Desc: "argv as the kernel left it after exec: argv[0] as passed (exe parameter, not resolved), " +
			"then the args parameter; for a #! script the interpreter line comes first " +
			"(/bin/sh /usr/bin/which curl). The driver keeps the first 4096 bytes of argv (D4C: " +
			"20480). Elements longer than 1024 characters are left out, as Elasticsearch leaves " +
			"them unindexed. No value when exe is absent.",
		get: processArgs,
	},
	ProcessArgsCount: {
		Name: "process.args_count", Type: TypeUint64, ESType: ESLong,
		Desc: "Number of argv elements (exe and args parameters), long ones included. Not populated by D4C.",
		get:  processArgsCount,
	},
	ProcessCommandLine: {
		Name: "process.command_line", Type: TypeString, ESType: ESWildcard,
		Desc: "argv joined with single spaces. Not populated by D4C, so an EQL rule on it never " +
			"matches D4C data.",
		get: processCommandLine,
	},
	ProcessPID: {
		Name: "process.pid", Type: TypeUint64, ESType: ESLong, D4C: true,
		Desc: "Process id (pid parameter, the thread group id) in the host pid namespace. D4C does not " +
			"document its namespace.",
		get: pidParam(ppm.ExecPID),
	},
	ProcessThreadID: {
		Name: "process.thread.id", Type: TypeUint64, ESType: ESLong,
		Desc: "Thread id (tid parameter) in the host pid namespace; equal to process.pid after a " +
			"successful exec. Not populated by D4C.",
		get: pidParam(ppm.ExecTID),
	},
	ProcessWorkingDirectory: {
		Name: "process.working_directory", Type: TypeString, ESType: ESKeyword, IgnoreAbove: ignoreAbove, D4C: true,
		Desc: "Working directory of the process (cwd of its main thread in Falco's thread table), without " +
			"the trailing '/' libsinsp keeps ('/' for the root). " + cwdModel,
		get: workingDirectory(relSelf),
	},
	ProcessParentPID: {
		Name: "process.parent.pid", Type: TypeUint64, ESType: ESLong, D4C: true,
		Desc: "ptid parameter: the id of the task that forked the process (kernel real_parent) in the " +
			"host pid namespace. It is the parent's pid unless a multithreaded parent forked from " +
			"another thread than its main one; the other process.parent fields describe the parent's " +
			"process (its main thread).",
		get: pidParam(ppm.ExecPTID),
	},
	ProcessParentName: {
		Name: "process.parent.name", Type: TypeString, ESType: ESKeyword, IgnoreAbove: ignoreAbove, D4C: true,
		Desc: "Basename of the parent's executable (process.parent.executable), the process.name model " +
			"applied to the parent: for a #! script parent its interpreter. Falco's proc.pname is the " +
			"parent's comm instead. " + parentModel,
		get: threadName(relParent),
	},
	ProcessParentExecutable: {
		Name: "process.parent.executable", Type: TypeString, ESType: ESKeyword, IgnoreAbove: ignoreAbove, D4C: true,
		Desc: "Absolute path of the parent's executable (exe_path in Falco's thread table: the " +
			"trusted_exepath of the parent's own exec, or /proc/PID/exe for a process of the capture's " +
			"process list). No value when it is not an absolute path. " + parentModel,
		get: threadExecutable(relParent),
	},
	ProcessParentArgs: {
		Name: "process.parent.args", Type: TypeString, List: true, ESType: ESKeyword, IgnoreAbove: ignoreAbove, D4C: true,
		Desc: "The parent's argv: argv[0] as passed (exe in Falco's thread table), then its arguments " +
			"(the args subtable), as the driver cut them (4096 bytes) at the parent's exec. Elements " +
			"longer than 1024 characters are left out. " + parentModel,
		get: threadArgs(relParent),
	},
	ProcessParentArgsCount: {
		Name: "process.parent.args_count", Type: TypeUint64, ESType: ESLong,
		Desc: "Number of elements of the parent's argv (process.parent.args, long ones included). Not " +
			"populated by D4C. " + parentModel,
		get: threadArgsCount(relParent),
	},
	ProcessParentCommandLine: {
		Name: "process.parent.command_line", Type: TypeString, ESType: ESWildcard,
		Desc: "The parent's argv joined with single spaces. Not populated by D4C. " + parentModel,
		get:  threadCommandLine(relParent),
	},
	ProcessParentWorkingDirectory: {
		Name: "process.parent.working_directory", Type: TypeString, ESType: ESKeyword, IgnoreAbove: ignoreAbove, D4C: true,
		Desc: "Working directory of the parent, as process.working_directory. " + cwdModel + " " + parentModel,
		get:  workingDirectory(relParent),
	},
	ProcessParentInteractive: {
		Name: "process.parent.interactive", Type: TypeBool, ESType: ESBoolean, D4C: true,
		Desc: "true when the parent has a controlling terminal (tty in Falco's thread table != 0), the " +
			"process.interactive model. " + parentModel,
		get: threadInteractive(relParent),
	},
	ProcessParentUserID: {
		Name: "process.parent.user.id", Type: TypeString, ESType: ESKeyword, IgnoreAbove: ignoreAbove, D4C: true,
		Desc: "Effective user id of the parent in decimal (uid in Falco's thread table: from its exec, " +
			"its fork or its last setuid, setreuid or setresuid). " + parentModel,
		get: threadUser(relParent, false),
	},
	ProcessParentGroupID: {
		Name: "process.parent.group.id", Type: TypeString, ESType: ESKeyword, IgnoreAbove: ignoreAbove, D4C: true,
		Desc: "Effective group id of the parent in decimal (gid in Falco's thread table). " + parentModel,
		get:  threadUser(relParent, true),
	},
	ProcessGroupLeaderPID: {
		Name: "process.group_leader.pid", Type: TypeUint64, ESType: ESLong, D4C: true,
		Desc: "Process group id (pgid parameter) in the host pid namespace: the pid of the process group " +
			"leader. No value from drivers before the parameter existed.",
		get: pidParam(ppm.ExecPGID),
	},
	ProcessGroupLeaderName: {
		Name: "process.group_leader.name", Type: TypeString, ESType: ESKeyword, IgnoreAbove: ignoreAbove, D4C: true,
		Desc: "Basename of the process group leader's executable (the process.name model). " + leaderModel,
		get:  threadName(relGroupLeader),
	},
	ProcessGroupLeaderExecutable: {
		Name: "process.group_leader.executable", Type: TypeString, ESType: ESKeyword, IgnoreAbove: ignoreAbove, D4C: true,
		Desc: "Absolute path of the process group leader's executable (exe_path in Falco's thread " +
			"table). " + leaderModel,
		get: threadExecutable(relGroupLeader),
	},
	ProcessGroupLeaderArgs: {
		Name: "process.group_leader.args", Type: TypeString, List: true, ESType: ESKeyword, IgnoreAbove: ignoreAbove, D4C: true,
		Desc: "The process group leader's argv, as process.parent.args. " + leaderModel,
		get:  threadArgs(relGroupLeader),
	},
	ProcessInteractive: {
		Name: "process.interactive", Type: TypeBool, ESType: ESBoolean, D4C: true,
		Desc: "true when the process has a controlling terminal (tty parameter != 0), false otherwise; " +
			"no value when tty is absent. This assumes D4C's model ('sessions with a controlling " +
			"TTY'); ECS describes stdin and stderr attached to the controlling terminal, which the " +
			"event does not carry.",
		get: processInteractive,
	},
	ProcessTTYMajor: {
		Name: "process.tty.char_device.major", Type: TypeUint64, ESType: ESLong,
		Desc: "Major number of the controlling terminal (tty parameter, a kernel new_encode_dev number: " +
			"136 for /dev/pts/N). No value without a terminal. Not populated by D4C.",
		get: ttyMajor,
	},
	ProcessTTYMinor: {
		Name: "process.tty.char_device.minor", Type: TypeUint64, ESType: ESLong,
		Desc: "Minor number of the controlling terminal (tty parameter). No value without a terminal. " +
			"Not populated by D4C.",
		get: ttyMinor,
	},
	ProcessEnvVars: {
		Name: "process.env_vars", Type: TypeString, List: true, ESType: ESKeyword, IgnoreAbove: ignoreAbove,
		Desc: "Environment after exec, one KEY=value per element (env parameter; the driver keeps the " +
			"first 4096 bytes). Not populated by D4C.",
		get: processEnvVars,
	},
	UserID: {
		Name: "user.id", Type: TypeString, ESType: ESKeyword, IgnoreAbove: ignoreAbove, D4C: true,
		Desc: "Effective user id (uid parameter) in decimal, '0' for root. D4C does not document " +
			"whether its user.id is the real or the effective id.",
		get: idParam(ppm.ExecUID),
	},
	GroupID: {
		Name: "group.id", Type: TypeString, ESType: ESKeyword, IgnoreAbove: ignoreAbove, D4C: true,
		Desc: "Effective group id (gid parameter) in decimal. D4C does not document whether its " +
			"group.id is the real or the effective id.",
		get: idParam(ppm.ExecGID),
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
			"not public, so its exact layouts are unverified.",
		get: containerID,
	},
}
