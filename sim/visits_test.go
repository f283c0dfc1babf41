package sim_test

import (
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kvchaos/kvchaos/checker"
	"github.com/kvchaos/kvchaos/history"
	"github.com/kvchaos/kvchaos/sim"
)

// TestVisitCounterLostVisitsAreNamedByTheChecker runs the visit counter
// (3 regions, 5 clients, 20 Store.Update visits each) on the linearizable
// preset, reads the counter in every region and checks the simulator's own
// get/put history. The store is linearizable — the checker finds every op
// consistent — yet visits are lost, because Update is a get then a put.
// The counter-bounds check counts every lost visit, and the lost-update
// check names every one of them with the visit that overwrote it: two
// visits both write n+1, so the checker tells the writes apart by the
// versions the simulator records on every get and put.
func TestVisitCounterLostVisitsAreNamedByTheChecker(t *testing.T) {
	below, named, lostTotal := 0, 0, 0
	for seed := range uint64(10) {
		c := newCluster(t, sim.Config{Seed: seed})
		runVisits(t, c, false)
		reads := c.ReadAll("visits")
		total := readInt(t, c, "visits")
		for _, r := range reads {
			require.Equal(t, total, atoi(t, string(r.Value)), "every region reads the same count")
		}
		if total < 100 {
			below++
		}
		lostTotal += 100 - total
		h := c.History()
		rep := checker.Check(h, checker.Options{MaxAnomalies: 200})
		require.Empty(t, rep.Error)
		assert.Equal(t, checker.Valid, rep.Store.Verdict, "seed %d: a linearizable store keeps its promise", seed)
		assert.Equal(t, total < 100, rep.Verdict == checker.Invalid, "seed %d: lost visits fail the run, blamed on the client code", seed)
		assert.EqualValues(t, 100-total, rep.Client.Lost, "seed %d", seed)
		lin := result(t, rep, checker.Linearizable)
		assert.Equal(t, checker.StatusOK, lin.Status, "seed %d: every get and put is linearizable", seed)

		lu := result(t, rep, checker.LostUpdates)
		require.Len(t, lu.Counters, 1, "seed %d", seed)
		cb := lu.Counters[0]
		assert.EqualValues(t, 100, cb.Acknowledged, "seed %d: every visit was acknowledged", seed)
		assert.EqualValues(t, total, cb.Final, "seed %d", seed)
		assert.EqualValues(t, 100-total, cb.Lost, "seed %d: the counter bound counts every lost visit", seed)

		forks := 0
		for _, a := range lu.Anomalies {
			if a.Kind != checker.KindLostUpdate {
				continue
			}
			forks++
			checkFork(t, h, a)
		}
		assert.Equal(t, 100-total, forks, "seed %d: every lost visit is named, once", seed)
		assert.Equal(t, lu.AnomalyCount, len(lu.Anomalies), "seed %d: all anomalies kept", seed)
		named += forks
	}
	assert.GreaterOrEqual(t, below, 8, "most seeds lose visits")
	t.Logf("%d lost visits named by the lost-update check over 10 seeds", named)
	assert.Equal(t, lostTotal, named)
}

// checkFork verifies a lost-update finding against the simulator's ground
// truth. Ops are [lost put, overwriting put, lost put's get, overwriting
// put's get], and both gets returned the same stored version (the same
// state, so only one of the two increments can count) and both puts wrote
// the same count, by different clients. When the lost visit built on
// another lost visit, two more ops follow: the put and get of the first
// visit of that lost branch, which read the same version as the
// overwriting put's get and wrote the same count.
func checkFork(t *testing.T, h history.History, a checker.Anomaly) {
	t.Helper()
	require.True(t, a.NonAtomic, "Store.Update is a get then a put")
	require.Contains(t, []int{4, 6}, len(a.Ops))
	byID := map[int]history.Op{}
	for _, op := range h.Ops {
		byID[op.ID] = op
	}
	lost, winner, lostRead, winRead := byID[a.Ops[0]], byID[a.Ops[1]], byID[a.Ops[2]], byID[a.Ops[3]]
	assert.Equal(t, history.FuncPut, lost.Func)
	assert.Equal(t, history.FuncPut, winner.Func)
	assert.Equal(t, history.FuncGet, lostRead.Func)
	assert.Equal(t, lost.Client, lostRead.Client)
	assert.Equal(t, winner.Client, winRead.Client)
	assert.Less(t, lostRead.Call, lost.Call)
	assert.Less(t, winRead.Call, winner.Call)
	rootPut, rootRead := lost, lostRead
	if len(a.Ops) == 6 {
		rootPut, rootRead = byID[a.Ops[4]], byID[a.Ops[5]]
		assert.Equal(t, history.FuncPut, rootPut.Func)
		assert.Equal(t, rootPut.Client, rootRead.Client)
		assert.NotEqual(t, lostRead.Output.Version, winRead.Output.Version, "the lost visit read a later, lost write")
		assert.NotEqual(t, lost.Output.Version, rootPut.Output.Version)
	}
	assert.NotEqual(t, rootPut.Client, winner.Client)
	assert.Equal(t, rootRead.Output.Version, winRead.Output.Version, "both read the same write")
	assert.Equal(t, rootPut.Input.Value, winner.Input.Value, "both wrote the same count")
}

func result(t *testing.T, rep checker.Report, name checker.Name) checker.Result {
	t.Helper()
	for _, r := range rep.Results {
		if r.Check == name {
			return r
		}
	}
	require.Failf(t, "missing check", "%s not in the report", name)
	return checker.Result{}
}

func atoi(t *testing.T, s string) int {
	t.Helper()
	n, err := strconv.Atoi(s)
	require.NoError(t, err, "%q is not a count", s)
	return n
}
