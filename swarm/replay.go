package swarm

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// Replay decodes a replay token and runs its configuration again. The
// history is byte for byte the original's when version is the token's;
// warning says so when it is not (a different kvchaos may draw, schedule
// or record differently).
func Replay(ctx context.Context, token, version string, o CheckOptions) (res Result, warning string, err error) {
	t, err := DecodeToken(token)
	if err != nil {
		return res, "", err
	}
	if t.Version != version {
		warning = fmt.Sprintf("the token was made by kvchaos %s and this is %s: the run may not reproduce byte for byte", t.Version, version)
	}
	res, err = Execute(ctx, t.Config, o)
	return res, warning, err
}

// RegressionExt ends the name of a regression entry: a file holding one
// replay token.
const RegressionExt = ".replay"

// WriteRegressions writes every failed case as a testdata entry
// dir/seed-K.replay holding its replay token, for Regressions to check
// from a Go test once the bug is fixed. Unknown cases are skipped: they
// did not fail.
func WriteRegressions(dir string, cases []Case) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for _, c := range cases {
		if c.Status != Fail {
			continue
		}
		name := filepath.Join(dir, fmt.Sprintf("seed-%d%s", c.Seed, RegressionExt))
		if err := os.WriteFile(name, []byte(c.Replay+"\n"), 0o644); err != nil {
			return err
		}
	}
	return nil
}

// Regressions replays every *.replay entry in dir (written by kvchaos
// swarm --regressions, or a failure directory's replay file copied there)
// as a subtest, and fails a subtest whose run still fails, naming the
// kinds. A directory without entries fails the test: an empty regression
// suite is more likely a wrong path than a fixed bug.
//
//	func TestSwarmRegressions(t *testing.T) { swarm.Regressions(t, "testdata/swarm") }
func Regressions(t *testing.T, dir string) {
	t.Helper()
	names, err := filepath.Glob(filepath.Join(dir, "*"+RegressionExt))
	if err != nil || len(names) == 0 {
		t.Fatalf("swarm.Regressions: no %s entries in %s (err %v)", RegressionExt, dir, err)
	}
	slices.Sort(names)
	for _, name := range names {
		t.Run(strings.TrimSuffix(filepath.Base(name), RegressionExt), func(t *testing.T) {
			b, err := os.ReadFile(name)
			if err != nil {
				t.Fatal(err)
			}
			tok, err := DecodeToken(string(b))
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			res, err := Execute(t.Context(), tok.Config, CheckOptions{})
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			switch res.Outcome.Status {
			case Fail:
				t.Errorf("%s still fails: %s (%s); replay with: kvchaos replay %s", name, strings.Join(res.Outcome.Kinds, ", "), tok.Config, tok.Encode())
			case Unknown:
				t.Errorf("%s: unknown verdict: %s", name, res.Outcome.Reason)
			}
		})
	}
}
