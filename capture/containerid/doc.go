// Package containerid finds the container a process runs in from its cgroup
// paths, the way Falco's container plugin (and libsinsp before Falco 0.41) does.
//
// A process's cgroups arrive as "subsys=path" entries (the cgroups parameter of
// exec and clone events, the proclist of a capture). Each entry's path is tried,
// in order, against the layouts of the container runtimes, in the plugin's
// order: podman, docker, CRI (containerd, cri-o, nerdctl), containerd
// namespaces, lxc. The first hit wins. A path matches a layout when the text
// between the layout's last prefix and its suffix is a 64-hex-digit id (or, for
// containerd namespaces and lxc, a shorter name).
//
// Falco reports the first 12 characters of a 64-hex id; Find returns the whole
// id and Short shortens it.
//
// FindBytesIn searches only the layouts of a set of families (Runtimes), for
// a model that recognises fewer containers than Falco's plugin does: the ecs
// plugin's Defend for Containers model leaves out the containerd-namespace
// and lxc layouts, whose ids are names (a host cgroup "/<name>/<32 hex>"
// matches the containerd-namespace layout).
package containerid
