package main

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spf13/cobra"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kvchaos/kvchaos/checker"
	"github.com/kvchaos/kvchaos/history"
)

// A Jepsen text log streamed (converted and read through a pipe) gives
// the ops and annotations the whole read gives; a conversion error is
// the error, naming the log's line.
func TestReadJepsenLogStreams(t *testing.T) {
	log := "INFO  jepsen.util - 0\t:invoke\t:write\t1\n" +
		"INFO  jepsen.util - :nemesis\t:info\t:start\tnil\n" +
		"INFO  jepsen.util - 1\t:invoke\t:read\tnil\n" +
		"INFO  jepsen.util - 0\t:ok\t:write\t1\n" +
		"some other line\n" +
		"INFO  jepsen.util - 1\t:ok\t:read\t1\n" +
		"INFO  jepsen.util - 2\t:invoke\t:cas\t[1 2]\n"
	whole, err := readJepsenLog(strings.NewReader(log), history.ReadOptions{})
	require.NoError(t, err)
	require.Len(t, whole.Ops, 3)
	var got []history.Op
	h, err := readJepsenLog(strings.NewReader(log), history.ReadOptions{OnOp: func(op history.Op) { got = append(got, op) }})
	require.NoError(t, err)
	assert.Equal(t, whole.Ops, got)
	assert.Equal(t, whole.Annotations, h.Annotations)

	bad := log + "INFO  jepsen.util - 3\t:invoke\t:write\t[1\n"
	_, werr := readJepsenLog(strings.NewReader(bad), history.ReadOptions{})
	require.Error(t, werr)
	_, serr := readJepsenLog(strings.NewReader(bad), history.ReadOptions{OnOp: func(history.Op) {}})
	require.Error(t, serr)
	assert.Equal(t, werr.Error(), serr.Error())
	assert.Contains(t, serr.Error(), "line 8: ")
}

// `kvchaos check` streams EDN (with --html too); the summary is the one
// checker.Check gives a whole read, for the repository's EDN histories
// and for one whose layout changes part-way, which it then reads whole.
func TestCheckEDNStreamsAsWhole(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	files, err := filepath.Glob("../../checker/testdata/histories/*.edn")
	require.NoError(t, err)
	require.NotEmpty(t, files)
	mixed := filepath.Join(dir, "mixed.edn")
	require.NoError(t, os.WriteFile(mixed, []byte(`{:type :invoke, :f :write, :value 1, :process 0, :time 5}
{:type :ok, :f :write, :value 1, :process 0, :time 6}
{:type :invoke, :f :read, :value nil, :process 0}
{:type :ok, :f :read, :value 2, :process 0}
`), 0o644))
	for _, f := range append(files, mixed) {
		abs, err := filepath.Abs(f)
		require.NoError(t, err)
		streamed := kvchaos(t, dir, "check", "--progress", abs)
		html := kvchaos(t, dir, "check", "--progress", "--html", filepath.Join(dir, "r.html"), abs)
		assert.Equal(t, html.code, streamed.code, f)
		assert.Equal(t, html.stdout, streamed.stdout, f)
		var cf checkFlags
		cf.register(&cobra.Command{}, true)
		opts, err := cf.options()
		require.NoError(t, err)
		h, err := readHistory(abs, formatOf(abs, ""), io.Discard)
		require.NoError(t, err)
		var whole bytes.Buffer
		_ = printSummary(&whole, false, nil, "", checker.Check(h, opts))
		assert.Equal(t, whole.String(), streamed.stdout, f)
		if f == mixed {
			assert.Contains(t, streamed.stderr, "mixed.edn: line 3: a client event without :time")
			assert.Contains(t, streamed.stderr, "; reading it whole")
			assert.Contains(t, streamed.stdout, "invalid")
		} else {
			assert.NotContains(t, streamed.stderr, "reading it whole", f)
		}
	}
}

// `kvchaos check --html` streams a history file into the checks and the
// report: its page is the one a whole read and checker.Check give, byte
// for byte, for the repository's histories and a run with findings and
// faults.
func TestCheckHTMLStreamsAsWhole(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	files, err := filepath.Glob("../../checker/testdata/histories/*")
	require.NoError(t, err)
	run := filepath.Join(dir, "run")
	got := kvchaos(t, dir, "run", "--store", "sim://?preset=edgecache&nemesis=on", "--workload", "mixed",
		"--ops", "3000", "--keys", "4", "--seed", "5", "--out", run)
	require.Equal(t, 1, got.code, got.stderr)
	files = append(files, filepath.Join(run, historyFile))
	var cf checkFlags
	cf.register(&cobra.Command{}, true)
	opts, err := cf.options()
	require.NoError(t, err)
	pages := 0
	for _, f := range files {
		abs, err := filepath.Abs(f)
		require.NoError(t, err)
		h, err := readHistory(abs, formatOf(abs, ""), io.Discard)
		if err != nil {
			continue // (a history check refuses)
		}
		page := filepath.Join(dir, "page.html")
		kvchaos(t, dir, "check", "--html", page, abs)
		streamed, err := os.ReadFile(page)
		require.NoError(t, err, f)
		wholePage := filepath.Join(dir, "whole.html")
		require.NoError(t, writeReport(wholePage, "kvchaos check: "+filepath.Base(abs), nil, "", h, checker.Check(h, opts)))
		whole, err := os.ReadFile(wholePage)
		require.NoError(t, err)
		assert.True(t, bytes.Equal(whole, streamed), "%s: the pages differ", f) // (not Equal: it would print both)
		require.NoError(t, os.Remove(page))
		pages++
	}
	assert.Greater(t, pages, 10)
}

// idOrder hands ops over in ID order whatever order they come in, those
// after a gap at the flush, and none after yield says stop.
func TestIDOrder(t *testing.T) {
	collect := func(stopAfter int, ids ...int) []int {
		var got []int
		o := idOrder{yield: func(op *history.Op) bool {
			got = append(got, op.ID)
			return len(got) != stopAfter
		}}
		for _, id := range ids {
			o.add(history.Op{ID: id})
		}
		o.flush()
		return got
	}
	assert.Equal(t, []int{0, 1, 2, 3, 5, 7}, collect(-1, 2, 0, 1, 7, 5, 3))
	assert.Equal(t, []int{0, 1}, collect(2, 2, 0, 1, 7, 5, 3))
	assert.Equal(t, []int{0, 1, 2, 3}, collect(4, 2, 0, 1, 7, 5, 3))
}
