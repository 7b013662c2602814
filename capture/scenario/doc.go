// Package scenario turns a small YAML description of a machine, its
// containers, running processes and program executions into a .scap capture
// that Falco replays, so that detection rules can be tested on exactly the
// activity they target.
//
// A scenario names a host, users, containers (runtime and cgroup layout:
// docker, containerd, CRI containerd, cri-o, podman, nerdctl; cgroupfs or
// systemd; cgroup v1 or v2), the processes of the capture's process list,
// and execs: argv, the path passed to exec, "#!" scripts (the kernel's argv
// rewrite, the interpreter as executable), busybox applets, failed execs,
// execveat, terminals, users, and nested execs run by a process before it
// exits, and the file operations a process does after its exec (files:
// creations, opens, creat, unlink, rmdir, renames, close, write, chmod,
// symlink; relative paths with directory fds named by earlier opens or
// taken from the process list's fd lists; failures). Each exec may list the
// Falco field values a reader must report for it (expect); Verify checks
// them against the replayed capture. Execs and file operations may state
// rule verdicts (expect: {match: ...}), which the parity harness checks.
//
// Write emits, per exec, the events a current driver reports: clone exit of
// the caller and of the child, optionally an execve enter event, the execve
// exit (30 parameters, or 31), and procexit; per file operation the enter
// and exit events of the opens and the exit of the others; and fd lists for
// the process list's open files; with strictly increasing timestamps. The format is documented in the repository README
// ("Scenario format").
package scenario
