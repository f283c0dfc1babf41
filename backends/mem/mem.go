package mem

import (
	"context"
	"fmt"
	"net/url"

	"github.com/kvchaos/kvchaos/backends"
	"github.com/kvchaos/kvchaos/kv"
)

func init() { backends.Register("mem", openURL) }

// openURL opens a new, empty in-memory store. A URL with a host, path or
// query parameters is rejected so that typos do not pass silently.
func openURL(_ context.Context, u *url.URL) (*backends.Store, error) {
	if u.Host != "" || (u.Path != "" && u.Path != "/") || u.RawQuery != "" {
		return nil, fmt.Errorf("store URL %q: mem:// takes no host, path or parameters besides prefix=", backends.Redact(u.String()))
	}
	return &backends.Store{Backend: kv.NewMemory()}, nil
}
