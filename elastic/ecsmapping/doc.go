// Package ecsmapping gives the Elasticsearch mapping of every ECS field: its
// field type (keyword, wildcard, boolean, long, ip, ...), its ignore_above
// limit and whether ECS declares it an array. The data is generated from ECS's
// ecs_flat.yml (go generate; see internal/gen) and embedded.
//
// The type decides how Elasticsearch evaluates an EQL predicate on a value:
// keyword and wildcard fields compare bytes exactly, a keyword value longer
// than ignore_above is not indexed and so invisible to every query, a boolean
// field indexes "true"/"false", numbers are compared as numbers.
package ecsmapping

//go:generate go run ./internal/gen/cmd -in ../../../shared/ecs/ecs_flat.yml -out ecs_fields.tsv
