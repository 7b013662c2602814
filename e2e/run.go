package e2e

import (
	"fmt"
	"maps"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/eql2falco/eql2falco/capture/scap"
	"github.com/eql2falco/eql2falco/capture/scenario"
	"github.com/eql2falco/eql2falco/capture/threads"
	"github.com/eql2falco/eql2falco/plugin/ecs"
)

// Options configures Run.
type Options struct {
	// Plugin is the ecs plugin configuration both sides use; the zero value
	// means ecs.DefaultConfig().
	Plugin ecs.Config
	// Alerts are a real Falco's alerts on this capture, per generated rules
	// file (RealFalco.Run loads one file at a time: two files may define
	// the same rule, list or macro names); nil when no real Falco ran.
	Alerts map[*FalcoFile]*Alerts
	// Exceptions excuse known differences; nil excuses nothing.
	Exceptions *Exceptions
	// Progress, when set, is called every ProgressEvery events with the
	// number of events replayed so far.
	Progress func(events uint64)
}

// ProgressEvery is how often Run calls Options.Progress, in events.
const ProgressEvery = 1 << 16

// Result is the outcome of one capture.
type Result struct {
	Capture string
	// Events counts the events Falco shows to rules (not dropped by the
	// savefile reader, not state-only); Execs the successful exec events
	// among them; Documents the events with an ECS document (successful
	// execs, file creations, deletions and renames).
	Events, Execs, Documents uint64
	Rules                    []*RuleResult
}

// RuleResult is the outcome of one rule on one capture.
type RuleResult struct {
	Rule *Rule
	// Matches of each side, events where every side agreed, and the
	// differences (Excused set on those an exception covers).
	EQLMatches, FalcoMatches, Agreements uint64
	// RealMatches counts the real Falco's alerts; Real tells whether one ran.
	Real          bool
	RealMatches   uint64
	Disagreements []*Disagreement
	// Expected counts the execs with an expectation for this rule; Failed
	// lists those where the EQL verdict is not the expected one.
	Expected uint64
	Failed   []*ExpectationFailure
}

// Unexcused counts the disagreements no exception covers.
func (r *RuleResult) Unexcused() int {
	n := 0
	for _, d := range r.Disagreements {
		if d.Excused == "" {
			n++
		}
	}
	return n
}

// Disagreement is an event where the verdicts differ, with what a person
// needs to see why.
type Disagreement struct {
	Case string // the exception case: "<rule label> <capture>#<evt.num>"
	Num  uint64 // evt.num
	// Event describes the event: type, thread, command line (and the
	// scenario line of the exec).
	Event string
	EQL   bool
	Falco bool
	// Real is the real Falco's verdict, when one ran.
	Real *bool
	// EQLError is the evaluator's runtime error, if any.
	EQLError string
	// Document is the ECS document (nil when the event has none).
	Document map[string]any
	// FalcoValues are the values of the fields the Falco condition uses.
	FalcoValues []string
	// EQLTrace and FalcoTrace explain both verdicts node by node.
	EQLTrace, FalcoTrace string
	// Excused is the exception's reason when one covers the case.
	Excused string
}

// ExpectationFailure is an exec of a scenario whose EQL verdict is not the
// one the scenario states.
type ExpectationFailure struct {
	Num  uint64
	Exec string // the exec's name and scenario line
	Want bool
	Got  bool
}

// ExpectKey is the key of an exec's expect block that states, rule by rule,
// whether the exec matches: {current: true, pre-d910d41: false}. Each key
// names rules by whole segments of their path (Rule.Names): "current" names
// every rule under a current/ directory, "discovery_tool_enumeration" every
// version of that rule, "current/discovery_tool_enumeration" one. Rules no
// key names are not constrained (another rule set may run over the same
// scenarios); a rule two keys name with different verdicts is an error. An
// exec without the key states nothing about rules.
const ExpectKey = "match"

// Case names an event of a capture for a rule in the exceptions file.
func Case(rule, capture string, num uint64) string {
	return rule + " " + capture + "#" + strconv.FormatUint(num, 10)
}

// expectation is the stated verdicts of an exec or a file operation of a
// scenario.
type expectation struct {
	name  string // the exec's name, or the file operation
	line  int    // its line in the scenario
	rules []ruleVerdict
}

