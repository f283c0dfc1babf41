package kv

import (
	"context"
	"encoding/base64"
	"fmt"
	"slices"
	"strings"
)

// Memory's cursors are base64url("m" + the last key returned). Listing
// resumes after that key, so keys deleted in between do not disturb it, and
// a cursor whose key lacks the prefix is rejected as not belonging to it.

const memCursorTag = 'm'

var memCursorEncoding = base64.RawURLEncoding.Strict()

func encodeMemCursor(lastKey string) string {
	return memCursorEncoding.EncodeToString(append([]byte{memCursorTag}, lastKey...))
}

func decodeMemCursor(prefix, cursor string) (string, error) {
	raw, err := memCursorEncoding.DecodeString(cursor)
	if err != nil || len(raw) == 0 || raw[0] != memCursorTag {
		return "", fmt.Errorf("%w: memory cursor %s is malformed", ErrInvalidArgument, QuoteKey(cursor))
	}
	last := string(raw[1:])
	if !strings.HasPrefix(last, prefix) {
		return "", fmt.Errorf("%w: memory cursor %s does not belong to prefix %s", ErrInvalidArgument, QuoteKey(cursor), QuoteKey(prefix))
	}
	return last, nil
}

// List returns up to limit live keys starting with prefix, in byte order,
// after cursor. A non-empty Cursor means more keys may follow.
func (m *Memory) List(ctx context.Context, prefix, cursor string, limit int) (Page, error) {
	if err := ctx.Err(); err != nil {
		return Page{}, err
	}
	if limit < 1 {
		return Page{}, fmt.Errorf("%w: page size %d must be at least 1", ErrInvalidArgument, limit)
	}
	start := prefix
	after := false
	if cursor != "" {
		last, err := decodeMemCursor(prefix, cursor)
		if err != nil {
			return Page{}, err
		}
		start, after = last, true
	}
	m.mu.RLock()
	defer m.mu.RUnlock()
	i, found := slices.BinarySearch(m.keys, start)
	if found && after {
		i++
	}
	var p Page
	for ; i < len(m.keys) && strings.HasPrefix(m.keys[i], prefix); i++ {
		k := m.keys[i]
		if !m.live(m.items[k]) {
			continue
		}
		if len(p.Keys) == limit {
			p.Cursor = encodeMemCursor(p.Keys[len(p.Keys)-1])
			break
		}
		p.Keys = append(p.Keys, k)
	}
	return p, nil
}
