package edgeclient

import (
	"encoding/json"
	"net/http"

	"github.com/kvchaos/kvchaos/edge"
	"github.com/kvchaos/kvchaos/internal/adapterkit"
	"github.com/kvchaos/kvchaos/internal/edgewire"
	"github.com/kvchaos/kvchaos/kv"
)

// Fail returns the error for a non-2xx answer resp to a request of the
// adapter's op: an *adapterkit.Error around the *edge.APIError parsed from
// the dialect's error body, of the kv sentinel kind its status and code
// mean (the table on edge.APIError). No text in it contains the token.
func (c *Client) Fail(op, method, key string, resp Response) error {
	ae := c.apiError(method, key, resp.Status, resp.Body)
	return adapterkit.Wrap(c.cfg.Store, op, key, kindOf(ae), ae)
}

// apiError parses an error answer of the client's dialect.
func (c *Client) apiError(method, key string, status int, body []byte) *edge.APIError {
	e := &edge.APIError{Dialect: c.cfg.Dialect, Op: method, Key: key, Status: status}
	parsed := false
	if c.cfg.Dialect == edge.Cloudflare {
		var env struct {
			Errors []struct {
				Code    int    `json:"code"`
				Message string `json:"message"`
			} `json:"errors"`
		}
		if json.Unmarshal(body, &env) == nil && len(env.Errors) > 0 {
			e.Code, e.Message, parsed = env.Errors[0].Code, c.Redact(env.Errors[0].Message), true
		}
	} else {
		var obj struct {
			Msg    string `json:"msg"`
			Detail string `json:"detail"`
		}
		if json.Unmarshal(body, &obj) == nil && (obj.Msg != "" || obj.Detail != "") {
			e.Message, e.Detail, parsed = c.Redact(obj.Msg), c.Redact(obj.Detail), true
		}
	}
	if !parsed && len(body) > 0 {
		e.Message = BodyText(body, c.Redact)
	}
	return e
}

// kindOf maps an API error to a kv sentinel (nil for none): the
// dialect's own codes and statuses first, then the statuses both APIs
// share (KindFor).
func kindOf(e *edge.APIError) error {
	switch {
	case e.Dialect == edge.Fastly && e.Status == http.StatusConflict:
		return kv.ErrConflict
	case e.Dialect != edge.Cloudflare:
	case e.Status == http.StatusNotFound:
		return kv.ErrNotFound
	case e.Status == http.StatusTooManyRequests:
		return kv.ErrRateLimited
	case e.Code == edgewire.CodeValueTooLarge:
		return kv.ErrValueTooLarge
	case e.Status == http.StatusRequestURITooLong || e.Code == edgewire.CodeInvalidKey:
		return kv.ErrInvalidKey
	case e.Code == edgewire.CodeInvalidTTL:
		return kv.ErrInvalidTTL
	}
	return KindFor(e.Status)
}
