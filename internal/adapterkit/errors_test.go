package adapterkit

import (
	"context"
	"errors"
	"net"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kvchaos/kvchaos/kv"
)

type nativeErr struct{ code int }

func (e *nativeErr) Error() string { return "native failure" }

func TestErrorWrapsSentinelAndNative(t *testing.T) {
	err := Wrap("redis", "get", "k", kv.ErrNotFound, &nativeErr{code: 7})
	require.ErrorIs(t, err, kv.ErrNotFound)
	var n *nativeErr
	require.ErrorAs(t, err, &n)
	assert.Equal(t, 7, n.code)
	assert.Equal(t, `redis get "k": kv: key not found: native failure`, err.Error())

	bare := Wrap("pg", "put", "k", nil, &nativeErr{})
	assert.Equal(t, `pg put "k": native failure`, bare.Error())
	assert.False(t, errors.Is(bare, kv.ErrUnavailable))
}

func TestClassify(t *testing.T) {
	assert.NoError(t, Classify("s", "get", "k", nil, kv.ErrConflict))
	assert.ErrorIs(t, Classify("s", "get", "k", context.DeadlineExceeded, nil), kv.ErrUnavailable)
	opErr := &net.OpError{Op: "dial", Err: errors.New("refused")}
	assert.ErrorIs(t, Classify("s", "get", "k", opErr, nil), kv.ErrUnavailable)
	assert.ErrorIs(t, Classify("s", "put", "k", &nativeErr{}, kv.ErrConflict), kv.ErrConflict)
}

func TestDecodeCursorAttributesKvCursors(t *testing.T) {
	c := EncodeCursor("p/07")
	last, err := DecodeCursor("s", "p/", c)
	require.NoError(t, err)
	assert.Equal(t, "p/07", last)
	first, err := DecodeCursor("s", "p/", "")
	require.NoError(t, err)
	assert.Empty(t, first)
	_, err = DecodeCursor("s", "q/", c)
	assert.ErrorIs(t, err, kv.ErrInvalidArgument)
	assert.ErrorContains(t, err, `s list "q/": `)
	assert.ErrorContains(t, err, `does not belong to prefix "q/"`)
	_, err = DecodeCursor("s", "", "%%%")
	assert.ErrorIs(t, err, kv.ErrInvalidArgument)
	var ae *Error
	require.ErrorAs(t, err, &ae)
	assert.Equal(t, "s", ae.Store)
	assert.Equal(t, 1, strings.Count(err.Error(), kv.ErrInvalidArgument.Error()), "the sentinel is named once: %v", err)
}

func TestSuccessors(t *testing.T) {
	s, ok := ByteSuccessor("ab")
	assert.True(t, ok)
	assert.Equal(t, "ac", s)
	s, ok = ByteSuccessor("a\xff")
	assert.True(t, ok)
	assert.Equal(t, "b", s)
	_, ok = ByteSuccessor("\xff\xff")
	assert.False(t, ok)
	_, ok = ByteSuccessor("")
	assert.False(t, ok)

	s, ok = RuneSuccessor("p/")
	assert.True(t, ok)
	assert.Equal(t, "p0", s)
	s, ok = RuneSuccessor("a\U0010FFFF")
	assert.True(t, ok)
	assert.Equal(t, "b", s)
	s, ok = RuneSuccessor("\uD7FF")
	assert.True(t, ok)
	assert.Equal(t, "\uE000", s)
	_, ok = RuneSuccessor("")
	assert.False(t, ok)
}

func TestChecks(t *testing.T) {
	assert.ErrorIs(t, CheckKey("s", "get", ""), kv.ErrInvalidKey)
	assert.NoError(t, CheckKey("s", "get", "k"))
	assert.ErrorIs(t, CheckLimit("s", "", 0), kv.ErrInvalidArgument)
	_, err := ListStart("s", "", "", 0)
	assert.ErrorIs(t, err, kv.ErrInvalidArgument, "ListStart checks the page size before the cursor")
	assert.ErrorIs(t, CheckTTL("s", "put", "k", kv.PutOptions{TTL: -1}), kv.ErrInvalidTTL)
	p := Prefix("app/")
	assert.Equal(t, "app/k", p.Add("k"))
	k, ok := p.Strip("app/k")
	assert.True(t, ok)
	assert.Equal(t, "k", k)
}

func TestCheckKeyNamesStoreAndOp(t *testing.T) {
	err := CheckKey("redis", "put", "")
	assert.Equal(t, `redis put "": kv: invalid key "": empty`, err.Error())
}
