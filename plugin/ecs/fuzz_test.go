package ecs

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/eql2falco/eql2falco/capture/ppm"
)

func addSeedEvents(f *testing.F) {
	for _, e := range []*execEvent{
		whichCurl(), whichCurl().Count(30), whichCurl().Count(27), whichCurl().Count(19), whichCurl().Count(1),
		whichCurl().Set(ppm.ExecRes, ppm.PI64(-2)),
		whichCurl().Set(ppm.ExecCgroups, ppm.PStrings("cpu=/machine.slice/libpod-"+hex64+".scope/container")),
	} {
		f.Add(e.Encode(f))
	}
	for _, raw := range fileSeeds(f) {
		f.Add(raw)
	}
	files, _ := filepath.Glob("testdata/*.bin")
	for _, file := range files {
		b, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
}

// fileSeeds are file events of every type the plugin describes.
func fileSeeds(tb testing.TB) [][]byte {
	created := ppm.PU32(pOFCreated | 1<<2 | 1<<1)
	ev := func(c ppm.Code, params ...[]byte) []byte {
		raw, err := ppm.Append(nil, ppm.Header{TID: 4242, Type: c}, params...)
		if err != nil {
			tb.Fatal(err)
		}
		return raw
	}
	name := ppm.PCharBuf
	return [][]byte{
		ev(ppm.CodeOpenX, ppm.PI64(3), name("/etc/cron.d/x"), created, ppm.PU32(0), ppm.PU32(0), ppm.PU64(0)),
		ev(ppm.CodeOpenatX, ppm.PI64(5), ppm.PI64(3), name("cron.d/../x.sh"), created, ppm.PU32(0), ppm.PU32(0), ppm.PU64(0)),
		ev(ppm.CodeOpenat2X, ppm.PI64(5), ppm.PI64(-100), name(".bashrc"), created, ppm.PU32(0), ppm.PU32(0), ppm.PU32(0), ppm.PU64(0)),
		ev(ppm.CodeUnlinkX, ppm.PI64(0), name("wtmp")),
		ev(ppm.CodeUnlinkatX, ppm.PI64(0), ppm.PI64(3), name("shadow"), ppm.PU32(0)),
		ev(ppm.CodeRenameX, ppm.PI64(0), name("a.dpkg-new"), name("/etc/a")),
		ev(ppm.CodeRenameatX, ppm.PI64(0), ppm.PI64(3), name("a"), ppm.PI64(-100), name("b")),
		ev(ppm.CodeRenameat2X, ppm.PI64(0), ppm.PI64(9), name("a"), ppm.PI64(3), name("/b"), ppm.PU32(2)),
	}
}

// checkEvent extracts every field of raw through the Extractor and through
// Document, without a thread table and with one, and checks that they agree
// and that values are well formed.
func checkEvent(t *testing.T, raw []byte) {
	for _, c := range []struct {
		cfg     Config
		threads ThreadTable
	}{{DefaultConfig(), nil}, {Config{ContainerIDFormat: ContainerIDShort}, nil}, {DefaultConfig(), benchTable{}}} {
		cfg := c.cfg
		doc, docErr := Document(raw, cfg, c.threads)
		e := NewExtractor(cfg, c.threads)
		for _, f := range Fields() {
			v, ok, err := e.Extract(1, raw, f.ID)
			if (err == nil) != (docErr == nil) {
				t.Fatalf("%s: Extract error %v, Document error %v", f.Name, err, docErr)
			}
			if err != nil {
				continue
			}
			want, wantOK := doc[f.Name]
			if ok != wantOK {
				t.Fatalf("%s: Extract ok=%v, Document has it: %v", f.Name, ok, wantOK)
			}
			if !ok {
				continue
			}
			got, _ := f.Value(&e.x, cfg)
			if !cmp.Equal(want, got) {
				t.Fatalf("%s: %v vs %v", f.Name, want, got)
			}
			if f.List && len(v.List) == 0 {
				t.Fatalf("%s: empty list with a value", f.Name)
			}
			for _, s := range append(v.List, v.Str) {
				if f.IgnoreAbove > 0 && exceeds(s, f.IgnoreAbove) {
					t.Fatalf("%s: value above ignore_above", f.Name)
				}
				if f.Type == TypeString && bytes.IndexByte(s, 0) >= 0 {
					t.Fatalf("%s: NUL inside a string value", f.Name)
				}
			}
		}
		if doc != nil {
			checkDocument(t, raw, doc)
		}
	}
}

// checkDocument checks the invariants of a document: the event fields of
// its kind, argv against its count, file paths absolute with their name and
// extension derived from them.
func checkDocument(t *testing.T, raw []byte, doc map[string]any) {
	ev, _ := ppm.Parse(raw)
	l, file := fileLayoutOf(ev.Type())
	switch {
	case !file:
		if doc["event.action"] != "exec" || doc["event.category"] != "process" {
			t.Fatalf("exec document: %v", doc)
		}
		if args, ok := doc["process.args"].([]string); ok && int64(len(args)) > doc["process.args_count"].(int64) {
			t.Fatalf("args %d > args_count %v", len(args), doc["process.args_count"])
		}
	default:
		if doc["event.action"] != l.action.String() || doc["event.type"] != l.action.EventType() ||
			doc["event.category"] != "file" || doc["event.outcome"] != "success" {
			t.Fatalf("file document of type %d: %v", ev.Type(), doc)
		}
		for _, pre := range []string{"file.", "file.Ext.original."} {
			p, ok := doc[pre+"path"].(string)
			if !ok {
				continue // unresolved, or longer than ignore_above (the name may stay)
			}
			if !strings.HasPrefix(p, "/") || strings.Contains(p, "//") || strings.Contains(p+"/", "/./") ||
				strings.Contains(p+"/", "/../") || (len(p) > 1 && strings.HasSuffix(p, "/")) {
				t.Fatalf("%spath %q not absolute and clean", pre, p)
			}
			if name, _ := doc[pre+"name"].(string); name != p[strings.LastIndexByte(p, '/')+1:] {
				t.Fatalf("%sname %q of %q", pre, name, p)
			}
			if ext, ok := doc[pre+"extension"].(string); ok && !strings.HasSuffix(p, "."+ext) {
				t.Fatalf("%sextension %q of %q", pre, ext, p)
			}
		}
		if _, ok := doc["file.Ext.original.path"]; ok && l.action != FileRename {
			t.Fatalf("original path on a %s", l.action)
		}
		for _, k := range []string{"process.args", "process.parent.pid", "container.id", "process.working_directory"} {
			if _, ok := doc[k]; ok {
				t.Fatalf("%s on a file document", k)
			}
		}
	}
}

// FuzzExtract feeds arbitrary bytes (mutated exec events) to the decoder and
// every field.
func FuzzExtract(f *testing.F) {
	addSeedEvents(f)
	f.Fuzz(func(t *testing.T, raw []byte) {
		checkEvent(t, raw)
	})
}

// FuzzFileParams builds well-formed file events (one of the types the
// plugin describes, chosen by kind) from arbitrary parameter contents, split
// at 0xff bytes, against a thread table with a working directory and a
// directory fd, so that decoding, the created and AT_REMOVEDIR flags and
// the path joins see arbitrary values.
func FuzzFileParams(f *testing.F) {
	codes := EventTypesOf(KindFile)
	for _, raw := range fileSeeds(f) {
		ev, _ := ppm.Parse(raw)
		var params [][]byte
		for j := range ev.NParams() {
			params = append(params, ev.Param(j))
		}
		f.Add(bytes.Join(params, []byte{0xff}), uint8(slices.Index(codes, ev.Type())))
	}
	f.Fuzz(func(t *testing.T, data []byte, kind uint8) {
		params := bytes.Split(data, []byte{0xff})
		if len(params) > 8 {
			params = params[:8]
		}
		raw, err := ppm.Append(nil, ppm.Header{TID: 4242, Type: codes[int(kind)%len(codes)]}, params...)
		if err != nil {
			return
		}
		checkEvent(t, raw)
	})
}

// FuzzExecParams builds well-formed exec events from arbitrary parameter
// contents (data split at 0xff bytes), so that every field's extraction sees
// arbitrary values rather than only decoding errors.
func FuzzExecParams(f *testing.F) {
	f.Add([]byte("\x00\x00\x00\x00\x00\x00\x00\x00\xffsh\x00\xff-c\x00which nmap\x00"), false)
	f.Add(bytes.Join(whichCurl().Params[:], []byte{0xff}), false)
	f.Add(bytes.Join(whichCurl().Params[:30], []byte{0xff}), true)
	f.Fuzz(func(t *testing.T, data []byte, execveat bool) {
		params := bytes.Split(data, []byte{0xff})
		if len(params) > ppm.ExecMaxParams {
			params = params[:ppm.ExecMaxParams]
		}
		code := ppm.CodeExecveX
		if execveat {
			code = ppm.CodeExecveatX
		}
		raw, err := ppm.Append(nil, ppm.Header{Type: code}, params...)
		if err != nil {
			return
		}
		checkEvent(t, raw)
	})
}
