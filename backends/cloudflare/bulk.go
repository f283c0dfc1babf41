package cloudflare

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"time"

	"github.com/kvchaos/kvchaos/edge"
	"github.com/kvchaos/kvchaos/internal/adapterkit"
	"github.com/kvchaos/kvchaos/internal/edgewire"
	"github.com/kvchaos/kvchaos/internal/kvrule"
	"github.com/kvchaos/kvchaos/kv"
)

// maxBulk is the most pairs or keys one bulk request carries, as the API
// documents; PutBulk and DeleteBulk split longer inputs.
const maxBulk = 10000

// Pair is one write of PutBulk.
type Pair struct {
	Key   string
	Value []byte
	// TTL, when positive, is sent as expiration_ttl (whole seconds, ≥ 60 s).
	TTL time.Duration
	// Metadata, when set, is stored with the value (a JSON value of at most
	// 1024 bytes, as the service documents).
	Metadata json.RawMessage
}

// bulkPair is a Pair on the wire; values are base64 so any bytes survive.
type bulkPair struct {
	Key           string          `json:"key"`
	Value         string          `json:"value"`
	Base64        bool            `json:"base64"`
	ExpirationTTL int64           `json:"expiration_ttl,omitempty"`
	Metadata      json.RawMessage `json:"metadata,omitempty"`
}

// bulkResult is the result of a bulk call.
type bulkResult struct {
	Result struct {
		UnsuccessfulKeys []string `json:"unsuccessful_keys"`
	} `json:"result"`
}

// PutBulk writes pairs with the bulk endpoint (PUT …/bulk), maxBulk per
// request: far fewer requests than one Put per key, which matters for the
// service's request limits and bill. Each pair is an independent write,
// not a transaction. It returns the keys the service reported as not
// written; err is set when a request failed as a whole (the pairs of later
// requests are then not sent). Every key, value and TTL is validated
// before anything is sent.
func (b *Backend) PutBulk(ctx context.Context, pairs []Pair) (unwritten []string, err error) {
	lim := b.Limits()
	wire := make([]bulkPair, len(pairs))
	for i, p := range pairs {
		if err := edgewire.ValidateKey(edge.Cloudflare, p.Key); err != nil {
			return nil, fmt.Errorf("cloudflare: PutBulk pair %d: %w", i, err)
		}
		if err := kvrule.ValidateValue(lim.MaxValueBytes, p.Key, len(p.Value)); err != nil {
			return nil, fmt.Errorf("cloudflare: PutBulk pair %d: %w", i, err)
		}
		if p.TTL != 0 {
			if err := kvrule.ValidateTTL(lim.MinTTL, lim.MaxTTL, p.TTL); err != nil {
				return nil, fmt.Errorf("cloudflare: PutBulk pair %d (key %s): %w", i, kvrule.QuoteKey(p.Key), err)
			}
		}
		if len(p.Metadata) > 0 && !json.Valid(p.Metadata) {
			return nil, fmt.Errorf("cloudflare: PutBulk pair %d (key %s): %w: Metadata is not JSON", i, kvrule.QuoteKey(p.Key), kv.ErrInvalidArgument)
		}
		wire[i] = bulkPair{Key: p.Key, Value: base64.StdEncoding.EncodeToString(p.Value), Base64: true,
			ExpirationTTL: int64((p.TTL + time.Second - 1) / time.Second), Metadata: p.Metadata}
	}
	return sendBulk(ctx, b, "put-bulk", http.MethodPut, "/bulk", wire)
}

// DeleteBulk deletes keys with the bulk endpoint (POST …/bulk/delete),
// maxBulk per request — for instance to clean up a run's prefix. Deleting
// an absent key is not an error. It returns the keys the service reported
// as not deleted; err is set when a request failed as a whole.
func (b *Backend) DeleteBulk(ctx context.Context, keys []string) (undeleted []string, err error) {
	for i, k := range keys {
		if err := edgewire.ValidateKey(edge.Cloudflare, k); err != nil {
			return nil, fmt.Errorf("cloudflare: DeleteBulk key %d: %w", i, err)
		}
	}
	return sendBulk(ctx, b, "delete-bulk", http.MethodPost, "/bulk/delete", keys)
}

// sendBulk sends items in requests of at most maxBulk and collects the
// unsuccessful keys.
func sendBulk[T any](ctx context.Context, b *Backend, op, method, path string, items []T) ([]string, error) {
	var failed []string
	hdr := http.Header{"Content-Type": {"application/json"}}
	for start := 0; start < len(items); start += maxBulk {
		chunk := items[start:min(start+maxBulk, len(items))]
		body, err := json.Marshal(chunk)
		if err != nil {
			return failed, fmt.Errorf("cloudflare: %s: %w", op, err)
		}
		resp, err := b.c.Do(ctx, op, method, "", b.base+path, body, hdr)
		if err != nil {
			return failed, err
		}
		if resp.Status/100 != 2 {
			return failed, b.c.Fail(op, method, "", resp)
		}
		var res bulkResult
		if err := json.Unmarshal(resp.Body, &res); err != nil {
			return failed, adapterkit.Wrap(store, op, "", kv.ErrUnavailable, fmt.Errorf("cloudflare: %s: answer is not a bulk result: %v", op, err))
		}
		failed = append(failed, res.Result.UnsuccessfulKeys...)
	}
	return failed, nil
}
