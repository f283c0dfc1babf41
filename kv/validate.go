package kv

import (
	"time"

	"github.com/kvchaos/kvchaos/internal/kvrule"
)

// The rules a Store checks every call by live in internal/kvrule, shared
// with the edge dialects, the emulator and the adapters; these apply them
// with a Store's Limits.

func quoteKey(key string) string { return kvrule.QuoteKey(key) }

func validateKey(l Limits, key string) error { return kvrule.ValidateKey(l.MaxKeyBytes, key) }

func validateValue(l Limits, key string, size int) error {
	return kvrule.ValidateValue(l.MaxValueBytes, key, size)
}

func validateTTL(l Limits, ttl time.Duration) error {
	return kvrule.ValidateTTL(l.MinTTL, l.MaxTTL, ttl)
}

func validatePageSize(l Limits, limit int) error {
	return kvrule.ValidatePageSize(l.MaxPageSize, limit)
}

func validatePrefix(l Limits, prefix string) error {
	return kvrule.ValidatePrefix(l.MaxPrefixBytes, prefix)
}
