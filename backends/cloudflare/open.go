package cloudflare

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"strings"

	"github.com/kvchaos/kvchaos/backends"
	"github.com/kvchaos/kvchaos/internal/edgeclient"
	"github.com/kvchaos/kvchaos/kv"
)

// TokenEnv is the environment variable the URL opener reads the token from.
const TokenEnv = "CLOUDFLARE_API_TOKEN"

func init() { backends.Register("cloudflare", openURL) }

// openURL opens cloudflare://ACCOUNT/NAMESPACE?endpoint=…&region=…&timeout=…
// with the token from CLOUDFLARE_API_TOKEN. When endpoint is a kvchaos
// emulator, the store lists its regions.
func openURL(ctx context.Context, u *url.URL) (*backends.Store, error) {
	q := u.Query()
	if err := edgeclient.CheckParams("cloudflare", q, "endpoint", "region", "timeout"); err != nil {
		return nil, err
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
	timeout, err := edgeclient.Timeout("cloudflare", q.Get("timeout"))
	if err != nil {
		return nil, err
	}
	if cfg.Token == "" && cfg.Endpoint == "" {
		return nil, fmt.Errorf("cloudflare URL: %s is not set (an API token with Workers KV Storage Edit permission)", TokenEnv)
	}
	cfg.HTTPClient = edgeclient.NewHTTPClient(timeout)
	b, err := New(cfg)
	if err != nil {
		return nil, err
	}
	return b.c.Store(ctx, "cloudflare", cfg.Endpoint, cfg.Region, b, func(name string) kv.Backend { return b.withRegion(name) })
}
