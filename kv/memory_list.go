package kv

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/kvchaos/kvchaos/internal/kvrule"
)

// List returns up to limit live keys starting with prefix, in byte order,
// after cursor. A non-empty Cursor means more keys follow; cursors are
// EncodeKeyCursor tokens, so deleting keys between pages is harmless.
func (m *memory) List(ctx context.Context, prefix, cursor string, limit int) (Page, error) {
	if err := ctx.Err(); err != nil {
		return Page{}, err
	}
	if limit < 1 {
		return Page{}, fmt.Errorf("%w: page size %d must be at least 1", ErrInvalidArgument, limit)
	}
	start := prefix
	after := false
	if cursor != "" {
		last, err := kvrule.DecodeKeyCursor(prefix, cursor)
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
			p.Cursor = kvrule.EncodeKeyCursor(p.Keys[len(p.Keys)-1])
			break
		}
		p.Keys = append(p.Keys, k)
	}
	return p, nil
}
