package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/eql2falco/eql2falco/capture/ppm"
	"github.com/eql2falco/eql2falco/capture/scap"
	"github.com/eql2falco/eql2falco/capture/threads"
	"github.com/spf13/cobra"
)

func newScapCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "scap",
		Short: "Inspect syscall capture (.scap) files",
		Args:  cobra.NoArgs,
		RunE:  func(cmd *cobra.Command, _ []string) error { return cmd.Help() },
	}
	cmd.AddCommand(newScapDumpCmd())
	return cmd
}

func newScapDumpCmd() *cobra.Command {
	var format, types string
	var all bool
	cmd := &cobra.Command{
		Use:   "dump [flags] FILE",
		Short: "Print the events of a capture, one line per event, with process state",
		Long: `dump reads a capture (gzip or plain) the way Falco replays it and prints one line
per event: evt.num, time, cpu, thread, direction and type; for exec, clone and
procexit events also the process after the event (name, exepath, args, parent,
tty, container id), from a thread table built like libsinsp's.

evt.num counts the events Falco's reader (libs >= 0.22) passes on; events it drops
are hidden unless --all is given, which prints them with "-" as number.`,
		Example: `  eql2falco scap dump capture.scap
  eql2falco scap dump --type execve,execveat --format json capture.scap.gz`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if format != "text" && format != "json" {
				return usageError("--format must be text or json, not %q", format)
			}
			want := map[string]bool{}
			for _, t := range strings.Split(types, ",") {
				if t = strings.TrimSpace(t); t != "" {
					want[t] = true
				}
			}
			r, err := scap.Open(args[0])
			if err != nil {
				return usageError("%s: %v", args[0], err)
			}
			defer func() { _ = r.Close() }() // read-only
			out := bufio.NewWriterSize(cmd.OutOrStdout(), 64<<10)
			err = dump(out, threads.NewReplayer(r), format, want, all)
			if ferr := out.Flush(); err == nil {
				err = ferr
			}
			if err != nil {
				return usageError("%s: %v", args[0], err)
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&format, "format", "text", "output format: text or json (one object per line)")
	cmd.Flags().StringVar(&types, "type", "", "comma-separated event types to print (evt.type names, e.g. execve,clone,procexit)")
	cmd.Flags().BoolVar(&all, "all", false, "also print the events Falco's reader drops")
	return cmd
}

// dumpProc is the process part of a dump line.
type dumpProc struct {
	TID         int64    `json:"tid"`
	PID         int64    `json:"pid"`
	PTID        int64    `json:"ptid"`
	VPID        int64    `json:"vpid"`
	Name        string   `json:"name"`
	Exe         string   `json:"exe"`
	ExePath     string   `json:"exepath"`
	Args        []string `json:"args"`
	Cwd         string   `json:"cwd,omitempty"`
	TTY         uint32   `json:"tty"`
	UID         uint32   `json:"uid"`
	ContainerID string   `json:"container_id"`
}

type dumpParent struct {
	TID     int64  `json:"tid"`
	Name    string `json:"name"`
	ExePath string `json:"exepath"`
}

type dumpLine struct {
	Num    uint64      `json:"num"`
	Index  uint64      `json:"index"`
	TS     uint64      `json:"ts"`
	CPU    uint16      `json:"cpu"`
	TID    int64       `json:"tid"`
	Dir    string      `json:"dir"`
	Type   string      `json:"type"`
	Res    *int64      `json:"res,omitempty"`
	Proc   *dumpProc   `json:"proc,omitempty"`
	Parent *dumpParent `json:"parent,omitempty"`
}

func dump(w io.Writer, rp *threads.Replayer, format string, want map[string]bool, all bool) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	for rp.Next() {
		ev := rp.Event()
		if (ev.Dropped() && !all) || (len(want) > 0 && !want[ev.Type().Name()]) {
			continue
		}
		l := dumpLine{Num: ev.Num, Index: ev.Index, TS: ev.TS(), CPU: ev.CPU, TID: ev.TID(), Type: ev.Type().Name(), Dir: ">"}
		if ev.Type().IsExit() {
			l.Dir = "<"
		}
		th := rp.Thread()
		if p, ok := rp.Proc(); ok {
			if res, ok := p.Res(); ok {
				l.Res = &res
			}
		}
		if th != nil && (ev.Type().ProcKind() != ppm.NotProc || ev.Type() == ppm.CodeProcexit) {
			l.Proc = &dumpProc{TID: th.TID, PID: th.PID, PTID: th.PTID, VPID: th.VPID, Name: th.Comm, Exe: th.Exe,
				ExePath: th.ExePath, Args: append([]string{}, th.Args...), TTY: th.TTY, UID: th.UID, ContainerID: th.Container()}
			if m := rp.Table().Main(th); m != nil {
				l.Proc.Cwd = m.Cwd
			}
			if par := rp.Parent(); par != nil {
				l.Parent = &dumpParent{TID: par.TID, Name: par.Comm, ExePath: par.ExePath}
			}
		}
		if format == "json" {
			if err := enc.Encode(l); err != nil {
				return err
			}
			continue
		}
		if _, err := io.WriteString(w, textLine(&l, th)); err != nil {
			return err
		}
	}
	return rp.Err()
}

// textLine formats one event as the text output shows it.
func textLine(l *dumpLine, th *threads.Thread) string {
	var b strings.Builder
	num := "-"
	if l.Num > 0 {
		num = fmt.Sprint(l.Num)
	}
	name := threads.NA
	if th != nil {
		name = th.Comm
	}
	ts := time.Unix(0, int64(l.TS)).UTC().Format("2006-01-02T15:04:05.000000000Z")
	fmt.Fprintf(&b, "%s %s %d %s (%d) %s %s", num, ts, l.CPU, name, l.TID, l.Dir, l.Type)
	if l.Res != nil {
		fmt.Fprintf(&b, " res=%d", *l.Res)
	}
	if p := l.Proc; p != nil {
		pname := threads.NA
		if l.Parent != nil {
			pname = l.Parent.Name
		}
		fmt.Fprintf(&b, " pid=%d ptid=%d exepath=%s args=%q pname=%s tty=%d container=%s",
			p.PID, p.PTID, p.ExePath, p.Args, pname, p.TTY, p.ContainerID)
	}
	b.WriteByte('\n')
	return b.String()
}
