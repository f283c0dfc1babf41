package checker

import (
	"bufio"
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/anishathalye/porcupine"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kvchaos/kvchaos/history"
)

// porcupineDir is porcupine's module directory, with its test data.
func porcupineDir(t testing.TB) string {
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/anishathalye/porcupine").Output()
	require.NoError(t, err)
	dir := strings.TrimSpace(string(out))
	require.DirExists(t, filepath.Join(dir, "test_data"))
	return dir
}

func readEDNFile(t testing.TB, path string, convert bool) history.History {
	raw, err := os.ReadFile(path)
	require.NoError(t, err)
	if convert {
		var buf bytes.Buffer
		require.NoError(t, history.ConvertJepsenLog(bytes.NewReader(raw), &buf))
		raw = buf.Bytes()
	}
	h, err := history.ReadEDN(bytes.NewReader(raw))
	require.NoError(t, err, path)
	return h
}

// porcupineKV is porcupine's verdict on a key-value log whose search takes
// minutes under -race, as porcupine's own test asserts it
// (TestKv50ClientsOk in porcupine_test.go, v1.3.1); without -race the
// search runs and must agree with it.
var porcupineKV = map[string]bool{"c50-ok.txt": true}

// TestPorcupineCorpus: on every history of porcupine's own test data (the
// 103 Jepsen etcd logs, 100–102 with spaces between the fields, and the 6
// key-value logs), porcupine's verdict is computed here with porcupine's
// own parsers and models (from its tests) — under -race, c50-ok's is the
// one porcupine's test asserts (porcupineKV) — and kvchaos must agree.
func TestPorcupineCorpus(t *testing.T) {
	dir := porcupineDir(t)
	logs, err := filepath.Glob(filepath.Join(dir, "test_data/jepsen", "etcd_*.log"))
	require.NoError(t, err)
	require.Len(t, logs, 103)
	kvs, err := filepath.Glob(filepath.Join(dir, "test_data/kv", "*.txt"))
	require.NoError(t, err)
	require.Len(t, kvs, 6)
	var agree, empty atomic.Int64
	// Each etcd log is a parallel subtest: they share nothing, and a few
	// take most of the time (etcd_002 alone, 40 s under -race). The
	// key-value logs run one at a time, first: Check already searches
	// their keys in parallel, and two of them at once ran past Timeout.
	t.Run("corpus", func(t *testing.T) {
		for _, f := range logs {
			t.Run(filepath.Base(f), func(t *testing.T) {
				t.Parallel()
				evs := parseEtcdLog(t, f)
				want := porcupine.CheckEvents(etcdModel, evs)
				rep := Check(readEDNFile(t, f, true), Options{Model: "cas-register", Timeout: time.Minute})
				if len(evs) == 0 {
					// etcd_095: the cluster never started, the log has no op.
					// Porcupine finds the empty history linearizable; kvchaos
					// says there is nothing to judge (never valid on nothing).
					assert.True(t, want)
					assert.Equal(t, Unknown, rep.Verdict)
					assert.Contains(t, rep.Error, "no operations to judge")
					empty.Add(1)
					return
				}
				if assert.Equal(t, want, rep.Verdict == Valid, rep.String()) {
					agree.Add(1)
				}
				assert.NotEqual(t, Unknown, rep.Verdict, rep.String())
			})
		}
		for _, f := range kvs {
			t.Run(filepath.Base(f), func(t *testing.T) {
				events := parseKVLog(t, f)
				want, known := porcupineKV[filepath.Base(f)]
				if !known || !raceEnabled {
					want = porcupine.CheckEvents(kvModel, events)
				}
				rep := Check(readEDNFile(t, f, false), Options{Timeout: time.Minute})
				lin, _ := rep.Result(Linearizable)
				if w, ok := porcupineKV[filepath.Base(f)]; ok {
					assert.Equal(t, w, want, "porcupine's search and its test disagree")
				}
				if assert.Equal(t, want, lin.Status == StatusOK, lin.Explanation) {
					agree.Add(1)
				}
				if !want {
					assert.Equal(t, Invalid, rep.Verdict)
					assert.NotEmpty(t, lin.Linearizability.IllegalKeys)
					assert.Contains(t, string(lin.Linearizability.Visualization), "<html")
				}
			})
		}
	})
	t.Logf("kvchaos agrees with porcupine on %d of %d histories; %d has no op (porcupine: linearizable; kvchaos: nothing to judge)",
		agree.Load(), len(logs)+len(kvs), empty.Load())
	assert.EqualValues(t, len(logs)+len(kvs), agree.Load()+empty.Load())
	assert.EqualValues(t, 1, empty.Load())
}

