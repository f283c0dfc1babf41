package swarm

import (
	"bytes"
	"errors"
	"fmt"
	"time"

	"github.com/kvchaos/kvchaos/checker"
	"github.com/kvchaos/kvchaos/history"
	"github.com/kvchaos/kvchaos/internal/simstore"
	"github.com/kvchaos/kvchaos/sim"
)

// KindProperty is the failure kind of a run in which a user's own
// property (kvtest.Swarm) did not hold.
const KindProperty = "property"

// PropertyRef names the Go test whose property a run checked: the
// package's import path and the test function. kvchaos replay runs
// go test Package -run '^Test$' to replay such a run.
type PropertyRef struct {
	Package string `json:"package"`
	Test    string `json:"test"`
}

// errPropertyRun is Execute's answer for a configuration that belongs to
// a user's property.
var errPropertyRun = errors.New("the run checks a Go test's property: replay it through that test (kvchaos replay does)")

// NewCluster builds the simulated cluster of c — preset, regions,
// latencies, seed and nemesis — for a property that drives it itself.
// With record, the cluster records every call into its own recorder
// (Cluster.History).
func NewCluster(c Config, record bool) (*sim.Cluster, error) {
	if err := c.Validate(); err != nil {
		return nil, fmt.Errorf("swarm: config: %w", err)
	}
	preset, _ := sim.PresetByName(c.Preset)
	lat, _ := c.Latency.Sim()
	local, _ := c.LocalLatency.Sim()
	cl, err := sim.New(sim.Config{Seed: c.Seed, Regions: simstore.RegionNames(c.Regions), Preset: preset, Latency: lat,
		LocalLatency: local, NoRecording: !record})
	if err != nil {
		return nil, fmt.Errorf("swarm: seed %d: %w", c.Seed, err)
	}
	if d := time.Duration(c.Nemesis); d > 0 {
		if _, err := cl.Nemesis(simstore.NemesisEvery(d)); err != nil {
			return nil, fmt.Errorf("swarm: seed %d: nemesis: %w", c.Seed, err)
		}
	}
	return cl, nil
}

// PropertyResult is the Result of a property run on c that recorded h:
// a failure of kind KindProperty with the property's message when failure
// is not empty, a pass otherwise. The history is also checked against
// the preset's promise, for the report.
func PropertyResult(c Config, h history.History, failure string, o CheckOptions) (Result, error) {
	var buf bytes.Buffer
	if err := history.WriteJSONL(&buf, h); err != nil {
		return Result{}, err
	}
	res := Result{Config: c, History: buf.Bytes(), Ops: len(h.Ops), hist: h, Steps: int64(len(h.Ops))}
	res.Report = checker.Check(h, checker.Options{Expect: c.Promise(), Timeout: o.Timeout})
	res.Outcome = Outcome{Status: Pass}
	if failure != "" {
		res.Outcome = Outcome{Status: Fail, Kinds: []string{KindProperty}, Reason: failure}
	}
	return res, nil
}
