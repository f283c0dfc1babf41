package swarm

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/kvchaos/kvchaos/backends"
	"github.com/kvchaos/kvchaos/checker"
	"github.com/kvchaos/kvchaos/history"
	"github.com/kvchaos/kvchaos/internal/simstore"
	"github.com/kvchaos/kvchaos/workload"
)

// Result is one finished run.
type Result struct {
	Config Config
	// History is the history.jsonl the run streamed, byte for byte what
	// kvchaos run writes; Ops counts its operations.
	History []byte
	Ops     int
	// Steps and Errors are the workload's counters (kvchaos run's).
	Steps, Errors int64
	// Report is the checker's report, held to the preset's promise.
	Report checker.Report
	// Outcome classifies the run.
	Outcome Outcome
	// hist is the parsed history, for the report.
	hist history.History
}

// CheckOptions tune the checks of each run.
type CheckOptions struct {
	// Timeout bounds each run's linearizability search (0 = 10 s). A
	// search that runs out is an unknown verdict on the linearizable
	// preset, never a pass.
	Timeout time.Duration
}

// Execute runs one configuration on the simulator, the way kvchaos run
// runs a sim:// store: the workload runner records every operation (and
// the nemesis's faults) into a history stream on the virtual clock, the
// store is quiesced and read from every region, and the history is
// checked against the preset's promise. Nothing in it reads the wall
// clock except the linearizability search's timeout, which can only turn
// a verdict into unknown.
func Execute(ctx context.Context, c Config, o CheckOptions) (Result, error) {
	res := Result{Config: c}
	if c.Property != nil {
		return res, errPropertyRun
	}
	store, err := openStore(c)
	if err != nil {
		return res, err
	}
	runner, err := workload.NewRunner(workload.Options{Workload: c.Workload, Clients: c.Clients,
		Keys: c.Keys, Ops: c.Ops, Seed: int64(c.Seed)})
	if err != nil {
		return res, fmt.Errorf("swarm: config: %w", err)
	}
	var stream bytes.Buffer
	rec, err := workload.NewRecorder(store, history.WithStream(&stream))
	if err != nil {
		return res, err
	}
	stats, runErr := runner.Run(ctx, store, rec)
	if err := errors.Join(runErr, rec.Close()); err != nil {
		return res, fmt.Errorf("swarm: seed %d: %w", c.Seed, err)
	}
	if stats.Interrupted || ctx.Err() != nil {
		return res, fmt.Errorf("swarm: seed %d: interrupted: %w", c.Seed, context.Cause(ctx))
	}
	res.hist = rec.History()
	res.History, res.Ops = stream.Bytes(), len(res.hist.Ops)
	res.Steps, res.Errors = stats.Steps, stats.Errors
	res.Report = checker.Check(res.hist, checker.Options{Expect: c.Promise(), Timeout: o.Timeout})
	res.Outcome = classify(res.Report)
	return res, nil
}

// openStore builds the simulated cluster of c, with its nemesis, and no
// key prefix: the cluster is the run's own, so nothing else can collide
// with its keys, and the history does not depend on a random prefix.
func openStore(c Config) (*backends.Store, error) {
	cl, err := NewCluster(c, false)
	if err != nil {
		return nil, err
	}
	return simstore.NewStore(cl), nil
}
