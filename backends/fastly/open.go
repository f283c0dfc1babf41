package fastly

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/kvchaos/kvchaos/backends"
	"github.com/kvchaos/kvchaos/emulator"
	"github.com/kvchaos/kvchaos/kv"
)

// TokenEnv is the environment variable the URL opener reads the token from.
const TokenEnv = "FASTLY_API_TOKEN"

func init() { backends.Register("fastly", Open) }

// Open opens fastly://STORE_ID?endpoint=…&consistency=…&escape_keys=…&region=…&timeout=…
// with the token from FASTLY_API_TOKEN. When endpoint is a kvchaos
// emulator, the store lists its regions.
func Open(ctx context.Context, u *url.URL) (*backends.Store, error) {
	q := u.Query()
	for k := range q {
		if k != "endpoint" && k != "region" && k != "timeout" && k != "consistency" && k != "escape_keys" {
			return nil, fmt.Errorf("fastly URL: unknown parameter %q (known: endpoint, consistency, escape_keys, region, timeout)", k)
		}
	}
	escape := false
	if v := q.Get("escape_keys"); v != "" {
		var err error
		if escape, err = strconv.ParseBool(v); err != nil {
			return nil, fmt.Errorf("fastly URL: escape_keys %q is not a boolean", v)
		}
	}
	cfg := Config{
		StoreID:     u.Host,
		Token:       os.Getenv(TokenEnv),
		Endpoint:    q.Get("endpoint"),
		Region:      q.Get("region"),
		Consistency: Consistency(q.Get("consistency")),
		EscapeKeys:  escape,
	}
	if cfg.StoreID == "" || strings.Trim(u.Path, "/") != "" {
		return nil, fmt.Errorf("fastly URL: want fastly://STORE_ID, got store %q and path %q", cfg.StoreID, u.Path)
	}
	if cfg.Consistency != "" && cfg.Consistency != Strong && cfg.Consistency != Eventual {
		return nil, fmt.Errorf("fastly URL: consistency %q: want %q or %q", cfg.Consistency, Strong, Eventual)
	}
	timeout := 30 * time.Second
	if v := q.Get("timeout"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d <= 0 {
			return nil, fmt.Errorf("fastly URL: timeout %q is not a positive duration", v)
		}
		timeout = d
	}
	if cfg.Token == "" && cfg.Endpoint == "" {
		return nil, fmt.Errorf("fastly URL: %s is not set (an API token with access to the KV store)", TokenEnv)
	}
	cfg.HTTPClient = &http.Client{Timeout: timeout}
	b, err := New(cfg)
	if err != nil {
		return nil, err
	}
	store := &backends.Store{Backend: b}
	if cfg.Endpoint == "" {
		if cfg.Region != "" {
			return nil, fmt.Errorf("fastly URL: region=%q needs endpoint= naming a kvchaos emulator", cfg.Region)
		}
		return store, nil
	}
	info, isEmu, err := emulator.Discover(ctx, cfg.HTTPClient, cfg.Endpoint, b.headers())
	if err != nil {
		return nil, fmt.Errorf("fastly URL: endpoint %s: %w: %s", backends.Redact(cfg.Endpoint), kv.ErrUnavailable, b.redactText(err.Error()))
	}
	if !isEmu {
		if cfg.Region != "" {
			return nil, fmt.Errorf("fastly URL: region=%q, but endpoint %s is not a kvchaos emulator", cfg.Region, backends.Redact(cfg.Endpoint))
		}
		return store, nil
	}
	if cfg.Region != "" && !slices.Contains(info.Regions, cfg.Region) {
		return nil, fmt.Errorf("fastly URL: region %q is not one of the emulator's regions %q", cfg.Region, info.Regions)
	}
	store.Regions = info.Regions
	store.Region = func(name string) kv.Backend { return b.WithRegion(name) }
	return store, nil
}
