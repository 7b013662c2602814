// Package rules holds the rules this project ships: Elastic detection rules
// (elastic/, unmodified copies under the Elastic License 2.0) and the Falco
// rules translated from them (falco/). It has no code of its own: its test
// checks that the Falco rules are what the translator makes of the sources,
// and `make rules` (go test ./rules -run TestGenerated -update) regenerates
// them.
package rules
