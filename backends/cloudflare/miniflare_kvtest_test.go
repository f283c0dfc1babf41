package cloudflare_test

import (
	"testing"

	"github.com/kvchaos/kvchaos/backends"
	"github.com/kvchaos/kvchaos/kv"
	"github.com/kvchaos/kvchaos/kvtest"
)

// TestConformanceOnMiniflare runs the kvtest suite on the adapter against
// Cloudflare's own KV implementation (workerd under miniflare, through the
// bridge Worker). workerd's KV is strongly consistent locally, so it is
// declared linearizable. The package's miniflare serves every subtest;
// each gets a fresh key prefix of fixed length, so the limits (less the
// prefix) are the same for all.
func TestConformanceOnMiniflare(t *testing.T) {
	t.Parallel()
	mf := bridge.Get(t)
	base := mf.URL + "/client/v4"
	prefix := mf.Prefix
	lim := backends.Prefixed(newBackend(t, base), prefix()).(kv.LimitedBackend).Limits()
	// The suite writes a value of MaxValueBytes; 1 MiB instead of 25 keeps
	// it fast.
	lim.MaxValueBytes = 1 << 20
	kvtest.Run(t, kvtest.Harness{
		Linearizable: true,
		New:          func(t *testing.T) kv.Backend { return backends.Prefixed(newBackend(t, base), prefix()) },
		Limits:       &lim,
		Clients:      3,
		OpsPerClient: 15,
	})
}
