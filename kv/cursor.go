package kv

import (
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"hash/fnv"
)

// A Store hands out listing cursors as tokens that bind the backend's cursor
// to the prefix it was issued for, whatever the backend:
//
//	base64url( tag 'K' | 8-byte FNV-64a hash of the prefix | backend cursor )
//
// Reusing a token with another prefix, or passing anything that is not a
// token, fails with ErrInvalidArgument instead of returning a wrong page.
// The hash guards against mistakes, not against forgery.

const (
	cursorTag    = 'K'
	cursorHeader = 1 + 8
)

var cursorEncoding = base64.RawURLEncoding.Strict()

func prefixHash(prefix string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(prefix))
	return h.Sum64()
}

// wrapCursor binds a backend cursor to prefix. The empty cursor (end of the
// listing) stays empty.
func wrapCursor(prefix, backendCursor string) string {
	if backendCursor == "" {
		return ""
	}
	buf := make([]byte, cursorHeader, cursorHeader+len(backendCursor))
	buf[0] = cursorTag
	binary.BigEndian.PutUint64(buf[1:], prefixHash(prefix))
	buf = append(buf, backendCursor...)
	return cursorEncoding.EncodeToString(buf)
}

// unwrapCursor returns the backend cursor inside token, checking that token
// was issued for prefix. "" decodes to "" (the first page).
func unwrapCursor(prefix, token string) (string, error) {
	if token == "" {
		return "", nil
	}
	raw, err := cursorEncoding.DecodeString(token)
	if err != nil || len(raw) <= cursorHeader || raw[0] != cursorTag {
		return "", fmt.Errorf("%w: cursor %s is malformed (not a cursor this Store issued)", ErrInvalidArgument, quoteKey(token))
	}
	if binary.BigEndian.Uint64(raw[1:cursorHeader]) != prefixHash(prefix) {
		return "", fmt.Errorf("%w: cursor %s was issued for a different prefix than %s", ErrInvalidArgument, quoteKey(token), quoteKey(prefix))
	}
	return string(raw[cursorHeader:]), nil
}
