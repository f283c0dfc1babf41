package adaptertest

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/kvchaos/kvchaos/backends"
	"github.com/kvchaos/kvchaos/kv"
)

// OpenURL opens rawURL through the scheme registry, closes the store when
// t ends, and returns its backend as the adapter's own type B.
func OpenURL[B kv.Backend](t testing.TB, rawURL string) B {
	t.Helper()
	st, err := backends.Open(context.Background(), rawURL)
	require.NoError(t, err)
	if st.Close != nil {
		t.Cleanup(func() { _ = st.Close() })
	}
	b, ok := st.Backend.(B)
	require.True(t, ok, "%s opened a %T", backends.Redact(rawURL), st.Backend)
	return b
}
