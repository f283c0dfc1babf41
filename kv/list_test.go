package kv_test

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kvchaos/kvchaos/kv"
)

func seed(t *testing.T, s *kv.Store[int], keys ...string) {
	t.Helper()
	for i, k := range keys {
		require.NoError(t, s.Put(context.Background(), k, i))
	}
}

func collect(t *testing.T, s *kv.Store[int], prefix string) []string {
	t.Helper()
	var out []string
	for k, err := range s.Keys(context.Background(), prefix) {
		require.NoError(t, err)
		out = append(out, k)
	}
	return out
}

func TestListKeysPagePaging(t *testing.T) {
	ctx := context.Background()
	s := kv.NewStore[int](kv.NewMemory())
	seed(t, s, "b/3", "a/1", "b/1", "a/2", "b/2", "c", "b/10")

	var pages [][]string
	cursor := ""
	for {
		p, err := s.ListKeysPage(ctx, "b/", cursor, 2)
		require.NoError(t, err)
		pages = append(pages, p.Keys)
		if p.Cursor == "" {
			break
		}
		cursor = p.Cursor
	}
	assert.Equal(t, [][]string{{"b/1", "b/10"}, {"b/2", "b/3"}}, pages)

	all, err := s.ListKeysPage(ctx, "", "", 1000)
	require.NoError(t, err)
	assert.Equal(t, []string{"a/1", "a/2", "b/1", "b/10", "b/2", "b/3", "c"}, all.Keys)
	assert.Empty(t, all.Cursor)
}

func TestCursorIsBoundToPrefix(t *testing.T) {
	ctx := context.Background()
	s := kv.NewStore[int](kv.NewMemory())
	seed(t, s, "a/1", "a/2", "a/3", "b/1")
	p, err := s.ListKeysPage(ctx, "a/", "", 1)
	require.NoError(t, err)
	require.NotEmpty(t, p.Cursor)

	_, err = s.ListKeysPage(ctx, "b/", p.Cursor, 1)
	require.ErrorIs(t, err, kv.ErrInvalidArgument)
	assert.Contains(t, err.Error(), "different prefix")

	for _, bad := range []string{"not a cursor!", "AAAA", p.Cursor + "x", p.Cursor[:len(p.Cursor)-2]} {
		_, err = s.ListKeysPage(ctx, "a/", bad, 1)
		require.ErrorIs(t, err, kv.ErrInvalidArgument, bad)
		assert.Contains(t, err.Error(), "cursor")
	}
}

// pagedBackend is a non-Memory backend with plain numeric cursors, empty
// pages with cursors, and no prefix check of its own.
type pagedBackend struct {
	failingBackend
	keys []string
}

func (p pagedBackend) List(_ context.Context, prefix, cursor string, limit int) (kv.Page, error) {
	c := 0
	if cursor != "" {
		var err error
		if c, err = strconv.Atoi(cursor); err != nil {
			return kv.Page{}, fmt.Errorf("bad cursor %q", cursor)
		}
	}
	// An odd cursor 2j+1 yields an empty page whose cursor 2j resumes at key j.
	if c%2 == 1 {
		return kv.Page{Cursor: strconv.Itoa(c - 1)}, nil
	}
	var page kv.Page
	j := c / 2
	for ; j < len(p.keys) && len(page.Keys) < limit; j++ {
		if k := p.keys[j]; len(k) >= len(prefix) && k[:len(prefix)] == prefix {
			page.Keys = append(page.Keys, k)
		}
	}
	if j < len(p.keys) {
		page.Cursor = strconv.Itoa(2*j + 1)
	}
	return page, nil
}

func TestKeysFollowsEmptyPagesAndCursorsBindForAnyBackend(t *testing.T) {
	ctx := context.Background()
	b := pagedBackend{keys: []string{"x/1", "x/2", "y/1", "x/3"}}
	s := kv.NewStore[int](b, kv.WithLimits(withPageSize(1)))
	assert.Equal(t, []string{"x/1", "x/2", "x/3"}, collect(t, s, "x/"))

	p, err := s.ListKeysPage(ctx, "x/", "", 1)
	require.NoError(t, err)
	require.NotEmpty(t, p.Cursor)
	assert.NotEqual(t, "1", p.Cursor, "the backend cursor is wrapped")
	_, err = s.ListKeysPage(ctx, "y/", p.Cursor, 1)
	assert.ErrorIs(t, err, kv.ErrInvalidArgument)
	_, err = s.ListKeysPage(ctx, "x/", "1", 1)
	assert.ErrorIs(t, err, kv.ErrInvalidArgument, "a raw backend cursor is not a Store cursor")
	next, err := s.ListKeysPage(ctx, "x/", p.Cursor, 1)
	require.NoError(t, err)
	assert.Empty(t, next.Keys, "this backend's second page is empty")
	assert.NotEmpty(t, next.Cursor)
}

func withPageSize(n int) kv.Limits {
	l := kv.DefaultLimits()
	l.MaxPageSize = n
	return l
}

// stuckBackend always returns the cursor it was given.
type stuckBackend struct{ failingBackend }

func (stuckBackend) List(_ context.Context, _, cursor string, _ int) (kv.Page, error) {
	return kv.Page{Cursor: "same"}, nil
}

func TestKeysStopsOnBackendThatDoesNotAdvance(t *testing.T) {
	s := kv.NewStore[int](stuckBackend{})
	var errs []error
	for _, err := range s.Keys(context.Background(), "") {
		errs = append(errs, err)
	}
	require.Len(t, errs, 1)
	assert.Contains(t, errs[0].Error(), "never end")
}

func TestKeysEarlyBreakAndManyPages(t *testing.T) {
	s := kv.NewStore[int](kv.NewMemory(), kv.WithLimits(withPageSize(3)))
	var want []string
	for i := range 20 {
		k := fmt.Sprintf("k/%02d", i)
		want = append(want, k)
		seed(t, s, k)
	}
	assert.Equal(t, want, collect(t, s, "k/"))
	assert.True(t, slices.IsSorted(collect(t, s, "")))

	n := 0
	for range s.Keys(context.Background(), "k/") {
		n++
		if n == 4 {
			break
		}
	}
	assert.Equal(t, 4, n)
}

func TestKeysReportsBackendError(t *testing.T) {
	s := kv.NewStore[int](failingBackend{err: kv.ErrUnavailable})
	var got error
	for k, err := range s.Keys(context.Background(), "p") {
		assert.Empty(t, k)
		got = err
	}
	assert.ErrorIs(t, got, kv.ErrUnavailable)
}
