package cloudflare

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/kvchaos/kvchaos/backends"
	"github.com/kvchaos/kvchaos/emulator"
	"github.com/kvchaos/kvchaos/kv"
)

// TokenEnv is the environment variable the URL opener reads the token from.
const TokenEnv = "CLOUDFLARE_API_TOKEN"

func init() { backends.Register("cloudflare", Open) }

// Open opens cloudflare://ACCOUNT/NAMESPACE?endpoint=…&region=…&timeout=…
// with the token from CLOUDFLARE_API_TOKEN. When endpoint is a kvchaos
// emulator, the store lists its regions.
func Open(ctx context.Context, u *url.URL) (*backends.Store, error) {
	q := u.Query()
	for k := range q {
		if k != "endpoint" && k != "region" && k != "timeout" {
			return nil, fmt.Errorf("cloudflare URL: unknown parameter %q (known: endpoint, region, timeout)", k)
		}
	}
	cfg := Config{
		AccountID:   u.Host,
		NamespaceID: strings.Trim(u.Path, "/"),
		Token:       os.Getenv(TokenEnv),
		Endpoint:    q.Get("endpoint"),
		Region:      q.Get("region"),
	}
	if cfg.AccountID == "" || cfg.NamespaceID == "" || strings.Contains(cfg.NamespaceID, "/") {
		return nil, fmt.Errorf("cloudflare URL: want cloudflare://ACCOUNT_ID/NAMESPACE_ID, got account %q and namespace %q", cfg.AccountID, cfg.NamespaceID)
	}
	timeout := 30 * time.Second
	if v := q.Get("timeout"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d <= 0 {
			return nil, fmt.Errorf("cloudflare URL: timeout %q is not a positive duration", v)
		}
		timeout = d
	}
	if cfg.Token == "" && cfg.Endpoint == "" {
		return nil, fmt.Errorf("cloudflare URL: %s is not set (an API token with Workers KV Storage Edit permission)", TokenEnv)
	}
	cfg.HTTPClient = &http.Client{Timeout: timeout}
	b, err := New(cfg)
	if err != nil {
		return nil, err
	}
	store := &backends.Store{Backend: b}
	if cfg.Endpoint == "" {
		if cfg.Region != "" {
			return nil, fmt.Errorf("cloudflare URL: region=%q needs endpoint= naming a kvchaos emulator", cfg.Region)
		}
		return store, nil
	}
	info, isEmu, err := emulator.Discover(ctx, cfg.HTTPClient, cfg.Endpoint, b.headers())
	if err != nil {
		return nil, fmt.Errorf("cloudflare URL: endpoint %s: %w: %s", backends.Redact(cfg.Endpoint), kv.ErrUnavailable, b.redactText(err.Error()))
	}
	if !isEmu {
		if cfg.Region != "" {
			return nil, fmt.Errorf("cloudflare URL: region=%q, but endpoint %s is not a kvchaos emulator", cfg.Region, backends.Redact(cfg.Endpoint))
		}
		return store, nil
	}
	if cfg.Region != "" && !slices.Contains(info.Regions, cfg.Region) {
		return nil, fmt.Errorf("cloudflare URL: region %q is not one of the emulator's regions %q", cfg.Region, info.Regions)
	}
	store.Regions = info.Regions
	store.Region = func(name string) kv.Backend { return b.WithRegion(name) }
	return store, nil
}
