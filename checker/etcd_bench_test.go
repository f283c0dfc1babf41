package checker

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/anishathalye/porcupine"
	"github.com/stretchr/testify/require"

	"github.com/kvchaos/kvchaos/history"
	"github.com/kvchaos/kvchaos/model"
)

// BenchmarkEtcdLogs checks porcupine's etcd logs (those its tests name)
// with raw porcupine and its own int-state model (etcdModel,
// parseEtcdLog), and with Check's linearizability alone (cas-register
// model: conversion, fast path, interning, partitioning and search
// included), log by log in turn so both sides see the same load; both
// parse outside the timed loop. The verdicts must match porcupine's.
// It reports the seconds each side spent over all logs and their ratio
// (checker/raw), and per porcupine step: the checker's search alone
// (porcupine with intModel on the log's interned ops) over its steps
// against raw porcupine's time over its steps (step-ratio; steps counted
// once, outside the timed loop), and the same for model's own string
// model (model-step-ratio), which the search ran before interning. Run
// with -benchtime=1x.
func BenchmarkEtcdLogs(b *testing.B) {
	var names []string
	for n := 0; n <= 102; n++ {
		path := filepath.Join(porcupineDir(b), "test_data/jepsen", fmt.Sprintf("etcd_%03d.log", n))
		if _, err := os.Stat(path); err == nil {
			names = append(names, path)
		}
	}
	// A log with no op (etcd_095) is left out: porcupine calls it
	// linearizable, kvchaos says there is nothing to judge.
	var events [][]porcupine.Event
	kept := names[:0]
	for _, p := range names {
		if evs := parseEtcdLog(b, p); len(evs) > 0 {
			events = append(events, evs)
			kept = append(kept, p)
		}
	}
	names = kept
	hs := make([]history.History, len(names))
	for i, p := range names {
		hs[i] = readEDNFile(b, p, true)
	}
	opts := Options{Checks: []Name{Linearizable}, Model: "cas-register", Timeout: time.Minute, MaxVisualizedKeys: -1}
	pm, err := model.KindCASRegister.Porcupine()
	require.NoError(b, err)
	rparts, iparts := make([][][]porcupine.Operation, len(names)), make([][][]porcupine.Operation, len(names))
	for i := range hs {
		rparts[i], _, _, _, err = linOps(newIndex(hs[i]), model.KindCASRegister)
		require.NoError(b, err)
		iparts[i], err = internParts(rparts[i], true)
		require.NoError(b, err)
	}
	want := make([]bool, len(names))
	rawSteps := countSteps(etcdModel, func(m porcupine.Model) {
		for i := range events {
			want[i] = porcupine.CheckEvents(m, events[i])
		}
	})
	searchSteps := countSteps(intModel, func(m porcupine.Model) {
		for i := range iparts {
			searchParts(m, iparts[i])
		}
	})
	modelSteps := countSteps(pm, func(m porcupine.Model) {
		for i := range rparts {
			searchParts(m, rparts[i])
		}
	})
	var raw, chk, srch, mdl time.Duration
	timed := func(took *time.Duration, f func() bool) bool {
		start := time.Now()
		ok := f()
		*took += time.Since(start)
		return ok
	}
	for b.Loop() {
		for i := range names {
			if timed(&raw, func() bool { return porcupine.CheckEvents(etcdModel, events[i]) }) != want[i] {
				b.Fatal("porcupine changed its mind")
			}
			var rep Report
			timed(&chk, func() bool { rep = Check(hs[i], opts); return true })
			if (rep.Verdict == Valid) != want[i] {
				b.Fatalf("%s: %s, porcupine says linearizable=%v", names[i], rep.Verdict, want[i])
			}
			if timed(&srch, func() bool { return searchParts(intModel, iparts[i]) }) != want[i] ||
				timed(&mdl, func() bool { return searchParts(pm, rparts[i]) }) != want[i] {
				b.Fatalf("%s: a search disagrees with porcupine", names[i])
			}
		}
	}
	n := float64(b.N)
	perStep := func(d time.Duration, steps int64) float64 { return float64(d.Nanoseconds()) / n / float64(steps) }
	b.ReportMetric(raw.Seconds()/n, "raw-s")
	b.ReportMetric(srch.Seconds()/n, "search-s")
	b.ReportMetric(chk.Seconds()/n, "checker-s")
	b.ReportMetric(chk.Seconds()/raw.Seconds(), "checker/raw")
	b.ReportMetric(perStep(raw, rawSteps), "raw-ns/step")
	b.ReportMetric(perStep(srch, searchSteps), "search-ns/step")
	b.ReportMetric(perStep(srch, searchSteps)/perStep(raw, rawSteps), "step-ratio")
	b.ReportMetric(perStep(mdl, modelSteps)/perStep(raw, rawSteps), "model-step-ratio")
	b.ReportMetric(float64(searchSteps)/float64(rawSteps), "steps-ratio")
	b.ReportMetric(float64(len(names)), "logs")
}

// countSteps runs f once with m whose steps are counted, and returns the
// count.
func countSteps(m porcupine.Model, f func(porcupine.Model)) int64 {
	var n atomic.Int64
	step, stepCtx := m.Step, m.StepContext
	if step != nil {
		m.Step = func(s, in, out any) (bool, any) { n.Add(1); return step(s, in, out) }
	}
	if stepCtx != nil {
		m.StepContext = func(ctx context.Context, s, in, out any) (bool, any) { n.Add(1); return stepCtx(ctx, s, in, out) }
	}
	f(m)
	return n.Load()
}

// searchParts is a search alone: porcupine with m on partitions.
func searchParts(m porcupine.Model, parts [][]porcupine.Operation) bool {
	m.Partition = func([]porcupine.Operation) [][]porcupine.Operation { return parts }
	return porcupine.CheckOperations(m, nil)
}
