package benchcapture

import (
	"bytes"
	"testing"

	"github.com/eql2falco/eql2falco/capture/ppm"
	"github.com/eql2falco/eql2falco/capture/scap"
)

func TestWorkload(t *testing.T) {
	wl := Workload{Processes: 100, Alerting: 10}
	var a, b bytes.Buffer
	ca, err := wl.Write(&a)
	if err != nil {
		t.Fatal(err)
	}
	cb, err := wl.Write(&b)
	if err != nil || ca != cb || !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Fatalf("two writes of %+v differ: %+v, %+v, %v", wl, ca, cb, err)
	}
	if ca != (Counts{Events: 2000, Execs: 100, Alerting: 10}) {
		t.Fatalf("counts %+v", ca)
	}
	// The capture reads back with its events, 5% of them execs.
	r, err := scap.NewReader(bytes.NewReader(a.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	events, execs := 0, 0
	for r.Next() {
		events++
		if r.Event().Type() == ppm.CodeExecveX {
			execs++
		}
	}
	if r.Err() != nil || events != 2000 || execs != 100 {
		t.Fatalf("%d events, %d execs read back (%v)", events, execs, r.Err())
	}
	for _, bad := range []Workload{{Processes: -1}, {Processes: 2, Alerting: 3}, {Processes: 2, EventsPerProcess: 5}} {
		if _, err := bad.Write(&bytes.Buffer{}); err == nil {
			t.Errorf("%+v: no error", bad)
		}
	}
}
