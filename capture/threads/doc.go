// Package threads rebuilds the process state of a capture the way libsinsp
// does when Falco replays it: a thread table filled from the capture's
// process list, then updated by clone, fork, vfork and clone3 exits (caller
// and child side), execve and execveat exits (every event version, by
// parameter name) and procexit events (removal at the next event, children
// handed to a reaper). For every event it gives the thread after the event:
// comm, exe, exepath, args, env, cwd, tty, uids, pid namespace ids, cgroups
// and container id (package containerid), and through the table its parent
// and ancestors.
//
// Replayer couples a scap.Reader with a Table and is what a consumer
// iterates: for each event, the raw ppm.Event (for field extractors) and the
// process and parent it belongs to (for proc.name, proc.pname, proc.exepath,
// proc.tty, container.id and the ECS parent.* fields).
//
// Like libsinsp in replay, the table cannot read /proc: an event of an
// unknown thread adds a placeholder ("<NA>", pid -1) that an exec event
// completes. The logic follows libsinsp's parsers.cpp and thread_manager.cpp
// (falcosecurity/libs 0.25); behaviour that only matters for live capture
// (fd tables, /proc lookups, purging) is left out.
package threads
