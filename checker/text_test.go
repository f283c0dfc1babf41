package checker

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// staleReads builds n stale reads of x by n clients: each returns "a"
// after "b" overwrote it.
func staleReads(n int) hb {
	var b hb
	b.put(100, "", "x", "a", 0, 1)
	b.put(101, "", "x", "b", 2, 3)
	for i := 0; i < n; i++ {
		b.get(i, "", "x", "a", int64(10+2*i), int64(11+2*i))
	}
	return b
}

func TestTextCapsFindingsAndOpLists(t *testing.T) {
	b := staleReads(12)
	rep := Check(b.h, Options{})
	res, _ := rep.Result(Staleness)
	require.Equal(t, 12, res.AnomalyCount)

	text := rep.Text(TextOptions{MaxFindings: 5, MaxOps: 4, More: "report.html and --json"})
	assert.Equal(t, 5, strings.Count(text, "[stale-read]"))
	assert.Contains(t, text, "… and 7 more (all in report.html and --json)")
	// The non-linearizable key has 14 ops: 4 listed, then a count.
	assert.Contains(t, text, "(the key's ops: 0 1 2 3 (+10 more))")

	full := rep.Text(TextOptions{MaxFindings: 20})
	assert.Equal(t, 12, strings.Count(full, "[stale-read]"))
	assert.NotContains(t, full, "… and")
}

func TestTextSaysWhenOnlySomeFindingsWereKept(t *testing.T) {
	b := staleReads(12)
	rep := Check(b.h, Options{MaxAnomalies: 6})
	text := rep.Text(TextOptions{MaxFindings: 3})
	assert.Contains(t, text, "… and 9 more (the first 6 of the 12 found are kept in the JSON rendering)")
}

func TestTextListsEveryKindBeforeMoreOfOne(t *testing.T) {
	res := Result{Check: Sessions, Status: StatusViolated}
	for i := 0; i < 10; i++ {
		res.add(Anomaly{Kind: KindMonotonicReads, Ops: []int{i}, Text: fmt.Sprintf("mr %d", i)}, 50)
	}
	res.add(Anomaly{Kind: KindReadYourWrites, Ops: []int{99}, Text: "ryw"}, 50)
	text := Report{Results: []Result{res}}.Text(TextOptions{MaxFindings: 3})
	assert.Contains(t, text, "[read-your-writes] ryw (ops 99)")
	assert.Contains(t, text, "[monotonic-reads] mr 0 (ops 0)")
	assert.Contains(t, text, "[monotonic-reads] mr 1 (ops 1)")
	assert.NotContains(t, text, "mr 2")
	assert.Contains(t, text, "… and 8 more")
}
