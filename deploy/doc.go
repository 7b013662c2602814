// Package deploy holds what a Falco user installs the ecs plugin and its
// rules with, once a release (package dist) is pushed to a registry:
//
//   - helm/values-ecs.yaml: values for the falcosecurity/falco chart that
//     install both artifacts with falcoctl and load ecs next to the
//     container plugin;
//   - falco/config.d/falco.ecs_plugin.yaml: the same for a host, a file
//     Falco merges into its falco.yaml;
//   - falcoctl/index.yaml: a falcoctl index listing both artifacts
//     (go run ./cmd/dist index writes one for any registry);
//   - falcosecurity-plugins/registry.yaml: the plugin's entry for the
//     registry of falcosecurity/plugins.
//
// It has no code. Its tests check the files against the release (names,
// references, versions, the plugin's configuration schema); with
// -tags e2eartifacts (make e2e-artifacts) TestArtifacts follows them end to
// end with a registry on 127.0.0.1, the real falcoctl and, when they are
// given, helm with the falcosecurity/falco chart and a real Falco.
package deploy
