package postgres

import (
	"errors"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/kvchaos/kvchaos/internal/adapterkit"
	"github.com/kvchaos/kvchaos/kv"
)

// wrap classifies a pgx error. Connection failures, timeouts, cancelled
// statements, shutdowns and resource exhaustion are kv.ErrUnavailable
// (the outcome is unknown); other server errors keep only the native
// *pgconn.PgError.
func wrap(op, key string, err error) error {
	if err == nil {
		return nil
	}
	var pg *pgconn.PgError
	if errors.As(err, &pg) {
		switch {
		case pg.Code == "54000": // program_limit_exceeded
			return adapterkit.Wrap(storeName, op, key, kv.ErrValueTooLarge, err)
		case strings.HasPrefix(pg.Code, "08"), strings.HasPrefix(pg.Code, "53"), strings.HasPrefix(pg.Code, "57"),
			pg.Code == "40001", pg.Code == "40P01":
			return adapterkit.Wrap(storeName, op, key, kv.ErrUnavailable, err)
		}
		return adapterkit.Wrap(storeName, op, key, nil, err)
	}
	var connect *pgconn.ConnectError
	if adapterkit.IsTransport(err) || pgconn.Timeout(err) || errors.As(err, &connect) || pgconn.SafeToRetry(err) {
		return adapterkit.Wrap(storeName, op, key, kv.ErrUnavailable, err)
	}
	return adapterkit.Wrap(storeName, op, key, kv.ErrUnavailable, err)
}
