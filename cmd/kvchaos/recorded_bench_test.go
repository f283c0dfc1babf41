package main

import (
	"context"
	"io"
	"testing"

	"github.com/kvchaos/kvchaos/checker"
	"github.com/kvchaos/kvchaos/history"
	"github.com/kvchaos/kvchaos/internal/report"
	"github.com/kvchaos/kvchaos/workload"
)

// BenchmarkRecordedCheck measures the check phase of a 1M-op register run
// on sim://?preset=linearizable (1000 keys, 4 clients): "history"
// materializes rec.History() and checks and reports it (kvchaos run
// before), "replay" checks and reports from the recorder's ops
// (kvchaos run now). The pages go to io.Discard.
func BenchmarkRecordedCheck(b *testing.B) {
	ctx := context.Background()
	store, err := openStore(ctx, "sim://?preset=linearizable&seed=1", "", 1)
	if err != nil {
		b.Fatal(err)
	}
	rec, err := workload.NewRecorder(store)
	if err != nil {
		b.Fatal(err)
	}
	runner, err := workload.NewRunner(workload.Options{Workload: "register", Clients: 4, Keys: 1000, Ops: 1_000_000, Seed: 1})
	if err != nil {
		b.Fatal(err)
	}
	if _, err := runner.Run(ctx, store, rec); err != nil {
		b.Fatal(err)
	}
	b.Run("history", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			h := rec.History()
			rep := checker.Check(h, checker.Options{})
			if err := report.Write(io.Discard, report.Data{History: h, Report: rep}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("replay", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			recd := recordedOf(rec)
			rep, anns, tally := recd.check(checker.Options{})
			if err := report.Write(io.Discard, report.Data{History: history.History{Annotations: anns}, Ops: recd.ops, Tally: tally, Report: rep}); err != nil {
				b.Fatal(err)
			}
		}
	})
}
