// Command eql2falco translates Elastic EQL detection rules into Falco rules and
// proves, on syscall captures, that the Falco rules fire where the EQL rules would.
//
// Exit codes: 0 success, 1 the command ran and found problems (a rule failed to
// parse or translate, a parity disagreement), 2 usage or input errors.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

// Exit codes shared by every subcommand.
const (
	exitOK       = 0
	exitFindings = 1
	exitUsage    = 2
)

// exitError carries an exit code out of a subcommand. Its message, when not
// empty, is printed on stderr.
type exitError struct {
	code int
	msg  string
}

func (e *exitError) Error() string { return e.msg }

// findings reports that the command completed but found problems (exit 1).
// The details have already been printed.
func findings(format string, args ...any) error {
	return &exitError{code: exitFindings, msg: fmt.Sprintf(format, args...)}
}

// usageError reports bad flags, arguments or unreadable input (exit 2).
func usageError(format string, args ...any) error {
	return &exitError{code: exitUsage, msg: fmt.Sprintf(format, args...)}
}

func newRootCmd(stdout, stderr io.Writer) *cobra.Command {
	root := &cobra.Command{
		Use:   "eql2falco",
		Short: "Translate Elastic EQL rules to Falco rules, with parity proof on syscall captures",
		Long: `eql2falco reads Elastic detection rules written in EQL (detection-rules TOML files,
Kibana NDJSON exports, or a query on the command line) and produces Falco rules that
fire exactly where the originals would, using the ECS fields of the ecs Falco plugin.
Anything it cannot translate exactly is refused with a coded diagnostic.`,
		Version:       version,
		SilenceUsage:  true,
		SilenceErrors: true,
		Args:          cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return cmd.Help()
		},
	}
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.SetFlagErrorFunc(func(cmd *cobra.Command, err error) error {
		return usageError("%s", commandError(cmd, err))
	})
	for _, sub := range subcommands() {
		root.AddCommand(sub)
	}
	return root
}

// subcommands lists every subcommand, one constructor per file.
func subcommands() []*cobra.Command {
	return []*cobra.Command{
		newParseCmd(),
		newTranslateCmd(),
		newEvalCmd(),
		newScapCmd(),
		newSynthCmd(),
		newParityCmd(),
		newCheckCmd(),
		newVersionCmd(),
	}
}

func newVersionCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the version of eql2falco",
		Long:  "version prints the version of eql2falco, as --version does.",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			_, err := fmt.Fprintf(cmd.OutOrStdout(), "eql2falco version %s\n", version)
			return err
		},
	}
}

// run executes the CLI and returns the process exit code.
func run(args []string, stdout, stderr io.Writer) int {
	root := newRootCmd(stdout, stderr)
	root.SetArgs(args)
	cmd, err := root.ExecuteC()
	if err == nil {
		return exitOK
	}
	var ee *exitError
	if errors.As(err, &ee) {
		if ee.msg != "" {
			fmt.Fprintln(stderr, "eql2falco:", ee.msg)
		}
		return ee.code
	}
	// Errors from cobra itself (unknown command, bad arguments) are usage
	// errors.
	if cmd == nil {
		cmd = root
	}
	fmt.Fprintln(stderr, "eql2falco:", commandError(cmd, err))
	return exitUsage
}

// commandError names the subcommand a usage error is about and points to
// its help: "translate: unknown flag: --foo (see 'eql2falco translate
// --help')".
func commandError(cmd *cobra.Command, err error) string {
	msg := fmt.Sprintf("%v (see '%s --help')", err, cmd.CommandPath())
	if cmd.HasParent() {
		msg = strings.TrimPrefix(cmd.CommandPath(), cmd.Root().Name()+" ") + ": " + msg
	}
	return msg
}

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}
