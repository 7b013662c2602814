package main

import (
	"github.com/spf13/cobra"

	"github.com/eql2falco/eql2falco/elastic"
)

// loadRules reads the rule inputs of a subcommand: the files and directories
// given as arguments, then the query of -q when the flag was set. An
// unreadable input is a usage error of the named subcommand.
func loadRules(cmd *cobra.Command, name string, args []string, query string) (*elastic.Set, error) {
	set := &elastic.Set{}
	if len(args) > 0 {
		var err error
		if set, err = elastic.Load(args...); err != nil {
			return nil, usageError("%s: %v", name, err)
		}
	}
	if cmd.Flags().Changed("query") {
		set.Rules = append(set.Rules, elastic.FromQuery(query))
	}
	return set, nil
}