type ruleVerdict struct {
	entry string
	match bool
}

func expectations(m *scenario.Manifest) (map[uint64]*expectation, error) {
	out := map[uint64]*expectation{}
	if m == nil {
		return out, nil
	}
	add := func(name string, line int, num uint64, expect map[string]any) error {
		v, ok := expect[ExpectKey]
		if !ok {
			return nil
		}
		x, err := parseVerdicts(v)
		if err != nil {
			return fmt.Errorf("line %d: expect.%s: %w", line, ExpectKey, err)
		}
		x.name, x.line = name, line
		out[num] = x
		return nil
	}
	for _, rec := range m.Execs {
		if err := add(rec.Name, rec.Line, rec.Num, rec.Expect); err != nil {
			return nil, err
		}
	}
	for _, rec := range m.Files {
		if err := add(rec.String(), rec.Line, rec.Num, rec.Expect); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// parseVerdicts reads {entry: true|false, ...}, in a stable order.
func parseVerdicts(v any) (*expectation, error) {
	m, ok := v.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("want a mapping from rule names to true or false, found %v", v)
	}
	x := &expectation{}
	for _, k := range slices.Sorted(maps.Keys(m)) {
		b, ok := m[k].(bool)
		if !ok || strings.Trim(k, "/") == "" {
			return nil, fmt.Errorf("%q: want true or false, found %v", k, m[k])
		}
		x.rules = append(x.rules, ruleVerdict{k, b})
	}
	return x, nil
}

// verdict returns the stated verdict for r, and whether one is stated.
func (x *expectation) verdict(r *Rule) (match, stated bool, err error) {
	var by string
	for _, v := range x.rules {
		if !r.Names(v.entry) {
			continue
		}
		if stated && v.match != match {
			return false, false, fmt.Errorf("expect.%s states both %s: %v and %s: %v for rule %s", ExpectKey, by, match, v.entry, v.match, r.Label)
		}
		match, stated, by = v.match, true, v.entry
	}
	return match, stated, nil
}

// pluginEvent reports whether the event is of a type the plugin extracts
// documents from (ecs.EventTypes): an exec or file operation exit.
func pluginEvent(e *scap.Event) bool { return slices.Contains(pluginTypes, e.Type()) }

var pluginTypes = ecs.EventTypes()

// flagStateOnly is SCAP_DF_STATE_ONLY: the event only updates state.
const flagStateOnly = 1

// FalcoSees reports whether Falco evaluates rules on the event: it reaches
// libsinsp (not dropped by the savefile reader of Falco >= 0.42) and is not
// flagged state-only. The execve/execveat enter events Falco >= 0.42 keeps
// for itself are included, since Falco 0.41 shows them to rules: the
// embedded evaluator checks the union of what 0.41 to 0.44 evaluate.
func FalcoSees(ev *scap.Event) bool {
	return !ev.Dropped() && ev.Flags&flagStateOnly == 0
}

// Run replays a capture and compares, on every event, the EQL verdict of
// each rule with its Falco verdicts.
func Run(c *Capture, rules []*Rule, opts Options) (*Result, error) {
	cfg := opts.Plugin
	if cfg == (ecs.Config{}) {
		cfg = ecs.DefaultConfig()
	}
	expect, err := expectations(c.Manifest)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", c.Path, err)
	}
	r, err := c.Reader()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", c.Path, err)
	}
	defer func() { _ = r.Close() }()

	res := &Result{Capture: c.Name}
	var pending []map[uint64]int // real alerts not yet met, per rule
	for _, rule := range rules {
		rr := &RuleResult{Rule: rule}
		var left map[uint64]int
		if a := opts.Alerts[rule.FalcoFile]; a != nil {
			rr.Real = true
			left = map[uint64]int{}
			for num, n := range a.ByRule[rule.FalcoName()] {
				left[num] = n
				rr.RealMatches += uint64(n)
			}
		}
		pending = append(pending, left)
		res.Rules = append(res.Rules, rr)
	}

	ev := NewEvent(cfg)
	docs := NewDocuments(cfg, ViewPlugin) // each rule's EQL side keeps its view
	needed := neededFields(rules)
	rp := threads.NewReplayer(r)
	var n uint64
	for rp.Next() {
		e := rp.Event()
		if n++; opts.Progress != nil && n%ProgressEvery == 0 {
			opts.Progress(n)
		}
		if !FalcoSees(e) {
			continue
		}
		res.Events++
		var doc *Doc
		if rp.IsExec() {
			res.Execs++
		}
		if pluginEvent(e) {
			// A successful exec, or a file creation, deletion or rename.
			if doc = docs.Build(e, rp.Table(), needed); doc != nil {
				res.Documents++
			}
		}
		ev.Set(e, rp.Thread(), rp.Table())
		x := expect[e.Num]
		for i, rule := range rules {
			rr := res.Rules[i]
			var eqlVerdict bool
			var eqlErr error
			if doc != nil {
				eqlVerdict, eqlErr = rule.EQL.Match(doc)
			}
			falcoVerdict := rule.Falco.Program.Eval(ev)
			var realVerdict *bool
			if rr.Real {
				num := opts.Alerts[rule.FalcoFile].num(e)
				v := pending[i][num] > 0
				delete(pending[i], num)
				realVerdict = &v
			}
			if eqlVerdict {
				rr.EQLMatches++
			}
			if falcoVerdict {
				rr.FalcoMatches++
			}
			if x != nil {
				want, stated, err := x.verdict(rule)
				if err != nil {
					return nil, fmt.Errorf("%s:%d: %w", c.Path, x.line, err)
				}
				if stated {
					rr.Expected++
					if want != eqlVerdict {
						rr.Failed = append(rr.Failed, &ExpectationFailure{
							Num: e.Num, Exec: fmt.Sprintf("%s (%s:%d)", x.name, c.Name, x.line),
							Want: want, Got: eqlVerdict,
						})
					}
				}
			}
			if eqlErr == nil && eqlVerdict == falcoVerdict && (realVerdict == nil || *realVerdict == eqlVerdict) {
				rr.Agreements++
				continue
			}
			d := &Disagreement{
				Case: Case(rule.Label, c.Name, e.Num), Num: e.Num, Event: describe(e, rp.Thread(), x),
				EQL: eqlVerdict, Falco: falcoVerdict, Real: realVerdict,
				FalcoValues: ev.FieldValues(rule.Falco.Program),
				FalcoTrace:  rule.Falco.Program.Explain(ev).String(),
			}
			if eqlErr != nil {
				d.EQLError = eqlErr.Error()
			}
			if doc != nil {
				d.Document = docs.Document(e, rp.Table()).Map(viewOf(rule.EQL))
				d.EQLTrace = rule.EQL.Explain(doc)
			}
			rr.Disagreements = append(rr.Disagreements, d)
		}
	}
	if err := rp.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", c.Path, err)
	}
	// Alerts of a real Falco on events the replay did not evaluate.
	for i, rr := range res.Rules {
		nums := make([]uint64, 0, len(pending[i]))
		for num := range pending[i] {
			nums = append(nums, num)
		}
		sort.Slice(nums, func(a, b int) bool { return nums[a] < nums[b] })
		for _, num := range nums {
			t := true
			rr.Disagreements = append(rr.Disagreements, &Disagreement{
				Case: Case(rr.Rule.Label, c.Name, num), Num: num, Real: &t,
				Event: "an event the replay did not evaluate (evt.num out of range, dropped or state-only)",
			})
		}
	}
	for _, rr := range res.Rules {
		for _, d := range rr.Disagreements {
			if x := opts.Exceptions.lookup(d.Case); x != nil {
				d.Excused = x.Reason
			}
		}
	}
	return res, nil
}

// describe summarizes an event for a disagreement report.
func describe(e *scap.Event, th *threads.Thread, x *expectation) string {
	var b strings.Builder
	b.WriteString(e.Type().String())
	if th != nil {
		fmt.Fprintf(&b, " tid=%d comm=%s exepath=%s args=%q", th.TID, th.Comm, th.ExePath, append([]string{th.Exe}, th.Args...))
	}
	if x != nil {
		fmt.Fprintf(&b, " (scenario %s, line %d)", x.name, x.line)
	}
	return b.String()
}
