package kvrule

import (
	"errors"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

func FuzzValidateKey(f *testing.F) {
	for _, s := range []string{"", ".", "..", "...", "a", "user/42", "a\x00b", "\x7f", "\u0085", "\xff", "\xe2\x82",
		"\uFFFD", "émoji🙂", strings.Repeat("k", 512), strings.Repeat("k", 513), strings.Repeat("é", 300)} {
		f.Add(s)
	}
	const maxKey = 512
	f.Fuzz(func(t *testing.T, key string) {
		err := ValidateKey(maxKey, key)
		valid := key != "" && len(key) <= maxKey && key != "." && key != ".." && utf8.ValidString(key) &&
			strings.IndexFunc(key, unicode.IsControl) < 0
		if valid != (err == nil) {
			t.Fatalf("ValidateKey(%q) = %v, want valid=%v", key, err, valid)
		}
		if err != nil {
			if !errors.Is(err, ErrInvalidKey) {
				t.Fatalf("error %v does not wrap ErrInvalidKey", err)
			}
			if len(err.Error()) > 300 || !utf8.ValidString(err.Error()) {
				t.Fatalf("unreadable error message %q", err.Error())
			}
		}
	})
}

func FuzzKeyCursor(f *testing.F) {
	f.Add("", "")
	f.Add("a", EncodeKeyCursor("a/1"))
	f.Add("b", EncodeKeyCursor("a/1"))
	f.Add("", "bQ")
	f.Add("", "%%")
	f.Fuzz(func(t *testing.T, prefix, cursor string) {
		last, err := DecodeKeyCursor(prefix, cursor)
		if cursor == "" {
			if err != nil || last != "" {
				t.Fatalf("empty cursor: %q, %v", last, err)
			}
			return
		}
		if err != nil {
			if !errors.Is(err, ErrInvalidArgument) {
				t.Fatalf("error %v does not wrap ErrInvalidArgument", err)
			}
			return
		}
		if !strings.HasPrefix(last, prefix) || EncodeKeyCursor(last) != cursor {
			t.Fatalf("cursor %q under prefix %q decoded to %q", cursor, prefix, last)
		}
	})
}
