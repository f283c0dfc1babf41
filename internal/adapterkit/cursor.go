package adapterkit

import "github.com/kvchaos/kvchaos/internal/kvrule"

// Adapters whose listing is ordered by key (redis, etcd, nats, postgres)
// use key cursors, as kv.NewMemory does: EncodeCursor(lastKey) continues a
// listing strictly after the last key returned, so keys written or
// deleted between pages never cause a duplicate, and DecodeCursor reads it
// back. Both are the one key-cursor codec in internal/kvrule.

// EncodeCursor returns the cursor that continues a listing after lastKey.
func EncodeCursor(lastKey string) string { return kvrule.EncodeKeyCursor(lastKey) }

// DecodeCursor decodes a key cursor, with a bad cursor reported the way an
// adapter reports every failure: as an *Error naming the store, the list
// call and the prefix, which still matches kv.ErrInvalidArgument. It
// returns "" for the first page.
func DecodeCursor(store, prefix, cursor string) (string, error) {
	last, err := kvrule.DecodeKeyCursor(prefix, cursor)
	if err != nil {
		// The rule's error already carries the sentinel; Kind stays nil so
		// the text does not repeat it.
		return "", Wrap(store, "list", prefix, nil, err)
	}
	return last, nil
}

// ListStart checks a List call's page size and decodes its cursor: it
// returns the key the page starts after ("" for the first page), or the
// error the adapter returns as is.
func ListStart(store, prefix, cursor string, limit int) (after string, err error) {
	if err := CheckLimit(store, prefix, limit); err != nil {
		return "", err
	}
	return DecodeCursor(store, prefix, cursor)
}
