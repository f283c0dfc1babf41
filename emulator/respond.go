package emulator

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"

	"github.com/kvchaos/kvchaos/edge"
	"github.com/kvchaos/kvchaos/internal/edgewire"
	"github.com/kvchaos/kvchaos/kv"
)

// Cloudflare error codes the emulator answers. 10009 (key not found) is the
// documented one; the others are the emulator's choice (see
// docs/edge-stores.md), stable so clients can tell errors apart.
const (
	codeAuth        = 10000
	codeNotFound    = edgewire.CodeNotFound
	codeBadRequest  = 10001
	codeInvalidKey  = edgewire.CodeInvalidKey
	codeTooLarge    = edgewire.CodeValueTooLarge
	codeInvalidTTL  = edgewire.CodeInvalidTTL
	codeBadLimit    = 10026
	codeRateLimited = 10048
	codeUnavailable = 10043
	codeConflict    = 10045
	codeUnsupported = 10046
	codeInternal    = 10002
	codeNoRoute     = 7003
)

// cfMessage is one entry of a Cloudflare envelope's errors or messages.
type cfMessage struct {
	Code    int    `json:"code"`
	Message string `json:"message"`
}

// cfEnvelope is Cloudflare's response envelope.
type cfEnvelope struct {
	Success    bool        `json:"success"`
	Errors     []cfMessage `json:"errors"`
	Messages   []cfMessage `json:"messages"`
	Result     any         `json:"result"`
	ResultInfo any         `json:"result_info,omitempty"`
}

// fastlyError is the Fastly API's error body.
type fastlyError struct {
	Msg    string `json:"msg"`
	Detail string `json:"detail,omitempty"`
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// ok writes a successful Cloudflare envelope.
func cfOK(w http.ResponseWriter, result, info any) {
	writeJSON(w, http.StatusOK, cfEnvelope{Success: true, Errors: []cfMessage{}, Messages: []cfMessage{}, Result: result, ResultInfo: info})
}

// fail writes an error in the server's dialect.
func (s *Server) fail(w http.ResponseWriter, status, code int, msg string) {
	if s.cfg.Dialect == edge.Cloudflare {
		writeJSON(w, status, cfEnvelope{Errors: []cfMessage{{Code: code, Message: msg}}, Messages: []cfMessage{}})
		return
	}
	writeJSON(w, status, fastlyError{Msg: http.StatusText(status), Detail: msg})
}

// failErr writes the response for a backend error.
func (s *Server) failErr(w http.ResponseWriter, err error) {
	status, code := classify(err)
	if s.cfg.Dialect == edge.Cloudflare && code == codeRateLimited {
		// Cloudflare's own words for its one-write-per-second-per-key limit.
		s.fail(w, status, code, "KV PUT failed: 429 Too Many Requests")
		return
	}
	s.fail(w, status, code, err.Error())
}

// classify maps a backend error to an HTTP status and Cloudflare code.
func classify(err error) (status, code int) {
	switch {
	case errors.Is(err, kv.ErrNotFound):
		return http.StatusNotFound, codeNotFound
	case errors.Is(err, kv.ErrConflict):
		return http.StatusPreconditionFailed, codeConflict
	case errors.Is(err, kv.ErrInvalidKey):
		return http.StatusBadRequest, codeInvalidKey
	case errors.Is(err, kv.ErrValueTooLarge):
		return http.StatusRequestEntityTooLarge, codeTooLarge
	case errors.Is(err, kv.ErrInvalidTTL):
		return http.StatusBadRequest, codeInvalidTTL
	case errors.Is(err, kv.ErrInvalidArgument):
		return http.StatusBadRequest, codeBadRequest
	case errors.Is(err, kv.ErrRateLimited):
		return http.StatusTooManyRequests, codeRateLimited
	case errors.Is(err, kv.ErrUnsupported):
		return http.StatusNotImplemented, codeUnsupported
	case errors.Is(err, kv.ErrUnavailable), errors.Is(err, context.DeadlineExceeded), errors.Is(err, context.Canceled):
		return http.StatusServiceUnavailable, codeUnavailable
	}
	return http.StatusInternalServerError, codeInternal
}

func pathUnescape(s string) (string, error) { return url.PathUnescape(s) }
