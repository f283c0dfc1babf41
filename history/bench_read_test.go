package history

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"testing"

	"github.com/kvchaos/kvchaos/internal/cputime"
)

// registerRun records n ops of the register workload as `kvchaos run`
// streams them: 16 clients in 3 regions over 10,000 keys, with up to 16
// calls in flight, half gets (found, reading the key's last value, with a
// version) and half puts of unique values ("c<client>-<seq>"), on a
// nanosecond clock. It returns the JSONL stream (an invoke and a complete
// line per op) and the same history as Jepsen EDN.
func registerRun(tb testing.TB, n int) (jsonl, edn []byte) {
	const clients, keys = 16, 10_000
	regions := []string{"eu", "us", "ap"}
	var buf bytes.Buffer
	now := int64(1_700_000_000_000)
	r := NewRecorder(WithStream(&buf), WithClock(func() int64 { now += 37_411; return now }))
	last := make([]string, keys)
	var inFlight [clients]*Call
	ends := make([]func(), clients)
	seq := 0
	for i := range n {
		c := i % clients
		if inFlight[c] != nil {
			ends[c]()
		}
		k := (i * 7919) % keys
		key := "key-" + strconv.Itoa(k)
		seq++
		version := strconv.Itoa(seq)
		if i%2 == 0 {
			call := r.Begin(c, regions[c%3], FuncGet, key, Input{})
			out := Output{Found: last[k] != "", Value: last[k], Version: version}
			inFlight[c], ends[c] = &call, func() { call.End(out, OutcomeOK, nil) }
		} else {
			v := "c" + strconv.Itoa(c) + "-" + strconv.Itoa(seq)
			call := r.Begin(c, regions[c%3], FuncPut, key, Input{Value: v})
			last[k] = v
			inFlight[c], ends[c] = &call, func() { call.End(Output{Version: version}, OutcomeOK, nil) }
		}
	}
	for c := range clients {
		if inFlight[c] != nil {
			ends[c]()
		}
	}
	if err := r.Close(); err != nil {
		tb.Fatal(err)
	}
	var e bytes.Buffer
	if err := WriteEDN(&e, r.History()); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes(), e.Bytes()
}

// readRates runs read b.N times over a history of n ops and reports, per
// op of the history: wall and CPU nanoseconds, ops per wall second and per
// CPU second, allocations and bytes. The machine is shared, so the CPU
// figures are the ones to compare; run with -cpu 1.
func readRates(b *testing.B, n int, read func() int) {
	var m0, m1 runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&m0)
	cpu0 := cputime.Process()
	b.ResetTimer()
	for range b.N {
		if got := read(); got != n {
			b.Fatalf("read %d ops, want %d", got, n)
		}
	}
	b.StopTimer()
	cpu := cputime.Process() - cpu0
	runtime.ReadMemStats(&m1)
	ops := float64(b.N) * float64(n)
	wall := float64(b.Elapsed().Nanoseconds())
	b.ReportMetric(wall/ops, "ns/history-op")
	b.ReportMetric(float64(cpu.Nanoseconds())/ops, "cpu-ns/history-op")
	b.ReportMetric(ops/(wall/1e9), "ops/s")
	b.ReportMetric(ops/cpu.Seconds(), "ops/cpu-s")
	b.ReportMetric(float64(m1.Mallocs-m0.Mallocs)/ops, "allocs/history-op")
	b.ReportMetric(float64(m1.TotalAlloc-m0.TotalAlloc)/ops, "B/history-op")
}

// BenchmarkReaders reads a 100,000-op register run (registerRun) through
// the public readers, whole (History.Ops) and streaming (ReadOptions.OnOp),
// as JSONL and as EDN. Goals (issue #13): JSONL ≥1M ops/s, EDN ≥200k ops/s.
//
//	go test -run X -bench Readers -cpu 1 ./history
func BenchmarkReaders(b *testing.B) {
	const n = 100_000
	jsonl, edn := registerRun(b, n)
	count := 0
	stream := ReadOptions{OnOp: func(Op) { count++ }}
	b.Run("JSONL/whole", func(b *testing.B) {
		readRates(b, n, func() int {
			h, _, err := ReadJSONL(bytes.NewReader(jsonl))
			if err != nil {
				b.Fatal(err)
			}
			return len(h.Ops)
		})
	})
	b.Run("JSONL/stream", func(b *testing.B) {
		readRates(b, n, func() int {
			count = 0
			if _, _, err := ReadJSONL(bytes.NewReader(jsonl), stream); err != nil {
				b.Fatal(err)
			}
			return count
		})
	})
	b.Run("EDN/whole", func(b *testing.B) {
		readRates(b, n, func() int {
			h, err := ReadEDN(bytes.NewReader(edn))
			if err != nil {
				b.Fatal(err)
			}
			return len(h.Ops)
		})
	})
	b.Run("EDN/etcd-logs", func(b *testing.B) { // porcupine's 103 Jepsen etcd logs: cas, [old new], ints
		var logs [][]byte
		ops := 0
		files, _ := filepath.Glob(filepath.Join(porcupineData, "jepsen", "etcd_*.log"))
		for _, f := range files {
			raw, err := os.ReadFile(f)
			var buf bytes.Buffer
			if err == nil {
				err = ConvertJepsenLog(bytes.NewReader(raw), &buf)
			}
			h, err2 := ReadEDN(bytes.NewReader(buf.Bytes()))
			if err != nil || err2 != nil {
				b.Fatal(f, err, err2)
			}
			logs, ops = append(logs, buf.Bytes()), ops+len(h.Ops)
		}
		readRates(b, ops, func() int {
			got := 0
			for _, l := range logs {
				h, err := ReadEDN(bytes.NewReader(l))
				if err != nil {
					b.Fatal(err)
				}
				got += len(h.Ops)
			}
			return got
		})
	})
	b.Run("EDN/stream", func(b *testing.B) {
		readRates(b, n, func() int {
			count = 0
			if _, err := ReadEDN(bytes.NewReader(edn), stream); err != nil {
				b.Fatal(err)
			}
			return count
		})
	})
}

// BenchmarkJSONLDecoders decodes the lines of the same run with
// encoding/json alone, as ReadJSONL did before it had a fast path for the
// common line shape, for comparison with BenchmarkReaders/JSONL.
func BenchmarkJSONLDecoders(b *testing.B) {
	const n = 100_000
	jsonl, _ := registerRun(b, n)
	b.Run("encoding-json", func(b *testing.B) {
		readRates(b, n, func() int {
			ops := 0
			for line := range bytes.SplitSeq(jsonl, []byte("\n")) {
				if len(line) == 0 {
					continue
				}
				var l jsonlLine
				if err := json.Unmarshal(line, &l); err != nil {
					b.Fatal(err)
				}
				if l.Type == "complete" {
					ops++
				}
			}
			return ops
		})
	})
}

// BenchmarkEDNDecoders reads the run of BenchmarkReaders as EDN through
// the EDN library alone, as ReadEDN did before it had a fast path for the
// common event shape, for comparison with BenchmarkReaders/EDN (slow: run
// it with -benchtime 2x).
func BenchmarkEDNDecoders(b *testing.B) {
	const n = 100_000
	_, edn := registerRun(b, n)
	b.Run("library", func(b *testing.B) {
		readRates(b, n, func() int {
			h, err := readEDN(bytes.NewReader(edn), ReadOptions{}, false)
			if err != nil {
				b.Fatal(err)
			}
			return len(h.Ops)
		})
	})
}
