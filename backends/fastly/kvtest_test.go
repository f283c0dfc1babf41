package fastly_test

import (
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/kvchaos/kvchaos/backends/fastly"
	"github.com/kvchaos/kvchaos/edge"
	"github.com/kvchaos/kvchaos/emulator"
	"github.com/kvchaos/kvchaos/kv"
	"github.com/kvchaos/kvchaos/kvtest"
)

// TestConformance runs the kvtest suite on the adapter against the
// emulator over a Memory: a linearizable KV Store with generation CAS. The
// suite's keys include characters Fastly forbids, so the adapter escapes
// keys, and listings are then in escaped byte order.
func TestConformance(t *testing.T) {
	// The suite writes a value of MaxValueBytes; 1 MiB instead of 25 keeps
	// it fast under -race (the emulator's own limit is tested elsewhere).
	lim := edge.Limits(edge.Fastly)
	lim.MaxValueBytes = 1 << 20
	var mu sync.Mutex
	clocks := map[kv.Backend]*kvtest.Clock{}
	kvtest.Run(t, kvtest.Harness{
		Linearizable:  true,
		UnorderedList: true,
		New: func(t *testing.T) kv.Backend {
			clk := kvtest.NewClock()
			mem := kv.NewMemory(kv.MemoryClock(clk.Now))
			srv, err := emulator.New(emulator.Config{Dialect: emulator.Fastly, Token: token, Now: clk.Now,
				Backend: func(string) kv.Backend { return mem }})
			require.NoError(t, err)
			ts := httptest.NewServer(srv)
			t.Cleanup(ts.Close)
			b, err := fastly.New(fastly.Config{StoreID: "s", Token: token, Endpoint: ts.URL, EscapeKeys: true})
			require.NoError(t, err)
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
