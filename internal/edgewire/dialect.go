package edgewire

import (
	"fmt"
	"strings"

	"github.com/kvchaos/kvchaos/edge"
	"github.com/kvchaos/kvchaos/internal/kvrule"
	"github.com/kvchaos/kvchaos/kv"
)

// Limits returns the limits a dialect enforces: Cloudflare's are
// kv.DefaultLimits; Fastly allows 1024-byte keys.
func Limits(d edge.Dialect) kv.Limits {
	l := kv.DefaultLimits()
	if d == edge.Fastly {
		l.MaxKeyBytes = 1024
	}
	return l
}

// fastlyForbidden are the characters a Fastly key may not contain.
const fastlyForbidden = "#;?^|\n\r"

// fastlyReserved is the prefix Fastly reserves.
const fastlyReserved = ".well-known/acme-challenge/"

// ValidateKey checks key against the dialect's rules: the key rules a
// kv.Store applies, with the dialect's key length limit, and for Fastly none of the characters "#;?^|" and
// not under ".well-known/acme-challenge/". The error wraps kv.ErrInvalidKey.
func ValidateKey(d edge.Dialect, key string) error {
	if err := kvrule.ValidateKey(Limits(d).MaxKeyBytes, key); err != nil {
		return err
	}
	if d != edge.Fastly {
		return nil
	}
	if i := strings.IndexAny(key, fastlyForbidden); i >= 0 {
		return fmt.Errorf("%w %s: character %q is not allowed", kv.ErrInvalidKey, kvrule.QuoteKey(key), key[i])
	}
	if strings.HasPrefix(key, fastlyReserved) {
		return fmt.Errorf("%w %s: the prefix %q is reserved", kv.ErrInvalidKey, kvrule.QuoteKey(key), fastlyReserved)
	}
	return nil
}
