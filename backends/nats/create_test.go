package nats

import (
	"context"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/kvchaos/kvchaos/kv"
)

// A create-if-absent racing with deletes of the absent key must succeed:
// those deletes write new delete markers, but no one created the key.
func TestCreateIfAbsentIgnoresDeletesOfTheAbsentKey(t *testing.T) {
	t.Parallel()
	b := open(t)
	ctx := context.Background()
	for round := range 40 {
		require.NoError(t, b.Delete(ctx, "k"))
		var wg sync.WaitGroup
		stop := make(chan struct{})
		wg.Go(func() {
			for {
				select {
				case <-stop:
					return
				default:
					_ = b.Delete(ctx, "k")
				}
			}
		})
		_, err := b.PutIf(ctx, "k", []byte("v"), "", kv.PutOptions{})
		close(stop)
		wg.Wait()
		require.NoError(t, err, "round %d: the key was absent, so create-if-absent must not conflict", round)
	}
}
