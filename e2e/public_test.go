package e2e

import (
	"bytes"
	"context"
	"testing"

	"github.com/eql2falco/eql2falco/internal/publiccaptures"
)

// The real public captures (../shared/captures/public, skipped when absent):
// both versions of the seed rule agree with their translations on every
// event.
func TestParityPublicCaptures(t *testing.T) {
	cs, err := FindCaptures(publiccaptures.Dir(t))
	if err != nil {
		t.Fatal(err)
	}
	rep, err := Parity(context.Background(), cs, seedRules(t, ""), ParityOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	_ = rep.WriteText(&b)
	if rep.Failed() {
		t.Fatalf("parity fails on the public captures:\n%s", b.String())
	}
	t.Logf("\n%s", b.String())
}
