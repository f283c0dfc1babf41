package cloudflare

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/kvchaos/kvchaos/edge"
	"github.com/kvchaos/kvchaos/internal/edgeclient"
	"github.com/kvchaos/kvchaos/internal/edgewire"
	"github.com/kvchaos/kvchaos/kv"
)

// store names the adapter in errors.
const store = "cloudflare"

// defaultEndpoint is the Cloudflare API base URL.
const defaultEndpoint = "https://api.cloudflare.com/client/v4"

// Config configures a Backend.
type Config struct {
	// AccountID and NamespaceID name the namespace; both required.
	AccountID, NamespaceID string
	// Token is the API token. It may be empty only for an endpoint that
	// needs none (an emulator started without a token).
	Token string
	// Endpoint is the API base URL; default defaultEndpoint.
	Endpoint string
	// Region, when set, is sent in the emulator's region header.
	Region string
	// HTTPClient makes the requests; default a client with a 30 s timeout.
	HTTPClient *http.Client
}

// Backend is a Workers KV namespace as a kv.Backend. It is safe for
// concurrent use.
type Backend struct {
	base string // endpoint + /accounts/A/storage/kv/namespaces/N
	c    *edgeclient.Client
}

var _ kv.LimitedBackend = (*Backend)(nil)

// New returns a Backend for cfg.
func New(cfg Config) (*Backend, error) {
	if cfg.AccountID == "" {
		return nil, errors.New("cloudflare: Config.AccountID is empty")
	}
	if cfg.NamespaceID == "" {
		return nil, errors.New("cloudflare: Config.NamespaceID is empty")
	}
	ep, err := edgeclient.BaseURL(store, cfg.Endpoint, defaultEndpoint)
	if err != nil {
		return nil, err
	}
	c := edgeclient.New(edgeclient.Config{Store: store, Dialect: edge.Cloudflare, AuthHeader: "Authorization", AuthPrefix: "Bearer ", Token: cfg.Token, HTTP: edgeclient.HTTPClient(cfg.HTTPClient)})
	return &Backend{
		base: ep + edgewire.CloudflareNamespacePath(cfg.AccountID, cfg.NamespaceID),
		c:    c.WithRegion(cfg.Region),
	}, nil
}

// withRegion returns a copy of b whose requests name region in the
// emulator's region header.
func (b *Backend) withRegion(region string) *Backend {
	return &Backend{base: b.base, c: b.c.WithRegion(region)}
}

// Limits are Workers KV's: 512-byte keys, 25 MiB values, TTL ≥ 60 s, pages
// of up to 1000 keys.
func (b *Backend) Limits() kv.Limits { return kv.DefaultLimits() }

// Get reads key.
func (b *Backend) Get(ctx context.Context, key string) (kv.Item, error) {
	body, err := b.do(ctx, "get", http.MethodGet, key, b.valueURL(key, 0), nil)
	if err != nil {
		return kv.Item{}, err
	}
	return kv.Item{Value: body}, nil
}

// Put writes key; a TTL is sent as expiration_ttl, rounded up to whole
// seconds.
func (b *Backend) Put(ctx context.Context, key string, value []byte, o kv.PutOptions) error {
	_, err := b.do(ctx, "put", http.MethodPut, key, b.valueURL(key, o.TTL), value)
	return err
}

// Delete removes key; a missing key is not an error.
func (b *Backend) Delete(ctx context.Context, key string) error {
	_, err := b.do(ctx, "delete", http.MethodDelete, key, b.valueURL(key, 0), nil)
	if errors.Is(err, kv.ErrNotFound) {
		return nil
	}
	return err
}

func (b *Backend) valueURL(key string, ttl time.Duration) string {
	u := b.base + "/values/" + url.PathEscape(key)
	if ttl > 0 {
		secs := int64((ttl + time.Second - 1) / time.Second)
		u += "?expiration_ttl=" + strconv.FormatInt(secs, 10)
	}
	return u
}

// do sends one request and returns the body of a 2xx answer, or an
// *adapterkit.Error: around an *edge.APIError for an error answer, of kind
// kv.ErrUnavailable for a failed exchange. No error text contains the
// token.
func (b *Backend) do(ctx context.Context, op, method, key, rawURL string, body []byte) ([]byte, error) {
	resp, err := b.c.Do(ctx, op, method, key, rawURL, body, nil)
	if err != nil {
		return nil, err
	}
	if resp.Status/100 != 2 {
		return nil, b.c.Fail(op, method, key, resp)
	}
	return resp.Body, nil
}
