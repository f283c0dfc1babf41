package checker

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/anishathalye/porcupine"

	"github.com/kvchaos/kvchaos/history"
)

// BenchmarkEtcdLogs checks porcupine's etcd logs (those its tests name)
// with raw porcupine and its own int-state model (etcdModel, parseEtcdLog), and with Check's
// linearizability alone (cas-register model: conversion, partitioning
// and search included); both sides parse outside the timed loop. The
// verdicts must match porcupine's tests. Run with -benchtime=1x.
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
	want := make([]bool, len(names))
	for i := range names {
		want[i] = porcupine.CheckEvents(etcdModel, events[i])
	}
	b.Run("porcupine-raw", func(b *testing.B) {
		for b.Loop() {
			for i := range names {
				if porcupine.CheckEvents(etcdModel, events[i]) != want[i] {
					b.Fatal("porcupine changed its mind")
				}
			}
		}
	})
	hs := make([]historyOf, len(names))
	for i, p := range names {
		hs[i] = historyOf{readEDNFile(b, p, true)}
	}
	b.Run("checker", func(b *testing.B) {
		for b.Loop() {
			for i := range names {
				rep := Check(hs[i].h, Options{Checks: []Name{Linearizable}, Model: "cas-register", Timeout: time.Minute, MaxVisualizedKeys: -1})
				if (rep.Verdict == Valid) != want[i] {
					b.Fatalf("%s: %s, porcupine says linearizable=%v", names[i], rep.Verdict, want[i])
				}
			}
		}
	})
	b.ReportMetric(float64(len(names)), "logs")
}

type historyOf struct{ h history.History }
