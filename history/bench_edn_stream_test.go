package history

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"sync"
	"testing"
	"time"

	"github.com/kvchaos/kvchaos/internal/cputime"
)

// writeRegisterEDN writes n ops of a register run as WriteEDN writes
// registerRun's: 16 processes over 10,000 keys, each invoking its next op
// once its last one completed, half gets (reading the key's last value)
// and half puts of unique values, with :time, :region and :version.
func writeRegisterEDN(w io.Writer, n int) error {
	const clients, keys = 16, 10_000
	regions := []string{"eu", "us", "ap"}
	bw := bufio.NewWriter(w)
	last := make([]string, keys)
	var open [clients]string // the completion line of each process's op in flight
	now := int64(1_700_000_000_000)
	for i := range n {
		c := i % clients
		now += 37_411
		if open[c] != "" {
			fmt.Fprintf(bw, open[c], now)
			now += 37_411
		}
		k := (i * 7919) % keys
		if i%2 == 0 {
			fmt.Fprintf(bw, "{:type :invoke, :f :get, :process %d, :time %d, :index %d, :key \"key-%d\", :value nil, :region %q}\n", c, now, 2*i, k, regions[c%3])
			v := "nil"
			if last[k] != "" {
				v = fmt.Sprintf("%q", last[k])
			}
			open[c] = fmt.Sprintf("{:type :ok, :f :get, :process %d, :time %%d, :key \"key-%d\", :value %s, :version \"%d\", :region %q}\n", c, k, v, i+1, regions[c%3])
		} else {
			v := fmt.Sprintf("c%d-%d", c, i+1)
			fmt.Fprintf(bw, "{:type :invoke, :f :put, :process %d, :time %d, :index %d, :key \"key-%d\", :value %q, :region %q}\n", c, now, 2*i, k, v, regions[c%3])
			last[k] = v
			open[c] = fmt.Sprintf("{:type :ok, :f :put, :process %d, :time %%d, :key \"key-%d\", :value %q, :version \"%d\", :region %q}\n", c, k, v, i+1, regions[c%3])
		}
	}
	for c := range open {
		if open[c] != "" {
			now += 37_411
			fmt.Fprintf(bw, open[c], now)
		}
	}
	return bw.Flush()
}

// heapPeak samples the bytes of heap objects (live and not yet swept)
// every millisecond until stop is called, which returns the highest.
func heapPeak() (stop func() uint64) {
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	var peak uint64
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		tick := time.NewTicker(time.Millisecond)
		defer tick.Stop()
		for {
			metrics.Read(sample)
			peak = max(peak, sample[0].Value.Uint64())
			select {
			case <-done:
				return
			case <-tick.C:
			}
		}
	}()
	return func() uint64 {
		close(done)
		wg.Wait()
		metrics.Read(sample)
		return max(peak, sample[0].Value.Uint64())
	}
}

// BenchmarkEDNStreamMemory reads a 1,000,000-op register run
// (writeRegisterEDN) from a file whole (History.Ops) and streamed
// (ReadOptions.OnOp, each op dropped), in one run, and reports per read:
// the peak of heap objects above the heap before it (sampled every ms),
// bytes allocated per op and CPU time per op.
//
//	go test -run X -bench EDNStreamMemory -benchtime 1x -cpu 1 ./history
func BenchmarkEDNStreamMemory(b *testing.B) {
	const n = 1_000_000
	path := filepath.Join(b.TempDir(), "run.edn")
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	if err := writeRegisterEDN(f, n); err != nil {
		b.Fatal(err)
	}
	if err := f.Close(); err != nil {
		b.Fatal(err)
	}
	read := func(stream bool) int {
		f, err := os.Open(path)
		if err != nil {
			b.Fatal(err)
		}
		defer f.Close()
		count := 0
		var o ReadOptions
		if stream {
			o.OnOp = func(Op) { count++ }
		}
		h, err := ReadEDN(f, o)
		if err != nil {
			b.Fatal(err)
		}
		return count + len(h.Ops)
	}
	for _, mode := range []string{"whole", "stream"} {
		b.Run(mode, func(b *testing.B) {
			var peak uint64
			var m0, m1 runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&m0)
			cpu0 := cputime.Process()
			b.ResetTimer()
			for range b.N {
				runtime.GC()
				base := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
				metrics.Read(base)
				stop := heapPeak()
				got := read(mode == "stream")
				p := stop()
				runtime.KeepAlive(got)
				if got != n {
					b.Fatalf("read %d ops, want %d", got, n)
				}
				peak = max(peak, p-min(p, base[0].Value.Uint64()))
			}
			b.StopTimer()
			cpu := cputime.Process() - cpu0
			runtime.ReadMemStats(&m1)
			ops := float64(b.N) * n
			b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
			b.ReportMetric(float64(m1.TotalAlloc-m0.TotalAlloc)/ops, "B/history-op")
			b.ReportMetric(float64(cpu.Nanoseconds())/ops, "cpu-ns/history-op")
		})
	}
}
