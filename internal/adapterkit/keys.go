package adapterkit

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/kvchaos/kvchaos/internal/kvrule"
	"github.com/kvchaos/kvchaos/kv"
)

// CheckKey rejects the empty key, which no adapter can store
// (kvrule.RequireKey, the first of the key rules a kv.Store applies).
func CheckKey(store, op, key string) error {
	if err := kvrule.RequireKey(key); err != nil {
		// The rule's error carries the sentinel; Kind stays nil so the
		// text does not repeat it.
		return Wrap(store, op, key, nil, err)
	}
	return nil
}

// CheckLimit rejects a list page size below 1.
func CheckLimit(store, prefix string, limit int) error {
	if limit < 1 {
		return Wrap(store, "list", prefix, kv.ErrInvalidArgument, fmt.Errorf("limit %d: must be at least 1", limit))
	}
	return nil
}

// CheckTTL rejects a negative TTL.
func CheckTTL(store, op, key string, o kv.PutOptions) error {
	if o.TTL < 0 {
		return Wrap(store, op, key, kv.ErrInvalidTTL, fmt.Errorf("ttl %v is negative", o.TTL))
	}
	return nil
}

// Prefix is the key prefix a store URL's prefix= parameter sets: keys are
// stored under it and it is stripped again when listing.
type Prefix string

// Add returns the stored form of key.
func (p Prefix) Add(key string) string { return string(p) + key }

// Strip returns the user's key for a stored key, and false when the stored
// key is not under the prefix.
func (p Prefix) Strip(stored string) (string, bool) {
	return strings.CutPrefix(stored, string(p))
}

// ByteSuccessor returns the smallest string greater than every string with
// the given prefix in byte order, and false when there is none (the prefix
// is empty or all 0xff bytes).
func ByteSuccessor(prefix string) (string, bool) {
	b := []byte(prefix)
	for i := len(b) - 1; i >= 0; i-- {
		if b[i] < 0xff {
			b[i]++
			return string(b[:i+1]), true
		}
	}
	return "", false
}

// RuneSuccessor is ByteSuccessor for stores whose keys must be valid UTF-8:
// it increments the last code point (skipping surrogates), which in UTF-8
// byte order bounds every string with the prefix.
func RuneSuccessor(prefix string) (string, bool) {
	for prefix != "" {
		r, size := utf8.DecodeLastRuneInString(prefix)
		prefix = prefix[:len(prefix)-size]
		if r == utf8.RuneError && size <= 1 {
			continue
		}
		next := r + 1
		if next == 0xD800 {
			next = 0xE000
		}
		if next <= utf8.MaxRune {
			return prefix + string(next), true
		}
	}
	return "", false
}
