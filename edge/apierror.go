package edge

import (
	"fmt"
	"strings"

	"github.com/kvchaos/kvchaos/internal/kvrule"
)

// APIError is an error answer of an edge store's REST API (or of the
// emulator speaking it). The adapters (backends/cloudflare,
// backends/fastly) return it inside an error whose kind is the kv sentinel
// the status and code mean, so both errors.Is(err, kv.ErrX) and
// errors.As(err, &apiErr) work:
//
//	404 (Cloudflare code 10009)            kv.ErrNotFound
//	412; 409 on Fastly                     kv.ErrConflict (the version did not match)
//	413; 400 with Cloudflare code 10011    kv.ErrValueTooLarge
//	414; 400 with Cloudflare code 10019    kv.ErrInvalidKey
//	400 with Cloudflare code 10033         kv.ErrInvalidTTL
//	other 400s                             kv.ErrInvalidArgument
//	429                                    kv.ErrRateLimited
//	501                                    kv.ErrUnsupported
//	5xx                                    kv.ErrUnavailable (a write's outcome is unknown)
//	401, 403 and the rest                  no sentinel
type APIError struct {
	// Dialect is the API that answered.
	Dialect Dialect
	// Op is the HTTP method and Key the key (or listing prefix) concerned.
	Op, Key string
	// Status is the HTTP status code.
	Status int
	// Code is the first error code of a Cloudflare envelope (0 on Fastly,
	// and when the body was not an envelope).
	Code int
	// Message is the first error message of a Cloudflare envelope or
	// Fastly's "msg"; Detail is Fastly's "detail". A body that is neither
	// is quoted, shortened, in Message.
	Message, Detail string
}

// Error describes the failure without any credential.
func (e *APIError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %s %s: HTTP %d", e.Dialect, e.Op, kvrule.QuoteKey(e.Key), e.Status)
	if e.Code != 0 {
		fmt.Fprintf(&b, " (code %d)", e.Code)
	}
	for _, s := range []string{e.Message, e.Detail} {
		if s != "" {
			b.WriteString(": " + s)
		}
	}
	return b.String()
}
