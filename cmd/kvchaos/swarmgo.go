package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/kvchaos/kvchaos/internal/swarm"
)

// goTest runs `go test PKG -run PATTERN -count=1 -timeout 0` with the
// extra environment, its output to w. kvtest.Swarm in the selected test
// reads the environment and does the work; the caller reads the
// directory it wrote.
func goTest(ctx context.Context, w io.Writer, pkg, pattern string, env ...string) error {
	cmd := exec.CommandContext(ctx, "go", "test", pkg, "-run", pattern, "-count=1", "-timeout", "0")
	cmd.Env = append(os.Environ(), env...)
	cmd.Stdout, cmd.Stderr = w, w
	return cmd.Run()
}

// importPath resolves a package pattern such as ./cart to its import
// path, which replay tokens record.
func importPath(ctx context.Context, pkg string) (string, error) {
	var out, errb bytes.Buffer
	cmd := exec.CommandContext(ctx, "go", "list", "-f", "{{.ImportPath}}", pkg)
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("--go-test: go list %s: %v: %s", pkg, err, strings.TrimSpace(errb.String()))
	}
	path := strings.TrimSpace(out.String())
	if path == "" || strings.Contains(path, "\n") {
		return "", fmt.Errorf("--go-test: %q names %d packages; name one", pkg, strings.Count(path, "\n")+1)
	}
	return path, nil
}

// runGoSwarm runs the swarm in the user's test (kvtest.Swarm) and reads
// back the summary it wrote.
func runGoSwarm(ctx context.Context, stderr io.Writer, f swarmFlags) (swarm.Summary, error) {
	if f.goRun == "" {
		return swarm.Summary{}, fmt.Errorf("--run: name the test that calls kvtest.Swarm (with --go-test)")
	}
	pkg, err := importPath(ctx, f.goTest)
	if err != nil {
		return swarm.Summary{}, err
	}
	out, err := filepath.Abs(f.opts.Out)
	if err != nil {
		return swarm.Summary{}, err
	}
	req, _ := json.Marshal(swarm.GoTestRequest{Runs: f.opts.Runs, Duration: f.opts.Duration, Shard: f.opts.Shard, Space: f.opts.Space,
		Workers: f.opts.Workers, Out: out, Version: f.opts.Version, CheckDeterminism: f.opts.CheckDeterminism,
		Timeout: f.opts.Check.Timeout, Package: pkg})
	_ = os.Remove(filepath.Join(out, swarm.SummaryFile))
	testErr := goTest(ctx, stderr, pkg, swarm.RunPattern(f.goRun), swarm.EnvSwarm+"="+string(req))
	sum, err := swarm.ReadSummary(out)
	if err != nil {
		return sum, fmt.Errorf("go test %s -run %s wrote no swarm summary (does %s call kvtest.Swarm?): %v; %v", pkg, f.goRun, f.goRun, testErr, err)
	}
	return sum, nil
}

// replayGo replays a token of a user's property through its test and
// reads back the run it wrote.
func replayGo(ctx context.Context, stderr io.Writer, token string, ref *swarm.PropertyRef, out string) (swarm.RunInfo, error) {
	abs, err := filepath.Abs(out)
	if err != nil {
		return swarm.RunInfo{}, err
	}
	_ = os.Remove(filepath.Join(abs, swarm.RunFile))
	testErr := goTest(ctx, stderr, ref.Package, swarm.RunPattern(ref.Test), swarm.EnvReplay+"="+token, swarm.EnvReplayOut+"="+abs)
	info, err := swarm.ReadRun(abs)
	if err != nil {
		return info, fmt.Errorf("go test %s -run %s wrote no run: %v; %v", ref.Package, ref.Test, testErr, err)
	}
	return info, nil
}
