package fastly

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/kvchaos/kvchaos/edge"
	"github.com/kvchaos/kvchaos/internal/adapterkit"
	"github.com/kvchaos/kvchaos/internal/edgeclient"
	"github.com/kvchaos/kvchaos/internal/edgewire"
	"github.com/kvchaos/kvchaos/internal/kvrule"
	"github.com/kvchaos/kvchaos/kv"
)

// store names the adapter in errors.
const store = "fastly"

// defaultEndpoint is the Fastly API base URL.
const defaultEndpoint = "https://api.fastly.com"

// Consistency is the listing mode.
type Consistency string

// The listing modes: Strong reads the primary copy (the service's
// default); Eventual may read a local copy a few seconds out of date.
const (
	Strong   Consistency = "strong"
	Eventual Consistency = "eventual"
)

// Config configures a backend.
type Config struct {
	// StoreID names the KV store; required.
	StoreID string
	// Token is the API token. It may be empty only for an endpoint that
	// needs none (an emulator started without a token).
	Token string
	// Endpoint is the API base URL; default defaultEndpoint.
	Endpoint string
	// Consistency is sent with every listing; "" leaves the service's
	// default (strong).
	Consistency Consistency
	// Region, when set, is sent in the emulator's region header.
	Region string
	// EscapeKeys percent-encodes the characters Fastly keys may not
	// contain ("#;?^|", line breaks, and '%' itself) and a leading '.', so
	// any key kv accepts can be stored. Every client of a store must agree
	// on it. Escaped keys count against the 1024-byte limit at their
	// escaped length, and listings are in the escaped keys' byte order.
	EscapeKeys bool
	// HTTPClient makes the requests; default a client with a 30 s timeout.
	HTTPClient *http.Client
}

// backend is a Fastly KV store as a kv.Backend with kv.CAS. It is safe for
// concurrent use.
type backend struct {
	base        string // endpoint + /resources/stores/kv/STORE
	c           *edgeclient.Client
	consistency Consistency
	escape      bool
}

var (
	_ kv.CAS            = (*backend)(nil)
	_ kv.LimitedBackend = (*backend)(nil)
)

// New returns a kv.Backend (a kv.CAS too) for cfg.
func New(cfg Config) (kv.Backend, error) {
	b, err := newBackend(cfg)
	if err != nil {
		return nil, err
	}
	return b, nil
}

// newBackend is New with the concrete type, for this package.
func newBackend(cfg Config) (*backend, error) {
	if cfg.StoreID == "" {
		return nil, errors.New("fastly: Config.StoreID is empty")
	}
	if cfg.Consistency != "" && cfg.Consistency != Strong && cfg.Consistency != Eventual {
		return nil, fmt.Errorf("fastly: Config.Consistency %q: want %q or %q", cfg.Consistency, Strong, Eventual)
	}
	ep, err := edgeclient.BaseURL(store, cfg.Endpoint, defaultEndpoint)
	if err != nil {
		return nil, err
	}
	c := edgeclient.New(edgeclient.Config{Store: store, Dialect: edge.Fastly, AuthHeader: "Fastly-Key", Token: cfg.Token, HTTP: edgeclient.HTTPClient(cfg.HTTPClient)})
	return &backend{
		base: ep + edgewire.FastlyStorePath(cfg.StoreID),
		c:    c.WithRegion(cfg.Region), consistency: cfg.Consistency, escape: cfg.EscapeKeys,
	}, nil
}

// withRegion returns a copy of b whose requests name region in the
// emulator's region header.
func (b *backend) withRegion(region string) *backend {
	c := *b
	c.c = b.c.WithRegion(region)
	return &c
}

// Limits are the KV Store's: kv.DefaultLimits with 1024-byte keys.
func (b *backend) Limits() kv.Limits { return edgewire.Limits(edge.Fastly) }

