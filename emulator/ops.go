package emulator

import (
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/kvchaos/kvchaos/edge"
	"github.com/kvchaos/kvchaos/history"
	"github.com/kvchaos/kvchaos/internal/edgewire"
	"github.com/kvchaos/kvchaos/internal/kvrule"
	"github.com/kvchaos/kvchaos/kv"
)

// getValue answers a read with the raw value, and for Fastly the
// generation header.
func (s *Server) getValue(w http.ResponseWriter, rq request, key string) {
	it, err := s.get(rq, key)
	if errors.Is(err, kv.ErrNotFound) {
		if s.cfg.Dialect == edge.Cloudflare {
			s.fail(w, http.StatusNotFound, codeNotFound, "get: 'key not found'")
		} else {
			s.fail(w, http.StatusNotFound, 0, "key not found: "+kvrule.QuoteKey(key))
		}
		return
	}
	if err != nil {
		s.failErr(w, err)
		return
	}
	if s.cfg.Dialect == edge.Fastly && it.Version != "" {
		w.Header().Set(generationHeader, string(it.Version))
	}
	w.Header().Set("Content-Type", "application/octet-stream")
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(it.Value)
}

// get validates key, reads it and records the read: a missing key as a
// read that found nothing, any other error as the failure it is. It
// returns the backend's error, kv.ErrNotFound included.
func (s *Server) get(rq request, key string) (kv.Item, error) {
	end := rq.begin(history.FuncGet, key, history.Input{})
	err := edgewire.ValidateKey(s.cfg.Dialect, key)
	var it kv.Item
	if err == nil {
		it, err = rq.b.Get(rq.ctx, key)
	}
	if errors.Is(err, kv.ErrNotFound) {
		end(history.Output{}, nil)
		return it, err
	}
	end(history.Output{Value: string(it.Value), Found: err == nil, Version: string(it.Version)}, err)
	return it, err
}

// put writes unconditionally after validating and rate limiting.
func (s *Server) put(rq request, key string, value []byte, ttl time.Duration) error {
	end := rq.begin(history.FuncPut, key, history.Input{Value: string(value), TTLMillis: ttl.Milliseconds()})
	err := s.checkWrite(rq, key, value)
	if err == nil {
		err = rq.b.Put(rq.ctx, key, value, kv.PutOptions{TTL: ttl})
	}
	end(history.Output{}, err)
	return err
}

// putIf writes only if the key's version is expected ("" = absent).
func (s *Server) putIf(rq request, key string, value []byte, expected kv.Version, ttl time.Duration) (kv.Version, error) {
	end := rq.begin(history.FuncCAS, key, history.Input{Value: string(value), Expected: string(expected), TTLMillis: ttl.Milliseconds()})
	err := s.checkWrite(rq, key, value)
	var v kv.Version
	if err == nil {
		cas, ok := rq.b.(kv.CAS)
		if !ok {
			err = fmt.Errorf("%w: the backend of region %q has no compare-and-set", kv.ErrUnsupported, rq.region)
		} else {
			v, err = cas.PutIf(rq.ctx, key, value, expected, kv.PutOptions{TTL: ttl})
		}
	}
	end(history.Output{Version: string(v)}, err)
	return v, err
}

// checkWrite validates a write's key and value and applies the write rate
// limit.
func (s *Server) checkWrite(rq request, key string, value []byte) error {
	if err := edgewire.ValidateKey(s.cfg.Dialect, key); err != nil {
		return err
	}
	if err := kvrule.ValidateValue(edgewire.Limits(s.cfg.Dialect).MaxValueBytes, key, len(value)); err != nil {
		return err
	}
	return rq.limiter.admit(key)
}

// deleteKey deletes key and calls done on success.
func (s *Server) deleteKey(w http.ResponseWriter, rq request, key string, done func()) {
	end := rq.begin(history.FuncDelete, key, history.Input{})
	err := edgewire.ValidateKey(s.cfg.Dialect, key)
	if err == nil {
		err = rq.limiter.admit(key)
	}
	if err == nil {
		err = rq.b.Delete(rq.ctx, key)
	}
	end(history.Output{}, err)
	if err != nil {
		s.failErr(w, err)
		return
	}
	done()
}
