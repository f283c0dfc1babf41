package workload_test

import (
	"bytes"
	"context"
	"fmt"
	"runtime"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kvchaos/kvchaos/backends"
	_ "github.com/kvchaos/kvchaos/backends/sim"
	"github.com/kvchaos/kvchaos/history"
	"github.com/kvchaos/kvchaos/sim"
	"github.com/kvchaos/kvchaos/workload"
)

// simRun runs workload w on a sim:// URL as `kvchaos run` does and returns
// the history's JSONL bytes.
func simRun(t *testing.T, url, w string, seed int64, ops int) []byte {
	t.Helper()
	s, err := backends.Open(context.Background(), url)
	require.NoError(t, err)
	r, err := workload.NewRunner(workload.Options{Workload: w, Clients: 4, Keys: 3, Ops: ops, Seed: seed})
	require.NoError(t, err)
	var buf bytes.Buffer
	rec := recorder(t, s, history.WithStream(&buf))
	_, err = r.Run(context.Background(), s, rec)
	require.NoError(t, err)
	require.NoError(t, rec.Close())
	return buf.Bytes()
}

// burnCPU keeps every core busy until stop is closed, so the runs below
// are scheduled under contention: nothing wall-clock may leak into them.
func burnCPU(stop <-chan struct{}) *sync.WaitGroup {
	var wg sync.WaitGroup
	for range 2 * runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			x := 0
			for {
				select {
				case <-stop:
					return
				default:
				}
				for i := range 10000 {
					x += i
				}
			}
		})
	}
	return &wg
}

// A simulated run is a function of its URL and seed: every preset × every
// workload, with and without the nemesis, run twice with one seed (at once,
// under CPU contention) gives the same history bytes, and another seed a
// different history.
func TestSimRunsAreDeterministic(t *testing.T) {
	stop := make(chan struct{})
	wg := burnCPU(stop)
	defer func() { close(stop); wg.Wait() }()
	for _, preset := range sim.PresetNames() {
		for _, w := range workload.Names() {
			for _, nemesis := range []string{"", "&nemesis=on"} {
				name := preset + "/" + w + nemesis
				url := func(seed int64) string {
					return fmt.Sprintf("sim://?preset=%s&seed=%d%s", preset, seed, nemesis)
				}
				var a, b []byte
				var both sync.WaitGroup
				both.Go(func() { a = simRun(t, url(3), w, 3, 80) })
				both.Go(func() { b = simRun(t, url(3), w, 3, 80) })
				both.Wait()
				require.NotEmpty(t, a, name)
				assert.Empty(t, firstDiff(a, b), "%s: one seed, two histories", name)
				assert.False(t, bytes.Equal(a, simRun(t, url(4), w, 4, 80)), "%s: another seed, the same history", name)
			}
		}
	}
}

// The quorum preset's errors quote the key with the run's prefix; under a
// dense nemesis they are in the history, and they too are a function of
// the seed.
func TestSimQuorumErrorsAreDeterministic(t *testing.T) {
	stop := make(chan struct{})
	wg := burnCPU(stop)
	defer func() { close(stop); wg.Wait() }()
	// a seed whose faults make a get find no replica
	const url = "sim://?preset=quorum&regions=5&nemesis=50ms&seed=2"
	var a, b []byte
	var both sync.WaitGroup
	both.Go(func() { a = simRun(t, url, "mixed", 1, 2000) })
	both.Go(func() { b = simRun(t, url, "mixed", 1, 2000) })
	both.Wait()
	assert.True(t, bytes.Contains(a, []byte(`"error":"sim: get kvchaos-seed2/k`)), "the errors quote the prefixed key")
	assert.Empty(t, firstDiff(a, b), "one seed, two histories")
}

// firstDiff returns the first line where a and b differ, "" when equal.
func firstDiff(a, b []byte) string {
	la, lb := bytes.Split(a, []byte("\n")), bytes.Split(b, []byte("\n"))
	for i := range max(len(la), len(lb)) {
		if i >= len(la) || i >= len(lb) || !bytes.Equal(la[i], lb[i]) {
			get := func(ls [][]byte) string {
				if i < len(ls) {
					return string(ls[i])
				}
				return "(end)"
			}
			return fmt.Sprintf("line %d: %s\nvs      %s", i+1, get(la), get(lb))
		}
	}
	return ""
}