// wireKey returns the key as sent to the store (escaped when configured),
// or an error wrapping kv.ErrInvalidKey when the store would refuse it.
func (b *backend) wireKey(op, key string) (string, error) {
	w := key
	if b.escape {
		w = escapeKey(key)
	}
	if err := edgewire.ValidateKey(edge.Fastly, w); err != nil {
		return "", adapterkit.Wrap(store, op, key, kv.ErrInvalidKey, err)
	}
	return w, nil
}

// Get reads key and its generation.
func (b *backend) Get(ctx context.Context, key string) (kv.Item, error) {
	w, err := b.wireKey("get", key)
	if err != nil {
		return kv.Item{}, err
	}
	body, h, err := b.do(ctx, "get", http.MethodGet, key, b.keyURL(w, nil), nil, nil)
	if err != nil {
		return kv.Item{}, err
	}
	return kv.Item{Value: body, Version: kv.Version(h.Get(edgewire.GenerationHeader))}, nil
}

// Put writes key unconditionally; a TTL is sent as time_to_live_sec,
// rounded up to whole seconds.
func (b *backend) Put(ctx context.Context, key string, value []byte, o kv.PutOptions) error {
	_, err := b.put(ctx, key, value, "", false, o)
	return err
}

// PutIf writes key only if its generation is expected, or with expected ""
// only if it is absent (add mode). It returns the new generation as the
// server reports it, or an error wrapping kv.ErrConflict.
func (b *backend) PutIf(ctx context.Context, key string, value []byte, expected kv.Version, o kv.PutOptions) (kv.Version, error) {
	return b.put(ctx, key, value, expected, true, o)
}

func (b *backend) put(ctx context.Context, key string, value []byte, expected kv.Version, conditional bool, o kv.PutOptions) (kv.Version, error) {
	op := "put"
	if conditional {
		op = "putif"
	}
	w, err := b.wireKey(op, key)
	if err != nil {
		return "", err
	}
	if err := kvrule.ValidateTTL(b.Limits().MinTTL, b.Limits().MaxTTL, o.TTL); err != nil {
		return "", adapterkit.Wrap(store, op, key, kv.ErrInvalidTTL, err)
	}
	hdr := http.Header{}
	if o.TTL > 0 {
		hdr.Set("time_to_live_sec", strconv.FormatInt(int64((o.TTL+time.Second-1)/time.Second), 10))
	}
	var q url.Values
	switch {
	case conditional && expected == "":
		q = url.Values{"add": {"true"}}
	case conditional:
		hdr.Set(edgewire.IfGenerationMatchHeader, string(expected))
	}
	_, h, err := b.do(ctx, op, http.MethodPut, key, b.keyURL(w, q), value, hdr)
	if err != nil {
		return "", err
	}
	return kv.Version(h.Get(edgewire.GenerationHeader)), nil
}

// Delete removes key; a missing key is not an error.
func (b *backend) Delete(ctx context.Context, key string) error {
	w, err := b.wireKey("delete", key)
	if err != nil {
		return err
	}
	_, _, err = b.do(ctx, "delete", http.MethodDelete, key, b.keyURL(w, nil), nil, nil)
	if errors.Is(err, kv.ErrNotFound) {
		return nil
	}
	return err
}

func (b *backend) keyURL(key string, q url.Values) string {
	u := b.base + "/keys/" + url.PathEscape(key)
	if len(q) > 0 {
		u += "?" + q.Encode()
	}
	return u
}

// do sends one request and returns the body and headers of a 2xx answer,
// or an *adapterkit.Error: around an *edge.APIError for an error answer, of kind
// kv.ErrUnavailable for a failed exchange. No error text contains the
// token.
func (b *backend) do(ctx context.Context, op, method, key, rawURL string, body []byte, hdr http.Header) ([]byte, http.Header, error) {
	resp, err := b.c.Do(ctx, op, method, key, rawURL, body, hdr)
	if err != nil {
		return nil, nil, err
	}
	if resp.Status/100 != 2 {
		return nil, nil, b.c.Fail(op, method, key, resp)
	}
	return resp.Body, resp.Header, nil
}
