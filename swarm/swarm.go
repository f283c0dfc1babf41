package swarm

import (
	"context"
	"testing"

	engine "github.com/kvchaos/kvchaos/internal/swarm"
)

// Options configure a swarm: how many runs (Runs, Duration), on how many
// workers, the directory written (Out), the version recorded in tokens,
// the checks' options and the drawn space.
type Options = engine.Options

// Swarm runs many seeds. Create it with New; Run runs it once.
type Swarm = engine.Swarm

// Summary is what a swarm found: counts by status, preset and kind, and
// one Case (with its replay token) per failed or unknown run.
type Summary = engine.Summary

// Config is one simulated run: everything that decides its history. Draw
// makes one from a seed; a replay token carries one.
type Config = engine.Config

// Dist is a delay distribution of a Config: Kind is constant (A), uniform
// (A to B), exponential (mean A), lognormal (median A, sigma Shape) or
// pareto (minimum A, alpha Shape).
type Dist = engine.Dist

// Duration is a time.Duration that a Config writes as text ("40ms").
type Duration = engine.Duration

// Result is one finished run: its configuration, history, checker report
// and Outcome.
type Result = engine.Result

// CheckOptions tune the checks of each run.
type CheckOptions = engine.CheckOptions

// Token is what a replay token encodes: the kvchaos version that made the
// run and the run's configuration; Encode writes it as one line.
type Token = engine.Token

// New validates o and returns a Swarm.
func New(o Options) (*Swarm, error) { return engine.New(o) }

// Draw returns the configuration seed draws from the whole space of
// presets and workloads.
func Draw(seed uint64) Config { return engine.Draw(seed) }

// Execute runs one configuration on the simulator, the way kvchaos run
// runs a sim:// store, and checks the history against the preset's
// promise.
func Execute(ctx context.Context, c Config, o CheckOptions) (Result, error) {
	return engine.Execute(ctx, c, o)
}

// Replay decodes a replay token and runs its configuration again. The
// history is byte for byte the original's when version is the token's;
// warning says so when it is not.
func Replay(ctx context.Context, token, version string, o CheckOptions) (res Result, warning string, err error) {
	return engine.Replay(ctx, token, version, o)
}

// Regressions replays every *.replay entry in dir (written by kvchaos
// swarm --regressions) and fails t once for each entry whose run still
// fails, naming its kinds and its replay command. A directory without
// entries fails the test.
//
//	func TestSwarmRegressions(t *testing.T) { swarm.Regressions(t, "testdata/swarm") }
func Regressions(t testing.TB, dir string) {
	t.Helper()
	engine.Regressions(t, dir)
}
