package postgres

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kvchaos/kvchaos/internal/adaptertest"
	"github.com/kvchaos/kvchaos/internal/testserver"
	"github.com/kvchaos/kvchaos/kv"
)

var (
	shared = adaptertest.NewLive(testserver.StartPostgres)
	pool   = adaptertest.NewClient(shared, func(s *testserver.Postgres) (*pgxpool.Pool, error) {
		return pgxpool.New(context.Background(), s.URL()+"&pool_max_conns=16")
	}, (*pgxpool.Pool).Close)
)

func TestMain(m *testing.M) { shared.Main(m) }

// open opens a Backend on a fresh table of the shared server (Open, by
// URL, is tested by TestOpenURLs and the example).
func open(t *testing.T) *backend {
	t.Helper()
	b, err := newBackend(t.Context(), pool.Get(t), fmt.Sprintf("t%d", shared.Next()), 5*time.Second)
	require.NoError(t, err)
	return b
}

// TestAdapter runs kvtest's conformance suite and the adapter extras on a
// real PostgreSQL, each backend in a fresh table. Expiry compares with the
// server's clock: kvtest checks TTL writes are readable, the extras that
// they expire within 300 ms + 3 s.
func TestAdapter(t *testing.T) {
	t.Parallel()
	adaptertest.Run(t, adaptertest.Harness{
		New:    func(t *testing.T) kv.Backend { return open(t) },
		TTL:    300 * time.Millisecond,
		Expiry: 3 * time.Second,
	})
}

func TestKeysPostgresCannotHold(t *testing.T) {
	t.Parallel()
	b := open(t)
	ctx := context.Background()
	adaptertest.RequireKind(t, b.Put(ctx, "nul\x00byte", []byte("x"), kv.PutOptions{}), kv.ErrInvalidKey)
	_, err := b.Get(ctx, "bad\xffutf8")
	adaptertest.RequireKind(t, err, kv.ErrInvalidKey)
	_, err = b.List(ctx, "\xff", "", 10)
	adaptertest.RequireKind(t, err, kv.ErrInvalidArgument)
}

func TestNativeErrorsWrapped(t *testing.T) {
	t.Parallel()
	b := open(t)
	ctx := context.Background()
	_, err := b.pool.Exec(ctx, "CREATE TABLE broken (key text)")
	require.NoError(t, err)
	broken := &backend{pool: b.pool, sql: newStatements("broken"), timeout: b.timeout}
	_, err = broken.Get(ctx, "k")
	require.Error(t, err)
	var pg *pgconn.PgError
	require.ErrorAs(t, err, &pg)
	assert.Equal(t, "42703", pg.Code, "undefined column")
	assert.NotErrorIs(t, err, kv.ErrUnavailable)
}

func TestUnavailableWhenPaused(t *testing.T) {
	t.Parallel()
	srv := testserver.PostgresT(t)
	defer func() { _ = srv.Resume() }()
	// op_timeout bounds the open's CREATE TABLE too: 500 ms failed it on a
	// loaded machine.
	adaptertest.RequireUnavailableAfter(t, srv.URL()+"&op_timeout=2s", srv.Pause)
}

func TestOpenURLs(t *testing.T) {
	t.Parallel()
	adaptertest.RequireOpenFails(t, "hunter2",
		adaptertest.BadURL{URL: "postgres://u:hunter2@127.0.0.1:1/db?sslmode=disable&connect_timeout=1", Is: []error{kv.ErrUnavailable}},
		adaptertest.BadURL{URL: "postgresql://u@127.0.0.1:1/db?table=bad-name", Want: "table"},
		adaptertest.BadURL{URL: "postgres://u@127.0.0.1:1/db?op_timeout=x", Want: "op_timeout"})
}
