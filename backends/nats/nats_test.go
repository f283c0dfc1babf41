package nats

import (
	"context"
	"fmt"
	"testing"
	"time"

	natsgo "github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kvchaos/kvchaos/internal/adaptertest"
	"github.com/kvchaos/kvchaos/internal/testserver"
	"github.com/kvchaos/kvchaos/kv"
)

var (
	shared = adaptertest.NewLive(testserver.StartNATS)
	conn   = adaptertest.NewClient(shared, func(s *testserver.NATS) (*natsgo.Conn, error) { return natsgo.Connect(s.URL()) },
		(*natsgo.Conn).Close)
)

func TestMain(m *testing.M) { shared.Main(m) }

// open opens a fresh bucket on the shared server, over the shared
// connection (Open, by URL, is tested by TestOpenURLs and the example).
func open(t *testing.T) *backend {
	t.Helper()
	b, err := openBucket(t.Context(), conn.Get(t), fmt.Sprintf("t%d", shared.Next()), 5*time.Second)
	require.NoError(t, err)
	return b
}

// TestAdapter runs kvtest's conformance suite and the adapter extras on a
// real nats-server, each backend in a fresh bucket. nats-server before
// 2.11 has no per-message TTL: TTL 0 declares NoTTL to kvtest and has the
// extras check that TTL writes are refused with kv.ErrUnsupported. On a
// 2.11+ server the bucket allows it and keys must expire.
func TestAdapter(t *testing.T) {
	t.Parallel()
	ttl := time.Duration(0)
	if open(t).msgTTL {
		ttl = time.Second
	}
	adaptertest.Run(t, adaptertest.Harness{
		New:    func(t *testing.T) kv.Backend { return open(t) },
		TTL:    ttl,
		Expiry: 5 * time.Second,
	})
}

func TestKeysAreEscapedInTheBucket(t *testing.T) {
	t.Parallel()
	b := open(t)
	ctx := context.Background()
	require.NoError(t, b.Put(ctx, "a b.c", []byte("x"), kv.PutOptions{}))
	e, err := b.kv.Get(ctx, "a=20b=2Ec")
	require.NoError(t, err)
	assert.Equal(t, "x", string(e.Value()))

	// A name written by another client that is not an escape is skipped.
	_, err = b.kv.Put(ctx, "foreign=ZZ", []byte("y"))
	require.NoError(t, err)
	page, err := b.List(ctx, "", "", 10)
	require.NoError(t, err)
	assert.Equal(t, []string{"a b.c"}, page.Keys)
}

func TestNativeErrorsWrapped(t *testing.T) {
	t.Parallel()
	b := open(t)
	ctx := context.Background()
	_, err := b.PutIf(ctx, "k", []byte("1"), "", kv.PutOptions{})
	require.NoError(t, err)
	_, err = b.PutIf(ctx, "k", []byte("2"), "", kv.PutOptions{})
	adaptertest.RequireKind(t, err, kv.ErrConflict)
	var api *jetstream.APIError
	require.ErrorAs(t, err, &api)
	assert.Equal(t, jetstream.JSErrCodeStreamWrongLastSequence, api.ErrorCode)

	_, err = b.Get(ctx, "absent")
	adaptertest.RequireKind(t, err, kv.ErrNotFound)
	require.ErrorIs(t, err, jetstream.ErrKeyNotFound)

	err = b.Put(ctx, "big", make([]byte, 2<<20), kv.PutOptions{})
	adaptertest.RequireKind(t, err, kv.ErrValueTooLarge)
	assert.Equal(t, maxValueBytes, b.Limits().MaxValueBytes)
}

func TestUnavailableWhenServerDies(t *testing.T) {
	t.Parallel()
	srv := testserver.NATST(t)
	adaptertest.RequireUnavailableAfter(t, srv.URL()+"?op_timeout=500ms", srv.Kill)
}

func TestOpenURLs(t *testing.T) {
	t.Parallel()
	adaptertest.RequireOpenFails(t, "hunter2",
		adaptertest.BadURL{URL: "nats://u:hunter2@127.0.0.1:1", Is: []error{kv.ErrUnavailable, natsgo.ErrNoServers}},
		adaptertest.BadURL{URL: "nats://127.0.0.1:1?bucket=bad.name", Want: "bucket"},
		adaptertest.BadURL{URL: "nats://127.0.0.1:1?op_timeout=x", Want: "op_timeout"},
		adaptertest.BadURL{URL: "nats:///", Want: "no servers"})
}
