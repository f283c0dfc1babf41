package kv_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kvchaos/kvchaos/kv"
)

type profile struct {
	Name   string `json:"name"`
	Visits int    `json:"visits"`
}

func TestStoreGetPutDeleteExists(t *testing.T) {
	ctx := context.Background()
	m := kv.NewMemory()
	s := kv.NewStore[profile](m)

	v, ok, err := s.Get(ctx, "u/1")
	require.NoError(t, err)
	assert.False(t, ok)
	assert.Zero(t, v)

	ex, err := s.Exists(ctx, "u/1")
	require.NoError(t, err)
	assert.False(t, ex)

	require.NoError(t, s.Put(ctx, "u/1", profile{"ada", 3}))
	v, ok, err = s.Get(ctx, "u/1")
	require.NoError(t, err)
	assert.True(t, ok)
	assert.Equal(t, profile{"ada", 3}, v)

	raw, ok, err := kv.NewStore[[]byte](m).Get(ctx, "u/1")
	require.NoError(t, err)
	assert.True(t, ok)
	assert.JSONEq(t, `{"name":"ada","visits":3}`, string(raw))

	ex, err = s.Exists(ctx, "u/1")
	require.NoError(t, err)
	assert.True(t, ex)

	require.NoError(t, s.Delete(ctx, "u/1"))
	require.NoError(t, s.Delete(ctx, "u/1"), "deleting an absent key is not an error")
	_, ok, err = s.Get(ctx, "u/1")
	require.NoError(t, err)
	assert.False(t, ok)
}

func TestStoreGetOr(t *testing.T) {
	ctx := context.Background()
	s := kv.NewStore[int](kv.NewMemory())
	n, err := s.GetOr(ctx, "n", 7)
	require.NoError(t, err)
	assert.Equal(t, 7, n)
	require.NoError(t, s.Put(ctx, "n", 0))
	n, err = s.GetOr(ctx, "n", 7)
	require.NoError(t, err)
	assert.Equal(t, 0, n, "a stored zero is not absence")
}

func TestStoreRawBytesAndStrings(t *testing.T) {
	ctx := context.Background()
	m := kv.NewTestMemory()
	ss := kv.NewStore[string](m)
	require.NoError(t, ss.Put(ctx, "greeting", "hi \"there\""))
	item, err := m.Get(ctx, "greeting")
	require.NoError(t, err)
	assert.Equal(t, `hi "there"`, string(item.Value), "strings are stored raw, not JSON-quoted")
	got, _, err := ss.Get(ctx, "greeting")
	require.NoError(t, err)
	assert.Equal(t, `hi "there"`, got)

	bs := kv.NewStore[[]byte](m)
	require.NoError(t, bs.Put(ctx, "blob", []byte{0, 1, 0xff}))
	item, err = m.Get(ctx, "blob")
	require.NoError(t, err)
	assert.Equal(t, []byte{0, 1, 0xff}, item.Value, "bytes are stored raw, not base64 JSON")
	b, ok, err := bs.Get(ctx, "blob")
	require.NoError(t, err)
	assert.True(t, ok)
	assert.Equal(t, []byte{0, 1, 0xff}, b)

	// A Store[[]byte] writes raw bytes that another Store decodes.
	require.NoError(t, bs.Put(ctx, "n", []byte("41")))
	n, _, err := kv.NewStore[int](m).Get(ctx, "n")
	require.NoError(t, err)
	assert.Equal(t, 41, n)
}

func TestStoreDecodeErrorNamesKey(t *testing.T) {
	ctx := context.Background()
	m := kv.NewTestMemory()
	require.NoError(t, m.Put(ctx, "counter", []byte("not json"), kv.PutOptions{}))
	s := kv.NewStore[int](m)
	_, _, err := s.Get(ctx, "counter")
	require.ErrorIs(t, err, kv.ErrCodec)
	assert.Contains(t, err.Error(), `"counter"`)
	_, err = s.GetOr(ctx, "counter", 1)
	require.ErrorIs(t, err, kv.ErrCodec)
	_, err = s.Update(ctx, "counter", 0, func(n int) int { return n + 1 })
	require.ErrorIs(t, err, kv.ErrCodec)
	_, err = s.UpdateAtomic(ctx, "counter", 0, func(n int) int { return n + 1 })
	require.ErrorIs(t, err, kv.ErrCodec)
}

