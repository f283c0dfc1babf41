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

// ListAll follows every page of a listing of prefix, pages of at most
// limit keys, checks the keys come in strictly increasing order and
// returns them all.
func ListAll(t *testing.T, b kv.Backend, prefix string, limit int) []string {
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

// testCursorStable: keys written and deleted between two pages neither
// repeat nor hide the keys after the cursor (Redis SCAN would do both),
// and a bad cursor is an adapter error of kind kv.ErrInvalidArgument.
func testCursorStable(t *testing.T, b kv.Backend) {
	ctx := context.Background()
	var want []string
	for i := range 23 {
		k := fmt.Sprintf("p/%02d", (i*7)%23) // written out of order
		want = append(want, k)
		require.NoError(t, b.Put(ctx, k, []byte("x"), kv.PutOptions{}))
	}
	sort.Strings(want)
	require.NoError(t, b.Put(ctx, "q/00", []byte("x"), kv.PutOptions{}))

	p1, err := b.List(ctx, "p/", "", 10)
	require.NoError(t, err)
	require.Equal(t, want[:10], p1.Keys)
	require.NotEmpty(t, p1.Cursor)
	require.NoError(t, b.Delete(ctx, want[3]))                            // behind the cursor
	require.NoError(t, b.Put(ctx, "p/00a", []byte("x"), kv.PutOptions{})) // behind the cursor
	require.NoError(t, b.Delete(ctx, want[15]))                           // ahead of it
	require.NoError(t, b.Put(ctx, "p/99", []byte("x"), kv.PutOptions{}))  // ahead of it
	p2, err := b.List(ctx, "p/", p1.Cursor, 100)
	require.NoError(t, err)
	rest := append(append(append([]string{}, want[10:15]...), want[16:]...), "p/99")
	assert.Equal(t, rest, p2.Keys, "the page after the cursor")
	assert.Empty(t, p2.Cursor)
	assert.Len(t, ListAll(t, b, "p/", 4), 23)

	_, err = b.List(ctx, "p/", "", 0)
	RequireKind(t, err, kv.ErrInvalidArgument)
	_, err = b.List(ctx, "p/", "not a cursor!", 10)
	RequireKind(t, err, kv.ErrInvalidArgument)
	_, err = b.List(ctx, "q/", p1.Cursor, 10)
	RequireKind(t, err, kv.ErrInvalidArgument)
}
