package cloudflare

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/kvchaos/kvchaos/emulator"
	"github.com/kvchaos/kvchaos/internal/adapterkit"
	"github.com/kvchaos/kvchaos/kv"
)

// store names the adapter in errors.
const store = "cloudflare"

// DefaultEndpoint is the Cloudflare API base URL.
const DefaultEndpoint = "https://api.cloudflare.com/client/v4"

// Config configures a Backend.
type Config struct {
	// AccountID and NamespaceID name the namespace; both required.
	AccountID, NamespaceID string
	// Token is the API token. It may be empty only for an endpoint that
	// needs none (an emulator started without a token).
	Token string
	// Endpoint is the API base URL; default DefaultEndpoint.
	Endpoint string
	// Region, when set, is sent in the emulator's region header.
	Region string
	// HTTPClient makes the requests; default a client with a 30 s timeout.
	HTTPClient *http.Client
}

// Backend is a Workers KV namespace as a kv.Backend. It is safe for
// concurrent use.
type Backend struct {
	base   string // endpoint + /accounts/A/storage/kv/namespaces/N
	token  string
	hc     *http.Client
	region string
	client string
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
	ep := cfg.Endpoint
	if ep == "" {
		ep = DefaultEndpoint
	}
	if u, err := url.Parse(ep); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("cloudflare: Config.Endpoint %q is not an http(s) URL", ep)
	}
	hc := cfg.HTTPClient
	if hc == nil {
		hc = &http.Client{Timeout: 30 * time.Second}
	}
	return &Backend{
		base: strings.TrimRight(ep, "/") + "/accounts/" + url.PathEscape(cfg.AccountID) +
			"/storage/kv/namespaces/" + url.PathEscape(cfg.NamespaceID),
		token: cfg.Token, hc: hc, region: cfg.Region,
	}, nil
}

// WithRegion returns a copy of b whose requests name region in the
// emulator's region header.
func (b *Backend) WithRegion(region string) *Backend {
	c := *b
	c.region = region
	return &c
}

// WithClient returns a copy of b whose requests carry client in the
// emulator's client header, for server-side recording.
func (b *Backend) WithClient(client int) *Backend {
	c := *b
	c.client = strconv.Itoa(client)
	return &c
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

// maxBody bounds a response body: the largest value plus slack.
const maxBody = 25<<20 + 1<<16

// do sends one request and returns the body of a 2xx answer, or an
// *adapterkit.Error: around an *APIError for an error answer, of kind
// kv.ErrUnavailable for a failed exchange. No error text contains the
// token.
func (b *Backend) do(ctx context.Context, op, method, key, rawURL string, body []byte) ([]byte, error) {
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, rawURL, rd)
	if err != nil {
		return nil, adapterkit.Wrap(store, op, key, kv.ErrInvalidArgument, b.redact(err))
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/octet-stream")
	}
	for k, v := range b.headers() {
		req.Header[k] = v
	}
	resp, err := b.hc.Do(req)
	if err != nil {
		return nil, adapterkit.Wrap(store, op, key, kv.ErrUnavailable, b.redact(err))
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxBody))
	if err != nil {
		return nil, adapterkit.Wrap(store, op, key, kv.ErrUnavailable, b.redact(err))
	}
	if resp.StatusCode/100 != 2 {
		ae := apiError(method, key, resp.StatusCode, data, b.redactText)
		return nil, adapterkit.Wrap(store, op, key, kindFor(ae.Status, ae.Code), ae)
	}
	return data, nil
}

// headers are the credential and emulator headers every request carries.
func (b *Backend) headers() http.Header {
	h := http.Header{}
	if b.token != "" {
		h.Set("Authorization", "Bearer "+b.token)
	}
	if b.region != "" {
		h.Set(emulator.RegionHeader, b.region)
	}
	if b.client != "" {
		h.Set(emulator.ClientHeader, b.client)
	}
	return h
}

// redact returns err, or a plain error with the token removed should its
// text ever contain it.
func (b *Backend) redact(err error) error {
	if b.token == "" || !strings.Contains(err.Error(), b.token) {
		return err
	}
	return errors.New(b.redactText(err.Error()))
}

// redactText removes the token from s.
func (b *Backend) redactText(s string) string {
	if b.token == "" {
		return s
	}
	return strings.ReplaceAll(s, b.token, "xxxxx")
}
