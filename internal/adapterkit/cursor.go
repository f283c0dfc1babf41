package adapterkit

import (
	"encoding/base64"
	"fmt"
	"strings"

	"github.com/kvchaos/kvchaos/kv"
)

// Adapter cursors are base64url("c" + the last key returned): listing
// resumes strictly after that key, so keys written or deleted in between
// never cause a duplicate, and a cursor that does not belong to the listed
// prefix is rejected.

const cursorTag = 'c'

var cursorEncoding = base64.RawURLEncoding.Strict()

// EncodeCursor returns the cursor continuing after lastKey.
func EncodeCursor(lastKey string) string {
	return cursorEncoding.EncodeToString(append([]byte{cursorTag}, lastKey...))
}

// DecodeCursor returns the key a listing of prefix resumes after, "" for
// the first page, or an error wrapping kv.ErrInvalidArgument.
func DecodeCursor(store, prefix, cursor string) (string, error) {
	if cursor == "" {
		return "", nil
	}
	raw, err := cursorEncoding.DecodeString(cursor)
	if err != nil || len(raw) < 2 || raw[0] != cursorTag {
		return "", Wrap(store, "list", prefix, kv.ErrInvalidArgument, fmt.Errorf("cursor %q is malformed", cursor))
	}
	last := string(raw[1:])
	if !strings.HasPrefix(last, prefix) {
		return "", Wrap(store, "list", prefix, kv.ErrInvalidArgument,
			fmt.Errorf("cursor %q does not belong to prefix %q", cursor, prefix))
	}
	return last, nil
}
