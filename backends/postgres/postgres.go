package postgres

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/kvchaos/kvchaos/internal/adapterkit"
	"github.com/kvchaos/kvchaos/kv"
)

const storeName = "postgres"

// backend is a kv.Backend and kv.CAS over one PostgreSQL table.
type backend struct {
	pool    *pgxpool.Pool
	sql     statements
	timeout time.Duration
	largest adapterkit.LargestValue // reads get time for the largest value written
}

var (
	_ kv.Backend = (*backend)(nil)
	_ kv.CAS     = (*backend)(nil)
)

// New creates table (and its version sequence) when missing and returns a
// kv.Backend (a kv.CAS too) over it. Each call is bounded by opTimeout (0 = only by the
// caller's context). Closing pool is the caller's business.
func New(ctx context.Context, pool *pgxpool.Pool, table string, opTimeout time.Duration) (kv.Backend, error) {
	b, err := newBackend(ctx, pool, table, opTimeout)
	if err != nil {
		return nil, err
	}
	return b, nil
}

// newBackend is New with the concrete type, for this package and its tests.
func newBackend(ctx context.Context, pool *pgxpool.Pool, table string, opTimeout time.Duration) (*backend, error) {
	if err := checkTable(table); err != nil {
		return nil, err
	}
	b := &backend{pool: pool, sql: newStatements(table), timeout: opTimeout}
	ctx, cancel := adapterkit.Bound(ctx, opTimeout)
	defer cancel()
	// Concurrent CREATE … IF NOT EXISTS can still collide; serialize them.
	err := pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, "SELECT pg_advisory_xact_lock(hashtext($1))", "kvchaos:"+table); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, b.sql.schema)
		return err
	})
	if err != nil {
		return nil, wrap("create table", table, err)
	}
	return b, nil
}

func checkTable(table string) error {
	if table == "" || len(table) > 50 {
		return fmt.Errorf("table %q: want 1 to 50 characters", table)
	}
	for _, c := range table {
		if !(c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			return fmt.Errorf("table %q: only letters, digits and '_' are allowed", table)
		}
	}
	return nil
}

// checkKey rejects keys PostgreSQL text cannot hold.
func checkKey(op, key string) error {
	if err := adapterkit.CheckKey(storeName, op, key); err != nil {
		return err
	}
	if !utf8.ValidString(key) || strings.ContainsRune(key, 0) {
		return adapterkit.Wrap(storeName, op, key, kv.ErrInvalidKey,
			errors.New("PostgreSQL text needs valid UTF-8 without NUL bytes"))
	}
	return nil
}

// Get returns key's value and version unless it is absent or expired.
func (b *backend) Get(ctx context.Context, key string) (kv.Item, error) {
	if err := checkKey("get", key); err != nil {
		return kv.Item{}, err
	}
	ctx, cancel := b.largest.BoundRead(ctx, b.timeout)
	defer cancel()
	var it kv.Item
	var ver int64
	err := b.pool.QueryRow(ctx, b.sql.get, key).Scan(&it.Value, &ver)
	if errors.Is(err, pgx.ErrNoRows) {
		return kv.Item{}, adapterkit.Wrap(storeName, "get", key, kv.ErrNotFound, err)
	}
	if err != nil {
		return kv.Item{}, wrap("get", key, err)
	}
	if it.Value == nil {
		it.Value = []byte{}
	}
	it.Version = version(ver)
	return it, nil
}

func version(v int64) kv.Version { return kv.Version(strconv.FormatInt(v, 10)) }

// Put stores value at key (upsert).
func (b *backend) Put(ctx context.Context, key string, value []byte, o kv.PutOptions) error {
	_, err := b.PutVersion(ctx, key, value, o)
	return err
}

// PutVersion is Put, returning the row's new version (kv.VersionedPut).
func (b *backend) PutVersion(ctx context.Context, key string, value []byte, o kv.PutOptions) (kv.Version, error) {
	return b.write(ctx, "put", b.sql.put, key, value, o, 0)
}

// PutIf stores value only if key's version is expected ("" = absent or
// expired).
func (b *backend) PutIf(ctx context.Context, key string, value []byte, expected kv.Version, o kv.PutOptions) (kv.Version, error) {
	if expected == "" {
		return b.write(ctx, "putif", b.sql.createIf, key, value, o, 0)
	}
	want, err := strconv.ParseInt(string(expected), 10, 64)
	if err != nil || want <= 0 {
		return "", adapterkit.Wrap(storeName, "putif", key, kv.ErrConflict,
			fmt.Errorf("expected version %q is not a version of this table", expected))
	}
	return b.write(ctx, "putif", b.sql.updateIf, key, value, o, want)
}

func (b *backend) write(ctx context.Context, op, stmt, key string, value []byte, o kv.PutOptions, want int64) (kv.Version, error) {
	if err := checkKey(op, key); err != nil {
		return "", err
	}
	if err := adapterkit.CheckTTL(storeName, op, key, o); err != nil {
		return "", err
	}
	ctx, cancel := adapterkit.BoundWrite(ctx, b.timeout, len(value))
	defer cancel()
	b.largest.Wrote(len(value))
	if value == nil {
		value = []byte{}
	}
	ttl := o.TTL.Milliseconds()
	if o.TTL > 0 && ttl == 0 {
		ttl = 1
	}
	args := []any{key, value, ttl}
	if want != 0 {
		args = append(args, want)
	}
	var ver int64
	err := b.pool.QueryRow(ctx, stmt, args...).Scan(&ver)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", adapterkit.Wrap(storeName, op, key, kv.ErrConflict, err)
	}
	if err != nil {
		return "", wrap(op, key, err)
	}
	return version(ver), nil
}

// Delete removes key; an absent key is not an error.
func (b *backend) Delete(ctx context.Context, key string) error {
	if err := checkKey("delete", key); err != nil {
		return err
	}
	ctx, cancel := adapterkit.Bound(ctx, b.timeout)
	defer cancel()
	_, err := b.pool.Exec(ctx, b.sql.del, key)
	return wrap("delete", key, err)
}

// List returns up to limit live keys with prefix after cursor, in byte
// order.
func (b *backend) List(ctx context.Context, prefix, cursor string, limit int) (kv.Page, error) {
	last, err := adapterkit.ListStart(storeName, prefix, cursor, limit)
	if err != nil {
		return kv.Page{}, err
	}
	if !utf8.ValidString(prefix) || strings.ContainsRune(prefix, 0) {
		return kv.Page{}, adapterkit.Wrap(storeName, "list", prefix, kv.ErrInvalidArgument,
			errors.New("prefix must be valid UTF-8 without NUL bytes"))
	}
	var hi *string
	if succ, ok := adapterkit.RuneSuccessor(prefix); ok {
		hi = &succ
	}
	ctx, cancel := adapterkit.Bound(ctx, b.timeout)
	defer cancel()
	rows, err := b.pool.Query(ctx, b.sql.list, prefix, last, hi, limit+1)
	if err != nil {
		return kv.Page{}, wrap("list", prefix, err)
	}
	keys, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return kv.Page{}, wrap("list", prefix, err)
	}
	page := kv.Page{Keys: keys}
	if len(keys) > limit {
		page.Keys = keys[:limit:limit]
		page.Cursor = adapterkit.EncodeCursor(keys[limit-1])
	}
	if page.Keys == nil {
		page.Keys = []string{}
	}
	return page, nil
}
