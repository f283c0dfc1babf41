package checker

import (
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strconv"
	"testing"
	"time"

	"github.com/kvchaos/kvchaos/history"
	"github.com/kvchaos/kvchaos/internal/cputime"
)

// genJSONL writes genOps's n ops on 10,000 keys (16 clients, unique
// writes, linearizable) to a JSONL file, 100,000 ops at a time.
func genJSONL(b *testing.B, n int) string {
	path := filepath.Join(b.TempDir(), "history.jsonl")
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	var chunk history.History
	flush := func() {
		if err := history.WriteJSONL(f, chunk); err != nil {
			b.Fatal(err)
		}
		chunk.Ops = chunk.Ops[:0]
	}
	genOps(n, 10_000, 16, false, 2, func(op history.Op) {
		if chunk.Ops = append(chunk.Ops, op); len(chunk.Ops) == 100_000 {
			flush()
		}
	})
	chunk.Annotations = genAnnotations(n)
	flush()
	if err := f.Sync(); err != nil { // no writing back behind the measurement
		b.Fatal(err)
	}
	if err := f.Close(); err != nil {
		b.Fatal(err)
	}
	debug.FreeOSMemory()
	return path
}

// readAndCheck reads the JSONL file at path whole, then checks it (what
// `kvchaos check --html` does).
func readAndCheck(b *testing.B, path string) Report {
	f, err := os.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	h, _, err := history.ReadJSONL(f)
	f.Close()
	if err != nil {
		b.Fatal(err)
	}
	return Check(h, Options{})
}

// streamCheck streams the JSONL file at path into the checks (what
// `kvchaos check` does).
func streamCheck(b *testing.B, path string) Report {
	f, err := os.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	rep, err := CheckStream(func(add func(history.Op)) ([]history.Annotation, error) {
		h, _, err := history.ReadJSONL(f, history.ReadOptions{OnOp: add})
		return h.Annotations, err
	}, Options{})
	if err != nil {
		b.Fatal(err)
	}
	return rep
}

// BenchmarkCheckStreamMillion compares reading the whole history and
// checking it (Check) with streaming it into the checks (CheckStream, what
// `kvchaos check` does), both over one JSONL file of 1,000,000 ops on
// 10,000 keys. peak-heap-MB is the largest heap seen by a sampler during
// the run. Run with -benchtime=1x.
func BenchmarkCheckStreamMillion(b *testing.B) {
	path := genJSONL(b, 1_000_000)
	b.Run("Check", func(b *testing.B) {
		stop := peakHeap(b)
		defer stop()
		for b.Loop() {
			if rep := readAndCheck(b, path); rep.Verdict != Valid {
				b.Fatal(rep.Text())
			}
		}
	})
	b.Run("CheckStream", func(b *testing.B) {
		stop := peakHeap(b)
		defer stop()
		for b.Loop() {
			if rep := streamCheck(b, path); rep.Verdict != Valid {
				b.Fatal(rep.Text())
			}
		}
	})
}

// peakHeap samples the heap in use every 5 ms until stop is called, which
// reports the largest sample as peak-heap-MB.
func peakHeap(b *testing.B) (stop func()) {
	done := make(chan struct{})
	var peak uint64
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		var ms runtime.MemStats
		for {
			runtime.ReadMemStats(&ms)
			peak = max(peak, ms.HeapInuse)
			select {
			case <-done:
				return
			case <-time.After(5 * time.Millisecond):
			}
		}
	}()
	return func() {
		close(done)
		<-finished
		b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
	}
}

// BenchmarkCheckStreamScale is `kvchaos check` in-process (see
// streamCheck, and with the command's GC setting) over 1,000,000 and
// 10,000,000 ops on 10,000 keys, to compare the two in one run: both files
// are written first, then each reports ns and CPU ns per history op, and
// the 10M run the ratios of its wall and CPU time to the 1M run's (the
// issue's goal is at most 12). Run with -benchtime=1x; the 10M file takes
// about 1.5 GB of the temporary directory.
func BenchmarkCheckStreamScale(b *testing.B) {
	sizes := []int{1_000_000, 10_000_000}
	paths := make([]string, len(sizes))
	for i, n := range sizes {
		paths[i] = genJSONL(b, n)
	}
	defer debug.SetGCPercent(debug.SetGCPercent(50)) // as kvchaos check sets it
	var base struct{ wall, cpu float64 }             // the 1M run's, per run
	for i, n := range sizes {
		b.Run(strconv.Itoa(n/1_000_000)+"M", func(b *testing.B) {
			stop := peakHeap(b)
			defer stop()
			cpu0 := cputime.Process()
			for b.Loop() {
				if rep := streamCheck(b, paths[i]); rep.Verdict != Valid {
					b.Fatal(rep.Text())
				}
			}
			wall := float64(b.Elapsed().Nanoseconds()) / float64(b.N)
			cpu := float64(cputime.Process()-cpu0) / float64(b.N)
			b.ReportMetric(wall/float64(n), "ns/history-op")
			b.ReportMetric(cpu/float64(n), "cpu-ns/history-op")
			if i == 0 {
				base.wall, base.cpu = wall, cpu
			} else if base.cpu > 0 {
				b.ReportMetric(wall/base.wall, "wall-x-1M")
				b.ReportMetric(cpu/base.cpu, "cpu-x-1M")
			}
		})
	}
}
