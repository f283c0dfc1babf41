package report_test

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kvchaos/kvchaos/checker"
	"github.com/kvchaos/kvchaos/history"
	"github.com/kvchaos/kvchaos/internal/report"
)

// manyStaleReads: v1 then v2 written, then n reads of v1 by n clients,
// each a stale read; times in microseconds from a start at 5s.
func manyStaleReads(n int) history.History {
	const us = 1000
	t0 := int64(5_000_000_000)
	h := history.History{Ops: []history.Op{
		{ID: 0, Client: 100, Func: history.FuncPut, Key: "k", Input: history.Input{Value: "v1"}, Outcome: history.OutcomeOK, Call: t0, Return: t0 + 10*us},
		{ID: 1, Client: 101, Func: history.FuncPut, Key: "k", Input: history.Input{Value: "v2"}, Outcome: history.OutcomeOK, Call: t0 + 20*us, Return: t0 + 30*us},
	}}
	for i := 0; i < n; i++ {
		call := t0 + int64(100+10*i)*us
		h.Ops = append(h.Ops, history.Op{ID: 2 + i, Client: i, Func: history.FuncGet, Key: "k",
			Output: history.Output{Value: "v1", Found: true}, Outcome: history.OutcomeOK, Call: call, Return: call + 3930*us})
	}
	return h
}

func write(t *testing.T, h history.History, o checker.Options) string {
	t.Helper()
	var buf bytes.Buffer
	require.NoError(t, report.Write(&buf, report.Data{Title: "t", History: h, Report: checker.Check(h, o)}))
	return buf.String()
}

func TestLongFindingListsFold(t *testing.T) {
	page := write(t, manyStaleReads(14), checker.Options{MaxAnomalies: 12})
	staleness := page[strings.Index(page, "<h3>staleness"):strings.Index(page, "<h3>convergence")]
	open, folded, ok := strings.Cut(staleness, `<details class="more"><summary>show all 12</summary>`)
	require.True(t, ok, "the findings beyond the tenth fold:\n%s", staleness)
	assert.Equal(t, 10, strings.Count(open, `<span class="kind">stale-read</span>`))
	assert.Equal(t, 2, strings.Count(folded, `<span class="kind">stale-read</span>`))
	assert.Contains(t, folded, "2 more were found and counted but not kept: the checker keeps the first 12.")
	assert.NotContains(t, staleness, `key &#34;k&#34;:`, "the key badge replaces the text's key prefix")

	short := write(t, manyStaleReads(3), checker.Options{})
	assert.NotContains(t, short, "<details", "a short list does not fold")
}

func TestAnomalousOpsShowTimesSinceTheFirstCall(t *testing.T) {
	page := write(t, manyStaleReads(1), checker.Options{})
	row := regexp.MustCompile(`<tr id="op-2">.*</tr>`).FindString(page)
	require.NotEmpty(t, row)
	assert.Contains(t, row, `<td class="num">100µs</td><td class="num">4.03ms</td>`)
	ops := page[strings.Index(page, `<section id="ops">`):]
	assert.False(t, strings.Contains(ops, "5000100000"), "no raw nanoseconds")
	assert.NotContains(t, row, "<code></code>", "no empty value boxes")
}

func TestNoAnomalousOpsSaysNone(t *testing.T) {
	page := write(t, history0(), checker.Options{})
	assert.Contains(t, page, "None: no finding names an operation.")
}

func TestAxisEndLabelsAlignWithTheAxisEnds(t *testing.T) {
	page := write(t, manyStaleReads(3), checker.Options{})
	for _, id := range []string{"staleness"} {
		sec := page[strings.Index(page, `<section id="`+id+`">`):]
		sec = sec[:strings.Index(sec, "</section>")]
		ticks := regexp.MustCompile(`<text class="tick" x="[^"]*" y="228" text-anchor="(\w+)">`).FindAllStringSubmatch(sec, -1)
		require.GreaterOrEqual(t, len(ticks), 2, id)
		assert.Equal(t, "start", ticks[0][1], id)
		assert.Equal(t, "end", ticks[len(ticks)-1][1], id, "the last label ends at the axis end instead of running past it")
		for _, tk := range ticks[1 : len(ticks)-1] {
			assert.Equal(t, "middle", tk[1], id)
		}
	}
}

func TestNotLinearizableLinksTheWitness(t *testing.T) {
	h := staleHistory("k")
	page := write(t, h, checker.Options{})
	rep := checker.Check(h, checker.Options{})
	lin, _ := rep.Result(checker.Linearizable)
	w, ok := lin.Linearizability.Witnesses["k"]
	require.True(t, ok)
	assert.Contains(t, page, fmt.Sprintf(`<a href="#op-%d" class="opref" data-op="%d">op %d</a>`, w, w, w))
	assert.Contains(t, page, fmt.Sprintf(`<tr id="op-%d">`, w), "the witness is listed")
	assert.Contains(t, page, "other ops of the key")
}

func history0() history.History {
	return history.History{Ops: []history.Op{
		{ID: 0, Client: 0, Func: history.FuncPut, Key: "k", Input: history.Input{Value: "a"}, Outcome: history.OutcomeOK, Call: 0, Return: 10},
		{ID: 1, Client: 0, Func: history.FuncGet, Key: "k", Output: history.Output{Value: "a", Found: true}, Outcome: history.OutcomeOK, Call: 20, Return: 30},
	}}
}
