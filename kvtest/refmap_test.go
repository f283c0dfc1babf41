package kvtest

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func TestRefMap(t *testing.T) {
	m := newRefMap()
	v1 := m.Put("a/1", []byte("x"))
	got, ok := m.Get("a/1")
	assert.True(t, ok)
	assert.Equal(t, []byte("x"), got)
	got[0] = 'z'
	got, _ = m.Get("a/1")
	assert.Equal(t, []byte("x"), got, "Get returns a copy")

	_, ok = m.PutIf("a/1", []byte("y"), "", 0)
	assert.False(t, ok, "must-be-absent on a present key")
	v2, ok := m.PutIf("a/1", []byte("y"), v1, 0)
	assert.True(t, ok)
	assert.NotEqual(t, v1, v2)
	_, ok = m.PutIf("a/1", []byte("z"), v1, 0)
	assert.False(t, ok, "stale version")

	m.Put("a/0", nil)
	m.Put("b", []byte("1"))
	assert.Equal(t, []string{"a/0", "a/1"}, m.List("a/"))
	assert.True(t, m.Delete("a/0"))
	assert.False(t, m.Delete("a/0"))
	assert.Equal(t, "", m.Version("a/0"))
	got, _ = m.Get("b")
	assert.Equal(t, []byte("1"), got)
}

func TestRefMapTTL(t *testing.T) {
	m := newRefMap()
	m.PutTTL("k", []byte("v"), time.Minute)
	m.Advance(59 * time.Second)
	_, ok := m.Get("k")
	assert.True(t, ok)
	m.Advance(time.Second)
	_, ok = m.Get("k")
	assert.False(t, ok)
	assert.Empty(t, m.List(""))
	_, ok = m.PutIf("k", []byte("w"), "", 0)
	assert.True(t, ok, "an expired key is absent")
}

func TestRefMapListsByPrefix(t *testing.T) {
	m := newRefMap()
	m.Put("user/1", []byte("ada"))
	m.Put("user/2", []byte("grace"))
	m.Put("team/1", []byte("core"))
	v, ok := m.Get("user/2")
	assert.Equal(t, "grace", string(v))
	assert.True(t, ok)
	assert.Equal(t, []string{"user/1", "user/2"}, m.List("user/"))
}
