package cloudflare

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"

	"github.com/kvchaos/kvchaos/edge"
	"github.com/kvchaos/kvchaos/internal/edgeclient"
	"github.com/kvchaos/kvchaos/internal/kvrule"
	"github.com/kvchaos/kvchaos/kv"
)

// APIError is an error answer of the Workers KV API. The adapter returns
// it inside an *adapterkit.Error whose kind is the kv sentinel the status
// and code mean, so both errors.Is(err, kv.ErrX) and errors.As(err,
// &apiErr) work:
//
//	404 (code 10009)             kv.ErrNotFound
//	429                          kv.ErrRateLimited
//	413, 400 with code 10011     kv.ErrValueTooLarge
//	414, 400 with code 10019     kv.ErrInvalidKey
//	400 with code 10033          kv.ErrInvalidTTL
//	other 400s                   kv.ErrInvalidArgument
//	412                          kv.ErrConflict
//	501                          kv.ErrUnsupported
//	5xx                          kv.ErrUnavailable (a write's outcome is unknown)
//	401, 403 and the rest        no sentinel
type APIError struct {
	// Op is the HTTP method and Key the key (or listing prefix) concerned.
	Op, Key string
	// Status is the HTTP status code.
	Status int
	// Code and Message are the first entry of the envelope's errors (Code
	// 0 when the body was not an envelope).
	Code    int
	Message string
}

// Error describes the failure without any credential.
func (e *APIError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "cloudflare: %s %s: HTTP %d", e.Op, kvrule.QuoteKey(e.Key), e.Status)
	if e.Code != 0 {
		fmt.Fprintf(&b, " (code %d)", e.Code)
	}
	if e.Message != "" {
		b.WriteString(": " + e.Message)
	}
	return b.String()
}

// envelope is the part of Cloudflare's response envelope errors need.
type envelope struct {
	Success bool `json:"success"`
	Errors  []struct {
		Code    int    `json:"code"`
		Message string `json:"message"`
	} `json:"errors"`
}

// apiError builds the APIError for a non-2xx answer; redact removes the
// token from any text the server sent back.
func apiError(op, key string, status int, body []byte, redact func(string) string) *APIError {
	e := &APIError{Op: op, Key: key, Status: status}
	var env envelope
	if json.Unmarshal(body, &env) == nil && len(env.Errors) > 0 {
		e.Code, e.Message = env.Errors[0].Code, redact(env.Errors[0].Message)
	} else if len(body) > 0 {
		e.Message = edgeclient.BodyText(body, redact)
	}
	return e
}

// kindFor maps a status and code to a kv sentinel (nil for none):
// Workers KV's error codes first, then the statuses both edge APIs share.
func kindFor(status, code int) error {
	switch {
	case status == http.StatusNotFound:
		return kv.ErrNotFound
	case status == http.StatusTooManyRequests:
		return kv.ErrRateLimited
	case code == edge.CodeValueTooLarge:
		return kv.ErrValueTooLarge
	case status == http.StatusRequestURITooLong || code == edge.CodeInvalidKey:
		return kv.ErrInvalidKey
	case code == edge.CodeInvalidTTL:
		return kv.ErrInvalidTTL
	}
	return edgeclient.KindFor(status)
}
