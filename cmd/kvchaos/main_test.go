package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"testing"
)

// bin is the kvchaos binary built once for the end-to-end tests.
var bin string

// vcsBuild is why bin was built without VCS stamping in a checkout ("" when
// it was stamped, or outside a checkout); TestVersionCommand reports it.
var vcsBuild string

func TestMain(m *testing.M) {
	flag.Parse()
	// Most tests here wait on child processes — the kvchaos binary,
	// Chromium, servers — rather than use the CPU: run 4 at once, not
	// -parallel's default of GOMAXPROCS, unless -parallel was given.
	explicit := false
	flag.Visit(func(f *flag.Flag) { explicit = explicit || f.Name == "test.parallel" })
	if !explicit && runtime.GOMAXPROCS(0) < 4 {
		_ = flag.Set("test.parallel", "4")
	}
	dir, err := os.MkdirTemp("", "kvchaos-e2e")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	bin = filepath.Join(dir, "kvchaos")
	if err := buildBin(); err != nil {
		fmt.Fprintln(os.Stderr, "building kvchaos:", err)
		os.Exit(2)
	}
	code := m.Run()
	stopServers()
	os.RemoveAll(dir)
	os.Exit(code)
}

// buildBin builds bin, in a checkout with VCS stamping on (this machine's
// go env may turn it off) so that TestVersionCommand can check the stamp
// without a build of its own. If the stamped build fails, a plain one
// stands in and vcsBuild says why.
func buildBin() error {
	if exec.Command("git", "rev-parse", "--git-dir").Run() == nil {
		out, err := exec.Command("go", "build", "-buildvcs=true", "-o", bin, ".").CombinedOutput()
		if err == nil {
			return nil
		}
		vcsBuild = fmt.Sprintf("go build -buildvcs=true: %v\n%s", err, out)
	}
	build := exec.Command("go", "build", "-o", bin, ".")
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	return build.Run()
}

// result is one run of the binary.
type result struct {
	code           int
	stdout, stderr string
}

// kvchaos runs the binary with args in dir and returns its exit code and
// output.
func kvchaos(t *testing.T, dir string, args ...string) result {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Dir = dir
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("running kvchaos %v: %v", args, err)
	}
	return result{code: code, stdout: out.String(), stderr: errb.String()}
}
