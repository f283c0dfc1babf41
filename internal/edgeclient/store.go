package edgeclient

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/kvchaos/kvchaos/backends"
	"github.com/kvchaos/kvchaos/internal/adapterkit"
	"github.com/kvchaos/kvchaos/internal/edgewire"
	"github.com/kvchaos/kvchaos/kv"
)

// CheckParams rejects URL query parameters outside known, naming the
// first unknown one.
func CheckParams(scheme string, q url.Values, known ...string) error {
	for k := range q {
		if !slices.Contains(known, k) {
			return fmt.Errorf("%s URL: unknown parameter %q (known: %v)", scheme, k, known)
		}
	}
	return nil
}

// Timeout parses a URL's timeout parameter; "" is the 30 s default.
func Timeout(scheme, v string) (time.Duration, error) {
	if v == "" {
		return 30 * time.Second, nil
	}
	d, err := time.ParseDuration(v)
	if err != nil || d <= 0 {
		return 0, fmt.Errorf("%s URL: timeout %q is not a positive duration", scheme, v)
	}
	return d, nil
}

// Store returns the backends.Store for backend b, reached through c at
// endpoint ("" = the real service). When endpoint answers as a kvchaos
// emulator (edgewire.Discover), the store lists the emulator's regions and
// inRegion places a client in one; region, when set, must be one of them.
// When the emulator can quiesce (Info.Quiesce), the store's Quiescer asks
// it to over HTTP. A region without an emulator is an error.
func (c *Client) Store(ctx context.Context, scheme, endpoint, region string, b kv.Backend, inRegion func(string) kv.Backend) (*backends.Store, error) {
	store := &backends.Store{Backend: b}
	if endpoint == "" {
		if region != "" {
			return nil, fmt.Errorf("%s URL: region=%q needs endpoint= naming a kvchaos emulator", scheme, region)
		}
		return store, nil
	}
	info, isEmu, err := edgewire.Discover(ctx, c.cfg.HTTP, endpoint, c.Header())
	if err != nil {
		return nil, fmt.Errorf("%s URL: endpoint %s: %w: %s", scheme, backends.Redact(endpoint), kv.ErrUnavailable, c.Redact(err.Error()))
	}
	if !isEmu {
		if region != "" {
			return nil, fmt.Errorf("%s URL: region=%q, but endpoint %s is not a kvchaos emulator", scheme, region, backends.Redact(endpoint))
		}
		return store, nil
	}
	if region != "" && !slices.Contains(info.Regions, region) {
		return nil, fmt.Errorf("%s URL: region %q is not one of the emulator's regions %q", scheme, region, info.Regions)
	}
	store.Regions = info.Regions
	store.Region = inRegion
	if info.Quiesce {
		store.Quiescer = adapterkit.QuiesceFunc(func() error { return c.quiesce(endpoint) })
	}
	return store, nil
}

// BaseURL returns endpoint (or def when endpoint is empty) without a
// trailing slash, or an error naming Config.Endpoint when it is not an
// http(s) URL or carries credentials (user:password@), which would be
// printed wherever the URL is.
func BaseURL(store, endpoint, def string) (string, error) {
	if endpoint == "" {
		endpoint = def
	}
	u, err := url.Parse(endpoint)
	if err != nil {
		// url's error quotes the whole URL, credentials included.
		return "", fmt.Errorf("%s: Config.Endpoint is not a parseable http(s) URL", store)
	}
	if u.User != nil {
		u.User = url.User("xxxxx")
		// A credential in the URL would be printed with it (run.json,
		// the summary, reports); the token has its own field.
		return "", fmt.Errorf("%s: Config.Endpoint %q carries credentials (user:password@): pass the token as Config.Token (the URL opener reads it from the environment)", store, u)
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", fmt.Errorf("%s: Config.Endpoint %q is not an http(s) URL", store, endpoint)
	}
	return strings.TrimRight(endpoint, "/"), nil
}

// HTTPClient returns hc, or NewHTTPClient(30 s) when hc is nil.
func HTTPClient(hc *http.Client) *http.Client {
	if hc == nil {
		return NewHTTPClient(30 * time.Second)
	}
	return hc
}

// transport is the edge adapters' own connection pool, a copy of
// http.DefaultTransport's settings. Anything in the process may close the
// default transport's idle connections (every httptest.Server.Close
// does), and a put that picked one of them at that moment fails with
// "CloseIdleConnections called": a write the store may not have seen,
// recorded as unknown for no reason of the store's.
var transport = http.DefaultTransport.(*http.Transport).Clone()

// NewHTTPClient returns a client with the given timeout over the edge
// adapters' own transport.
func NewHTTPClient(timeout time.Duration) *http.Client {
	return &http.Client{Timeout: timeout, Transport: transport}
}

// quiesce asks the emulator at endpoint to bring its store to rest,
// within the HTTP client's timeout.
func (c *Client) quiesce(endpoint string) error {
	if err := edgewire.Quiesce(context.Background(), c.cfg.HTTP, endpoint, c.Header()); err != nil {
		return fmt.Errorf("%s: endpoint %s: %w", c.cfg.Store, backends.Redact(endpoint), c.redactErr(err))
	}
	return nil
}
