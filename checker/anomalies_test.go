package checker

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kvchaos/kvchaos/history"
)

// lostUpdateOps is a history where client 2's update overwrites client
// 1's, both having read "1": lost and winner are their IDs.
func lostUpdateOps() (h history.History, lost, winner int) {
	var b hb
	b.update(1, "c", "", "1", 0, 10)
	lost = b.update(1, "c", "1", "1,a", 20, 30)
	winner = b.update(2, "c", "1", "1,b", 21, 31)
	b.get(3, "", "c", "1,b", 40, 41)
	return b.h, lost, winner
}

func TestLostUpdateByUpdateOps(t *testing.T) {
	h, lost, winner := lostUpdateOps()
	rep, res := run(h, LostUpdates, ExpectLinearizable)
	require.Equal(t, StatusViolated, res.Status, res.Explanation)
	require.Len(t, res.Anomalies, 1)
	a := res.Anomalies[0]
	assert.Equal(t, KindLostUpdate, a.Kind)
	assert.Equal(t, []int{lost, winner}, a.Ops[:2], "the lost write, then the one that overwrote it")
	assert.False(t, a.NonAtomic)
	assert.Equal(t, Invalid, rep.Verdict)
	assert.Contains(t, a.Text, "lost")
}

func TestLostUpdateFinalChainNamesTheSurvivor(t *testing.T) {
	var b hb
	b.update(1, "c", "", "1", 0, 10)
	survivor := b.update(1, "c", "1", "1,a", 20, 30) // completes first but survives
	lost := b.update(2, "c", "1", "1,b", 21, 31)
	b.get(3, "", "c", "1,a", 40, 41)
	_, res := run(b.h, LostUpdates, ExpectLinearizable)
	require.Len(t, res.Anomalies, 1)
	assert.Equal(t, []int{lost, survivor}, res.Anomalies[0].Ops[:2])
}

func TestCleanUpdateChain(t *testing.T) {
	var b hb
	b.update(1, "c", "", "1", 0, 10)
	b.update(2, "c", "1", "2", 11, 20)
	b.update(1, "c", "2", "3", 21, 30)
	b.get(3, "", "c", "3", 40, 41)
	rep, res := run(b.h, LostUpdates, ExpectLinearizable)
	assert.Equal(t, StatusOK, res.Status, res.Explanation)
	require.Len(t, res.Counters, 1)
	assert.Equal(t, CounterBound{Key: "c", Final: 3, Lower: 3, Upper: 3, Acknowledged: 3}, res.Counters[0])
	assert.Equal(t, Valid, rep.Verdict)
}

func TestCounterBoundsGetPutPairs(t *testing.T) {
	// Store.Update on a counter: get then put, by two clients at once.
	var b hb
	b.getAbsent(1, "n", 0, 1)
	b.put(1, "", "n", "1", 2, 3)
	b.get(1, "", "n", "1", 10, 11)
	b.get(2, "", "n", "1", 10, 12)
	p1 := b.put(1, "", "n", "2", 13, 14)
	p2 := b.put(2, "", "n", "2", 15, 16)
	b.get(3, "", "n", "2", 20, 21)
	rep, res := run(b.h, LostUpdates, ExpectLinearizable)
	require.Equal(t, StatusViolated, res.Status)
	assert.ElementsMatch(t, []AnomalyKind{KindLostUpdate, KindCounterBounds}, kinds(res))
	assert.Equal(t, []int{p1, p2}, res.Anomalies[0].Ops[:2])
	require.Len(t, res.Counters, 1)
	assert.Equal(t, int64(1), res.Counters[0].Lost)
	assert.True(t, res.Anomalies[0].NonAtomic)
	assert.Equal(t, Valid, rep.Store.Verdict, "a linearizable store may lose a non-atomic get+put update")
	assert.Equal(t, Invalid, rep.Client.Verdict, "but the client code lost an acknowledged increment")
	assert.Equal(t, Invalid, rep.Verdict, "data loss fails whatever the store promised")
	assert.Equal(t, LostWrites{Lost: 1, Acknowledged: 3, Named: 1, Unit: "increments", NonAtomic: true}, rep.Client.LostWrites)
	assert.True(t, strings.HasPrefix(rep.String(), "invalid: lost 1 of 3 acknowledged increments (the client code's read-modify-write"), rep.String())
	assert.Contains(t, rep.String(), "store: kept its linearizable promise")
}

