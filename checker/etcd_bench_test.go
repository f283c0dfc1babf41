package checker

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"
	"time"

	"github.com/anishathalye/porcupine"

	"github.com/kvchaos/kvchaos/history"
)

// etcdIn, etcdOut and etcdModel are porcupine's own test model for its
// etcd logs (porcupine_test.go), the "raw porcupine" side of
// BenchmarkEtcdLogs.
type etcdIn struct {
	op         uint8 // 0 read, 1 write, 2 cas
	arg1, arg2 int
}

type etcdOut struct {
	ok, exists bool
	value      int
	unknown    bool
}

var etcdModel = porcupine.Model{
	Init: func() interface{} { return -1000000 },
	Step: func(state, input, output interface{}) (bool, interface{}) {
		st, inp, out := state.(int), input.(etcdIn), output.(etcdOut)
		switch inp.op {
		case 0:
			return (!out.exists && st == -1000000) || (out.exists && st == out.value) || out.unknown, state
		case 1:
			return true, inp.arg1
		}
		ok := (inp.arg1 == st && out.ok) || (inp.arg1 != st && !out.ok) || out.unknown
		if inp.arg1 == st {
			return ok, inp.arg2
		}
		return ok, st
	},
	Equal: func(a, b interface{}) bool { return a == b },
}

var etcdLine = struct{ invRead, invWrite, invCas, okRead, okWrite, retCas, toRead *regexp.Regexp }{
	regexp.MustCompile(`^INFO\s+jepsen\.util\s+-\s+(\d+)\s+:invoke\s+:read\s+nil$`),
	regexp.MustCompile(`^INFO\s+jepsen\.util\s+-\s+(\d+)\s+:invoke\s+:write\s+(\d+)$`),
	regexp.MustCompile(`^INFO\s+jepsen\.util\s+-\s+(\d+)\s+:invoke\s+:cas\s+\[(\d+)\s+(\d+)\]$`),
	regexp.MustCompile(`^INFO\s+jepsen\.util\s+-\s+(\d+)\s+:ok\s+:read\s+(nil|\d+)$`),
	regexp.MustCompile(`^INFO\s+jepsen\.util\s+-\s+(\d+)\s+:ok\s+:write\s+(\d+)$`),
	regexp.MustCompile(`^INFO\s+jepsen\.util\s+-\s+(\d+)\s+:(ok|fail)\s+:cas\s+\[(\d+)\s+(\d+)\]$`),
	regexp.MustCompile(`^INFO\s+jepsen\.util\s+-\s+(\d+)\s+:fail\s+:read\s+:timed-out$`),
}

// etcdEvents parses one log as porcupine's tests do.
func etcdEvents(b *testing.B, path string) []porcupine.Event {
	f, err := os.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	var evs []porcupine.Event
	open := map[int]int{}
	id := 0
	atoi := func(s string) int { n, _ := strconv.Atoi(s); return n }
	call := func(proc int, in etcdIn) {
		evs = append(evs, porcupine.Event{ClientId: proc, Kind: porcupine.CallEvent, Value: in, Id: id})
		open[proc] = id
		id++
	}
	ret := func(proc int, out etcdOut) {
		evs = append(evs, porcupine.Event{ClientId: proc, Kind: porcupine.ReturnEvent, Value: out, Id: open[proc]})
		delete(open, proc)
	}
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		l := sc.Text()
		switch m := etcdLine.invRead.FindStringSubmatch(l); {
		case m != nil:
			call(atoi(m[1]), etcdIn{op: 0})
		case etcdLine.invWrite.MatchString(l):
			m = etcdLine.invWrite.FindStringSubmatch(l)
			call(atoi(m[1]), etcdIn{op: 1, arg1: atoi(m[2])})
		case etcdLine.invCas.MatchString(l):
			m = etcdLine.invCas.FindStringSubmatch(l)
			call(atoi(m[1]), etcdIn{op: 2, arg1: atoi(m[2]), arg2: atoi(m[3])})
		case etcdLine.okRead.MatchString(l):
			m = etcdLine.okRead.FindStringSubmatch(l)
			ret(atoi(m[1]), etcdOut{exists: m[2] != "nil", value: atoi(m[2])})
		case etcdLine.okWrite.MatchString(l):
			m = etcdLine.okWrite.FindStringSubmatch(l)
			ret(atoi(m[1]), etcdOut{})
		case etcdLine.retCas.MatchString(l):
			m = etcdLine.retCas.FindStringSubmatch(l)
			ret(atoi(m[1]), etcdOut{ok: m[2] == "ok"})
		case etcdLine.toRead.MatchString(l):
			m = etcdLine.toRead.FindStringSubmatch(l)
			ret(atoi(m[1]), etcdOut{unknown: true})
		}
	}
	for proc := range open {
		ret(proc, etcdOut{unknown: true})
	}
	return evs
}

// BenchmarkEtcdLogs checks porcupine's etcd logs (those its tests name)
// with raw porcupine and its own int-state model, and with Check's
// linearizability alone (cas-register model: conversion, partitioning
// and search included); both sides parse outside the timed loop. The
// verdicts must match porcupine's tests. Run with -benchtime=1x.
func BenchmarkEtcdLogs(b *testing.B) {
	var names []string
	for n := 0; n <= 102; n++ {
		path := filepath.Join(porcupineDir, "test_data/jepsen", fmt.Sprintf("etcd_%03d.log", n))
		if _, err := os.Stat(path); err == nil {
			names = append(names, path)
		}
	}
	events := make([][]porcupine.Event, len(names))
	for i, p := range names {
		events[i] = etcdEvents(b, p)
	}
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
