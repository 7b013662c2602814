package e2e

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"time"
)

// Validate has Falco check a rules file, falco -V, with the configuration
// Run uses (the ecs plugin, and the container plugin when container is set,
// loaded from load_plugins). The error holds the end of Falco's output.
func (f *RealFalco) Validate(ctx context.Context, rules string, container bool) error {
	if _, err := f.Version(ctx); err != nil {
		return err
	}
	rules, err := filepath.Abs(rules)
	if err != nil {
		return err
	}
	dir, err := os.MkdirTemp("", "eql2falco-falco-*")
	if err != nil {
		return err
	}
	defer func() { _ = os.RemoveAll(dir) }()
	cfg, err := f.Config(container)
	if err != nil {
		return err
	}
	cfgName := filepath.Join(dir, "falco.yaml")
	if err := os.WriteFile(cfgName, cfg, 0o644); err != nil {
		return err
	}
	timeout := f.Timeout
	if timeout == 0 {
		timeout = time.Minute
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	out, err := exec.CommandContext(ctx, f.Path, "-c", cfgName, "-V", rules).CombinedOutput()
	if err != nil {
		return fmt.Errorf("falco -V %s: %w\n%s", rules, err, tail(out))
	}
	return nil
}
