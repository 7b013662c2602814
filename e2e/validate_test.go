package e2e

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestValidate(t *testing.T) {
	ctx := context.Background()
	path, dir := installFakeFalco(t, "0.44.1")
	rules := filepath.Join(t.TempDir(), "rules.yaml")
	if err := os.WriteFile(rules, []byte("- list: x\n  items: [a]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	f := &RealFalco{Path: path, Plugin: "libecs.so"}
	if err := f.Validate(ctx, rules, true); err != nil {
		t.Fatal(err)
	}
	cfg, _ := os.ReadFile(filepath.Join(dir, "falco.yaml"))
	if !strings.Contains(string(cfg), "load_plugins:\n  - ecs\n  - container\n") {
		t.Errorf("falco -V ran without the plugins:\n%s", cfg)
	}
	if got, _ := os.ReadFile(filepath.Join(dir, "validated.yaml")); !strings.Contains(string(got), "items: [a]") {
		t.Errorf("falco -V did not get the rules file: %q", got)
	}
	t.Setenv("FAKE_FALCO_INVALID", "undefined macro")
	err := f.Validate(ctx, rules, false)
	if err == nil || !strings.Contains(err.Error(), "falco -V "+rules) || !strings.Contains(err.Error(), "1 Errors: undefined macro") {
		t.Errorf("a failed validation: %v", err)
	}
	old := &RealFalco{Path: path, Plugin: "libecs.so"}
	t.Setenv("FAKE_FALCO_VERSION", "0.40.0")
	if err := old.Validate(ctx, rules, false); err == nil || !strings.Contains(err.Error(), "needs Falco 0.41.0 or later") {
		t.Errorf("Falco 0.40: %v", err)
	}
}