func TestStoreEncodeError(t *testing.T) {
	s := kv.NewStore[func()](kv.NewMemory())
	err := s.Put(context.Background(), "f", func() {})
	require.ErrorIs(t, err, kv.ErrCodec)
	assert.Contains(t, err.Error(), `"f"`)
}

type upperCodec struct{}

func (upperCodec) Encode(v string) ([]byte, error) { return []byte(strings.ToUpper(v)), nil }
func (upperCodec) Decode(b []byte) (string, error) { return strings.ToLower(string(b)), nil }

func TestWithCodec(t *testing.T) {
	ctx := context.Background()
	m := kv.NewTestMemory()
	s := kv.NewStore[string](m, kv.WithCodec(upperCodec{}))
	require.NoError(t, s.Put(ctx, "k", "shout"))
	item, err := m.Get(ctx, "k")
	require.NoError(t, err)
	assert.Equal(t, "SHOUT", string(item.Value))
	v, _, err := s.Get(ctx, "k")
	require.NoError(t, err)
	assert.Equal(t, "shout", v)

	// A JSON codec on a string Store quotes it again.
	js := kv.NewStore[string](m, kv.WithCodec(kv.JSONCodecFor[string]()))
	require.NoError(t, js.Put(ctx, "j", "x"))
	item, err = m.Get(ctx, "j")
	require.NoError(t, err)
	assert.Equal(t, `"x"`, string(item.Value))
}

func TestStoreConfigErrorsAreReturnedNotPanicked(t *testing.T) {
	ctx := context.Background()
	m := kv.NewTestMemory()
	bad := map[string]*kv.Store[int]{
		"does not implement Codec[int]": kv.NewStore[int](m, kv.WithCodec(upperCodec{})),
		"codec is nil":                  kv.NewStore[int](m, kv.WithCodec[int](nil)),
		"backend is nil":                kv.NewStore[int](nil),
		"WithMaxAttempts":               kv.NewStore[int](m, kv.WithMaxAttempts(0)),
		"WithBackoff":                   kv.NewStore[int](m, kv.WithBackoff(time.Second, time.Millisecond)),
		"Limits.MaxPageSize":            kv.NewStore[int](m, kv.WithLimits(kv.Limits{MaxKeyBytes: 1, MaxTTL: 1})),
	}
	for want, s := range bad {
		err := s.Put(ctx, "k", 1)
		require.ErrorIs(t, err, kv.ErrInvalidArgument, want)
		assert.Contains(t, err.Error(), want)
		_, _, err = s.Get(ctx, "k")
		assert.ErrorIs(t, err, kv.ErrInvalidArgument, want)
		_, err = s.ListKeysPage(ctx, "", "", 10)
		assert.ErrorIs(t, err, kv.ErrInvalidArgument, want)
		_, err = s.UpdateAtomic(ctx, "k", 0, func(n int) int { return n })
		assert.ErrorIs(t, err, kv.ErrInvalidArgument, want)
	}
}

