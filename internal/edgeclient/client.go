package edgeclient

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/kvchaos/kvchaos/edge"
	"github.com/kvchaos/kvchaos/internal/adapterkit"
	"github.com/kvchaos/kvchaos/internal/edgewire"
	"github.com/kvchaos/kvchaos/kv"
)

// MaxBody bounds a response body: the largest edge value (25 MiB) plus
// slack.
const MaxBody = 25<<20 + 1<<16

// Config describes how a store's API authenticates.
type Config struct {
	// Store names the adapter in errors ("cloudflare").
	Store string
	// Dialect is the API spoken, for parsing its error answers (Fail).
	Dialect edge.Dialect
	// AuthHeader and AuthPrefix form the credential header: AuthHeader:
	// AuthPrefix+Token ("Authorization: Bearer …", "Fastly-Key: …").
	AuthHeader, AuthPrefix string
	// Token is the credential; empty sends no credential header.
	Token string
	// HTTP makes the requests; required.
	HTTP *http.Client
}

// Client sends requests for one adapter. Its methods are safe for
// concurrent use; WithRegion and WithClient return modified copies.
type Client struct {
	cfg    Config
	region string
	client string
}

// New returns a Client for cfg.
func New(cfg Config) *Client { return &Client{cfg: cfg} }

// WithRegion returns a copy of c whose requests name region in
// edgewire.RegionHeader ("" sends none).
func (c *Client) WithRegion(region string) *Client {
	d := *c
	d.region = region
	return &d
}

// WithClient returns a copy of c whose requests carry client in
// edgewire.ClientHeader, for server-side recording.
func (c *Client) WithClient(client int) *Client {
	d := *c
	d.client = strconv.Itoa(client)
	return &d
}

// Header returns the credential and emulator headers every request
// carries.
func (c *Client) Header() http.Header {
	h := http.Header{}
	if c.cfg.Token != "" {
		h.Set(c.cfg.AuthHeader, c.cfg.AuthPrefix+c.cfg.Token)
	}
	if c.region != "" {
		h.Set(edgewire.RegionHeader, c.region)
	}
	if c.client != "" {
		h.Set(edgewire.ClientHeader, c.client)
	}
	return h
}

// Redact removes the token from s.
func (c *Client) Redact(s string) string {
	if c.cfg.Token == "" {
		return s
	}
	return strings.ReplaceAll(s, c.cfg.Token, "xxxxx")
}

// redactErr returns err, or a plain error with the token removed should
// its text ever contain it.
func (c *Client) redactErr(err error) error {
	if c.cfg.Token == "" || !strings.Contains(err.Error(), c.cfg.Token) {
		return err
	}
	return errors.New(c.Redact(err.Error()))
}

// Response is an answer of any status.
type Response struct {
	Status int
	Header http.Header
	Body   []byte
}

// Do sends one request (hdr adds headers) and returns the answer, whatever
// its status. The error, an *adapterkit.Error of kind kv.ErrUnavailable
// (kv.ErrInvalidArgument for a URL that cannot be requested), is set only
// when no complete answer arrived; it keeps the context's error visible to
// errors.Is and never contains the token.
func (c *Client) Do(ctx context.Context, op, method, key, rawURL string, body []byte, hdr http.Header) (Response, error) {
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, rawURL, rd)
	if err != nil {
		return Response{}, adapterkit.Wrap(c.cfg.Store, op, key, kv.ErrInvalidArgument, c.redactErr(err))
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/octet-stream")
	}
	for _, h := range []http.Header{hdr, c.Header()} {
		for k, v := range h {
			req.Header[k] = v
		}
	}
	resp, err := c.cfg.HTTP.Do(req)
	if err != nil {
		return Response{}, adapterkit.Wrap(c.cfg.Store, op, key, kv.ErrUnavailable, c.redactErr(err))
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, MaxBody))
	if err != nil {
		return Response{}, adapterkit.Wrap(c.cfg.Store, op, key, kv.ErrUnavailable, c.redactErr(err))
	}
	return Response{Status: resp.StatusCode, Header: resp.Header, Body: data}, nil
}

// KindFor maps the HTTP statuses both edge APIs share to a kv sentinel
// (nil for none, such as 401 and 403):
//
//	404   kv.ErrNotFound
//	412   kv.ErrConflict
//	413   kv.ErrValueTooLarge
//	429   kv.ErrRateLimited
//	400   kv.ErrInvalidArgument
//	501   kv.ErrUnsupported
//	5xx   kv.ErrUnavailable (a write's outcome is unknown)
//
// Adapters check their API's own codes first.
func KindFor(status int) error {
	switch {
	case status == http.StatusNotFound:
		return kv.ErrNotFound
	case status == http.StatusPreconditionFailed:
		return kv.ErrConflict
	case status == http.StatusRequestEntityTooLarge:
		return kv.ErrValueTooLarge
	case status == http.StatusTooManyRequests:
		return kv.ErrRateLimited
	case status == http.StatusBadRequest:
		return kv.ErrInvalidArgument
	case status == http.StatusNotImplemented:
		return kv.ErrUnsupported
	case status >= 500:
		return kv.ErrUnavailable
	}
	return nil
}

// BodyText is the start of an error body that is not the API's error
// object, for the error message: at most 200 bytes, trimmed, with redact
// applied.
func BodyText(body []byte, redact func(string) string) string {
	return redact(strings.TrimSpace(string(body[:min(len(body), 200)])))
}
