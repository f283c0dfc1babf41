package adaptertest

import (
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/kvchaos/kvchaos/edge"
	"github.com/kvchaos/kvchaos/emulator"
	"github.com/kvchaos/kvchaos/internal/edgewire"
	"github.com/kvchaos/kvchaos/internal/emutest"
	"github.com/kvchaos/kvchaos/kv"
	"github.com/kvchaos/kvchaos/kvtest"
	"github.com/kvchaos/kvchaos/sim"
)

// Emulator starts an emulator with cfg over one kv.NewMemory backend serving every
// region, on cfg.Now's clock (the wall clock when nil), and returns its URL
// and the Memory; the server closes with t. cfg.Backend is set here.
func Emulator(t *testing.T, cfg emulator.Config) (url string, mem kv.Backend) {
	t.Helper()
	cfg.Now = nowOr(cfg.Now)
	mem = kv.NewMemory(kv.MemoryClock(cfg.Now))
	cfg.Backend = func(string) kv.Backend { return mem }
	return serve(t, cfg), mem
}

// RegionalEmulator starts an emulator with cfg whose every region
// (cfg.Regions) is served by a kv.NewMemory backend of its own, on cfg.Now's clock
// (the wall clock when nil), and returns its URL and the Memory of each
// region; the server closes with t. cfg.Backend is set here.
func RegionalEmulator(t *testing.T, cfg emulator.Config) (url string, mems map[string]kv.Backend) {
	t.Helper()
	cfg.Now = nowOr(cfg.Now)
	mems = map[string]kv.Backend{}
	for _, r := range cfg.Regions {
		mems[r] = kv.NewMemory(kv.MemoryClock(cfg.Now))
	}
	cfg.Backend = func(r string) kv.Backend { return mems[r] }
	return serve(t, cfg), mems
}

func nowOr(now func() time.Time) func() time.Time {
	if now == nil {
		return time.Now
	}
	return now
}

// serve starts the emulator cfg describes, closed with t.
func serve(t *testing.T, cfg emulator.Config) string {
	t.Helper()
	srv, err := emulator.New(cfg)
	require.NoError(t, err)
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	return ts.URL
}

// edgeHarness is the conformance harness of an edge adapter against the
// emulator speaking d with token over a kv.NewMemory backend: a linearizable store.
// Every backend gets its own emulator on its own kvtest.Clock, which the
// suite advances to expire keys. open opens the adapter at endpoint. The
// suite's largest value is 1 MiB instead of the dialect's 25 MiB, which
// keeps it fast under -race (the emulator tests the real limit).
func edgeHarness(d edge.Dialect, token string, open func(t *testing.T, endpoint string) kv.Backend) kvtest.Harness {
	lim := edgewire.Limits(d)
	lim.MaxValueBytes = 1 << 20
	var mu sync.Mutex
	clocks := map[kv.Backend]*kvtest.Clock{}
	return kvtest.Harness{
		Linearizable: true,
		New: func(t *testing.T) kv.Backend {
			clk := kvtest.NewClock()
			url, _ := Emulator(t, emulator.Config{Dialect: d, Token: token, Now: clk.Now})
			b := open(t, url)
			mu.Lock()
			clocks[b] = clk
			mu.Unlock()
			return b
		},
		Advance: func(b kv.Backend, d time.Duration) {
			mu.Lock()
			defer mu.Unlock()
			clocks[b].Advance(d)
		},
		Limits:       &lim,
		Clients:      3,
		OpsPerClient: 15,
	}
}

// edgeSimHarness is emutest.Harness — the edge adapter, opened by open,
// against the emulator speaking d over the simulator with preset, seed 1 —
// with the settings both edge adapters' tests share: values up to 1 MiB
// instead of the dialect's 25 MiB (fast under -race) and 3 clients × 15
// operations in the concurrent part.
func edgeSimHarness(d edge.Dialect, preset sim.Preset, token string, open emutest.Open) kvtest.Harness {
	h := emutest.Harness(d, sim.Config{Seed: 1, Preset: preset}, token, open)
	lim := edgewire.Limits(d)
	lim.MaxValueBytes = 1 << 20
	h.Limits = &lim
	h.Clients, h.OpsPerClient = 3, 15
	return h
}
