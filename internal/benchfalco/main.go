// Command benchfalco measures what the ecs plugin and a generated rule cost
// inside a real Falco (`make bench-falco`). It writes two captures of the
// same workload (package benchcapture: 67,000 events, 5% of them execs), one
// where no exec alerts and one where 1,200 do, and replays each with Falco
// three ways: the generated rule with libecs.so loaded, the same logic in
// native fields without the plugin (native.yaml), and no rule at all. It
// measures the CPU time (user + system) and the peak RSS of the whole
// replay, over several interleaved runs, checks the alert counts, and
// prints the medians and the ratios; with -valgrind it counts the
// instructions of one run of each under callgrind instead, which other work
// on the machine does not disturb.
//
// usage: go run ./internal/benchfalco -falco /path/to/falco -plugin build/libecs.so \
//
//	-rules rules/falco/discovery_tool_enumeration.yaml
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"time"
)

func main() {
	var o Options
	flag.StringVar(&o.Falco, "falco", "", "the falco executable (Falco 0.41 or later)")
	flag.StringVar(&o.Plugin, "plugin", "build/libecs.so", "libecs.so")
	flag.StringVar(&o.Rules, "rules", "rules/falco/discovery_tool_enumeration.yaml", "the generated rules file of the seed rule")
	flag.IntVar(&o.Runs, "runs", 7, "replays of each capture by each setup (CPU time mode)")
	flag.IntVar(&o.Processes, "processes", 3350, "processes of the workload (20 events each)")
	flag.IntVar(&o.Alerting, "alerting", 1200, "processes that alert, in the alert-heavy capture")
	flag.BoolVar(&o.Valgrind, "valgrind", false, "count instructions under valgrind --tool=callgrind (one run of each)")
	flag.StringVar(&o.Dir, "dir", "", "keep the captures, configurations and rules here (default: a temporary directory, removed)")
	flag.Parse()
	if o.Falco == "" {
		fmt.Fprintln(os.Stderr, "benchfalco: -falco is required")
		os.Exit(2)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Minute)
	defer cancel()
	rep, err := Run(ctx, o, os.Stderr)
	if err != nil {
		fmt.Fprintln(os.Stderr, "benchfalco:", err)
		os.Exit(1)
	}
	if err := rep.Write(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "benchfalco:", err)
		os.Exit(1)
	}
}
