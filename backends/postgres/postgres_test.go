package postgres

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kvchaos/kvchaos/internal/adaptertest"
	"github.com/kvchaos/kvchaos/internal/testserver"
	"github.com/kvchaos/kvchaos/kv"
)

var shared = testserver.NewShared(func() (*testserver.Postgres, error) { return testserver.StartPostgres("") })

func TestMain(m *testing.M) { shared.Main(m) }

var tables atomic.Int64

// open opens a fresh table on the shared server.
func open(t *testing.T) *Backend {
	t.Helper()
	return adaptertest.OpenURL[*Backend](t, fmt.Sprintf("%s&table=t%d&prefix=", shared.Get(t).URL(), tables.Add(1)))
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
	broken := &Backend{pool: b.pool, sql: newStatements("broken"), timeout: b.timeout}
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
	adaptertest.RequireUnavailableAfter(t, srv.URL()+"&op_timeout=500ms", srv.Pause)
}

func TestOpenURLs(t *testing.T) {
	t.Parallel()
	adaptertest.RequireOpenFails(t, "hunter2",
		adaptertest.BadURL{URL: "postgres://u:hunter2@127.0.0.1:1/db?sslmode=disable&connect_timeout=1", Is: []error{kv.ErrUnavailable}},
		adaptertest.BadURL{URL: "postgresql://u@127.0.0.1:1/db?table=bad-name", Want: "table"},
		adaptertest.BadURL{URL: "postgres://u@127.0.0.1:1/db?op_timeout=x", Want: "op_timeout"})
}
