package adaptertest

import (
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/kvchaos/kvchaos/edge"
	"github.com/kvchaos/kvchaos/emulator"
	"github.com/kvchaos/kvchaos/kv"
	"github.com/kvchaos/kvchaos/kvtest"
)

// Emulator starts an emulator with cfg over one kv.Memory serving every
// region, on cfg.Now's clock (the wall clock when nil), and returns its URL
// and the Memory; the server closes with t. cfg.Backend is set here.
func Emulator(t *testing.T, cfg emulator.Config) (url string, mem *kv.Memory) {
	t.Helper()
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	mem = kv.NewMemory(kv.MemoryClock(cfg.Now))
	cfg.Backend = func(string) kv.Backend { return mem }
	srv, err := emulator.New(cfg)
	require.NoError(t, err)
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	return ts.URL, mem
}

// EdgeHarness is the conformance harness of an edge adapter against the
// emulator speaking d with token over a kv.Memory: a linearizable store.
// Every backend gets its own emulator on its own kvtest.Clock, which the
// suite advances to expire keys. open opens the adapter at endpoint. The
// suite's largest value is 1 MiB instead of the dialect's 25 MiB, which
// keeps it fast under -race (the emulator tests the real limit).
func EdgeHarness(d edge.Dialect, token string, open func(t *testing.T, endpoint string) kv.Backend) kvtest.Harness {
	lim := edge.Limits(d)
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
