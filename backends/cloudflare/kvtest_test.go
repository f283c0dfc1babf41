package cloudflare_test

import (
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/kvchaos/kvchaos/emulator"
	"github.com/kvchaos/kvchaos/kv"
	"github.com/kvchaos/kvchaos/kvtest"
)

// TestConformance runs the kvtest suite on the adapter against the
// emulator over a Memory: a linearizable Workers KV without CAS.
func TestConformance(t *testing.T) {
	// The suite writes a value of MaxValueBytes; 1 MiB instead of 25 keeps
	// it fast under -race (the emulator's own limit is tested elsewhere).
	lim := kv.DefaultLimits()
	lim.MaxValueBytes = 1 << 20
	var mu sync.Mutex
	clocks := map[kv.Backend]*kvtest.Clock{}
	kvtest.Run(t, kvtest.Harness{
		Linearizable: true,
		New: func(t *testing.T) kv.Backend {
			clk := kvtest.NewClock()
			mem := kv.NewMemory(kv.MemoryClock(clk.Now))
			srv, err := emulator.New(emulator.Config{Dialect: emulator.Cloudflare, Token: token, Now: clk.Now,
				Backend: func(string) kv.Backend { return mem }})
			require.NoError(t, err)
			ts := httptest.NewServer(srv)
			t.Cleanup(ts.Close)
			b := newBackend(t, ts.URL)
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
	})
}
