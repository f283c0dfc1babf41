package adaptertest

import (
	"context"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kvchaos/kvchaos/backends"
	"github.com/kvchaos/kvchaos/kv"
)

// BadURL is a store URL the scheme registry must refuse.
type BadURL struct {
	// URL is opened with backends.Open.
	URL string
	// Want is a text the error must contain ("" accepts any error).
	Want string
	// Is lists the errors (kv sentinels, native errors) it must match.
	Is []error
}

// RequireOpenFails opens every case's URL, each in a parallel subtest
// (they share nothing), and asserts that it fails as the case says and
// that no error text contains hidden, the password the URLs carry.
func RequireOpenFails(t *testing.T, hidden string, cases ...BadURL) {
	for i, c := range cases {
		t.Run(fmt.Sprintf("url%d", i), func(t *testing.T) {
			t.Parallel()
			_, err := backends.Open(context.Background(), c.URL)
			require.Error(t, err, "%s must not open", backends.Redact(c.URL))
			if c.Want != "" {
				assert.ErrorContains(t, err, c.Want)
			}
			for _, is := range c.Is {
				assert.ErrorIs(t, err, is)
			}
			if hidden != "" {
				assert.NotContains(t, err.Error(), hidden)
			}
		})
	}
}

// RequireUnavailableAfter opens rawURL, writes a key, calls fail (which
// kills or pauses the server) and writes again: the second write must
// fail with an adapter error of kind kv.ErrUnavailable, which it returns
// for further checks.
func RequireUnavailableAfter(t *testing.T, rawURL string, fail func() error) error {
	t.Helper()
	st, err := backends.Open(context.Background(), rawURL)
	require.NoError(t, err)
	if st.Close != nil {
		t.Cleanup(func() { _ = st.Close() })
	}
	require.NoError(t, st.Backend.Put(context.Background(), "k", []byte("v"), kv.PutOptions{}))
	require.NoError(t, fail())
	err = st.Backend.Put(context.Background(), "k", []byte("v2"), kv.PutOptions{})
	RequireKind(t, err, kv.ErrUnavailable)
	return err
}
