package checker

import (
	"testing"
	"time"

	"github.com/anishathalye/porcupine"

	"github.com/kvchaos/kvchaos/history"
)

// oneKeyHistories returns n ops on one key with unique writes (see
// genHistory), linearizable, and a copy where one read in the second
// half returns the value of a write a hundred writes older: the planted
// stale read, whose ID is returned.
func oneKeyHistories(n int) (ok, stale history.History, planted int) {
	ok = genHistory(n, 1, 16, false, 7)
	stale = history.History{Ops: append([]history.Op{}, ok.Ops...), Annotations: ok.Annotations}
	var puts []int
	for i := range stale.Ops {
		op := &stale.Ops[i]
		if op.Func == history.FuncPut {
			puts = append(puts, i)
		}
		if op.Func == history.FuncGet && i > n/2 && len(puts) > 100 {
			op.Output.Value = stale.Ops[puts[len(puts)-100]].Input.Value
			return ok, stale, op.ID
		}
	}
	panic("no read to plant")
}

// BenchmarkOneKey200k checks 200,000 ops on one key (unique writes) with
// the fast path, linearizable and with one planted stale read, and the
// same history with raw porcupine and with the checker's search alone,
// both given 60 s (a timed-out search reports timed-out=1). Run with
// -benchtime=1x.
func BenchmarkOneKey200k(b *testing.B) {
	ok, stale, planted := oneKeyHistories(200_000)
	only := Options{Checks: []Name{Linearizable}, Timeout: time.Minute}
	b.Run("fast-valid", func(b *testing.B) {
		for b.Loop() {
			if rep := Check(ok, only); rep.Verdict != Valid {
				b.Fatal(rep.Text())
			}
		}
	})
	b.Run("fast-stale", func(b *testing.B) {
		for b.Loop() {
			rep := Check(stale, only)
			res, _ := rep.Result(Linearizable)
			if rep.Verdict != Invalid || res.Linearizability.Witnesses["k0"] != planted {
				b.Fatal(rep.Text())
			}
		}
	})
	b.Run("porcupine-raw", func(b *testing.B) {
		ops := rawOps(ok)
		for b.Loop() {
			switch porcupine.CheckOperationsTimeout(rawKVModel, ops, time.Minute) {
			case porcupine.Unknown:
				b.ReportMetric(1, "timed-out")
			case porcupine.Illegal:
				b.Fatal("not linearizable")
			}
		}
	})
	b.Run("search-only", func(b *testing.B) {
		o := only
		o.NoFastPath = true
		for b.Loop() {
			switch rep := Check(ok, o); rep.Verdict {
			case Unknown:
				b.ReportMetric(1, "timed-out")
			case Invalid:
				b.Fatal(rep.Text())
			}
		}
	})
}
