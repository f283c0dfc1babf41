package emulator

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/kvchaos/kvchaos/edge"
	"github.com/kvchaos/kvchaos/internal/edgewire"
	"github.com/kvchaos/kvchaos/internal/kvrule"
	"github.com/kvchaos/kvchaos/kv"
)

// Fastly's header names (HTTP headers are case-insensitive).
const (
	generationHeader = edgewire.GenerationHeader
	ifGenerationHdr  = edgewire.IfGenerationMatchHeader
	ttlHeader        = "Time_to_live_sec"
)

// fastlyMeta is a Fastly listing's meta object.
type fastlyMeta struct {
	Limit      int    `json:"limit"`
	Prefix     string `json:"prefix,omitempty"`
	NextCursor string `json:"next_cursor,omitempty"`
}

// fastlyList is a Fastly listing's body.
type fastlyList struct {
	Data []string   `json:"data"`
	Meta fastlyMeta `json:"meta"`
}

// fastly serves the KV Store paths; segs starts at "resources".
func (s *Server) fastly(w http.ResponseWriter, r *http.Request, rq request, segs []string) {
	if len(segs) < 5 || segs[0] != "resources" || segs[1] != "stores" || segs[2] != "kv" || segs[4] != "keys" {
		s.fail(w, http.StatusNotFound, 0, "no route for "+r.URL.Path)
		return
	}
	switch {
	case len(segs) == 5 && r.Method == http.MethodGet:
		s.fastlyList(w, r, rq)
	case len(segs) == 6 && r.Method == http.MethodGet:
		s.getValue(w, rq, segs[5])
	case len(segs) == 6 && r.Method == http.MethodPut:
		s.fastlyPut(w, r, rq, segs[5])
	case len(segs) == 6 && r.Method == http.MethodDelete:
		if r.Header.Get(ifGenerationHdr) != "" {
			s.failErr(w, fmt.Errorf("%w: conditional delete (if-generation-match) is not emulated", kv.ErrUnsupported))
			return
		}
		s.deleteKey(w, rq, segs[5], func() { w.WriteHeader(http.StatusNoContent) })
	default:
		s.fail(w, http.StatusNotFound, 0, "no route for "+r.Method+" "+r.URL.Path)
	}
}

// fastlyPut writes one value, conditionally with if-generation-match or
// add=true.
func (s *Server) fastlyPut(w http.ResponseWriter, r *http.Request, rq request, key string) {
	q := r.URL.Query()
	for _, mode := range []string{"append", "prepend"} {
		if on, _ := strconv.ParseBool(q.Get(mode)); on {
			s.failErr(w, fmt.Errorf("%w: %s mode is not emulated", kv.ErrUnsupported, mode))
			return
		}
	}
	var ttl time.Duration
	if v := r.Header.Get(ttlHeader); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err == nil {
			ttl = time.Duration(n) * time.Second
			err = checkTTL(edge.Fastly, ttl)
		} else {
			err = fmt.Errorf("%w: time_to_live_sec %q is not an integer", kv.ErrInvalidTTL, v)
		}
		if err != nil {
			s.failErr(w, err)
			return
		}
	}
	value, err := readLimited(r.Body, edgewire.Limits(edge.Fastly).MaxValueBytes)
	if err != nil {
		s.failErr(w, fmt.Errorf("key %s: %w", kvrule.QuoteKey(key), err))
		return
	}
	add, _ := strconv.ParseBool(q.Get("add"))
	gen, conditional := r.Header.Get(ifGenerationHdr), r.Header.Get(ifGenerationHdr) != ""
	if !add && !conditional {
		if err := s.put(rq, key, value, ttl); err != nil {
			s.failErr(w, err)
			return
		}
		w.WriteHeader(http.StatusOK)
		return
	}
	expected := kv.Version(gen)
	if add || gen == "0" {
		expected = ""
	}
	v, err := s.putIf(rq, key, value, expected, ttl)
	if err != nil {
		s.failErr(w, err)
		return
	}
	if v != "" {
		w.Header().Set(generationHeader, string(v))
	}
	w.WriteHeader(http.StatusOK)
}

// fastlyList answers a key listing.
func (s *Server) fastlyList(w http.ResponseWriter, r *http.Request, rq request) {
	q := r.URL.Query()
	limit := 100
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 1000 {
			s.failErr(w, fmt.Errorf("%w: limit %q must be an integer in 1..1000", kv.ErrInvalidArgument, v))
			return
		}
		limit = n
	}
	strong := true
	switch c := q.Get("consistency"); c {
	case "", "strong":
	case "eventual":
		strong = false
	default:
		s.failErr(w, fmt.Errorf("%w: consistency %q must be \"strong\" or \"eventual\"", kv.ErrInvalidArgument, c))
		return
	}
	page, err := s.list(rq, q.Get("prefix"), q.Get("cursor"), limit, strong)
	if err != nil {
		if errors.Is(err, kv.ErrNotFound) {
			err = fmt.Errorf("%w: %v", kv.ErrInvalidArgument, err)
		}
		s.failErr(w, err)
		return
	}
	keys := page.Keys
	if keys == nil {
		keys = []string{}
	}
	writeJSON(w, http.StatusOK, fastlyList{Data: keys, Meta: fastlyMeta{Limit: limit, Prefix: q.Get("prefix"), NextCursor: page.Cursor}})
}
