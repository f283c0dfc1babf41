package emulator

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"

	"github.com/kvchaos/kvchaos/internal/kvrule"
	"github.com/kvchaos/kvchaos/kv"
)

// cfBulkPair is one entry of a Cloudflare bulk write.
type cfBulkPair struct {
	Key           string          `json:"key"`
	Value         string          `json:"value"`
	Base64        bool            `json:"base64"`
	ExpirationTTL int64           `json:"expiration_ttl"`
	Expiration    int64           `json:"expiration"`
	Metadata      json.RawMessage `json:"metadata"`
}

// cfBulkResult is a bulk call's result.
type cfBulkResult struct {
	SuccessfulKeyCount int      `json:"successful_key_count"`
	UnsuccessfulKeys   []string `json:"unsuccessful_keys"`
}

// maxBulk is the most pairs one bulk call accepts, as documented.
const maxBulk = 10000

// cfBulkPut writes up to 10,000 pairs. Each pair is an independent write;
// pairs the backend refuses are listed in unsuccessful_keys.
func (s *Server) cfBulkPut(w http.ResponseWriter, r *http.Request, rq request) {
	var pairs []cfBulkPair
	if err := decodeBulk(r, &pairs); err != nil {
		s.failErr(w, err)
		return
	}
	res := cfBulkResult{UnsuccessfulKeys: []string{}}
	for i, p := range pairs {
		value := []byte(p.Value)
		if p.Base64 {
			b, err := base64.StdEncoding.DecodeString(p.Value)
			if err != nil {
				s.failErr(w, fmt.Errorf("%w: pair %d (key %s): value is not base64: %v", kv.ErrInvalidArgument, i, kvrule.QuoteKey(p.Key), err))
				return
			}
			value = b
		}
		var rel, abs string
		if p.ExpirationTTL != 0 {
			rel = strconv.FormatInt(p.ExpirationTTL, 10)
		}
		if p.Expiration != 0 {
			abs = strconv.FormatInt(p.Expiration, 10)
		}
		ttl, err := s.cfTTL(rel, abs)
		if err == nil {
			err = s.put(rq, p.Key, value, ttl)
		}
		if err != nil {
			res.UnsuccessfulKeys = append(res.UnsuccessfulKeys, p.Key)
			continue
		}
		res.SuccessfulKeyCount++
	}
	cfOK(w, res, nil)
}

// cfBulkDelete deletes up to 10,000 keys given as a JSON array of strings.
func (s *Server) cfBulkDelete(w http.ResponseWriter, r *http.Request, rq request) {
	var keys []string
	if err := decodeBulk(r, &keys); err != nil {
		s.failErr(w, err)
		return
	}
	res := cfBulkResult{UnsuccessfulKeys: []string{}}
	for _, k := range keys {
		ok := false
		s.deleteKey(discard{}, rq, k, func() { ok = true })
		if ok {
			res.SuccessfulKeyCount++
		} else {
			res.UnsuccessfulKeys = append(res.UnsuccessfulKeys, k)
		}
	}
	cfOK(w, res, nil)
}

// decodeBulk decodes a bulk body (a JSON array of at most maxBulk entries).
func decodeBulk[T any](r *http.Request, into *[]T) error {
	body, err := readLimited(r.Body, 100<<20)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(body, into); err != nil {
		return fmt.Errorf("%w: bulk body is not a JSON array of the expected entries: %v", kv.ErrInvalidArgument, err)
	}
	if len(*into) > maxBulk {
		return fmt.Errorf("%w: bulk body has %d entries, limit %d", kv.ErrInvalidArgument, len(*into), maxBulk)
	}
	return nil
}

// discard is a ResponseWriter that drops everything, for reusing a
// single-key handler inside a bulk call.
type discard struct{}

func (discard) Header() http.Header         { return http.Header{} }
func (discard) Write(b []byte) (int, error) { return len(b), nil }
func (discard) WriteHeader(int)             {}
