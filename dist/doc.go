// Package dist makes a release of the ecs plugin and its rules the way
// falcosecurity/plugins ships its plugins, for falcoctl to install:
//
//   - the tarballs: ecs-<version>-linux-<arch>.tar.gz with libecs.so at its
//     root, one per architecture (x86_64, aarch64: uname -m names, as the
//     upstream Makefile writes them), and ecs-rules-<version>.tar.gz with
//     the rules file ecs_rules.yaml, both reproducible (dist/tarball);
//   - the two falcoctl OCI artifacts made from them (dist/artifact): the
//     plugin "ecs" (an index with one manifest per platform, linux/amd64 and
//     linux/arm64, requiring plugin_api_version), pushed to
//     <prefix>/plugin/ecs, and the rules file "ecs-rules" (its dependencies
//     and engine requirement read from the rules file, as falcoctl reads a
//     plain rules file), pushed to <prefix>/ruleset/ecs, each tagged with
//     its version, its floating tags (major, major.minor) and latest;
//   - the entries of a falcoctl index (index.yaml) for both.
//
// The version of everything is the plugin's, ecs.PluginVersion.
package dist