func TestValidationHappensBeforeTheBackend(t *testing.T) {
	ctx := context.Background()
	b := &countingBackend{Memory: kv.NewTestMemory()}
	s := kv.NewStore[string](b)
	badKey := "bad\x00key"
	calls := []struct {
		name string
		err  error
		want error
	}{
		{"Get", third(s.Get(ctx, badKey)), kv.ErrInvalidKey},
		{"GetOr", second(s.GetOr(ctx, badKey, "")), kv.ErrInvalidKey},
		{"Exists", second(s.Exists(ctx, badKey)), kv.ErrInvalidKey},
		{"Put", s.Put(ctx, badKey, "v"), kv.ErrInvalidKey},
		{"Put ..", s.Put(ctx, "..", "v"), kv.ErrInvalidKey},
		{"Delete", s.Delete(ctx, "."), kv.ErrInvalidKey},
		{"PutIf", second(s.PutIf(ctx, "", "v", "")), kv.ErrInvalidKey},
		{"Update", second(s.Update(ctx, badKey, "", strings.ToUpper)), kv.ErrInvalidKey},
		{"UpdateAtomic", second(s.UpdateAtomic(ctx, badKey, "", strings.ToUpper)), kv.ErrInvalidKey},
		{"GetVersioned", fourth(s.GetVersioned(ctx, badKey)), kv.ErrInvalidKey},
		{"Put big", s.Put(ctx, "k", strings.Repeat("x", 25<<20+1)), kv.ErrValueTooLarge},
		{"PutIf big", second(s.PutIf(ctx, "k", strings.Repeat("x", 25<<20+1), "")), kv.ErrValueTooLarge},
		{"Put short TTL", s.Put(ctx, "k", "v", kv.TTL(time.Second)), kv.ErrInvalidTTL},
		{"Put long TTL", s.Put(ctx, "k", "v", kv.TTL(366*24*time.Hour)), kv.ErrInvalidTTL},
		{"List page 0", second(s.ListKeysPage(ctx, "", "", 0)), kv.ErrInvalidArgument},
		{"List page 1001", second(s.ListKeysPage(ctx, "", "", 1001)), kv.ErrInvalidArgument},
		{"List long prefix", second(s.ListKeysPage(ctx, strings.Repeat("p", 513), "", 10)), kv.ErrInvalidArgument},
		{"List bad cursor", second(s.ListKeysPage(ctx, "", "!!", 10)), kv.ErrInvalidArgument},
		{"Update nil fn", second(s.Update(ctx, "k", "", nil)), kv.ErrInvalidArgument},
		{"UpdateAtomic nil fn", second(s.UpdateAtomic(ctx, "k", "", nil)), kv.ErrInvalidArgument},
	}
	for _, c := range calls {
		assert.ErrorIs(t, c.err, c.want, c.name)
	}
	var keysErr error
	for _, err := range s.Keys(ctx, "a\nb") {
		keysErr = err
	}
	assert.ErrorIs(t, keysErr, kv.ErrInvalidArgument, "Keys")
	assert.Zero(t, b.Calls(), "the backend saw an invalid call")
}

func second[A any](_ A, err error) error { return err }

func third[A, B any](_ A, _ B, err error) error { return err }

func fourth[A, B, C any](_ A, _ B, _ C, err error) error { return err }

func TestStoreLimitsFromBackendAndOverride(t *testing.T) {
	ctx := context.Background()
	long := strings.Repeat("k", 1000)
	wide := limitedMemory{Memory: kv.NewTestMemory(), max: 1024}
	s := kv.NewStore[int](wide)
	assert.Equal(t, 1024, s.Limits().MaxKeyBytes)
	require.NoError(t, s.Put(ctx, long, 1), "the backend's own limit applies")

	o := kv.DefaultLimits()
	o.MaxKeyBytes = 4
	s = kv.NewStore[int](wide, kv.WithLimits(o))
	assert.ErrorIs(t, s.Put(ctx, "12345", 1), kv.ErrInvalidKey, "WithLimits overrides the backend")

	assert.Equal(t, kv.DefaultLimits(), kv.NewStore[int](kv.NewMemory()).Limits())

	broken := kv.NewStore[int](limitedMemory{Memory: kv.NewTestMemory(), max: 0})
	assert.ErrorIs(t, broken.Put(ctx, "k", 1), kv.ErrInvalidArgument)
}

type limitedMemory struct {
	*kv.Memory
	max int
}

func (l limitedMemory) Limits() kv.Limits {
	d := kv.DefaultLimits()
	d.MaxKeyBytes = l.max
	return d
}

