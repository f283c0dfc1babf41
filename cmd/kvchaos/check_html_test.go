package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/kvchaos/kvchaos/history"
)

// The report's reads of a checked file say when it no longer reads back as
// it was checked (shortened or gone), instead of drawing a page that does
// not match the checks.
func TestFileReadsNoticeAChangedFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "history.jsonl")
	var h history.History
	for i := range 3 {
		h.Ops = append(h.Ops, history.Op{ID: i, Func: history.FuncPut, Key: "k", Input: history.Input{Value: "v"},
			Outcome: history.OutcomeOK, Call: int64(2 * i), Return: int64(2*i + 1)})
	}
	f, err := os.Create(path)
	require.NoError(t, err)
	require.NoError(t, history.WriteJSONL(f, h))
	require.NoError(t, f.Close())

	pass := func(r *fileReads) (ids []int) {
		for op := range r.ops("jsonl", 0) {
			ids = append(ids, op.ID)
		}
		return ids
	}
	same := &fileReads{path: path, n: 3}
	require.Equal(t, []int{0, 1, 2}, pass(same))
	require.NoError(t, same.check())
	head := &fileReads{path: path, n: 2}
	require.Equal(t, []int{0, 1}, pass(head))
	require.NoError(t, head.check())

	shortened := &fileReads{path: path, n: 5}
	require.Equal(t, []int{0, 1, 2}, pass(shortened))
	require.ErrorContains(t, shortened.check(), "changed while it was read: 5 ops when checked, 3 when read again")

	require.NoError(t, os.Remove(path))
	gone := &fileReads{path: path, n: 3}
	require.Empty(t, pass(gone))
	require.ErrorContains(t, gone.check(), "reading "+path+" again for the report")
}
