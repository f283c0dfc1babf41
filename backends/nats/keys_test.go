package nats

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestKeyEscaping(t *testing.T) {
	t.Parallel()
	for _, k := range []string{"a", "a b", "x.y", "=", "ü", "a/b_c-d", "*>", "\xff\x00"} {
		enc := encodeKey(k)
		assert.Regexp(t, `\A[-/_=a-zA-Z0-9]+\z`, enc, "escaped %q", k)
		dec, err := decodeKey(enc)
		require.NoError(t, err)
		assert.Equal(t, k, dec)
	}
	assert.Equal(t, "a=20b", encodeKey("a b"))
	_, err := decodeKey("a=2")
	assert.ErrorContains(t, err, "truncated")
	_, err = decodeKey("a=ZZb")
	assert.ErrorContains(t, err, "bad escape")
}

func FuzzKeyEscaping(f *testing.F) {
	f.Add("a b.c")
	f.Fuzz(func(t *testing.T, k string) {
		dec, err := decodeKey(encodeKey(k))
		require.NoError(t, err)
		require.Equal(t, k, dec)
	})
}
