package ecs

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/eql2falco/eql2falco/ppm"
)

func addSeedEvents(f *testing.F) {
	for _, e := range []*execEvent{
		whichCurl(), whichCurl().Count(30), whichCurl().Count(27), whichCurl().Count(19), whichCurl().Count(1),
		whichCurl().Set(ppm.ExecRes, ppm.PI64(-2)),
		whichCurl().Set(ppm.ExecCgroups, ppm.PStrings("cpu=/machine.slice/libpod-"+hex64+".scope/container")),
	} {
		f.Add(e.Encode(f))
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

// checkEvent extracts every field of raw through the Extractor and through
// Document and checks that they agree and that values are well formed.
func checkEvent(t *testing.T, raw []byte) {
	for _, cfg := range []Config{DefaultConfig(), {ContainerIDFormat: ContainerIDShort}} {
		doc, docErr := Document(raw, cfg, nil)
		e := NewExtractor(cfg, nil)
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
			if doc["event.action"] != "exec" {
				t.Fatalf("document without event.action: %v", doc)
			}
			if args, ok := doc["process.args"].([]string); ok && int64(len(args)) > doc["process.args_count"].(int64) {
				t.Fatalf("args %d > args_count %v", len(args), doc["process.args_count"])
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
