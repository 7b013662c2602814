// Package artifact makes Falco OCI artifacts laid out exactly as falcoctl
// (falcosecurity/falcoctl, pkg/oci and pkg/oci/pusher) pushes them and reads
// them back on `falcoctl artifact install`, and pushes them to a registry
// with oras-go, the OCI library falcoctl itself uses.
//
// A rules file artifact is one OCI image manifest; a plugin artifact is an
// OCI image index with one image manifest per platform. Each manifest has:
//
//   - a config blob of media type application/vnd.cncf.falco.<type>.config.v1+json
//     holding the artifact's name, version, dependencies and requirements
//     (Config), its descriptor without annotations;
//   - one layer, the tarball, of media type
//     application/vnd.cncf.falco.<type>.layer.v1+tar.gz, annotated with its
//     file name (org.opencontainers.image.title), which falcoctl uses to
//     name the download before unpacking it;
//   - the annotation org.opencontainers.image.created, and
//     org.opencontainers.image.source when a source is given (also on the
//     index).
//
// Unlike falcoctl, which stamps the current time, the creation time is an
// input, so the same tarballs give the same digests.
package artifact
