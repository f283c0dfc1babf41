package kv

import (
	"errors"
	"testing"
)

func FuzzStoreCursor(f *testing.F) {
	f.Add("", "", "")
	f.Add("a/", "c1", "")
	f.Add("a/", "c1", wrapCursor("a/", "c1"))
	f.Add("b/", "x", wrapCursor("a/", "x"))
	f.Add("", "", "S0FBQUFBQUFBQQ")
	f.Add("p", "", "!!!")
	f.Fuzz(func(t *testing.T, prefix, backendCursor, token string) {
		if backendCursor != "" {
			got, err := unwrapCursor(prefix, wrapCursor(prefix, backendCursor))
			if err != nil || got != backendCursor {
				t.Fatalf("round trip of %q under %q: %q, %v", backendCursor, prefix, got, err)
			}
		}
		got, err := unwrapCursor(prefix, token)
		if err != nil {
			if !errors.Is(err, ErrInvalidArgument) {
				t.Fatalf("error %v does not wrap ErrInvalidArgument", err)
			}
			return
		}
		if token != "" && got == "" {
			t.Fatalf("token %q decoded to the first-page cursor", token)
		}
		if wrapCursor(prefix, got) != token {
			t.Fatalf("token %q accepted but is not canonical", token)
		}
	})
}
