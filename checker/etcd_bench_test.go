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
// against raw porcupine's time over its steps (steps counted once,
// outside the timed loop). Run with -benchtime=1x.
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
	iparts := make([][][]porcupine.Operation, len(names))
	for i := range hs {
		parts, _, _, _, err := linOps(newIndex(hs[i]), model.KindCASRegister)
		require.NoError(b, err)
		iparts[i], err = internParts(parts, true)
		require.NoError(b, err)
	}
	want := make([]bool, len(names))
	rawSteps, searchSteps := countSteps(events, iparts, want)
	var raw, chk, srch time.Duration
	for b.Loop() {
		for i := range names {
			start := time.Now()
			if porcupine.CheckEvents(etcdModel, events[i]) != want[i] {
				b.Fatal("porcupine changed its mind")
			}
			raw += time.Since(start)
			start = time.Now()
			rep := Check(hs[i], opts)
			chk += time.Since(start)
			if (rep.Verdict == Valid) != want[i] {
				b.Fatalf("%s: %s, porcupine says linearizable=%v", names[i], rep.Verdict, want[i])
			}
			start = time.Now()
			if searchIntParts(intModel, iparts[i]) != want[i] {
				b.Fatalf("%s: the search disagrees with porcupine", names[i])
			}
			srch += time.Since(start)
		}
	}
	n := float64(b.N)
	b.ReportMetric(raw.Seconds()/n, "raw-s")
	b.ReportMetric(chk.Seconds()/n, "checker-s")
	b.ReportMetric(chk.Seconds()/raw.Seconds(), "checker/raw")
	b.ReportMetric(float64(raw.Nanoseconds())/n/float64(rawSteps), "raw-ns/step")
	b.ReportMetric(float64(srch.Nanoseconds())/n/float64(searchSteps), "search-ns/step")
	b.ReportMetric(float64(srch.Nanoseconds())/float64(searchSteps)/(float64(raw.Nanoseconds())/float64(rawSteps)), "step-ratio")
	b.ReportMetric(float64(searchSteps)/float64(rawSteps), "steps-ratio")
	b.ReportMetric(float64(len(names)), "logs")
}

// countSteps runs each log once with raw porcupine (filling want with its
// verdicts) and once with the checker's search alone (on the log's
// interned ops), counting the model steps each takes.
func countSteps(events [][]porcupine.Event, iparts [][][]porcupine.Operation, want []bool) (raw, search int64) {
	var n atomic.Int64
	rm := etcdModel
	rm.Step = func(s, in, out any) (bool, any) { n.Add(1); return etcdModel.Step(s, in, out) }
	for i := range events {
		want[i] = porcupine.CheckEvents(rm, events[i])
	}
	raw = n.Swap(0)
	im := intModel
	im.StepContext = func(ctx context.Context, s, in, out any) (bool, any) {
		n.Add(1)
		return intModel.StepContext(ctx, s, in, out)
	}
	for i := range iparts {
		searchIntParts(im, iparts[i])
	}
	return raw, n.Load()
}

// searchIntParts is the checker's search alone: porcupine with intModel
// on interned partitions.
func searchIntParts(m porcupine.Model, parts [][]porcupine.Operation) bool {
	m.Partition = func([]porcupine.Operation) [][]porcupine.Operation { return parts }
	return porcupine.CheckOperations(m, nil)
}