func TestUnknownUpdateIsNotLost(t *testing.T) {
	var b hb
	b.update(1, "c", "", "1", 0, 10)
	b.add(opUnknownUpdate(2, "c", "1,x", 20))
	b.update(1, "c", "1", "1,a", 21, 30)
	b.get(3, "", "c", "1,a", 40, 41)
	_, res := run(b.h, LostUpdates, ExpectLinearizable)
	assert.Equal(t, StatusOK, res.Status, res.Explanation)
}

func TestReadYourWrites(t *testing.T) {
	var b hb
	b.put(2, "", "x", "old", 0, 1)
	w := b.put(1, "", "x", "new", 5, 6)
	r := b.get(1, "", "x", "old", 10, 11)
	rep, res := run(b.h, Sessions, ExpectReadYourWrites)
	require.Equal(t, []AnomalyKind{KindReadYourWrites}, kinds(res))
	assert.Equal(t, []int{w, r}, res.Anomalies[0].Ops)
	assert.Equal(t, Invalid, rep.Verdict)

	var ok hb
	ok.put(2, "", "x", "old", 0, 1)
	ok.put(1, "", "x", "new", 5, 6)
	ok.get(1, "", "x", "new", 10, 11)
	ok.get(3, "", "x", "old", 10, 11) // another client may lag: no RYW issue
	_, res = run(ok.h, Sessions, ExpectReadYourWrites)
	assert.Equal(t, StatusOK, res.Status, res.Explanation)
}

func TestMonotonicReads(t *testing.T) {
	var b hb
	b.put(2, "", "x", "a", 0, 1)
	b.put(2, "", "x", "b", 2, 3)
	r1 := b.get(1, "", "x", "b", 10, 11)
	r2 := b.get(1, "", "x", "a", 12, 13)
	_, res := run(b.h, Sessions, ExpectSessions)
	require.Equal(t, []AnomalyKind{KindMonotonicReads}, kinds(res))
	assert.Equal(t, []int{r1, r2}, res.Anomalies[0].Ops)

	var ok hb
	ok.put(2, "", "x", "a", 0, 1)
	ok.put(2, "", "x", "b", 2, 3)
	ok.get(1, "", "x", "a", 10, 11)
	ok.get(1, "", "x", "b", 12, 13)
	_, res = run(ok.h, Sessions, ExpectSessions)
	assert.Equal(t, StatusOK, res.Status)
}

func TestMonotonicWrites(t *testing.T) {
	var b hb
	b.put(2, "", "x", "x0", 0, 1)
	w1 := b.put(1, "", "x", "x1", 5, 6)
	w2 := b.put(1, "", "y", "y1", 7, 8)
	b.get(3, "", "y", "y1", 10, 11)
	r := b.get(3, "", "x", "x0", 12, 13) // saw y1 but not the earlier x1
	rep, res := run(b.h, Sessions, ExpectSessions)
	require.Equal(t, []AnomalyKind{KindMonotonicWrites}, kinds(res))
	assert.Equal(t, w1, res.Anomalies[0].Ops[0])
	assert.Equal(t, w2, res.Anomalies[0].Ops[1])
	assert.Equal(t, r, res.Anomalies[0].Ops[3])
	assert.Equal(t, Invalid, rep.Verdict)
	assert.Equal(t, Valid, Check(b.h, Options{Checks: []Name{Sessions}, Expect: ExpectReadYourWrites}).Verdict,
		"monotonic writes is not part of read-your-writes")
}

func TestWritesFollowReads(t *testing.T) {
	var b hb
	b.put(2, "", "x", "x0", 0, 1)
	b.put(2, "", "x", "x1", 2, 3)
	r0 := b.get(1, "", "x", "x1", 5, 6)
	w2 := b.put(1, "", "y", "reply", 7, 8)
	b.get(3, "", "y", "reply", 10, 11)
	b.get(3, "", "x", "x0", 12, 13)
	_, res := run(b.h, Sessions, ExpectSessions)
	require.Equal(t, []AnomalyKind{KindWritesFollow}, kinds(res))
	assert.Equal(t, []int{r0, w2}, res.Anomalies[0].Ops[:2])

	var ok hb
	ok.put(2, "", "x", "x0", 0, 1)
	ok.put(2, "", "x", "x1", 2, 3)
	ok.get(1, "", "x", "x1", 5, 6)
	ok.put(1, "", "y", "reply", 7, 8)
	ok.get(3, "", "x", "x0", 9, 10) // before seeing the reply: fine
	ok.get(3, "", "y", "reply", 10, 11)
	ok.get(3, "", "x", "x1", 12, 13)
	_, res = run(ok.h, Sessions, ExpectSessions)
	assert.Equal(t, StatusOK, res.Status, res.Explanation)
}

