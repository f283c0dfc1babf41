package swarm

import (
	"bytes"
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kvchaos/kvchaos/checker"
	"github.com/kvchaos/kvchaos/history"
)

// fixed is a configuration with every field set by the test.
func fixed(seed uint64, preset, wl string, nemesis time.Duration) Config {
	return Config{Seed: seed, Preset: preset, Regions: 3,
		Latency:      Dist{Kind: "lognormal", A: Duration(30 * time.Millisecond), Shape: 0.4},
		LocalLatency: Dist{Kind: "uniform", A: Duration(500 * time.Microsecond), B: Duration(2 * time.Millisecond)},
		Nemesis:      Duration(nemesis), Workload: wl, Clients: 4, Keys: 2, Ops: 160}
}

func TestExecuteIsByteIdenticalForASeedWhateverRunsBesideIt(t *testing.T) {
	ctx := context.Background()
	for _, c := range []Config{
		fixed(1, "linearizable", "mixed", 50*time.Millisecond),
		fixed(2, "edgecache", "register", 0),
		fixed(3, "replicated", "counter-atomic", 80*time.Millisecond),
		fixed(4, "quorum", "mixed", 30*time.Millisecond),
		Draw(5), Draw(6),
	} {
		t.Run(fmt.Sprintf("%s-%d", c.Preset, c.Seed), func(t *testing.T) {
			// Three copies at once: nothing may depend on worker scheduling.
			var wg sync.WaitGroup
			res := make([]Result, 3)
			errs := make([]error, 3)
			for i := range res {
				wg.Go(func() { res[i], errs[i] = Execute(ctx, c, CheckOptions{}) })
			}
			wg.Wait()
			for i := range res {
				require.NoError(t, errs[i])
			}
			require.NotEmpty(t, res[0].History)
			assert.Equal(t, string(res[0].History), string(res[1].History))
			assert.Equal(t, string(res[0].History), string(res[2].History))
			assert.Equal(t, res[0].Outcome, res[1].Outcome)
			h, _, err := history.ReadJSONL(bytesReader(res[0].History))
			require.NoError(t, err)
			assert.Len(t, h.Ops, res[0].Ops)

			other := c
			other.Seed++
			o, err := Execute(ctx, other, CheckOptions{})
			require.NoError(t, err)
			assert.NotEqual(t, string(res[0].History), string(o.History), "another seed, another run")
		})
	}
}

func TestLinearizablePresetWithAtomicWorkloadsFindsNothing(t *testing.T) {
	for _, wl := range []string{"register", "counter-atomic", "set", "list", "mixed"} {
		for seed := uint64(1); seed <= 2; seed++ {
			c := fixed(seed, "linearizable", wl, 60*time.Millisecond)
			res, err := Execute(context.Background(), c, CheckOptions{Timeout: time.Minute})
			require.NoError(t, err)
			assert.Equal(t, Pass, res.Outcome.Status, "%s: %+v", c, res.Outcome)
			assert.Empty(t, res.Outcome.Kinds, c.String())
			assert.Empty(t, res.Outcome.Expected, c.String())
		}
	}
}

func TestNonAtomicCounterLosesUpdatesOnEveryPreset(t *testing.T) {
	for _, preset := range []string{"linearizable", "edgecache", "replicated", "quorum"} {
		c := fixed(7, preset, "counter", 0)
		c.Keys, c.Clients = 1, 6
		res, err := Execute(context.Background(), c, CheckOptions{Timeout: time.Minute})
		require.NoError(t, err)
		assert.Equal(t, Fail, res.Outcome.Status, preset)
		assert.Equal(t, []string{KindClientLostUpdate}, res.Outcome.Kinds, "%s: the client's fault, not the store's", preset)
	}
}

func TestEventualPresetsShowAnomaliesOutsideTheirPromise(t *testing.T) {
	found := map[string]bool{}
	for _, preset := range []string{"edgecache", "replicated", "quorum"} {
		// a stale quorum read is rare with R=W=1 and propagation: six
		// seeds show one
		for seed := uint64(1); seed <= 6; seed++ {
			c := fixed(seed, preset, "register", 0)
			res, err := Execute(context.Background(), c, CheckOptions{Timeout: time.Minute})
			require.NoError(t, err)
			assert.Equal(t, Pass, res.Outcome.Status, "%s: %+v: an eventual store may be stale", c, res.Outcome)
			for _, k := range res.Outcome.Expected {
				found[preset+" "+k] = true
			}
		}
	}
	for _, preset := range []string{"edgecache", "replicated", "quorum"} {
		assert.True(t, found[preset+" "+string(checker.KindNotLinearizable)] || found[preset+" "+string(checker.KindStaleRead)],
			"%s shows stale or non-linearizable reads: %v", preset, found)
	}
}

func TestClassify(t *testing.T) {
	an := func(c checker.Name, k checker.AnomalyKind, nonAtomic bool) checker.Result {
		return checker.Result{Check: c, Status: checker.StatusViolated, AnomalyCount: 1, Anomalies: []checker.Anomaly{{Kind: k, Key: "k", NonAtomic: nonAtomic}}}
	}
	rep := func(e checker.Expect, v checker.Verdict, rs ...checker.Result) checker.Report {
		return checker.Report{Expect: e, Verdict: v, Results: rs, Store: checker.StoreVerdict{Summary: "store summary"}}
	}
	lin, ev := checker.ExpectLinearizable, checker.ExpectEventual
	for _, tc := range []struct {
		name string
		rep  checker.Report
		want Outcome
	}{
		{"clean", rep(lin, checker.Valid), Outcome{Status: Pass}},
		{"not linearizable, promised", rep(lin, checker.Invalid, an(checker.Linearizable, checker.KindNotLinearizable, false)),
			Outcome{Status: Fail, Kinds: []string{"broken-promise:not-linearizable"}}},
		{"not linearizable, not promised", rep(ev, checker.Valid, an(checker.Linearizable, checker.KindNotLinearizable, false)),
			Outcome{Status: Pass, Expected: []string{"not-linearizable"}}},
		{"non-convergence breaks eventual", rep(ev, checker.Invalid, an(checker.Convergence, checker.KindNonConvergence, false)),
			Outcome{Status: Fail, Kinds: []string{"broken-promise:non-convergence"}}},
		{"non-atomic counter, any promise", rep(lin, checker.Invalid, an(checker.LostUpdates, checker.KindCounterBounds, true)),
			Outcome{Status: Fail, Kinds: []string{KindClientLostUpdate}}},
		{"atomic updates lost", rep(ev, checker.Invalid, an(checker.LostUpdates, checker.KindLostUpdate, false), an(checker.Staleness, checker.KindStaleRead, false)),
			Outcome{Status: Fail, Kinds: []string{KindStoreLostWrite}, Expected: []string{"stale-read"}}},
		{"not decided", rep(lin, checker.Unknown), Outcome{Status: Unknown, Reason: "unknown: store summary"}},
		{"nothing to judge", checker.Report{Expect: lin, Verdict: checker.Unknown, Error: "no operations to judge"},
			Outcome{Status: Unknown, Reason: "unknown: no operations to judge"}},
	} {
		assert.Equal(t, tc.want, classify(tc.rep), tc.name)
	}
}

func bytesReader(b []byte) *bytes.Reader { return bytes.NewReader(b) }
