package kvrule

import (
	"fmt"
	"strconv"
	"time"
	"unicode"
	"unicode/utf8"
)

// maxQuotedKey is how many bytes of an offending key an error message shows;
// maxQuoted bounds the quoted text, since escapes take up to ten bytes each.
const (
	maxQuotedKey = 64
	maxQuoted    = 100
)

// QuoteKey returns key quoted for an error message, truncated to a readable
// length with its full size noted. Control characters and invalid UTF-8 are
// escaped, so the result is always printable.
func QuoteKey(key string) string {
	cut := min(len(key), maxQuotedKey)
	for {
		for cut > 0 && cut < len(key) && !utf8.RuneStart(key[cut]) {
			cut--
		}
		q := strconv.Quote(key[:cut])
		if len(q) <= maxQuoted || cut == 0 {
			if cut == len(key) {
				return q
			}
			return fmt.Sprintf("%s… (%d bytes)", q, len(key))
		}
		cut = cut * 3 / 4
	}
}

// ValidateKey checks key: 1..maxBytes bytes, valid UTF-8, not "." or "..",
// no control characters. The error wraps ErrInvalidKey and quotes the key.
func ValidateKey(maxBytes int, key string) error {
	if err := RequireKey(key); err != nil {
		return err
	}
	if len(key) > maxBytes {
		return fmt.Errorf("%w %s: %d bytes, longer than the %d-byte limit", ErrInvalidKey, QuoteKey(key), len(key), maxBytes)
	}
	if key == "." || key == ".." {
		return fmt.Errorf("%w %q: \".\" and \"..\" are reserved", ErrInvalidKey, key)
	}
	if reason := badText(key); reason != "" {
		return fmt.Errorf("%w %s: %s", ErrInvalidKey, QuoteKey(key), reason)
	}
	return nil
}

// RequireKey rejects the empty key, the one key rule every store shares
// (adapters whose stores take any other key apply only this one). The
// error wraps ErrInvalidKey.
func RequireKey(key string) error {
	if key == "" {
		return fmt.Errorf("%w %q: empty", ErrInvalidKey, key)
	}
	return nil
}

// badText describes why s is not acceptable key text (invalid UTF-8 or a
// control character), or returns "" when it is.
func badText(s string) string {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c < 0x20 || c == 0x7f {
				return fmt.Sprintf("control character %U at byte %d", rune(c), i)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			return fmt.Sprintf("invalid UTF-8 at byte %d", i)
		}
		if unicode.IsControl(r) {
			return fmt.Sprintf("control character %U at byte %d", r, i)
		}
		i += size
	}
	return ""
}

// ValidateValue checks that a value of size bytes for key is at most
// maxBytes. The error wraps ErrValueTooLarge and names the key.
func ValidateValue(maxBytes int, key string, size int) error {
	if size > maxBytes {
		return fmt.Errorf("%w: key %s: %d bytes, limit %d", ErrValueTooLarge, QuoteKey(key), size, maxBytes)
	}
	return nil
}

// ValidateTTL checks ttl: 0 (no expiry) or minTTL..maxTTL. The error wraps
// ErrInvalidTTL.
func ValidateTTL(minTTL, maxTTL, ttl time.Duration) error {
	if ttl == 0 {
		return nil
	}
	if ttl < minTTL || ttl > maxTTL {
		return fmt.Errorf("%w: %v is outside %v..%v (use 0 for no expiry)", ErrInvalidTTL, ttl, minTTL, maxTTL)
	}
	return nil
}

// ValidatePageSize checks a listing page size: 1..maxPage. The error wraps
// ErrInvalidArgument.
func ValidatePageSize(maxPage, limit int) error {
	if limit < 1 || limit > maxPage {
		return fmt.Errorf("%w: page size %d is outside 1..%d", ErrInvalidArgument, limit, maxPage)
	}
	return nil
}

// ValidatePrefix checks a listing prefix: at most maxBytes, valid UTF-8, no
// control characters ("" lists every key). The error wraps
// ErrInvalidArgument and quotes the prefix.
func ValidatePrefix(maxBytes int, prefix string) error {
	if len(prefix) > maxBytes {
		return fmt.Errorf("%w: prefix %s: %d bytes, longer than the %d-byte limit", ErrInvalidArgument, QuoteKey(prefix), len(prefix), maxBytes)
	}
	if reason := badText(prefix); reason != "" {
		return fmt.Errorf("%w: prefix %s: %s", ErrInvalidArgument, QuoteKey(prefix), reason)
	}
	return nil
}
