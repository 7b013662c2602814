package threads

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/eql2falco/eql2falco/capture/scap"
	"github.com/eql2falco/eql2falco/internal/publiccaptures"
)

// goldenLines reads the expected process lines of the captures' README: a
// file name line, then "NUM TYPE tid=... name=... pname=... exepath=... cmd=..."
// lines as libsinsp's sinsp-example printed them.
func goldenLines(t *testing.T, dir string) map[string][]string {
	f, err := os.Open(filepath.Join(dir, "README.md"))
	if err != nil {
		t.Skipf("no README: %v", err)
	}
	defer func() { _ = f.Close() }()
	fileLine := regexp.MustCompile(`^([\w.-]+\.scap)(\s+\(and ([\w.-]+\.scap),.*)?$`)
	eventLine := regexp.MustCompile(`^\d+ \w+ tid=\d+ name=`)
	golden := map[string][]string{}
	var files []string
	inBlock := false
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "## Golden values") {
			inBlock = true
			continue
		}
		if !inBlock {
			continue
		}
		if m := fileLine.FindStringSubmatch(line); m != nil {
			files = []string{m[1]}
			if m[3] != "" {
				files = append(files, m[3])
			}
			continue
		}
		if eventLine.MatchString(line) {
			for _, name := range files {
				golden[name] = append(golden[name], line)
			}
		}
	}
	if len(golden) == 0 {
		t.Fatal("no golden lines found in the README")
	}
	return golden
}

// The README's expected lines are what sinsp-example prints with the filter
// evt.type in (execve,clone,procexit): events rules see, of main threads.
func TestGoldenProcessLines(t *testing.T) {
	dir := publiccaptures.Dir(t)
	for name, want := range goldenLines(t, dir) {
		t.Run(name, func(t *testing.T) {
			r, err := scap.Open(filepath.Join(dir, name))
			if err != nil {
				t.Fatal(err)
			}
			defer func() { _ = r.Close() }()
			rp := NewReplayer(r)
			var got []string
			for rp.Next() {
				ev := rp.Event()
				typ := ev.Type().Name()
				th := rp.Thread()
				if !ev.Visible() || (typ != "execve" && typ != "clone" && typ != "procexit") || th == nil || !th.IsMain() {
					continue
				}
				pname := NA
				if p := rp.Parent(); p != nil {
					pname = p.Comm
				}
				got = append(got, fmt.Sprintf("%d %s tid=%d name=%s pname=%s exepath=%s cmd=%s",
					ev.Num, typ, th.TID, th.Comm, pname, th.ExePath, th.Cmdline()))
			}
			if err := rp.Err(); err != nil {
				t.Fatal(err)
			}
			if strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Errorf("lines\n got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
		})
	}
}

// sysdig (libs of 2022) adds container.id for the nologin exec; it comes
// from the thread's cgroups.
func TestGoldenContainerID(t *testing.T) {
	r, err := scap.Open(filepath.Join(publiccaptures.Dir(t), "falco_psp_run_as_user_65534_container.scap"))
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = r.Close() }()
	rp := NewReplayer(r)
	for rp.Next() {
		if rp.IsExec() {
			if th := rp.Thread(); th.Container() != "697956520d89" || th.Comm != "nologin" {
				t.Errorf("exec of %s in container %s", th.Comm, th.Container())
			}
			return
		}
	}
	t.Fatal("no exec found")
}
