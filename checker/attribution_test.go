package checker

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kvchaos/kvchaos/history"
)

// vget and vput add a get or put that returned a version ("" = none).
func (b *hb) vget(client int, key, v, ver string, call, ret int64) int {
	return b.add(history.Op{Client: client, Func: history.FuncGet, Key: key,
		Output: history.Output{Value: v, Found: v != "", Version: ver}, Call: call, Return: ret})
}

func (b *hb) vput(client int, key, v, ver string, call, ret int64) int {
	return b.add(history.Op{Client: client, Func: history.FuncPut, Key: key, Input: history.Input{Value: v},
		Output: history.Output{Version: ver}, Call: call, Return: ret})
}

// lostPairs returns the [lost, overwriter] op pairs the lost-update check
// named.
func lostPairs(t *testing.T, h history.History) [][2]int {
	t.Helper()
	_, res := run(h, LostUpdates, ExpectLinearizable)
	var pairs [][2]int
	for _, a := range res.Anomalies {
		if a.Kind == KindLostUpdate {
			pairs = append(pairs, [2]int{a.Ops[0], a.Ops[1]})
		}
	}
	return pairs
}

// twoForks: two counters fork twice; the second time both wrote "2"
// before reading, so only versions tell which "2" they read.
func twoForks(putVersions bool) (h history.History, lost1, win1, lost2, win2 int) {
	var b hb
	pv := func(v string) string {
		if putVersions {
			return v
		}
		return ""
	}
	b.vget(1, "n", "", "", 0, 1)
	b.vput(1, "n", "1", pv("v1"), 2, 3)
	b.vget(2, "n", "1", "v1", 10, 11)
	b.vget(1, "n", "1", "v1", 12, 13)
	lost1 = b.vput(1, "n", "2", pv("v2"), 20, 21)
	b.vget(3, "n", "2", "v2", 22, 23) // only op 4 had begun: v2 is op 4's
	win1 = b.vput(2, "n", "2", pv("v3"), 24, 25)
	b.vget(1, "n", "2", "v3", 30, 31)
	b.vget(2, "n", "2", "v3", 30, 32)
	lost2 = b.vput(1, "n", "3", pv("v4"), 33, 34)
	b.vget(3, "n", "3", "v4", 34, 35) // only op 9 had begun
	win2 = b.vput(2, "n", "3", pv("v5"), 36, 37)
	b.vget(3, "n", "3", "v5", 40, 41)
	return b.h, lost1, win1, lost2, win2
}

func TestLostUpdatesToldApartByPutVersions(t *testing.T) {
	h, lost1, win1, lost2, win2 := twoForks(true)
	assert.Equal(t, [][2]int{{lost1, win1}, {lost2, win2}}, lostPairs(t, h))
	_, res := run(h, LostUpdates, ExpectLinearizable)
	require.Len(t, res.Counters, 1)
	assert.EqualValues(t, 2, res.Counters[0].Lost, "the counter bound agrees")
}

func TestLostUpdatesToldApartByGetVersions(t *testing.T) {
	// Puts return no version (history.Record): the version a get returned
	// is pinned to the one write of its value that can have produced it.
	h, lost1, win1, lost2, win2 := twoForks(false)
	assert.Equal(t, [][2]int{{lost1, win1}, {lost2, win2}}, lostPairs(t, h))
}

func TestLostUpdatesWithoutVersionsNameOnlyWhatValuesProve(t *testing.T) {
	h, lost1, win1, _, _ := twoForks(false)
	for i := range h.Ops {
		h.Ops[i].Output.Version = ""
	}
	// "2" and "3" were each written twice and read after both writes
	// began: those reads cannot be attributed, so the second fork and the
	// final chain are unknown; the counter bound still counts both losses.
	assert.Equal(t, [][2]int{{lost1, win1}}, lostPairs(t, h))
	_, res := run(h, LostUpdates, ExpectLinearizable)
	require.Len(t, res.Counters, 1)
	assert.EqualValues(t, 2, res.Counters[0].Lost)
}

func TestConflictingVersionsAreNotTrusted(t *testing.T) {
	// Two puts returned the same version: versions do not identify writes,
	// so reads of the twice-written value stay unattributed.
	h, lost1, win1, _, _ := twoForks(true)
	for i := range h.Ops {
		if h.Ops[i].Output.Version == "v3" {
			h.Ops[i].Output.Version = "v2"
		}
	}
	pairs := lostPairs(t, h)
	assert.Contains(t, pairs, [2]int{lost1, win1})
	assert.Len(t, pairs, 1)
}

func TestLostUpdateOnALostBranch(t *testing.T) {
	// a and b both read "1"; c built on a; the final state descends from b.
	var b hb
	b.update(1, "c", "", "1", 0, 10)
	ua := b.update(1, "c", "1", "1,a", 20, 30)
	ub := b.update(2, "c", "1", "1,b", 21, 31)
	uc := b.update(1, "c", "1,a", "1,a,c", 32, 40)
	b.update(2, "c", "1,b", "1,b,d", 33, 41)
	b.get(3, "", "c", "1,b,d", 50, 51)
	_, res := run(b.h, LostUpdates, ExpectLinearizable)
	require.Equal(t, 2, res.AnomalyCount, res.Explanation)
	assert.Equal(t, []int{ua, ub}, res.Anomalies[0].Ops)
	assert.Equal(t, []int{uc, ub, ua}, res.Anomalies[1].Ops, "lost, the chain's update at the fork, the branch's first update")
	assert.Contains(t, res.Anomalies[1].Text, "final state descends from op 2")
	assert.Contains(t, res.Explanation, "2 acknowledged write(s)")

	// Without a final read the chain is unknown: only the fork is named.
	b.h.Ops = b.h.Ops[:len(b.h.Ops)-1]
	_, res = run(b.h, LostUpdates, ExpectLinearizable)
	assert.Equal(t, 1, res.AnomalyCount)
}
