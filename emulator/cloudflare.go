package emulator

import (
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"strconv"
	"time"

	"github.com/kvchaos/kvchaos/edge"
	"github.com/kvchaos/kvchaos/history"
	"github.com/kvchaos/kvchaos/internal/edgewire"
	"github.com/kvchaos/kvchaos/internal/kvrule"
	"github.com/kvchaos/kvchaos/kv"
)

// cfKey is one entry of a Cloudflare key listing.
type cfKey struct {
	Name string `json:"name"`
}

// cfListInfo is a Cloudflare listing's result_info.
type cfListInfo struct {
	Count  int    `json:"count"`
	Cursor string `json:"cursor"`
}

// cloudflare serves the Workers KV paths; segs starts at "accounts".
func (s *Server) cloudflare(w http.ResponseWriter, r *http.Request, rq request, segs []string) {
	if len(segs) < 7 || segs[0] != "accounts" || segs[2] != "storage" || segs[3] != "kv" || segs[4] != "namespaces" {
		s.fail(w, http.StatusNotFound, codeNoRoute, "No route for that URI")
		return
	}
	rest := segs[6:]
	switch {
	case len(rest) == 2 && rest[0] == "values":
		switch r.Method {
		case http.MethodGet:
			s.getValue(w, rq, rest[1])
		case http.MethodPut:
			s.cfPut(w, r, rq, rest[1])
		case http.MethodDelete:
			s.deleteKey(w, rq, rest[1], func() { cfOK(w, struct{}{}, nil) })
		default:
			s.fail(w, http.StatusMethodNotAllowed, codeNoRoute, "method not allowed")
		}
	case len(rest) == 2 && rest[0] == "metadata" && r.Method == http.MethodGet:
		s.cfMetadata(w, rq, rest[1])
	case len(rest) == 1 && rest[0] == "keys" && r.Method == http.MethodGet:
		s.cfList(w, r, rq)
	case len(rest) == 1 && rest[0] == "bulk" && r.Method == http.MethodPut:
		s.cfBulkPut(w, r, rq)
	case len(rest) == 2 && rest[0] == "bulk" && rest[1] == "delete" && r.Method == http.MethodPost:
		s.cfBulkDelete(w, r, rq)
	default:
		s.fail(w, http.StatusNotFound, codeNoRoute, "No route for that URI")
	}
}

// cfMetadata answers GET .../metadata/KEY: the key's metadata, which is
// always null here (writes accept metadata and drop it: kv.Backend stores
// values only), or Cloudflare's 404 when the key is absent. It is recorded
// as the read it is.
func (s *Server) cfMetadata(w http.ResponseWriter, rq request, key string) {
	_, err := s.get(rq, key)
	if errors.Is(err, kv.ErrNotFound) {
		s.fail(w, http.StatusNotFound, codeNotFound, "metadata: 'key not found'")
		return
	}
	if err != nil {
		s.failErr(w, err)
		return
	}
	cfOK(w, nil, nil)
}

// cfPut writes one value from a raw or multipart body.
func (s *Server) cfPut(w http.ResponseWriter, r *http.Request, rq request, key string) {
	lim := edgewire.Limits(edge.Cloudflare)
	ttl, err := s.cfTTL(r.URL.Query().Get("expiration_ttl"), r.URL.Query().Get("expiration"))
	if err != nil {
		s.failErr(w, err)
		return
	}
	value, err := cfBody(r, lim.MaxValueBytes)
	if err != nil {
		s.failErr(w, fmt.Errorf("key %s: %w", kvrule.QuoteKey(key), err))
		return
	}
	if err := s.put(rq, key, value, ttl); err != nil {
		s.failErr(w, err)
		return
	}
	cfOK(w, struct{}{}, nil)
}

