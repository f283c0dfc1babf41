package etcd

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"time"

	clientv3 "go.etcd.io/etcd/client/v3"
	"go.uber.org/zap"

	"github.com/kvchaos/kvchaos/backends"
	"github.com/kvchaos/kvchaos/internal/adapterkit"
	"github.com/kvchaos/kvchaos/kv"
)

func init() {
	backends.Register("etcd", openURL)
}

// Open opens a backend from an etcd:// URL: a comma-separated endpoint
// list, optional user:password, dial_timeout (default 2s) and op_timeout
// (default 5s; a call taking longer is abandoned as kv.ErrUnavailable). It checks the
// cluster answers before returning.
func openURL(ctx context.Context, u *url.URL) (*backends.Store, error) {
	redacted := backends.Redact(u.String())
	if u.Host == "" {
		return nil, fmt.Errorf("store URL %q: no endpoints (want etcd://host:port[,host:port...])", redacted)
	}
	cfg := clientv3.Config{DialTimeout: 2 * time.Second, Logger: zap.NewNop()}
	for _, ep := range strings.Split(u.Host, ",") {
		if ep == "" {
			return nil, fmt.Errorf("store URL %q: empty endpoint", redacted)
		}
		cfg.Endpoints = append(cfg.Endpoints, "http://"+ep)
	}
	q := u.Query()
	if d := q.Get("dial_timeout"); d != "" {
		dt, err := time.ParseDuration(d)
		if err != nil || dt <= 0 {
			return nil, fmt.Errorf("store URL %q: dial_timeout %q: want a positive duration like 2s", redacted, d)
		}
		cfg.DialTimeout = dt
	}
	timeout, err := adapterkit.OpTimeout(u, 5*time.Second)
	if err != nil {
		return nil, fmt.Errorf("store URL %q: %w", redacted, err)
	}
	if u.User != nil {
		cfg.Username = u.User.Username()
		cfg.Password, _ = u.User.Password()
	}
	cli, err := clientv3.New(cfg)
	if err != nil {
		return nil, fmt.Errorf("store URL %q: %w", redacted, adapterkit.RedactErr(wrap("connect", "", err), u))
	}
	pctx, cancel := context.WithTimeout(ctx, cfg.DialTimeout)
	defer cancel()
	if _, err := cli.Get(pctx, "kvchaos-ping"); err != nil {
		_ = cli.Close()
		return nil, fmt.Errorf("store URL %q: %w", redacted,
			adapterkit.RedactErr(adapterkit.Wrap(storeName, "ping", "", kv.ErrUnavailable, err), u))
	}
	return &backends.Store{Backend: newBackend(cli, "", timeout), Close: cli.Close}, nil
}
