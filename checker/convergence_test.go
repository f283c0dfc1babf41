package checker

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kvchaos/kvchaos/history"
	"github.com/kvchaos/kvchaos/kv"
	"github.com/kvchaos/kvchaos/sim"
)

// settledHistory: x=a is acknowledged, x=b timed out during a fault, then
// the store goes quiet at 100 and two regions read x.
func settledHistory(us, eu string) (history.History, int, int) {
	var b hb
	b.put(1, "us", "x", "a", 0, 1)
	b.unknownPut(2, "x", "b", 5)
	b.quiescent(100)
	r1 := readAt(&b, 1, "us", us)
	r2 := readAt(&b, 2, "eu", eu)
	return b.h, r1, r2
}

func readAt(b *hb, client int, region, v string) int {
	if v == "" {
		return b.add(history.Op{Client: client, Region: region, Func: history.FuncGet, Key: "x", Call: 110, Return: 111})
	}
	return b.get(client, region, "x", v, 110, 111)
}

func TestConvergenceWithAnUnknownWriteBeforeQuiescence(t *testing.T) {
	for _, v := range []string{"a", "b"} { // the unknown write took effect, or not
		h, _, _ := settledHistory(v, v)
		rep, res := run(h, Convergence, ExpectEventual)
		assert.Equal(t, StatusOK, res.Status, "both regions read %q: %s", v, res.Explanation)
		assert.Contains(t, res.Explanation, "1 write(s) of unknown outcome")
		assert.Equal(t, Valid, rep.Verdict)
	}
	h, r1, r2 := settledHistory("a", "b")
	rep, res := run(h, Convergence, ExpectEventual)
	require.Equal(t, []AnomalyKind{KindNonConvergence}, kinds(res), res.Explanation)
	assert.Equal(t, []int{r1, r2}, res.Anomalies[0].Ops)
	assert.Equal(t, Invalid, rep.Verdict)
}

func TestConvergenceOnAValueNoWriteExplains(t *testing.T) {
	h, r1, _ := settledHistory("z", "z")
	_, res := run(h, Convergence, ExpectEventual)
	require.Equal(t, []AnomalyKind{KindNonConvergence}, kinds(res), res.Explanation)
	assert.Equal(t, []int{r1}, res.Anomalies[0].Ops)
	assert.Contains(t, res.Anomalies[0].Text, "no write")

	// Absent, although x=a was acknowledged and nothing deleted it.
	h, _, _ = settledHistory("", "")
	_, res = run(h, Convergence, ExpectEventual)
	assert.Equal(t, []AnomalyKind{KindNonConvergence}, kinds(res), res.Explanation)

	// Absent after a delete that timed out: it may have taken effect.
	h, _, _ = settledHistory("", "")
	h.Ops = append(h.Ops, history.Op{ID: len(h.Ops), Client: 3, Func: history.FuncDelete, Key: "x",
		Outcome: history.OutcomeUnknown, Call: 6, Return: 50})
	_, res = run(h, Convergence, ExpectEventual)
	assert.Equal(t, StatusOK, res.Status, res.Explanation)
}

func TestConvergenceSkipsKeysWithAnUnknownWriteAfterQuiescence(t *testing.T) {
	var b hb
	b.put(1, "us", "x", "a", 0, 1)
	b.quiescent(100)
	b.unknownPut(2, "x", "b", 105) // may land at any time
	b.get(1, "us", "x", "a", 110, 111)
	b.get(2, "eu", "x", "b", 110, 111)
	_, res := run(b.h, Convergence, ExpectEventual)
	assert.Equal(t, StatusSkipped, res.Status, res.Explanation)
}

// TestConvergenceVerdictOnANemesisRun: a replicated cluster under a random
// fault schedule leaves writes of unknown outcome (timed out while a
// region was down or cut off); after Quiesce every region reads the same
// values, and the convergence check judges them rather than skipping.
func TestConvergenceVerdictOnANemesisRun(t *testing.T) {
	c, err := sim.New(sim.Config{Seed: 7, Preset: sim.Replicated(), Timeout: 200 * time.Millisecond})
	require.NoError(t, err)
	_, err = c.Nemesis(sim.NemesisConfig{Until: 20 * time.Second,
		Gap: sim.Constant(500 * time.Millisecond), Length: sim.Constant(2 * time.Second)})
	require.NoError(t, err)
	keys := []string{"k0", "k1", "k2"}
	for i, r := range c.Regions() {
		c.Go(r, func(ctx context.Context, b kv.Backend) {
			for n := range 40 {
				_ = b.Put(ctx, keys[n%len(keys)], []byte(r+"-"+strconv.Itoa(n)), kv.PutOptions{})
				_ = b.(kv.Pacer).Sleep(ctx, time.Duration(400+50*i)*time.Millisecond)
			}
		})
	}
	require.NoError(t, c.Run())
	require.NoError(t, c.Quiesce())
	for _, k := range keys {
		c.ReadAll(k)
	}
	h := c.History()
	unknown := 0
	for _, op := range h.Ops {
		if op.Func == history.FuncPut && op.Outcome == history.OutcomeUnknown {
			unknown++
		}
	}
	require.Positive(t, unknown, "the faults left writes of unknown outcome")
	rep := Check(h, Options{Checks: []Name{Convergence}, Expect: ExpectEventual})
	res, _ := rep.Result(Convergence)
	assert.Equal(t, StatusOK, res.Status, res.Explanation)
	assert.Contains(t, res.Explanation, "9 reads of 3 key(s)")
	assert.Equal(t, Valid, rep.Verdict)
}
