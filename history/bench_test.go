package history

import (
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"testing"
)

// benchOps records n ops of a register workload: 8 clients in 3 regions
// over 1000 keys, half gets (found, with a version) and half puts; unique
// makes every written value distinct (an append workload).
func benchOps(r *Recorder, n int, keys []string, unique bool) {
	regions := []string{"eu", "us", "ap"}
	for i := 0; i < n; i++ {
		c := i % 8
		key := keys[(i*7919)%len(keys)]
		v := strconv.Itoa(i % 100)
		if unique {
			v = "x " + strconv.Itoa(c) + " " + strconv.Itoa(i) + " y"
		}
		if i%2 == 0 {
			r.Begin(c, regions[c%3], FuncGet, key, Input{}).End(Output{Found: true, Value: v, Version: strconv.Itoa(i)}, OutcomeOK, nil)
		} else {
			r.Begin(c, regions[c%3], FuncPut, key, Input{Value: v}).End(Output{Version: strconv.Itoa(i)}, OutcomeOK, nil)
		}
	}
}

func benchKeys() []string {
	keys := make([]string, 1000)
	for i := range keys {
		keys[i] = "key-" + strconv.Itoa(i)
	}
	return keys
}

func heapInUse() uint64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

// BenchmarkRecorderMemory reports the heap a Recorder holds per recorded op
// (mem-B/op); the goal is at most 100 B.
func BenchmarkRecorderMemory(b *testing.B) {
	for _, unique := range []bool{false, true} {
		name := "register"
		if unique {
			name = "unique-values"
		}
		b.Run(name, func(b *testing.B) {
			const n = 200_000
			keys := benchKeys()
			var total float64
			for i := 0; i < b.N; i++ {
				before := heapInUse()
				r := NewRecorder()
				benchOps(r, n, keys, unique)
				after := heapInUse()
				runtime.KeepAlive(r)
				total += float64(after-before) / n
			}
			b.ReportMetric(total/float64(b.N), "mem-B/op")
		})
	}
}

// BenchmarkRecorderBeginEnd measures one Begin and End, without a stream,
// streaming to io.Discard, and streaming to a file.
func BenchmarkRecorderBeginEnd(b *testing.B) {
	keys := benchKeys()
	run := func(b *testing.B, opts ...RecorderOption) {
		r := NewRecorder(opts...)
		b.ReportAllocs()
		b.ResetTimer()
		benchOps(r, b.N, keys, false)
		b.StopTimer()
		if err := r.Close(); err != nil {
			b.Fatal(err)
		}
	}
	b.Run("memory", func(b *testing.B) { run(b) })
	b.Run("stream-discard", func(b *testing.B) { run(b, WithStream(io.Discard)) })
	b.Run("stream-file", func(b *testing.B) {
		f, err := os.Create(filepath.Join(b.TempDir(), "h.jsonl"))
		if err != nil {
			b.Fatal(err)
		}
		defer f.Close()
		run(b, WithStream(f))
	})
}
