// Package e2e is the parity harness: it replays syscall captures and checks,
// event by event, that a Falco rule generated from an Elastic EQL rule fires
// on exactly the events where the EQL rule would raise an alert from the
// Elastic Defend or Defend for Containers (D4C) documents of those events.
//
// For every event of a capture (threads.Replayer keeps the process state as
// libsinsp does), three verdicts are computed per Rule:
//
//   - EQL: for a successful exec or a file creation, deletion or rename, the
//     ECS document the agent would emit (Documents: the plugin's own
//     extraction code on the raw event, plus the process context and the fd
//     tables from the thread table; every modelling assumption is in
//     Assumptions, rendered in the README), evaluated by the reference
//     evaluator (EQLProgram wraps an elastic/eql/eval program). Every other event has
//     no document, so its EQL verdict is false.
//   - Falco, embedded: the generated rule, loaded with falco/rulesfile and
//     Catalog (LoadFalcoRules), evaluated by falco/condition on every event
//     Falco evaluates (FalcoSees). Event is the condition.Provider: ecs.*
//     values from ecs.Extractor on the raw bytes, only for the event types
//     the plugin declares (ecs.EventTypes), native fields (evt.*,
//     proc.*, user.uid, container.id, ...) from the thread table. A rule using
//     a native field Event does not compute is refused (CheckFields).
//   - Falco, real (optional): RealFalco replays the same capture with the
//     falco binary, build/libecs.so and the generated rules file, and maps
//     each alert back to its event through the evt.num it carries (JSON
//     output, or gRPC with falcosecurity/client-go for Falco 0.41 to 0.43).
//
// Using it:
//
//	set, err := e2e.LoadRules("rules/elastic")                        // translate and compile; set.Refused, set.Untested
//	caps, err := e2e.FindCaptures("e2e/testdata/scenarios")            // .scap files and scenarios
//	rep, err := e2e.Parity(ctx, caps, set.Rules, e2e.ParityOptions{}) // or Run, one capture
//	rep.WriteText(os.Stdout)                                           // or WriteJSON; rep.Failed()
//
// Run compares the verdicts on one capture and returns a Result: counts per
// rule and, for every Disagreement, the ECS document, the Falco field values
// and both explain traces. Exceptions (e2e/exceptions.yaml: case and reason)
// are the only way a known difference passes. Scenario captures (package
// scenario) carry expectations written by hand, the rules each exec must
// match (expect: {match: {current: true}}, ExpectKey, Rule.Names); they are checked
// against the EQL verdict, independently of the comparison, so that a bug
// common to both sides is caught too.
//
// The command "eql2falco parity" drives the package; "make demo" runs it over
// the scenario corpus in e2e/testdata/scenarios and the public captures.
package e2e
