package etcd

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.etcd.io/etcd/api/v3/v3rpc/rpctypes"
	clientv3 "go.etcd.io/etcd/client/v3"
	"go.uber.org/zap"

	"github.com/kvchaos/kvchaos/internal/adaptertest"
	"github.com/kvchaos/kvchaos/internal/testserver"
	"github.com/kvchaos/kvchaos/kv"
)

var (
	shared = adaptertest.NewLive(testserver.StartEtcd)
	cli    = adaptertest.NewClient(shared, func(s *testserver.Etcd) (*clientv3.Client, error) { return dial(s.Endpoints()) },
		func(c *clientv3.Client) { _ = c.Close() })
)

func TestMain(m *testing.M) { shared.Main(m) }

func dial(endpoints []string) (*clientv3.Client, error) {
	return clientv3.New(clientv3.Config{Endpoints: endpoints, DialTimeout: 2 * time.Second, Logger: zap.NewNop()})
}

// client dials endpoints for t.
func client(t *testing.T, endpoints []string) *clientv3.Client {
	t.Helper()
	c, err := dial(endpoints)
	require.NoError(t, err)
	t.Cleanup(func() { _ = c.Close() })
	return c
}

func open(t *testing.T) *backend {
	t.Helper()
	return newBackend(cli.Get(t), fmt.Sprintf("t%d/", shared.Next()), 5*time.Second)
}

// TestAdapter runs kvtest's conformance suite and the adapter extras on a
// real single-node etcd, each backend in a fresh namespace. Leases expire
// on the server's clock in whole seconds: kvtest checks TTL writes are
// readable, the extras that they expire.
func TestAdapter(t *testing.T) {
	t.Parallel()
	adaptertest.Run(t, adaptertest.Harness{
		New:    func(t *testing.T) kv.Backend { return open(t) },
		TTL:    time.Second,
		Expiry: 5 * time.Second,
	})
}

func TestListWithoutNamespace(t *testing.T) {
	t.Parallel()
	srv := testserver.EtcdT(t, 1)
	b := newBackend(client(t, srv.Endpoints()), "", 0)
	ctx := context.Background()
	for _, k := range []string{"b", "a", "c"} {
		require.NoError(t, b.Put(ctx, k, []byte(k), kv.PutOptions{}))
	}
	p1, err := b.List(ctx, "", "", 2)
	require.NoError(t, err)
	assert.Equal(t, []string{"a", "b"}, p1.Keys)
	p2, err := b.List(ctx, "", p1.Cursor, 2)
	require.NoError(t, err)
	assert.Equal(t, []string{"c"}, p2.Keys)
	assert.Empty(t, p2.Cursor)
}

func TestNativeErrorsWrapped(t *testing.T) {
	t.Parallel()
	b := open(t)
	big := make([]byte, 1600<<10) // over the server's 1.5 MiB request limit
	err := b.Put(context.Background(), "big", big, kv.PutOptions{})
	adaptertest.RequireKind(t, err, kv.ErrValueTooLarge)
	var native rpctypes.EtcdError
	require.ErrorAs(t, err, &native)
	huge := make([]byte, 3<<20) // over the client's 2 MiB send limit
	adaptertest.RequireKind(t, b.Put(context.Background(), "huge", huge, kv.PutOptions{}), kv.ErrValueTooLarge)
	assert.Equal(t, maxValueBytes, b.Limits().MaxValueBytes)

	_, err = b.PutIf(context.Background(), "k", []byte("x"), "not-a-revision", kv.PutOptions{})
	adaptertest.RequireKind(t, err, kv.ErrConflict)
}

func TestUnavailableWhenPaused(t *testing.T) {
	t.Parallel()
	srv := testserver.EtcdT(t, 1)
	defer func() { _ = srv.Members[0].Resume() }()
	adaptertest.RequireUnavailableAfter(t, srv.URL()+"?op_timeout=2s", srv.Members[0].Pause)
}

func TestOpenURLs(t *testing.T) {
	t.Parallel()
	adaptertest.RequireOpenFails(t, "hunter2",
		adaptertest.BadURL{URL: "etcd://root:hunter2@127.0.0.1:1?dial_timeout=200ms", Is: []error{kv.ErrUnavailable}},
		adaptertest.BadURL{URL: "etcd://127.0.0.1:1?dial_timeout=soon", Want: "dial_timeout"},
		adaptertest.BadURL{URL: "etcd://127.0.0.1:1?op_timeout=-1s", Want: "op_timeout"},
		adaptertest.BadURL{URL: "etcd://127.0.0.1:1,,127.0.0.1:2", Want: "empty endpoint"},
		adaptertest.BadURL{URL: "etcd:///", Want: "no endpoints"})
}
