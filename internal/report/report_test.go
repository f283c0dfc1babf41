package report_test

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kvchaos/kvchaos/checker"
	"github.com/kvchaos/kvchaos/history"
	"github.com/kvchaos/kvchaos/internal/report"
)

const hostile = `<img src=x onerror=alert(1)>`

// staleHistory: a put of v1, a put of v2, then a read of v1.
func staleHistory(key string) history.History {
	return history.History{
		Ops: []history.Op{
			{ID: 0, Client: 0, Func: history.FuncPut, Key: key, Input: history.Input{Value: "v1"}, Outcome: history.OutcomeOK, Call: 0, Return: 10},
			{ID: 1, Client: 1, Func: history.FuncPut, Key: key, Input: history.Input{Value: "v2"}, Outcome: history.OutcomeOK, Call: 20, Return: 30},
			{ID: 2, Client: 1, Func: history.FuncGet, Key: key, Output: history.Output{Value: "v1", Found: true}, Outcome: history.OutcomeOK, Call: 40, Return: 50},
			{ID: 3, Client: 2, Func: history.FuncPut, Key: key, Input: history.Input{Value: "v3"}, Outcome: history.OutcomeUnknown, Call: 45, Return: history.ReturnNever},
		},
		Annotations: []history.Annotation{{Kind: history.AnnotationFault, Text: "partition " + hostile, Start: 15, End: 35}},
	}
}

func render(t *testing.T, h history.History) string {
	t.Helper()
	var buf bytes.Buffer
	require.NoError(t, report.Write(&buf, report.Data{Title: "t " + hostile, Facts: []report.Fact{{Name: "store", Value: hostile}},
		History: h, Report: checker.Check(h, checker.Options{})}))
	return buf.String()
}

func TestWriteEscapesEverythingFromTheStore(t *testing.T) {
	page := render(t, staleHistory(hostile))
	assert.NotContains(t, page, "<img", "no markup from the store survives")
	assert.Contains(t, page, "&lt;img src=x onerror=alert(1)&gt;")
	assert.Equal(t, 1, strings.Count(page, "<script>"), "only the report's own script")
	assert.Contains(t, page, `sandbox="allow-scripts"`)
	assert.NotRegexp(t, `(src|href|url)\s*[=(]\s*["']?(https?:)?//`, page, "no network references")
}

func TestWriteShowsVerdictChecksAndCharts(t *testing.T) {
	page := render(t, staleHistory("k"))
	assert.Contains(t, page, `class="verdict v-invalid"`)
	for _, c := range []checker.Name{checker.Linearizable, checker.LostUpdates, checker.Sessions, checker.Staleness, checker.Convergence} {
		assert.Contains(t, page, "<h3>"+string(c))
	}
	assert.Contains(t, page, `<div id="tl-data" hidden data-z="`, "the timeline's data is embedded")
	assert.Contains(t, page, `data-kind="stale-read" data-key="k" data-ops="1 2"`, "the stale read names the newer write, then the read")
	assert.Contains(t, page, `class="cdfline"`, "the staleness CDF is drawn")
	assert.Contains(t, page, `<iframe class="porcupine"`)
	assert.Less(t, strings.Index(page, `id="answers"`), strings.Index(page, `id="checks"`), "the two answers come first")
	assert.Less(t, strings.Index(page, `id="checks"`), strings.Index(page, `id="timeline"`), "findings before the timeline")
}

func TestWriteEmptyHistory(t *testing.T) {
	page := render(t, history.History{})
	assert.Contains(t, page, "No completed operations")
}

// Render a checked history as a self-contained HTML page.
func ExampleWrite() {
	h := staleHistory("greeting")
	var buf bytes.Buffer
	err := report.Write(&buf, report.Data{Title: "example", History: h, Report: checker.Check(h, checker.Options{})})
	fmt.Println(err, strings.Contains(buf.String(), "verdict: <strong>invalid</strong>"))
	// Output: <nil> true
}
