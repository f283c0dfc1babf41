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
		name := filepath.Join(dir, RegressionName(c.Config))
		if err := os.WriteFile(name, []byte(c.Replay+"\n"), 0o644); err != nil {
			return err
		}
	}
	return nil
}

// RegressionName is the file name of a configuration's regression entry:
// seed-K.replay, prefixed by the test's name for a property's run.
func RegressionName(c Config) string {
	name := fmt.Sprintf("seed-%d%s", c.Seed, RegressionExt)
	if c.Property != nil {
		name = strings.NewReplacer("/", "_", " ", "_").Replace(c.Property.Test) + "-" + name
	}
	return name
}

// Regressions replays every *.replay entry in dir (written by kvchaos
// swarm --regressions, or a failure directory's replay file copied there)
// and fails t once for each entry whose run still fails, naming its kinds
// and its replay command. A directory without entries fails the test: an
// empty regression suite is more likely a wrong path than a fixed bug.
//
//	func TestSwarmRegressions(t *testing.T) { swarm.Regressions(t, "testdata/swarm") }
func Regressions(t testing.TB, dir string) {
	t.Helper()
	for _, msg := range regressionFailures(t.Context(), dir) {
		t.Error(msg)
	}
}

// regressionFailures replays the entries of dir and describes each that
// still fails or cannot be replayed.
func regressionFailures(ctx context.Context, dir string) []string {
	names, err := filepath.Glob(filepath.Join(dir, "*"+RegressionExt))
	if err != nil || len(names) == 0 {
		return []string{fmt.Sprintf("swarm.Regressions: no %s entries in %s", RegressionExt, dir)}
	}
	slices.Sort(names)
	var fails []string
	for _, name := range names {
		b, err := os.ReadFile(name)
		if err != nil {
			fails = append(fails, err.Error())
			continue
		}
		tok, err := DecodeToken(string(b))
		if err != nil {
			fails = append(fails, fmt.Sprintf("%s: %v", name, err))
			continue
		}
		if p := tok.Config.Property; p != nil {
			fails = append(fails, fmt.Sprintf("%s is a run of the property of %s: kvtest.Swarm in that test replays it", name, p.Test))
			continue
		}
		res, err := Execute(ctx, tok.Config, CheckOptions{})
		switch {
		case err != nil:
			fails = append(fails, fmt.Sprintf("%s: %v", name, err))
		case res.Outcome.Status == Fail:
			fails = append(fails, fmt.Sprintf("%s still fails: %s (%s); replay with: kvchaos replay %s", name, strings.Join(res.Outcome.Kinds, ", "), tok.Config, tok.Encode()))
		case res.Outcome.Status == Unknown:
			fails = append(fails, fmt.Sprintf("%s: unknown verdict: %s", name, res.Outcome.Reason))
		}
	}
	return fails
}
