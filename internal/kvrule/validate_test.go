package kvrule_test

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kvchaos/kvchaos/internal/kvrule"
	"github.com/kvchaos/kvchaos/kv"
)

func TestValidateKey(t *testing.T) {
	l := kv.DefaultLimits()
	valid := []string{"a", "user/42", "émoji-🙂", ".hidden", "...", "a.b", strings.Repeat("k", 512), "\uFFFD"}
	for _, k := range valid {
		assert.NoError(t, kvrule.ValidateKey(l.MaxKeyBytes, k), "key %q", k)
	}
	invalid := map[string]string{
		"":                       "empty",
		".":                      "reserved",
		"..":                     "reserved",
		strings.Repeat("k", 513): "longer than the 512-byte limit",
		"a\x00b":                 "control character U+0000 at byte 1",
		"tab\there":              "control character U+0009",
		"nl\n":                   "control character U+000A",
		"del\x7f":                "control character U+007F",
		"c1\u0085":               "control character U+0085",
		"bad\xffutf8":            "invalid UTF-8 at byte 3",
		"trunc\xe2\x82":          "invalid UTF-8 at byte 5",
	}
	for k, reason := range invalid {
		err := kvrule.ValidateKey(l.MaxKeyBytes, k)
		require.ErrorIs(t, err, kv.ErrInvalidKey, "key %q", k)
		assert.Contains(t, err.Error(), reason, "key %q", k)
	}
}

func TestValidateKeyCustomLimitAndQuoting(t *testing.T) {
	l := kv.DefaultLimits()
	l.MaxKeyBytes = 1024
	assert.NoError(t, kvrule.ValidateKey(l.MaxKeyBytes, strings.Repeat("k", 1024)))
	err := kvrule.ValidateKey(l.MaxKeyBytes, strings.Repeat("k", 1025))
	require.ErrorIs(t, err, kv.ErrInvalidKey)
	// A long key is truncated in the message, with its size noted.
	assert.Contains(t, err.Error(), `"`+strings.Repeat("k", 64)+`"… (1025 bytes)`)
	assert.Less(t, len(err.Error()), 200)

	err = kvrule.ValidateKey(l.MaxKeyBytes, "bell\a")
	assert.Contains(t, err.Error(), `"bell\a"`, "control characters are escaped in the message")
}

func TestQuoteKeyTruncatesOnRuneBoundary(t *testing.T) {
	k := strings.Repeat("é", 40) // 80 bytes, two per rune
	q := kvrule.QuoteKey(k)
	assert.Equal(t, `"`+strings.Repeat("é", 32)+`"… (80 bytes)`, q)
}

func TestValidateValue(t *testing.T) {
	l := kv.DefaultLimits()
	assert.NoError(t, kvrule.ValidateValue(l.MaxValueBytes, "k", 25<<20))
	err := kvrule.ValidateValue(l.MaxValueBytes, "big", 25<<20+1)
	require.ErrorIs(t, err, kv.ErrValueTooLarge)
	assert.Contains(t, err.Error(), `"big"`)
}

func TestValidateTTL(t *testing.T) {
	l := kv.DefaultLimits()
	for _, d := range []time.Duration{0, time.Minute, time.Hour, 365 * 24 * time.Hour} {
		assert.NoError(t, kvrule.ValidateTTL(l.MinTTL, l.MaxTTL, d), "ttl %v", d)
	}
	for _, d := range []time.Duration{-time.Second, time.Second, 59 * time.Second, 365*24*time.Hour + 1} {
		assert.ErrorIs(t, kvrule.ValidateTTL(l.MinTTL, l.MaxTTL, d), kv.ErrInvalidTTL, "ttl %v", d)
	}
}

func TestValidatePageSizeAndPrefix(t *testing.T) {
	l := kv.DefaultLimits()
	assert.NoError(t, kvrule.ValidatePageSize(l.MaxPageSize, 1))
	assert.NoError(t, kvrule.ValidatePageSize(l.MaxPageSize, 1000))
	for _, n := range []int{-1, 0, 1001} {
		err := kvrule.ValidatePageSize(l.MaxPageSize, n)
		require.ErrorIs(t, err, kv.ErrInvalidArgument)
		assert.Contains(t, err.Error(), "page size")
	}
	assert.NoError(t, kvrule.ValidatePrefix(l.MaxPrefixBytes, ""))
	assert.NoError(t, kvrule.ValidatePrefix(l.MaxPrefixBytes, strings.Repeat("p", 512)))
	for _, p := range []string{strings.Repeat("p", 513), "a\nb", "\xff"} {
		err := kvrule.ValidatePrefix(l.MaxPrefixBytes, p)
		require.ErrorIs(t, err, kv.ErrInvalidArgument, "prefix %q", p)
		assert.Contains(t, err.Error(), "prefix")
	}
}

func TestQuoteKeyBoundsEscapedKeys(t *testing.T) {
	q := kvrule.QuoteKey(strings.Repeat("\x00", 64))
	assert.LessOrEqual(t, len(q), 120)
	assert.Contains(t, q, "… (64 bytes)")
	assert.Equal(t, `"short"`, kvrule.QuoteKey("short"))
}

func TestRequireKeyIsTheEmptyKeyRule(t *testing.T) {
	require.NoError(t, kvrule.RequireKey("."), "only emptiness: the other rules are ValidateKey's")
	err := kvrule.RequireKey("")
	require.ErrorIs(t, err, kv.ErrInvalidKey)
	assert.Equal(t, err.Error(), kvrule.ValidateKey(512, "").Error(), "one text for one rule")
}
