// Package fspath joins paths as libsinsp does (sinsp_utils::concatenate_paths,
// falcosecurity/libs 0.25): working directories after chdir, the names of
// files opened by relative paths, the executable derived from an exec's
// enter event. The thread table (package threads) and the ecs plugin's file
// fields (package plugin/ecs) use it, so both sides of the parity harness
// spell a path alike.
//
// libsinsp works on the text alone: ".." climbs lexically and symbolic
// links are not followed, where the kernel resolves them.
package fspath
