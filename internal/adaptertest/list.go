package adaptertest

import (
	"context"
	"fmt"
	"sort"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kvchaos/kvchaos/kv"
)

// listAll follows every page of a listing and checks the pages are in
// strictly increasing key order.
func listAll(t *testing.T, b kv.Backend, prefix string, limit int) []string {
	t.Helper()
	var keys []string
	cursor := ""
	for pages := 0; ; pages++ {
		require.Less(t, pages, 10000, "listing does not terminate")
		p, err := b.List(context.Background(), prefix, cursor, limit)
		require.NoError(t, err)
		require.LessOrEqual(t, len(p.Keys), limit, "page larger than limit")
		for _, k := range p.Keys {
			if len(keys) > 0 {
				require.Less(t, keys[len(keys)-1], k, "keys out of order or duplicated")
			}
			keys = append(keys, k)
		}
		if p.Cursor == "" {
			return keys
		}
		cursor = p.Cursor
	}
}

func testList(t *testing.T, b kv.Backend) {
	ctx := context.Background()
	var want []string
	for i := range 23 {
		k := fmt.Sprintf("p/%02d", (i*7)%23) // written out of order
		want = append(want, k)
		require.NoError(t, b.Put(ctx, k, []byte("x"), kv.PutOptions{}))
	}
	sort.Strings(want)
	for _, k := range []string{"p", "o/zz", "q/00", "p\u00e9"} {
		require.NoError(t, b.Put(ctx, k, []byte("x"), kv.PutOptions{}))
	}

	for _, limit := range []int{1, 5, 23, 100} {
		assert.Equal(t, want, listAll(t, b, "p/", limit), "prefix p/ with pages of %d", limit)
	}
	all := listAll(t, b, "", 4)
	assert.Len(t, all, 27)
	assert.Equal(t, []string{"p", "p/00"}, listAll(t, b, "p", 100)[:2])
	assert.Empty(t, listAll(t, b, "none/", 10))

	// Keys deleted or added behind the cursor do not disturb the listing.
	p1, err := b.List(ctx, "p/", "", 10)
	require.NoError(t, err)
	require.Equal(t, want[:10], p1.Keys)
	require.NotEmpty(t, p1.Cursor)
	require.NoError(t, b.Delete(ctx, want[3]))
	require.NoError(t, b.Put(ctx, "p/00a", []byte("x"), kv.PutOptions{}))
	rest := listAll(t, b, "p/", 100)
	p2, err := b.List(ctx, "p/", p1.Cursor, 100)
	require.NoError(t, err)
	assert.Equal(t, want[10:], p2.Keys)
	assert.Len(t, rest, 23)

	_, err = b.List(ctx, "p/", "", 0)
	RequireKind(t, err, kv.ErrInvalidArgument)
	_, err = b.List(ctx, "p/", "not a cursor!", 10)
	RequireKind(t, err, kv.ErrInvalidArgument)
	_, err = b.List(ctx, "q/", p1.Cursor, 10)
	RequireKind(t, err, kv.ErrInvalidArgument)
}
