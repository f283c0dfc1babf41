package backends

import (
	"context"
	"errors"
	"net/url"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kvchaos/kvchaos/kv"
)

// mapBackend is a minimal CAS-capable backend for registry tests.
type mapBackend struct {
	mu sync.Mutex
	m  map[string]string
}

func (m *mapBackend) Get(_ context.Context, key string) (kv.Item, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	v, ok := m.m[key]
	if !ok {
		return kv.Item{}, kv.ErrNotFound
	}
	return kv.Item{Value: []byte(v), Version: kv.Version(v)}, nil
}

func (m *mapBackend) Put(_ context.Context, key string, value []byte, _ kv.PutOptions) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.m[key] = string(value)
	return nil
}

func (m *mapBackend) Delete(_ context.Context, key string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.m, key)
	return nil
}

func (m *mapBackend) List(_ context.Context, prefix, _ string, _ int) (kv.Page, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var keys []string
	for k := range m.m {
		if strings.HasPrefix(k, prefix) {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	return kv.Page{Keys: keys}, nil
}

func (m *mapBackend) PutIf(_ context.Context, key string, value []byte, expected kv.Version, _ kv.PutOptions) (kv.Version, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if kv.Version(m.m[key]) != expected {
		return "", kv.ErrConflict
	}
	m.m[key] = string(value)
	return kv.Version(value), nil
}

type plainBackend struct{ *mapBackend }

func (p plainBackend) PutIf() {} // hides mapBackend.PutIf: not kv.CAS

var (
	shared      = &mapBackend{m: map[string]string{}}
	sawQuery    string
	registerOne sync.Once
)

func registerTestScheme() {
	registerOne.Do(func() {
		Register("regtest", func(_ context.Context, u *url.URL) (*Store, error) {
			sawQuery = u.RawQuery
			if u.Query().Get("fail") != "" {
				return nil, errors.New("opener failed")
			}
			return &Store{Backend: shared}, nil
		})
	})
}

func TestOpenExplicitPrefix(t *testing.T) {
	registerTestScheme()
	ctx := context.Background()
	s, err := Open(ctx, "regtest://?prefix=run1/&x=1")
	require.NoError(t, err)
	assert.Equal(t, "run1/", s.Prefix)
	assert.Equal(t, "x=1", sawQuery, "prefix is removed before the opener sees the URL")

	require.NoError(t, s.Backend.Put(ctx, "a", []byte("1"), kv.PutOptions{}))
	require.NoError(t, shared.Put(ctx, "other", []byte("x"), kv.PutOptions{}))
	it, err := shared.Get(ctx, "run1/a")
	require.NoError(t, err)
	assert.Equal(t, "1", string(it.Value))

	page, err := s.Backend.List(ctx, "", "", 10)
	require.NoError(t, err)
	assert.Equal(t, []string{"a"}, page.Keys, "listing sees only keys under the prefix, unprefixed")

	cas, ok := s.Backend.(kv.CAS)
	require.True(t, ok, "CAS capability survives the prefix")
	_, err = cas.PutIf(ctx, "a", []byte("2"), "1", kv.PutOptions{})
	require.NoError(t, err)
	_, err = cas.PutIf(ctx, "a", []byte("3"), "1", kv.PutOptions{})
	assert.ErrorIs(t, err, kv.ErrConflict)

	lim := s.Backend.(kv.LimitedBackend).Limits()
	assert.Equal(t, 512-len("run1/"), lim.MaxKeyBytes)
}

func TestOpenDefaultPrefixIsFreshPerRun(t *testing.T) {
	registerTestScheme()
	a, err := Open(context.Background(), "regtest://")
	require.NoError(t, err)
	b, err := Open(context.Background(), "regtest://")
	require.NoError(t, err)
	assert.Regexp(t, `^kvchaos-[0-9a-f]{16}/$`, a.Prefix)
	assert.NotEqual(t, a.Prefix, b.Prefix)
}

func TestOpenEmptyPrefixMeansNone(t *testing.T) {
	registerTestScheme()
	s, err := Open(context.Background(), "regtest://?prefix=")
	require.NoError(t, err)
	assert.Equal(t, "", s.Prefix)
	assert.Same(t, shared, s.Backend.(*mapBackend))
}

func TestOpenErrors(t *testing.T) {
	registerTestScheme()
	_, err := Open(context.Background(), "nope://h?password=hunter2")
	require.Error(t, err)
	assert.Contains(t, err.Error(), `unknown scheme "nope"`)
	assert.NotContains(t, err.Error(), "hunter2")

	_, err = Open(context.Background(), "regtest://?fail=1")
	assert.EqualError(t, err, "opener failed")
}

func TestPrefixedWithoutCAS(t *testing.T) {
	b := Prefixed(plainBackend{&mapBackend{m: map[string]string{}}}, "p/")
	_, ok := b.(kv.CAS)
	assert.False(t, ok, "a backend without CAS does not gain it")
}

func TestOpenHidesSecretsOfUnparseableURLs(t *testing.T) {
	for _, raw := range []string{
		"redis://u:Sup3rPw@127.0.0.1:-1/0",
		"redis://u:Sup%zzPw@127.0.0.1:6379/0",
		"nats://Sup3rPw@[::1",
		"postgres://kv@[::1/db?password=Sup3rPw",
	} {
		_, err := Open(context.Background(), raw)
		require.Error(t, err, raw)
		assert.NotContains(t, err.Error(), "Sup3rPw", raw)
		assert.NotContains(t, err.Error(), "Sup%zzPw", raw)
		assert.Contains(t, err.Error(), "(unparseable URL)", raw)
	}
}
