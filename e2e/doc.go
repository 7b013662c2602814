// Package e2e is the parity harness: it replays syscall captures and checks,
// event by event, that a Falco rule generated from an Elastic EQL rule fires
// on exactly the events where the EQL rule would raise an alert from Elastic
// Defend for Containers (D4C) data.
//
// For every event of a capture (threads.Replayer keeps the process state as
// libsinsp does), three verdicts are computed per rule:
//
//   - EQL: for a successful exec, the ECS document D4C would emit (Document:
//     the plugin's own extraction code on the raw event, plus process.parent.*
//     from the thread table; every modelling assumption is in Assumptions),
//     evaluated by the EQL reference evaluator. Every other event has no
//     document, so the EQL verdict is false.
//   - Falco, embedded: the generated rule, loaded with falco/rulesfile and the
//     Catalog of native and ecs fields, evaluated by falco/condition on every
//     event Falco shows to rules. Event (a condition.Provider) gives ecs.*
//     values from ecs.Extractor on the raw bytes for the event types the
//     plugin declares (execve and execveat exits) and native fields (evt.*,
//     proc.*, user.uid, container.id, ...) from the thread table.
//   - Falco, real (optional): the falco binary replays the same capture with
//     build/libecs.so and the generated rules (RealFalco); its alerts are
//     mapped back to events through the evt.num each alert carries.
//
// Run compares the verdicts and returns a Result per capture: counts per
// rule and, for every disagreement, the ECS document, the Falco field values
// and both explain traces. An Exceptions file (e2e/exceptions.yaml: case and
// reason) is the only way a known difference passes. Scenario captures
// (package scenario) also carry expectations written by hand: the rules each
// exec must match (expect: {match: [...]}); they are checked against the EQL
// verdict, independently of the comparison, so a bug common to both sides is
// caught too.
//
// The command "eql2falco parity" drives the package; "make demo" runs it over
// the scenario corpus in e2e/testdata and the public captures.
package e2e
