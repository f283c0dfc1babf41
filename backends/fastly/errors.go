package fastly

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"

	"github.com/kvchaos/kvchaos/internal/edgeclient"
	"github.com/kvchaos/kvchaos/internal/kvrule"
	"github.com/kvchaos/kvchaos/kv"
)

// APIError is an error answer of the KV Store API. The adapter returns it
// inside an *adapterkit.Error whose kind is the kv sentinel the status
// means, so both errors.Is(err, kv.ErrX) and errors.As(err, &apiErr) work:
//
//	404        kv.ErrNotFound
//	409, 412   kv.ErrConflict (the generation did not match)
//	413        kv.ErrValueTooLarge
//	429        kv.ErrRateLimited
//	400        kv.ErrInvalidArgument
//	501        kv.ErrUnsupported
//	5xx        kv.ErrUnavailable (a write's outcome is unknown)
//	401, 403 and the rest: no sentinel
type APIError struct {
	// Op is the HTTP method and Key the key (or listing prefix) concerned.
	Op, Key string
	// Status is the HTTP status code.
	Status int
	// Message is the body's "msg" and Detail its "detail" (or the start of
	// a body that is not Fastly's error object).
	Message, Detail string
}

// Error describes the failure without any credential.
func (e *APIError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "fastly: %s %s: HTTP %d", e.Op, kvrule.QuoteKey(e.Key), e.Status)
	for _, s := range []string{e.Message, e.Detail} {
		if s != "" {
			b.WriteString(": " + s)
		}
	}
	return b.String()
}

// apiError builds the APIError for a non-2xx answer; redact removes the
// token from any text the server sent back.
func apiError(op, key string, status int, body []byte, redact func(string) string) *APIError {
	e := &APIError{Op: op, Key: key, Status: status}
	var obj struct {
		Msg    string `json:"msg"`
		Detail string `json:"detail"`
	}
	if json.Unmarshal(body, &obj) == nil && (obj.Msg != "" || obj.Detail != "") {
		e.Message, e.Detail = redact(obj.Msg), redact(obj.Detail)
	} else if len(body) > 0 {
		e.Message = edgeclient.BodyText(body, redact)
	}
	return e
}

// kindFor maps a status to a kv sentinel (nil for none): the statuses
// both edge APIs share, and 409 as a conflict.
func kindFor(status int) error {
	if status == http.StatusConflict {
		return kv.ErrConflict
	}
	return edgeclient.KindFor(status)
}
