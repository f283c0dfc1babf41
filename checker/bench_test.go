package checker

import (
	"hash/fnv"
	"math/rand"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"testing"

	"github.com/anishathalye/porcupine"

	"github.com/kvchaos/kvchaos/history"
)

// genHistory simulates a linearizable store: op i is called at 10i,
// returns at 10i+15 (so it overlaps its neighbours) and takes effect at
// 10i+5, in order. Clients are i mod clients; values are unique. With
// updates, a tenth of the ops are read-modify-writes.
func genHistory(n, keys, clients int, updates bool, seed int64) history.History {
	h := history.History{Ops: make([]history.Op, 0, n)}
	genOps(n, keys, clients, updates, seed, func(op history.Op) { h.Ops = append(h.Ops, op) })
	h.Annotations = genAnnotations(n)
	return h
}

// genAnnotations marks quiescence at nine tenths of genOps's n ops.
func genAnnotations(n int) []history.Annotation {
	return []history.Annotation{{Kind: history.AnnotationQuiescent, Start: int64(10 * n * 9 / 10), End: int64(10 * n * 9 / 10)}}
}

// genOps passes genHistory's ops to emit one at a time.
func genOps(n, keys, clients int, updates bool, seed int64, emit func(history.Op)) {
	rng := rand.New(rand.NewSource(seed))
	state := make(map[string]string, keys)
	for i := range n {
		k := "k" + strconv.Itoa(rng.Intn(keys))
		op := history.Op{ID: i, Client: i % clients, Key: k, Outcome: history.OutcomeOK, Call: int64(10 * i), Return: int64(10*i + 15)}
		v, found := state[k]
		switch p := rng.Intn(10); {
		case p < 6:
			op.Func = history.FuncGet
			op.Output = history.Output{Value: v, Found: found}
		case p < 9 || !updates:
			op.Func = history.FuncPut
			op.Input.Value = "v" + strconv.Itoa(i)
			state[k] = op.Input.Value
		default:
			op.Func = history.FuncUpdate
			op.Input.Value = v + "+" + strconv.Itoa(i)
			op.Output = history.Output{Value: v, Found: found}
			state[k] = op.Input.Value
		}
		emit(op)
	}
}

// rawKV is porcupine's own partitioned kv test model.
type rawIn struct {
	put        bool
	key, value string
}

var rawKVModel = porcupine.Model{
	Partition: func(h []porcupine.Operation) [][]porcupine.Operation {
		m := map[string][]porcupine.Operation{}
		var order []string
		for _, op := range h {
			k := op.Input.(rawIn).key
			if _, ok := m[k]; !ok {
				order = append(order, k)
			}
			m[k] = append(m[k], op)
		}
		out := make([][]porcupine.Operation, 0, len(order))
		for _, k := range order {
			out = append(out, m[k])
		}
		return out
	},
	Init: func() interface{} { return "" },
	Step: func(s, in, out interface{}) (bool, interface{}) {
		i := in.(rawIn)
		if i.put {
			return true, i.value
		}
		return out.(string) == s.(string), s
	},
	Hash: func(s interface{}) uint64 {
		h := fnv.New64a()
		h.Write([]byte(s.(string)))
		return h.Sum64()
	},
}

func rawOps(h history.History) []porcupine.Operation {
	ops := make([]porcupine.Operation, len(h.Ops))
	for i, op := range h.Ops {
		ops[i] = porcupine.Operation{ClientId: op.Client, Input: rawIn{put: op.Func == history.FuncPut, key: op.Key, value: op.Input.Value},
			Output: op.Output.Value, Call: op.Call, Return: op.Return}
	}
	return ops
}

// BenchmarkLinearizableVsPorcupine checks the same partitioned kv history
// (gets and puts only, so both models judge every op) with raw porcupine
// and with Check; the goal is checker ≤ 1.1 × porcupine. The comparison
// favours porcupine: its ops are converted and their inputs boxed once,
// outside the timed loop, and its model is a bare string register; each
// timed run only partitions by key and searches. Check starts from the
// history.Op slice every run: it indexes the ops by key, converts them,
// and searches with the kv model (versions, TTLs, cas), linearizability
// only.
func BenchmarkLinearizableVsPorcupine(b *testing.B) {
	h := genHistory(20000, 200, 8, false, 1)
	ops := rawOps(h)
	b.Run("porcupine", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if !porcupine.CheckOperations(rawKVModel, ops) {
				b.Fatal("not linearizable")
			}
		}
	})
	b.Run("checker", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if rep := Check(h, Options{Checks: []Name{Linearizable}}); rep.Verdict != Valid {
				b.Fatal(rep.Text())
			}
		}
	})
}

// BenchmarkCheckAllMillion runs every check over 1,000,000 ops on 10,000
// keys. Run with -benchtime=1x.
func BenchmarkCheckAllMillion(b *testing.B) {
	h := genHistory(1_000_000, 10_000, 16, true, 2)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if rep := Check(h, Options{}); rep.Verdict != Valid {
			b.Fatal(rep.Text())
		}
	}
}

func TestGeneratedHistoriesAreValid(t *testing.T) {
	h := genHistory(5000, 50, 8, true, 3)
	rep := Check(h, Options{})
	require := assertValid(t, rep)
	_ = require
}

func assertValid(t *testing.T, rep Report) bool {
	t.Helper()
	if rep.Verdict != Valid {
		t.Fatalf("want valid:\n%s", rep.Text())
	}
	return true
}

// BenchmarkCheckJSONLMillion is `kvchaos check` in-process: read a JSONL
// file of 1,000,000 ops on 10,000 keys (16 clients, unique writes,
// linearizable) and run every check. The file is written once, outside
// the timed loop. Run with -benchtime=1x.
func BenchmarkCheckJSONLMillion(b *testing.B) {
	path := filepath.Join(b.TempDir(), "history.jsonl")
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	if err := history.WriteJSONL(f, genHistory(1_000_000, 10_000, 16, true, 2)); err != nil {
		b.Fatal(err)
	}
	if err := f.Close(); err != nil {
		b.Fatal(err)
	}
	runtime.GC()
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if rep := readAndCheck(b, path); rep.Verdict != Valid {
			b.Fatal(rep.Text())
		}
	}
}
