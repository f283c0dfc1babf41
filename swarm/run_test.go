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
		for seed := uint64(1); seed <= 3; seed++ {
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
	ok := history.History{Ops: []history.Op{{Func: history.FuncGet, Key: "k", Status: history.StatusOK}}}
	failed := history.History{Ops: []history.Op{{Func: history.FuncGet, Key: "k", Status: history.StatusFail}}}
	updated := history.History{Ops: []history.Op{{Func: history.FuncUpdate, Key: "n", Status: history.StatusOK}}}
	an := func(c checker.Name, k checker.AnomalyKind, key string) checker.Result {
		return checker.Result{Check: c, Status: checker.StatusViolated, AnomalyCount: 1, Anomalies: []checker.Anomaly{{Kind: k, Key: key}}}
	}
	lin, ev := fixed(1, "linearizable", "register", 0), fixed(1, "edgecache", "register", 0)
	counter, atomic := fixed(1, "edgecache", "counter", 0), fixed(1, "replicated", "counter-atomic", 0)
	for _, tc := range []struct {
		name string
		c    Config
		h    history.History
		rep  checker.Report
		want Outcome
	}{
		{"clean", lin, ok, checker.Report{}, Outcome{Status: Pass}},
		{"not linearizable, promised", lin, ok, checker.Report{Results: []checker.Result{an(checker.Linearizable, checker.KindNotLinearizable, "k")}},
			Outcome{Status: Fail, Kinds: []string{"broken-promise:not-linearizable"}}},
		{"not linearizable, not promised", ev, ok, checker.Report{Results: []checker.Result{an(checker.Linearizable, checker.KindNotLinearizable, "k")}},
			Outcome{Status: Pass, Expected: []string{"not-linearizable"}}},
		{"non-convergence breaks eventual", ev, ok, checker.Report{Results: []checker.Result{an(checker.Convergence, checker.KindNonConvergence, "k")}},
			Outcome{Status: Fail, Kinds: []string{"broken-promise:non-convergence"}}},
		{"non-atomic counter", counter, updated, checker.Report{Results: []checker.Result{an(checker.LostUpdates, checker.KindCounterBounds, "n"), an(checker.Linearizable, checker.KindNotLinearizable, "n")}},
			Outcome{Status: Fail, Kinds: []string{KindClientLostUpdate}, Expected: []string{expectedNonAtomic}}},
		{"atomic counter", atomic, updated, checker.Report{Results: []checker.Result{an(checker.LostUpdates, checker.KindLostUpdate, "n")}},
			Outcome{Status: Fail, Kinds: []string{KindStoreLostWrite}}},
		{"search ran out, promised", lin, ok, checker.Report{Results: []checker.Result{{Check: checker.Linearizable, Status: checker.StatusUnknown, Explanation: "timed out"}}},
			Outcome{Status: Unknown, Reason: "linearizable: timed out"}},
		{"search ran out, not promised", ev, ok, checker.Report{Results: []checker.Result{{Check: checker.Linearizable, Status: checker.StatusUnknown}}},
			Outcome{Status: Pass}},
		{"nothing succeeded", lin, failed, checker.Report{}, Outcome{Status: Unknown, Reason: "no operation succeeded (all 1 failed or have an unknown outcome)"}},
		{"nothing recorded", lin, history.History{}, checker.Report{}, Outcome{Status: Unknown, Reason: "no operation was recorded"}},
	} {
		assert.Equal(t, tc.want, classify(tc.c, tc.h, tc.rep), tc.name)
	}
}

func bytesReader(b []byte) *bytes.Reader { return bytes.NewReader(b) }