// cfTTL reads expiration_ttl (seconds from now) or, when absent,
// expiration (seconds since the epoch).
func (s *Server) cfTTL(relative, absolute string) (time.Duration, error) {
	if relative != "" {
		n, err := strconv.ParseInt(relative, 10, 64)
		if err != nil {
			return 0, fmt.Errorf("%w: expiration_ttl %q is not an integer", kv.ErrInvalidTTL, relative)
		}
		return time.Duration(n) * time.Second, checkTTL(edge.Cloudflare, time.Duration(n)*time.Second)
	}
	if absolute != "" {
		n, err := strconv.ParseInt(absolute, 10, 64)
		if err != nil {
			return 0, fmt.Errorf("%w: expiration %q is not an integer", kv.ErrInvalidTTL, absolute)
		}
		ttl := time.Unix(n, 0).Sub(s.cfg.Now()).Truncate(time.Second)
		return ttl, checkTTL(edge.Cloudflare, ttl)
	}
	return 0, nil
}

// checkTTL applies the dialect's TTL bounds to a requested TTL (0 is "none"
// only when it was not asked for, so an explicit 0 is rejected).
func checkTTL(d edge.Dialect, ttl time.Duration) error {
	if ttl <= 0 {
		return fmt.Errorf("%w: %v is not positive", kv.ErrInvalidTTL, ttl)
	}
	l := edgewire.Limits(d)
	return kvrule.ValidateTTL(l.MinTTL, l.MaxTTL, ttl)
}

// cfBody returns the value of a write: the "value" part of a multipart
// body, or the raw body.
func cfBody(r *http.Request, max int) ([]byte, error) {
	mt, params, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mt != "multipart/form-data" {
		return readLimited(r.Body, max)
	}
	mr := multipart.NewReader(r.Body, params["boundary"])
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			return nil, fmt.Errorf("%w: multipart body has no \"value\" part", kv.ErrInvalidArgument)
		}
		if err != nil {
			return nil, fmt.Errorf("%w: multipart body: %v", kv.ErrInvalidArgument, err)
		}
		if part.FormName() == "value" {
			return readLimited(part, max)
		}
		// Metadata and unknown parts are accepted and dropped: kv.Backend
		// stores values only.
		if _, err := io.Copy(io.Discard, io.LimitReader(part, 1<<20)); err != nil {
			return nil, fmt.Errorf("%w: multipart body: %v", kv.ErrInvalidArgument, err)
		}
	}
}

// readLimited reads at most max bytes, failing with kv.ErrValueTooLarge
// beyond.
func readLimited(r io.Reader, max int) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(r, int64(max)+1))
	if err != nil {
		return nil, fmt.Errorf("%w: reading the body: %v", kv.ErrInvalidArgument, err)
	}
	if len(b) > max {
		return nil, fmt.Errorf("%w: body exceeds %d bytes", kv.ErrValueTooLarge, max)
	}
	return b, nil
}

// cfList answers a key listing.
func (s *Server) cfList(w http.ResponseWriter, r *http.Request, rq request) {
	q := r.URL.Query()
	limit := 1000
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 10 || n > 1000 {
			s.fail(w, http.StatusBadRequest, codeBadLimit, fmt.Sprintf("invalid list limit %q: must be an integer in 10..1000", v))
			return
		}
		limit = n
	}
	page, err := s.list(rq, q.Get("prefix"), q.Get("cursor"), limit, false)
	if err != nil {
		s.failErr(w, err)
		return
	}
	keys := make([]cfKey, len(page.Keys))
	for i, k := range page.Keys {
		keys[i] = cfKey{Name: k}
	}
	cfOK(w, keys, cfListInfo{Count: len(keys), Cursor: page.Cursor})
}

// list lists through the backend, recording the call.
func (s *Server) list(rq request, prefix, cursor string, limit int, strong bool) (kv.Page, error) {
	lim := edgewire.Limits(s.cfg.Dialect)
	end := rq.begin(history.FuncList, "", history.Input{Prefix: prefix, Cursor: cursor, Limit: limit})
	err := kvrule.ValidatePrefix(lim.MaxPrefixBytes, prefix)
	var page kv.Page
	if err == nil {
		if sl, ok := rq.b.(StrongLister); ok && strong {
			page, err = sl.ListStrong(rq.ctx, prefix, cursor, limit)
		} else {
			page, err = rq.b.List(rq.ctx, prefix, cursor, limit)
		}
	}
	end(history.Output{Keys: page.Keys, Cursor: page.Cursor}, err)
	return page, err
}