func TestStorePutWithTTLExpires(t *testing.T) {
	ctx := context.Background()
	clk := newFakeClock()
	s := kv.NewStore[string](kv.NewMemory(kv.MemoryClock(clk.Now)))
	require.NoError(t, s.Put(ctx, "session", "abc", kv.TTL(time.Minute)))
	clk.Advance(59 * time.Second)
	ok, err := s.Exists(ctx, "session")
	require.NoError(t, err)
	assert.True(t, ok)
	clk.Advance(time.Second)
	ok, err = s.Exists(ctx, "session")
	require.NoError(t, err)
	assert.False(t, ok)
}

func TestStoreVersionedAndPutIf(t *testing.T) {
	ctx := context.Background()
	s := kv.NewStore[int](kv.NewMemory())
	v1, err := s.PutIf(ctx, "n", 1, "")
	require.NoError(t, err)
	_, err = s.PutIf(ctx, "n", 2, "")
	require.ErrorIs(t, err, kv.ErrConflict, "key must be absent")

	n, ver, ok, err := s.GetVersioned(ctx, "n")
	require.NoError(t, err)
	require.True(t, ok)
	assert.Equal(t, 1, n)
	assert.Equal(t, v1, ver)

	v2, err := s.PutIf(ctx, "n", 2, v1)
	require.NoError(t, err)
	assert.NotEqual(t, v1, v2)
	_, err = s.PutIf(ctx, "n", 3, v1)
	require.ErrorIs(t, err, kv.ErrConflict, "stale version")

	_, ver, ok, err = s.GetVersioned(ctx, "absent")
	require.NoError(t, err)
	assert.False(t, ok)
	assert.Empty(t, ver)

	_, err = kv.NewStore[int](noCAS{kv.NewTestMemory()}).PutIf(ctx, "n", 1, "")
	require.ErrorIs(t, err, kv.ErrUnsupported)
}

// failingBackend returns a wrapped native error from every call.
type failingBackend struct{ err error }

func (f failingBackend) Get(context.Context, string) (kv.Item, error) { return kv.Item{}, f.err }
func (f failingBackend) Put(context.Context, string, []byte, kv.PutOptions) error {
	return f.err
}
func (f failingBackend) Delete(context.Context, string) error { return f.err }
func (f failingBackend) List(context.Context, string, string, int) (kv.Page, error) {
	return kv.Page{}, f.err
}

type nativeErr struct{ code int }

func (e *nativeErr) Error() string { return "native failure" }

func TestBackendErrorsKeepSentinelAndNativeError(t *testing.T) {
	ctx := context.Background()
	native := &nativeErr{code: 503}
	s := kv.NewStore[int](failingBackend{err: errors.Join(kv.ErrUnavailable, native)})
	errs := map[string]error{
		"Get":    third(s.Get(ctx, "k")),
		"Put":    s.Put(ctx, "k", 1),
		"Delete": s.Delete(ctx, "k"),
		"List":   second(s.ListKeysPage(ctx, "", "", 5)),
		"Update": second(s.Update(ctx, "k", 0, func(n int) int { return n })),
	}
	for name, err := range errs {
		require.ErrorIs(t, err, kv.ErrUnavailable, name)
		var ne *nativeErr
		require.ErrorAs(t, err, &ne, name)
		assert.Equal(t, 503, ne.code)
	}
	assert.Contains(t, errs["Get"].Error(), `"k"`)

	rl := kv.NewStore[int](failingBackend{err: kv.ErrRateLimited})
	assert.ErrorIs(t, rl.Put(ctx, "k", 1), kv.ErrRateLimited)
}

func TestStoreHonoursContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	s := kv.NewStore[int](kv.NewMemory())
	assert.ErrorIs(t, s.Put(ctx, "k", 1), context.Canceled)
	_, _, err := s.Get(ctx, "k")
	assert.ErrorIs(t, err, context.Canceled)
}
