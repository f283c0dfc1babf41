package mem_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kvchaos/kvchaos/backends"
	_ "github.com/kvchaos/kvchaos/backends/mem"
	"github.com/kvchaos/kvchaos/kv"
)

func TestOpenIsFreshAndCAS(t *testing.T) {
	ctx := context.Background()
	a, err := backends.Open(ctx, "mem://?prefix=p/")
	require.NoError(t, err)
	b, err := backends.Open(ctx, "mem://?prefix=p/")
	require.NoError(t, err)
	require.NoError(t, a.Backend.Put(ctx, "k", []byte("v"), kv.PutOptions{}))
	_, err = b.Backend.Get(ctx, "k")
	assert.ErrorIs(t, err, kv.ErrNotFound, "each Open is a new store")
	_, ok := a.Backend.(kv.CAS)
	assert.True(t, ok)
}

func TestOpenRejectsParameters(t *testing.T) {
	_, err := backends.Open(context.Background(), "mem://?presett=x")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "mem://")
}

// Open a store by URL and use it through the typed API; keys live under
// the prefix given in the URL.
func Example() {
	ctx := context.Background()
	s, err := backends.Open(ctx, "mem://?prefix=demo/")
	if err != nil {
		fmt.Println(err)
		return
	}
	visits := kv.NewStore[int](s.Backend)
	for range 3 {
		_, _ = visits.Update(ctx, "visits", 0, func(n int) int { return n + 1 })
	}
	n, _ := visits.GetOr(ctx, "visits", 0)
	fmt.Println(s.Prefix, n)
	// Output: demo/ 3
}
