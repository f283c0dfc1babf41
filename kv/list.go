package kv

import (
	"context"
	"fmt"
	"iter"
)

// ListKeysPage returns one page of up to limit keys starting with prefix.
// cursor is "" for the first page, else the Cursor of the previous page
// obtained with the same prefix; the returned Cursor is "" after the last
// page. A page may be empty yet carry a cursor: keep following it.
//
// Cursors are tokens bound to their prefix for every backend: a cursor used
// with another prefix, or a malformed one, fails with ErrInvalidArgument.
func (s *Store[T]) ListKeysPage(ctx context.Context, prefix, cursor string, limit int) (Page, error) {
	if err := s.checkList(prefix); err != nil {
		return Page{}, err
	}
	if err := validatePageSize(s.limits, limit); err != nil {
		return Page{}, err
	}
	bc, err := unwrapCursor(prefix, cursor)
	if err != nil {
		return Page{}, err
	}
	p, err := s.b.List(ctx, prefix, bc, limit)
	if err != nil {
		return Page{}, fmt.Errorf("kv: list prefix %s: %w", quoteKey(prefix), err)
	}
	p.Cursor = wrapCursor(prefix, p.Cursor)
	return p, nil
}

// Keys iterates over every key starting with prefix, following all pages
// (including empty pages that carry a cursor). On an error it yields ("",
// err) once and stops. Stopping the loop early stops the listing.
func (s *Store[T]) Keys(ctx context.Context, prefix string) iter.Seq2[string, error] {
	return func(yield func(string, error) bool) {
		if err := s.checkList(prefix); err != nil {
			yield("", err)
			return
		}
		limit := s.limits.MaxPageSize
		cursor := ""
		for {
			p, err := s.b.List(ctx, prefix, cursor, limit)
			if err != nil {
				yield("", fmt.Errorf("kv: list prefix %s: %w", quoteKey(prefix), err))
				return
			}
			for _, k := range p.Keys {
				if !yield(k, nil) {
					return
				}
			}
			if p.Cursor == "" {
				return
			}
			if p.Cursor == cursor {
				yield("", fmt.Errorf("kv: list prefix %s: backend %T returned the cursor it was given; the listing would never end", quoteKey(prefix), s.b))
				return
			}
			cursor = p.Cursor
			if err := ctx.Err(); err != nil {
				yield("", fmt.Errorf("kv: list prefix %s: %w", quoteKey(prefix), err))
				return
			}
		}
	}
}

func (s *Store[T]) checkList(prefix string) error {
	if s.err != nil {
		return s.err
	}
	return validatePrefix(s.limits, prefix)
}
