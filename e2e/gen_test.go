package e2e

import (
	"math/rand"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// chooser draws the decisions of the generators: from fuzz input bytes
// (coverage-guided mutation steers them; exhausted input gives zeros), or
// from a seeded PRNG for the quick fixed-seed run.
type chooser struct {
	data []byte
	rnd  *rand.Rand
}

func (c *chooser) intn(n int) int {
	if n <= 1 {
		return 0
	}
	if c.rnd != nil {
		return c.rnd.Intn(n)
	}
	if len(c.data) == 0 {
		return 0
	}
	b := int(c.data[0])
	c.data = c.data[1:]
	return b % n
}

func (c *chooser) pick(xs ...string) string { return xs[c.intn(len(xs))] }

// chance is true with the given probability; false on exhausted fuzz
// input, so that short inputs describe ordinary successful execs and
// simple conditions.
func (c *chooser) chance(percent int) bool { return c.intn(100) >= 100-percent }

// words is the vocabulary of both generators, so that conditions and
// events meet: tool and shell names, paths, case variants, wildcard
// characters, spaces, quotes, backslashes, non-ASCII, empty.
var words = []string{
	"which", "curl", "Curl", "CURL", "wget", "nmap", "dash", "bash", "sh", "busybox", "python3", "cc1*", "cc1plus",
	"/usr/bin/which", "/bin/which", "/bin/sh", "/usr/bin/dash", "/usr/bin/bash", "/bin/busybox", "/usr/bin/curl",
	"-c", "which nmap", "man", "chmod", "a b", "x*y", "a?c", `back\slash`, `quo"te`, "it's", "ü", "日本語", "",
	"linux", "process", "start", "exec", "0", "1000", "host",
	"50%", "a|b", "[x]", "-o ProxyCommand=x", "--SOCKS5", "/tmp", "/root", "..", "é",
	"file", "creation", "deletion", "rename", "change", "success", "/etc/cron.d/job", "/tmp/x.sh", ".bashrc",
	"job", "x.tar.gz", "gz", "sh", "bashrc", "/etc/cron.d", "cron.d/job", "/ETC/CRON.D/JOB", "dpkg-new",
}

// fields the condition generator uses, by Elasticsearch type.
var (
	keywordFields = []string{"process.name", "process.executable", "process.args", "user.id", "group.id",
		"container.id", "host.os.type", "event.category", "event.type", "event.action", "process.env_vars",
		"process.command_line", "process.parent.name", "process.parent.args", "process.parent.executable",
		"process.parent.command_line", "process.working_directory", "process.parent.working_directory",
		"process.group_leader.name", "process.group_leader.args", "process.parent.user.id",
		"file.path", "file.name", "file.extension", "file.Ext.original.path", "file.Ext.original.name",
		"file.Ext.original.extension", "event.outcome"}
	longFields = []string{"process.pid", "process.parent.pid", "process.args_count", "process.thread.id",
		"process.tty.char_device.major", "process.tty.char_device.minor"}
	boolFields = []string{"process.interactive"}
)

// eqlString quotes s as an EQL string literal.
func eqlString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\n':
			b.WriteString(`\n`)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// pattern builds a wildcard pattern from a word.
func pattern(c *chooser) string {
	w := c.pick(words...)
	switch c.intn(5) {
	case 0:
		return "*" + w
	case 1:
		return w + "*"
	case 2:
		return "*" + w + "*"
	case 3:
		if len(w) > 1 {
			i := c.intn(len(w))
			return w[:i] + "?" + w[i+1:]
		}
	}
	return w
}

// strValues returns 1 to 3 string literals.
func strValues(c *chooser, pat bool) string {
	n := 1 + c.intn(3)
	vs := make([]string, n)
	for i := range vs {
		if pat {
			vs[i] = eqlString(pattern(c))
		} else {
			vs[i] = eqlString(c.pick(words...))
		}
	}
	return strings.Join(vs, ", ")
}

// luceneRegex builds a Lucene regular expression around a word.
func luceneRegex(c *chooser) string {
	w := luceneQuote(c.pick(words...))
	switch c.intn(6) {
	case 0:
		return w + ".*"
	case 1:
		return ".*" + w
	case 2:
		return ".*" + w + ".*"
	case 3:
		return "(" + w + "|" + luceneQuote(c.pick(words...)) + ")"
	case 4:
		return "[a-c0-9/]+" + w
	}
	return w + "?"
}

// luceneQuote escapes Lucene regular expression syntax.
func luceneQuote(s string) string {
	var b strings.Builder
	for _, r := range s {
		if strings.ContainsRune(`.?+*|{}[]()"\#@&<>~`, r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

func number(c *chooser) string {
	return c.pick("0", "1", "2", "3", "136", "1300", "1401", "1500", "-1", "4294967296")
}

// condition generates a random EQL condition of at most depth levels over
// the mapped fields.
func genCondition(c *chooser, depth int) string {
	if depth > 0 && c.chance(45) {
		switch c.intn(4) {
		case 0:
			return "(" + genCondition(c, depth-1) + " and " + genCondition(c, depth-1) + ")"
		case 1:
			return "(" + genCondition(c, depth-1) + " or " + genCondition(c, depth-1) + ")"
		case 2:
			return "not " + genCondition(c, depth-1)
		default:
			return "(" + genCondition(c, depth-1) + ")"
		}
	}
	opt := ""
	if c.chance(5) {
		opt = "?"
	}
	switch c.intn(10) {
	case 0, 1, 2, 3, 4, 5:
		f := opt + c.pick(keywordFields...)
		switch c.intn(13) {
		case 0:
			return f + " == " + eqlString(c.pick(words...))
		case 1:
			return f + " != " + eqlString(c.pick(words...))
		case 2:
			return f + " in (" + strValues(c, false) + ")"
		case 3:
			return f + " not in (" + strValues(c, false) + ")"
		case 4:
			return f + " in~ (" + strValues(c, false) + ")"
		case 5:
			return f + " : " + eqlString(pattern(c))
		case 6:
			return f + " : (" + strValues(c, true) + ")"
		case 7:
			return f + " like " + eqlString(pattern(c))
		case 8:
			return f + " like~ (" + strValues(c, true) + ")"
		case 9:
			return f + c.pick(" == null", " != null")
		case 10:
			return c.pick("startsWith", "endsWith", "stringContains", "startsWith~", "endsWith~", "stringContains~") +
				"(" + f + ", " + eqlString(c.pick(words...)) + ")"
		case 11:
			if c.chance(50) {
				return f + c.pick(" regex ", " regex~ ") + eqlString(luceneRegex(c))
			}
			return f + " not in~ (" + strValues(c, false) + ")"
		default:
			return f + " : " + eqlString(c.pick(words...))
		}
	case 6, 7, 8:
		f := opt + c.pick(longFields...)
		switch c.intn(4) {
		case 0:
			return f + c.pick(" == ", " != ", " < ", " <= ", " > ", " >= ") + number(c)
		case 1:
			return f + " in (" + number(c) + ", " + number(c) + ")"
		case 2:
			return f + c.pick(" == null", " != null")
		default:
			return f + c.pick(" > ", " <= ") + number(c)
		}
	default:
		f := opt + c.pick(boolFields...)
		switch c.intn(4) {
		case 0:
			return f
		case 1:
			return f + c.pick(" == true", " == false", " != true", " != false")
		case 2:
			return f + c.pick(" == null", " != null")
		default:
			return "not " + f
		}
	}
}

// query wraps a condition as a single-event query of a category the
// plugin describes.
func query(c *chooser, cond string) string {
	return c.pick("process", "process", "file", "any") + " where " + cond
}

// randomFiles returns 0 to 3 random file operations of a process.
func randomFiles(c *chooser) []map[string]any {
	type m = map[string]any
	var out []m
	paths := []string{"/etc/cron.d/job", "cron.d/job", "/tmp/x.sh", "x.tar.gz", ".bashrc", "../etc/cron.d/x", "/tmp",
		"job", "/etc/cron.d/job.dpkg-new", "/", "a b/c", "/ETC/cron.d/Job"}
	opened := false
	for n := c.intn(4); n > 0; n-- {
		f := m{"op": c.pick("create", "create", "open", "creat", "unlink", "rmdir", "rename", "rename", "write", "chmod")}
		switch f["op"] {
		case "write":
			if !opened {
				continue
			}
			f["fd"] = "d"
		case "rename":
			f["path"], f["to"] = c.pick(paths...), c.pick(paths...)
			f["syscall"] = c.pick("rename", "renameat", "renameat2")
		default:
			f["path"] = c.pick(paths...)
		}
		switch f["op"] {
		case "create", "open":
			f["syscall"] = c.pick("openat", "open", "openat2")
			if c.chance(20) {
				f["flags"] = []string{c.pick("O_WRONLY", "O_RDWR"), "O_CREAT", c.pick("O_TRUNC", "O_TMPFILE", "O_EXCL")}
			}
			if c.chance(20) {
				f["created"] = c.chance(50)
			}
		case "unlink":
			f["syscall"] = c.pick("unlink", "unlinkat")
		}
		if sc, _ := f["syscall"].(string); (sc == "openat" || sc == "openat2" || sc == "unlinkat" || sc == "renameat" || sc == "renameat2") && opened && c.chance(40) {
			f["dirfd"] = "d"
			if f["op"] == "rename" && c.chance(50) {
				f["to_dirfd"] = c.pick("d", "7")
			}
		} else if f["op"] == "unlink" || f["op"] == "rmdir" || f["op"] == "rename" {
			if sc == "unlinkat" || sc == "renameat" || sc == "renameat2" || f["op"] == "rmdir" {
				if c.chance(20) {
					f["dirfd"] = "7" // not open
				}
			}
		}
		if c.chance(10) {
			f["result"] = c.pick("ENOENT", "EACCES")
		}
		out = append(out, f)
		if !opened && c.chance(50) {
			out = append(out, m{"op": "open", "path": c.pick("/etc", "/tmp/", "/var/log", "rel"), "flags": []string{"O_RDONLY", "O_DIRECTORY"}, "fd": "d"})
			opened = true
		}
	}
	return out
}

// randomScenario generates a scenario of n random execs (YAML), in random
// containers or on the host, with random argv, paths, #! interpreters,
// terminals, users and failures.
func randomScenario(c *chooser, n int) []byte {
	type m = map[string]any
	ctrs := []m{
		{"name": "d", "runtime": "docker"},
		{"name": "k", "runtime": "cri-containerd", "cgroup_driver": "systemd", "cgroup_version": 2},
		{"name": "p", "runtime": "podman"},
		{"name": "o", "runtime": "crio"},
	}
	procs := []m{
		{"name": "shim", "pid": 1200, "parent": 1, "exe": "/usr/bin/containerd-shim-runc-v2"},
		{"name": "hostsh", "pid": 900, "parent": 1, "exe": "/usr/bin/bash", "argv": []string{"-bash"}, "comm": "bash", "tty": "pts/0"},
	}
	for i, ct := range ctrs {
		procs = append(procs, m{"name": "sh" + ct["name"].(string), "pid": 1300 + 10*i, "vpid": 1, "parent": "shim",
			"container": ct["name"], "exe": c.pick("/usr/bin/bash", "/usr/bin/dash", "/bin/busybox"), "argv": []string{"sh"},
			"comm": "sh", "tty": c.pick("pts/0", "none", "pts/3")})
	}
	exes := []string{"/usr/bin/which", "/usr/bin/dash", "/usr/bin/bash", "/bin/busybox", "/usr/bin/curl",
		"/usr/bin/python3", "/usr/local/bin/WHICH", "/opt/日本/tool", "/usr/bin/sh"}
	var execs []m
	for i := 0; i < n; i++ {
		argc := 1 + c.intn(5)
		argv := make([]string, argc)
		for j := range argv {
			argv[j] = c.pick(words...)
			if c.chance(3) {
				argv[j] = strings.Repeat(c.pick("a", "ü", "curl"), 300+c.intn(1000))
			}
		}
		if argv[0] == "" {
			argv[0] = "which"
		}
		e := m{"parent": c.pick("hostsh", "shd", "shk", "shp", "sho"), "argv": argv,
			"path": c.pick("/usr/bin/which", "/bin/sh", "/bin/busybox", "/usr/bin/curl", "/tmp/x y", "/usr/bin/WHICH")}
		if c.chance(30) {
			e["interpreter"] = c.pick("/bin/sh", "/bin/bash", "/usr/bin/python3", "/bin/zsh")
			if c.chance(30) {
				e["interpreter_arg"] = c.pick("-e", "-x")
			}
		}
		if c.chance(70) {
			e["exe"] = c.pick(exes...)
		}
		if c.chance(15) {
			e["tty"] = c.pick("none", "pts/1", "tty1")
		}
		if c.chance(10) {
			e["user"] = c.pick("root", "app")
		}
		if c.chance(10) {
			e["result"] = c.pick("ENOENT", "EACCES")
		}
		if c.chance(10) {
			e["syscall"] = "execveat"
			e["dirfd"] = 3
		}
		if c.chance(15) {
			e["chdir"] = c.pick("/tmp", "..", "sub/dir", "/var/run/../lib", "/ROOT")
		}
		if e["result"] == nil && c.chance(50) {
			if fs := randomFiles(c); len(fs) > 0 {
				e["files"] = fs
			}
		}
		switch {
		case c.chance(10): // run by a process that stays: its children see it as their parent
			name := "k" + strconv.Itoa(i)
			e["keep"], e["name"] = true, name
			e["setpgid"] = c.chance(50)
			execs = append(execs, e)
			e = m{"parent": name, "argv": []string{c.pick(words...) + "x"}, "path": "/usr/bin/curl"}
		case c.chance(5): // the child of a subshell that exits before the exec
			execs = append(execs, m{"parent": e["parent"], "exec": false,
				"then": []m{{"argv": argv, "path": "/usr/bin/curl", "parent_exits": true}}})
			continue
		case c.chance(5):
			if e["result"] == nil && e["syscall"] == nil {
				e["thread"] = true
			}
		}
		execs = append(execs, e)
	}
	s := m{"name": "random", "users": []m{{"name": "root", "uid": 0, "gid": 0}, {"name": "app", "uid": 1000, "gid": 1000}},
		"containers": ctrs, "processes": procs, "execs": execs}
	out, err := yaml.Marshal(s)
	if err != nil {
		panic(err)
	}
	return out
}
