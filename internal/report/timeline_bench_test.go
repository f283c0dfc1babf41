package report

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/kvchaos/kvchaos/history"
)

// registerHistory: n ops shaped like a `--workload register` run (4
// clients in 3 regions, gets and puts of unique values over 1000 keys,
// each client calling again as its last op returns, latencies of a few
// ms to the ns), from a fixed seed.
func registerHistory(n int) history.History {
	rng := rand.New(rand.NewPCG(1, 2))
	regions := []string{"us-east", "eu-west", "ap-south", "us-east"}
	var now [4]int64
	var writes [4]int
	last := map[string]string{}
	h := history.History{Ops: make([]history.Op, n)}
	for id := range h.Ops {
		c := 0 // the client whose next call comes first
		for i := range now {
			if now[i] < now[c] {
				c = i
			}
		}
		key := fmt.Sprintf("k%d", rng.IntN(1000))
		op := history.Op{ID: id, Client: c, Region: regions[c], Func: history.FuncGet, Key: key, Outcome: history.OutcomeOK,
			Call: now[c], Return: now[c] + 200_000 + int64(rng.ExpFloat64()*1.5e6)}
		if rng.IntN(2) == 0 {
			writes[c]++
			op.Func, op.Input.Value = history.FuncPut, fmt.Sprintf("c%d-%d", c, writes[c])
			last[key] = op.Input.Value
		} else if v, ok := last[key]; ok {
			op.Output = history.Output{Value: v, Found: true}
		}
		now[c] = op.Return
		h.Ops[id] = op
	}
	return h
}

// BenchmarkTimeline measures the report's timeline of a 1M-op register
// history (capped at maxTimelineOps ops): building its columns, and
// encoding them (JSON, gzip, base64) as the page embeds them. page-B is
// the encoded size; gz-B/op the gzipped bytes per drawn op, the figure
// maxTimelineOps is sized from.
func BenchmarkTimeline(b *testing.B) {
	h := registerHistory(1_000_000)
	b.Run("build", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			buildTimeline(h, nil, "virtual time", maxTimelineOps)
		}
	})
	d := buildTimeline(h, nil, "virtual time", maxTimelineOps)
	b.Run("encode", func(b *testing.B) {
		b.ReportAllocs()
		var enc string
		for b.Loop() {
			var err error
			if enc, err = d.encode(); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(len(enc)), "page-B")
		b.ReportMetric(float64(len(enc))*3/4/float64(d.Shown), "gz-B/op")
	})
}
