package main

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kvchaos/kvchaos/checker"
	"github.com/kvchaos/kvchaos/history"
	"github.com/kvchaos/kvchaos/internal/report"
	"github.com/kvchaos/kvchaos/workload"
)

// A run checked and reported from the recorder's ops (what kvchaos run
// does) gets the Report checker.Check gives the materialized history, and
// the same report.html byte for byte: valid and invalid runs, with and
// without faults, every workload with findings of its own.
func TestRecordedRunChecksAndReportsAsItsHistory(t *testing.T) {
	seen := map[checker.Verdict]int{}
	faulted := 0
	for _, c := range []struct{ workload, store string }{
		{"register", "sim://?preset=linearizable&seed=3"},
		{"register", "sim://?preset=edgecache&seed=3&nemesis=on"},
		{"counter", "sim://?preset=quorum&seed=3"},
		{"mixed", "sim://?preset=replicated&seed=3&nemesis=on"},
		{"set", "sim://?preset=edgecache&seed=3"},
		{"list", "sim://?preset=quorum&seed=3"},
	} {
		t.Run(c.workload+" "+c.store, func(t *testing.T) {
			ctx := context.Background()
			store, err := openStore(ctx, c.store, "", 3)
			require.NoError(t, err)
			if store.Close != nil {
				defer store.Close()
			}
			rec, err := workload.NewRecorder(store)
			require.NoError(t, err)
			runner, err := workload.NewRunner(workload.Options{Workload: c.workload, Clients: 4, Keys: 3, Ops: 1500, Seed: 3})
			require.NoError(t, err)
			_, err = runner.Run(ctx, store, rec)
			require.NoError(t, err)
			require.NoError(t, rec.Close())

			h := rec.History()
			if len(h.Annotations) > 0 {
				faulted++
			}
			for _, opts := range []checker.Options{{}, {Expect: checker.ExpectEventual}} {
				recd := recordedOf(rec)
				got, anns, tally := recd.check(opts)
				seen[got.Verdict]++
				assert.Equal(t, checker.Check(h, opts), got)
				assert.Equal(t, h.Annotations, anns)

				dir := t.TempDir()
				facts := []report.Fact{{Name: "workload", Value: c.workload}}
				whole, streamed := filepath.Join(dir, "whole.html"), filepath.Join(dir, "streamed.html")
				require.NoError(t, writeReport(whole, "t", facts, report.ClockVirtual, h, got))
				require.NoError(t, writeReportData(streamed, report.Data{Title: "t", Facts: facts, Clock: report.ClockVirtual,
					History: history.History{Annotations: anns}, Ops: recd.ops, Tally: tally, Report: got}))
				a, err := os.ReadFile(whole)
				require.NoError(t, err)
				b, err := os.ReadFile(streamed)
				require.NoError(t, err)
				assert.True(t, string(a) == string(b), "the pages differ") // (not Equal: it would print both)
			}
		})
	}
	assert.Positive(t, seen[checker.Valid], "some runs are valid")
	assert.Positive(t, seen[checker.Invalid], "some have findings")
	assert.Positive(t, faulted, "some have annotations")
}
