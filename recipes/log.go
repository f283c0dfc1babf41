package recipes

import (
	"context"
	"fmt"

	"github.com/kvchaos/kvchaos/kv"
)

// Log is an append-only log kept as a key per entry under a prefix:
// appending is a blind write of a new key, never a read-modify-write of a
// shared list, so concurrent appends from every region all survive. The
// entry's id orders the log (listings are in key order): use a sortable
// unique id such as a timestamp followed by the writer's name. Appending
// again with the same id (a retry) overwrites the same entry: idempotent.
type Log[T any] struct {
	store  *kv.Store[T]
	prefix string
}

// NewLog returns the log kept under prefix on b.
func NewLog[T any](b kv.Backend, prefix string) *Log[T] {
	return &Log[T]{store: kv.NewStore[T](b), prefix: prefix}
}

// Append writes entry v under id.
func (l *Log[T]) Append(ctx context.Context, id string, v T) error {
	if id == "" {
		return fmt.Errorf("recipes: Log.Append: empty id")
	}
	return l.store.Put(ctx, l.prefix+id, v)
}

// Entries returns the log's entries in id order, skipping entries that
// disappeared between the listing and the read.
func (l *Log[T]) Entries(ctx context.Context) ([]T, error) {
	var out []T
	for key, err := range l.store.Keys(ctx, l.prefix) {
		if err != nil {
			return nil, err
		}
		v, ok, err := l.store.Get(ctx, key)
		if err != nil {
			return nil, fmt.Errorf("recipes: reading %q: %w", key, err)
		}
		if ok {
			out = append(out, v)
		}
	}
	return out, nil
}
