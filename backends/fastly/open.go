package fastly

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"strconv"
	"strings"

	"github.com/kvchaos/kvchaos/backends"
	"github.com/kvchaos/kvchaos/internal/edgeclient"
	"github.com/kvchaos/kvchaos/kv"
)

// TokenEnv is the environment variable the URL opener reads the token from.
const TokenEnv = "FASTLY_API_TOKEN"

func init() { backends.Register("fastly", openURL) }

// openURL opens fastly://STORE_ID?endpoint=…&consistency=…&escape_keys=…&region=…&timeout=…
// with the token from FASTLY_API_TOKEN. When endpoint is a kvchaos
// emulator, the store lists its regions.
func openURL(ctx context.Context, u *url.URL) (*backends.Store, error) {
	q := u.Query()
	if err := edgeclient.CheckParams("fastly", q, "endpoint", "consistency", "escape_keys", "region", "timeout"); err != nil {
		return nil, err
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
	timeout, err := edgeclient.Timeout("fastly", q.Get("timeout"))
	if err != nil {
		return nil, err
	}
	if cfg.Token == "" && cfg.Endpoint == "" {
		return nil, fmt.Errorf("fastly URL: %s is not set (an API token with access to the KV store)", TokenEnv)
	}
	cfg.HTTPClient = edgeclient.NewHTTPClient(timeout)
	b, err := newBackend(cfg)
	if err != nil {
		return nil, err
	}
	return b.c.Store(ctx, "fastly", cfg.Endpoint, cfg.Region, b, func(name string) kv.Backend { return b.withRegion(name) })
}
