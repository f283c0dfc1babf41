package kvrule_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kvchaos/kvchaos/internal/kvrule"
	"github.com/kvchaos/kvchaos/kv"
)

func TestKeyCursor(t *testing.T) {
	last, err := kvrule.DecodeKeyCursor("a/", "")
	require.NoError(t, err)
	assert.Empty(t, last, "the empty cursor is the first page")

	c := kvrule.EncodeKeyCursor("a/7")
	last, err = kvrule.DecodeKeyCursor("a/", c)
	require.NoError(t, err)
	assert.Equal(t, "a/7", last)

	_, err = kvrule.DecodeKeyCursor("b/", c)
	assert.ErrorIs(t, err, kv.ErrInvalidArgument)
	_, err = kvrule.DecodeKeyCursor("a/", "not*base64")
	assert.ErrorIs(t, err, kv.ErrInvalidArgument)
}