// etcdInput, etcdOutput, etcdModel and parseEtcdLog are porcupine's own
// (porcupine_test.go, v1.3.1), so the verdict compared is porcupine's.
type etcdInput struct {
	op         uint8 // 0 read, 1 write, 2 cas
	arg1, arg2 int
}

type etcdOutput struct {
	ok, exists, unknown bool
	value               int
}

var etcdModel = porcupine.Model{
	Init: func() interface{} { return -1000000 }, // nil
	Step: func(state, input, output interface{}) (bool, interface{}) {
		st, inp, out := state.(int), input.(etcdInput), output.(etcdOutput)
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
}

func parseEtcdLog(t testing.TB, path string) []porcupine.Event {
	const p = `^INFO\s+jepsen\.util\s+-\s+(\d+)\s+`
	invRead := regexp.MustCompile(p + `:invoke\s+:read\s+nil$`)
	invWrite := regexp.MustCompile(p + `:invoke\s+:write\s+(\d+)$`)
	invCas := regexp.MustCompile(p + `:invoke\s+:cas\s+\[(\d+)\s+(\d+)\]$`)
	okRead := regexp.MustCompile(p + `:ok\s+:read\s+(nil|\d+)$`)
	okWrite := regexp.MustCompile(p + `:ok\s+:write\s+(\d+)$`)
	retCas := regexp.MustCompile(p + `:(ok|fail)\s+:cas\s+\[(\d+)\s+(\d+)\]$`)
	timeoutRead := regexp.MustCompile(p + `:fail\s+:read\s+:timed-out$`)
	var log eventLog
	call := func(proc int, in etcdInput) { log.call(proc, in) }
	ret := func(proc int, out etcdOutput) { log.ret(proc, out) }
	eachLine(t, path, func(line string) {
		n := func(s string) int { v, _ := strconv.Atoi(s); return v }
		if m := invRead.FindStringSubmatch(line); m != nil {
			call(n(m[1]), etcdInput{op: 0})
		} else if m := invWrite.FindStringSubmatch(line); m != nil {
			call(n(m[1]), etcdInput{op: 1, arg1: n(m[2])})
		} else if m := invCas.FindStringSubmatch(line); m != nil {
			call(n(m[1]), etcdInput{op: 2, arg1: n(m[2]), arg2: n(m[3])})
		} else if m := okRead.FindStringSubmatch(line); m != nil {
			ret(n(m[1]), etcdOutput{exists: m[2] != "nil", value: n(m[2])})
		} else if m := okWrite.FindStringSubmatch(line); m != nil {
			ret(n(m[1]), etcdOutput{})
		} else if m := retCas.FindStringSubmatch(line); m != nil {
			ret(n(m[1]), etcdOutput{ok: m[2] == "ok"})
		} else if m := timeoutRead.FindStringSubmatch(line); m != nil {
			ret(n(m[1]), etcdOutput{unknown: true})
		}
	})
	return log.end(etcdOutput{unknown: true})
}

// kvInput, kvOutput, kvModel and parseKVLog are porcupine's own, likewise.
type kvInput struct {
	op         uint8 // 0 get, 1 put, 2 append
	key, value string
}

type kvOutput struct{ value string }

var kvModel = porcupine.Model{
	PartitionEvent: func(evs []porcupine.Event) [][]porcupine.Event {
		m, keyOf := map[string][]porcupine.Event{}, map[int]string{}
		var keys []string
		for _, e := range evs {
			if e.Kind == porcupine.CallEvent {
				keyOf[e.Id] = e.Value.(kvInput).key
			}
			k := keyOf[e.Id]
			if _, seen := m[k]; !seen {
				keys = append(keys, k)
			}
			m[k] = append(m[k], e)
		}
		out := make([][]porcupine.Event, 0, len(keys))
		for _, k := range keys {
			out = append(out, m[k])
		}
		return out
	},
	Init: func() interface{} { return "" },
	Step: func(state, input, output interface{}) (bool, interface{}) {
		inp, out, st := input.(kvInput), output.(kvOutput), state.(string)
		switch inp.op {
		case 0:
			return out.value == st, state
		case 1:
			return true, inp.value
		}
		return true, st + inp.value
	},
}

func parseKVLog(t *testing.T, path string) []porcupine.Event {
	invGet := regexp.MustCompile(`{:process (\d+), :type :invoke, :f :get, :key "(.*)", :value nil}`)
	invPut := regexp.MustCompile(`{:process (\d+), :type :invoke, :f :put, :key "(.*)", :value "(.*)"}`)
	invAppend := regexp.MustCompile(`{:process (\d+), :type :invoke, :f :append, :key "(.*)", :value "(.*)"}`)
	okGet := regexp.MustCompile(`{:process (\d+), :type :ok, :f :get, :key ".*", :value "(.*)"}`)
	okPut := regexp.MustCompile(`{:process (\d+), :type :ok, :f :put, :key ".*", :value ".*"}`)
	okAppend := regexp.MustCompile(`{:process (\d+), :type :ok, :f :append, :key ".*", :value ".*"}`)
	var log eventLog
	n := func(s string) int { v, _ := strconv.Atoi(s); return v }
	call := func(proc int, in kvInput) { log.call(proc, in) }
	ret := func(proc int, out kvOutput) { log.ret(proc, out) }
	eachLine(t, path, func(line string) {
		if m := invGet.FindStringSubmatch(line); m != nil {
			call(n(m[1]), kvInput{op: 0, key: m[2]})
		} else if m := invPut.FindStringSubmatch(line); m != nil {
			call(n(m[1]), kvInput{op: 1, key: m[2], value: m[3]})
		} else if m := invAppend.FindStringSubmatch(line); m != nil {
			call(n(m[1]), kvInput{op: 2, key: m[2], value: m[3]})
		} else if m := okGet.FindStringSubmatch(line); m != nil {
			ret(n(m[1]), kvOutput{m[2]})
		} else if m := okPut.FindStringSubmatch(line); m != nil {
			ret(n(m[1]), kvOutput{})
		} else if m := okAppend.FindStringSubmatch(line); m != nil {
			ret(n(m[1]), kvOutput{})
		}
	})
	return log.end(kvOutput{})
}

// eventLog builds porcupine events from a log of calls and returns, one
// op in flight per process, as porcupine's own tests parse its logs.
type eventLog struct {
	evs  []porcupine.Event
	next int
	open map[int]int // process → id of its op in flight
}

func (l *eventLog) call(proc int, in any) {
	if l.open == nil {
		l.open = map[int]int{}
	}
	l.evs = append(l.evs, porcupine.Event{ClientId: proc, Kind: porcupine.CallEvent, Value: in, Id: l.next})
	l.open[proc] = l.next
	l.next++
}

func (l *eventLog) ret(proc int, out any) {
	l.evs = append(l.evs, porcupine.Event{ClientId: proc, Kind: porcupine.ReturnEvent, Value: out, Id: l.open[proc]})
	delete(l.open, proc)
}

// end returns the events, each op still in flight returning out.
func (l *eventLog) end(out any) []porcupine.Event {
	for proc, id := range l.open {
		l.evs = append(l.evs, porcupine.Event{ClientId: proc, Kind: porcupine.ReturnEvent, Value: out, Id: id})
	}
	return l.evs
}

func eachLine(t testing.TB, path string, fn func(string)) {
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64<<10), 16<<20)
	for sc.Scan() {
		fn(sc.Text())
	}
	require.NoError(t, sc.Err())
}
