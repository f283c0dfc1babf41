package kv_test

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kvchaos/kvchaos/kv"
)

func TestValidateKey(t *testing.T) {
	l := kv.DefaultLimits()
	valid := []string{"a", "user/42", "émoji-🙂", ".hidden", "...", "a.b", strings.Repeat("k", 512), "\uFFFD"}
	for _, k := range valid {
		assert.NoError(t, kv.ValidateKey(l, k), "key %q", k)
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
		err := kv.ValidateKey(l, k)
		require.ErrorIs(t, err, kv.ErrInvalidKey, "key %q", k)
		assert.Contains(t, err.Error(), reason, "key %q", k)
	}
}

func TestValidateKeyCustomLimitAndQuoting(t *testing.T) {
	l := kv.DefaultLimits()
	l.MaxKeyBytes = 1024
	assert.NoError(t, kv.ValidateKey(l, strings.Repeat("k", 1024)))
	err := kv.ValidateKey(l, strings.Repeat("k", 1025))
	require.ErrorIs(t, err, kv.ErrInvalidKey)
	// A long key is truncated in the message, with its size noted.
	assert.Contains(t, err.Error(), `"`+strings.Repeat("k", 64)+`"… (1025 bytes)`)
	assert.Less(t, len(err.Error()), 200)

	err = kv.ValidateKey(l, "bell\a")
	assert.Contains(t, err.Error(), `"bell\a"`, "control characters are escaped in the message")
}

func TestQuoteKeyTruncatesOnRuneBoundary(t *testing.T) {
	k := strings.Repeat("é", 40) // 80 bytes, two per rune
	q := kv.QuoteKey(k)
	assert.Equal(t, `"`+strings.Repeat("é", 32)+`"… (80 bytes)`, q)
}

func TestValidateValue(t *testing.T) {
	l := kv.DefaultLimits()
	assert.NoError(t, kv.ValidateValue(l, "k", 25<<20))
	err := kv.ValidateValue(l, "big", 25<<20+1)
	require.ErrorIs(t, err, kv.ErrValueTooLarge)
	assert.Contains(t, err.Error(), `"big"`)
}

func TestValidateTTL(t *testing.T) {
	l := kv.DefaultLimits()
	for _, d := range []time.Duration{0, time.Minute, time.Hour, 365 * 24 * time.Hour} {
		assert.NoError(t, kv.ValidateTTL(l, d), "ttl %v", d)
	}
	for _, d := range []time.Duration{-time.Second, time.Second, 59 * time.Second, 365*24*time.Hour + 1} {
		assert.ErrorIs(t, kv.ValidateTTL(l, d), kv.ErrInvalidTTL, "ttl %v", d)
	}
}

func TestValidatePageSizeAndPrefix(t *testing.T) {
	l := kv.DefaultLimits()
	assert.NoError(t, kv.ValidatePageSize(l, 1))
	assert.NoError(t, kv.ValidatePageSize(l, 1000))
	for _, n := range []int{-1, 0, 1001} {
		err := kv.ValidatePageSize(l, n)
		require.ErrorIs(t, err, kv.ErrInvalidArgument)
		assert.Contains(t, err.Error(), "page size")
	}
	assert.NoError(t, kv.ValidatePrefix(l, ""))
	assert.NoError(t, kv.ValidatePrefix(l, strings.Repeat("p", 512)))
	for _, p := range []string{strings.Repeat("p", 513), "a\nb", "\xff"} {
		err := kv.ValidatePrefix(l, p)
		require.ErrorIs(t, err, kv.ErrInvalidArgument, "prefix %q", p)
		assert.Contains(t, err.Error(), "prefix")
	}
}

func TestLimitsValidate(t *testing.T) {
	require.NoError(t, kv.DefaultLimits().Validate())
	cases := map[string]func(*kv.Limits){
		"MaxKeyBytes":    func(l *kv.Limits) { l.MaxKeyBytes = 0 },
		"MaxValueBytes":  func(l *kv.Limits) { l.MaxValueBytes = -1 },
		"MinTTL":         func(l *kv.Limits) { l.MinTTL = -1 },
		"MaxTTL":         func(l *kv.Limits) { l.MaxTTL = l.MinTTL - 1 },
		"MaxPageSize":    func(l *kv.Limits) { l.MaxPageSize = 0 },
		"MaxPrefixBytes": func(l *kv.Limits) { l.MaxPrefixBytes = -5 },
	}
	for field, mutate := range cases {
		l := kv.DefaultLimits()
		mutate(&l)
		err := l.Validate()
		require.ErrorIs(t, err, kv.ErrInvalidArgument, field)
		assert.Contains(t, err.Error(), "Limits."+field)
	}
}

func TestQuoteKeyBoundsEscapedKeys(t *testing.T) {
	q := kv.QuoteKey(strings.Repeat("\x00", 64))
	assert.LessOrEqual(t, len(q), 120)
	assert.Contains(t, q, "… (64 bytes)")
	assert.Equal(t, `"short"`, kv.QuoteKey("short"))
}
