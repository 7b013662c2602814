package elastic

import (
	"path"
	"strings"
)

// D4CProcessStream is the name of a Defend for Containers process data
// stream (namespace "default"): what a rule's index patterns are matched
// against to tell whether the rule searches Defend for Containers data.
const D4CProcessStream = "logs-cloud_defend.process-default"

// SearchesD4C reports whether the rule searches Elastic Defend for
// Containers data: whether one of its index patterns can match the
// cloud_defend process data streams ("logs-cloud_defend.process*",
// "logs-cloud_defend.*", "logs-*", "*"). Exclusions ("-pattern") are
// ignored, which errs towards true. A rule without index patterns (a query
// given on the command line) searches no particular data.
func (r *Rule) SearchesD4C() bool {
	for _, list := range r.Index {
		for _, p := range strings.Split(list, ",") {
			p = strings.TrimSpace(p)
			if p == "" || strings.HasPrefix(p, "-") {
				continue
			}
			if strings.HasPrefix(p, "logs-cloud_defend.") {
				return true
			}
			if ok, err := path.Match(p, D4CProcessStream); err == nil && ok {
				return true
			}
		}
	}
	return false
}

// Data streams of the agents whose documents the ecs plugin models, without
// their namespace (elastic/integrations cloud_defend, elastic/endpoint-package).
const (
	D4CFileDataset       = "logs-cloud_defend.file"
	DefendProcessDataset = "logs-endpoint.events.process"
	DefendFileDataset    = "logs-endpoint.events.file"
)

// SearchesDataset reports whether one of the rule's index patterns can
// match a data stream of dataset ("logs-endpoint.events.file") in any
// namespace: a pattern matching its "default" stream, or naming one of its
// streams. Exclusions ("-pattern") are ignored, which errs towards true. A
// rule without index patterns searches no particular data: false.
func (r *Rule) SearchesDataset(dataset string) bool {
	for _, list := range r.Index {
		for _, p := range strings.Split(list, ",") {
			p = strings.TrimSpace(p)
			if p == "" || strings.HasPrefix(p, "-") {
				continue
			}
			if strings.HasPrefix(p, dataset+"-") {
				return true
			}
			if ok, err := path.Match(p, dataset+"-default"); err == nil && ok {
				return true
			}
		}
	}
	return false
}
