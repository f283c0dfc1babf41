package kvrule

import (
	"encoding/base64"
	"fmt"
	"strings"
)

// Key cursors serve backends whose listing is ordered by key (kv.NewMemory,
// and adapters that list a sorted index): the cursor is base64url("k" + the
// last key returned), and listing resumes strictly after that key, so keys
// written or deleted between pages never cause a duplicate or a skip of a
// surviving key.

const keyCursorTag = 'k'

var keyCursorEncoding = base64.RawURLEncoding.Strict()

// EncodeKeyCursor returns the cursor that continues a listing after lastKey.
func EncodeKeyCursor(lastKey string) string {
	return keyCursorEncoding.EncodeToString(append([]byte{keyCursorTag}, lastKey...))
}

// DecodeKeyCursor returns the key a listing of prefix resumes after, or ""
// for the empty cursor (the first page). A malformed cursor, or one whose
// key does not start with prefix, is an error wrapping ErrInvalidArgument.
func DecodeKeyCursor(prefix, cursor string) (string, error) {
	if cursor == "" {
		return "", nil
	}
	raw, err := keyCursorEncoding.DecodeString(cursor)
	if err != nil || len(raw) == 0 || raw[0] != keyCursorTag {
		return "", fmt.Errorf("%w: cursor %s is malformed", ErrInvalidArgument, QuoteKey(cursor))
	}
	last := string(raw[1:])
	if !strings.HasPrefix(last, prefix) {
		return "", fmt.Errorf("%w: cursor %s does not belong to prefix %s", ErrInvalidArgument, QuoteKey(cursor), QuoteKey(prefix))
	}
	return last, nil
}
