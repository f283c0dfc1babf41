package postgres

import (
	"context"
	"fmt"
	"net/url"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/kvchaos/kvchaos/backends"
	"github.com/kvchaos/kvchaos/internal/adapterkit"
)

func init() {
	backends.Register("postgres", openURL)
	backends.Register("postgresql", openURL)
}

// defaultTable is the table used when the URL names none.
const defaultTable = "kvchaos"

// minPoolSize is the least number of connections Open lets the pool hold
// (unless the URL sets pool_max_conns): one per client of a run of up to
// 32 clients. Connections are opened as clients need them.
const minPoolSize = 32

// openURL opens a backend from a postgres:// URL: table= picks the table
// (default "kvchaos"), op_timeout= bounds each call (default 5s),
// pool_max_conns= caps the connection pool (default 32, or the number of
// CPUs when more), and every other parameter is a pgx/libpq connection
// setting (sslmode, ...).
func openURL(ctx context.Context, u *url.URL) (*backends.Store, error) {
	redacted := backends.Redact(u.String())
	fail := func(err error) (*backends.Store, error) {
		return nil, fmt.Errorf("store URL %q: %w", redacted, adapterkit.RedactErr(err, u))
	}
	timeout, err := adapterkit.OpTimeout(u, 5*time.Second)
	if err != nil {
		return fail(err)
	}
	clean, params := adapterkit.TakeParams(u, "table", "op_timeout")
	table := params[0]
	if table == "" {
		table = defaultTable
	}
	if err := checkTable(table); err != nil {
		return fail(err)
	}
	cfg, err := pgxpool.ParseConfig(clean.String())
	if err != nil {
		return fail(err)
	}
	if !clean.Query().Has("pool_max_conns") {
		// pgxpool's default is max(4, NumCPU): on a small machine 8 or 16
		// clients would queue for 4 connections.
		cfg.MaxConns = max(cfg.MaxConns, minPoolSize)
	}
	if cfg.ConnConfig.ConnectTimeout == 0 {
		cfg.ConnConfig.ConnectTimeout = 2 * time.Second
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return fail(wrap("connect", "", err))
	}
	b, err := newBackend(ctx, pool, table, timeout)
	if err != nil {
		pool.Close()
		return fail(err)
	}
	return &backends.Store{Backend: b, Close: func() error { pool.Close(); return nil }}, nil
}