func TestStaleRead(t *testing.T) {
	var b hb
	b.put(1, "", "x", "a", 0, 1)
	b.put(1, "", "x", "b", 2, 3)
	w := b.put(1, "", "x", "c", 4, 5)
	r := b.get(2, "", "x", "a", 105, 106)
	b.get(2, "", "x", "c", 205, 206)
	rep, res := run(b.h, Staleness, ExpectLinearizable)
	require.Equal(t, []AnomalyKind{KindStaleRead}, kinds(res))
	assert.Equal(t, []int{w, r}, res.Anomalies[0].Ops)
	d := res.Staleness
	assert.Equal(t, 2, d.Reads)
	assert.Equal(t, 1, d.Stale)
	assert.Equal(t, 2, d.MaxVersionsBehind)
	assert.EqualValues(t, 100, d.MaxStaleness)
	require.NotEmpty(t, d.TVisibility)
	assert.Equal(t, 0.5, d.TVisibility[0].Probability) // Δ ≥ 0: one of two reads fresh
	assert.Equal(t, Invalid, rep.Verdict)
	assert.Equal(t, Valid, Check(b.h, Options{Checks: []Name{Staleness}, Expect: ExpectEventual}).Verdict)

	var ok hb
	ok.put(1, "", "x", "a", 0, 1)
	ok.put(1, "", "x", "b", 2, 10)
	ok.get(2, "", "x", "a", 5, 6) // concurrent with the write of b
	_, res = run(ok.h, Staleness, ExpectLinearizable)
	assert.Equal(t, StatusOK, res.Status, res.Explanation)
}

func TestConvergence(t *testing.T) {
	var b hb
	b.put(1, "us", "x", "a", 0, 1)
	b.put(2, "eu", "x", "b", 0, 2)
	b.quiescent(50)
	r1 := b.get(1, "us", "x", "a", 60, 61)
	r2 := b.get(2, "eu", "x", "b", 60, 61)
	rep, res := run(b.h, Convergence, ExpectEventual)
	require.Equal(t, []AnomalyKind{KindNonConvergence}, kinds(res))
	assert.Equal(t, []int{r1, r2}, res.Anomalies[0].Ops)
	assert.Contains(t, res.Anomalies[0].Text, "eu")
	assert.Equal(t, Invalid, rep.Verdict)

	var ok hb
	ok.put(1, "us", "x", "a", 0, 1)
	ok.put(2, "eu", "x", "b", 0, 2)
	ok.get(1, "us", "x", "a", 10, 11) // before quiescence: may differ
	ok.quiescent(50)
	ok.get(1, "us", "x", "b", 60, 61)
	ok.get(2, "eu", "x", "b", 60, 61)
	rep, res = run(ok.h, Convergence, ExpectEventual)
	assert.Equal(t, StatusOK, res.Status, res.Explanation)
	assert.Equal(t, Valid, rep.Verdict)

	_, res = run(history0(), Convergence, ExpectEventual)
	assert.Equal(t, StatusSkipped, res.Status, "no quiescence marker")
}

func TestUnknownOpsAreNotViolations(t *testing.T) {
	// A write that timed out may show up at any time later, or never.
	var b hb
	b.put(1, "", "x", "a", 0, 1)
	b.unknownPut(2, "x", "b", 2)
	b.get(3, "", "x", "b", 10, 11)
	b.get(1, "", "x", "a", 5, 6)
	b.quiescent(100)
	rep := Check(b.h, Options{})
	assert.Equal(t, Valid, rep.Verdict, rep.Text())
	for _, r := range rep.Results {
		assert.NotEqual(t, StatusViolated, r.Status, r.Check)
	}
	// ...but once seen it cannot be unseen by the same client.
	b.get(3, "", "x", "a", 20, 21)
	rep = Check(b.h, Options{})
	assert.Equal(t, Invalid, rep.Verdict)
}
