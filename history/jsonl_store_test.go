package history

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unsafe"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// onlyReader hides everything but Read, so the reader has no size hint.
type onlyReader struct{ r io.Reader }

func (o onlyReader) Read(p []byte) (int, error) { return o.r.Read(p) }

// Whatever the size hint predicts (too few ops: long lines first; too
// many: short lines first; about right), the ops read are the same as
// without one.
func TestReadJSONLSizeHintKeepsTheOps(t *testing.T) {
	const n = 3 * opChunk
	for name, long := range map[string]func(i int) bool{
		"long-first":  func(i int) bool { return i < opChunk },
		"short-first": func(i int) bool { return i >= opChunk },
		"even":        func(int) bool { return false },
	} {
		var ops []Op
		for i := range n {
			v := "v" + strings.Repeat("x", i%7)
			if long(i) {
				v = strings.Repeat("y", 400)
			}
			ops = append(ops, Op{ID: i, Client: i % 5, Func: FuncPut, Key: "k", Input: Input{Value: v},
				Outcome: OutcomeOK, Call: int64(i), Return: int64(i + 1)})
		}
		var buf bytes.Buffer
		require.NoError(t, WriteJSONL(&buf, History{Ops: ops}))
		want, _, err := ReadJSONL(onlyReader{bytes.NewReader(buf.Bytes())})
		require.NoError(t, err)
		require.Equal(t, ops, want.Ops, name)
		got, _, err := ReadJSONL(bytes.NewReader(buf.Bytes()))
		require.NoError(t, err)
		require.Equal(t, ops, got.Ops, name)
		assert.LessOrEqual(t, cap(got.Ops), n+n/8, name)

		path := filepath.Join(t.TempDir(), "h.jsonl")
		require.NoError(t, os.WriteFile(path, buf.Bytes(), 0o600))
		f, err := os.Open(path)
		require.NoError(t, err)
		assert.Equal(t, int64(buf.Len()), sizeHint(f))
		got, _, err = ReadJSONL(f)
		require.NoError(t, f.Close())
		require.NoError(t, err)
		require.Equal(t, ops, got.Ops, name)
	}
}

// A file whose first ops promise many more than it holds (annotations
// after them) gets its ops in a slice of their number.
func TestReadJSONLSizeHintOverpromised(t *testing.T) {
	h := History{}
	for i := range opChunk + 10 {
		h.Ops = append(h.Ops, Op{ID: i, Func: FuncGet, Key: "k", Outcome: OutcomeOK, Call: 1, Return: 2})
	}
	for range 20_000 {
		h.Annotations = append(h.Annotations, Annotation{Kind: AnnotationNote, Text: strings.Repeat("n", 200), Start: 10, End: 10})
	}
	var buf bytes.Buffer
	require.NoError(t, WriteJSONL(&buf, h))
	got, _, err := ReadJSONL(bytes.NewReader(buf.Bytes()))
	require.NoError(t, err)
	require.Equal(t, h.Ops, got.Ops)
	assert.Equal(t, len(got.Ops), cap(got.Ops))
	assert.Len(t, got.Annotations, 20_000)
}

// The id table keeps the usual ids densely and any other in a map, and
// an id read again after moving between the two is found once.
func TestIDTable(t *testing.T) {
	var s idTable
	s.put(5000, idEntry{line: 1, open: 3}) // too far: sparse
	s.put(0, idEntry{line: 2})
	s.put(-1, idEntry{line: 3})
	for id := 1; id < 5000; id++ {
		s.put(id, idEntry{line: id + 10})
	}
	s.put(5000, idEntry{line: 1}) // now dense
	e, ok := s.get(5000)
	assert.True(t, ok)
	assert.Equal(t, idEntry{line: 1}, e)
	e, ok = s.get(-1)
	assert.True(t, ok)
	assert.Equal(t, idEntry{line: 3}, e)
	_, ok = s.get(7000)
	assert.False(t, ok)
	s.put(2, idEntry{line: 1 << 40}) // does not fit: sparse, not the dense entry it had
	e, _ = s.get(2)
	assert.Equal(t, idEntry{line: 1 << 40}, e)
}

// A few lines whose ids grow faster than the ids held cannot make the
// dense table huge: those ids go to the map (the table once doubled per
// line: 10 lines of 755 bytes asked for 66 MB).
func TestIDTableGrowsWithTheIDsItHolds(t *testing.T) {
	var s idTable
	ids := []int{4096}
	for len(ids) < 15 {
		last := ids[len(ids)-1]
		ids = append(ids, 2*(last+1)+4096) // each just within the old bound
	}
	for i, id := range ids {
		s.put(id, idEntry{line: i + 1})
	}
	assert.LessOrEqual(t, len(s.dense), 2*len(ids)+4096+1)
	for i, id := range ids {
		e, ok := s.get(id)
		require.True(t, ok, "id %d", id)
		assert.Equal(t, i+1, e.line)
	}
}

// The name table gives one copy of each string, however many it holds.
func TestNameTable(t *testing.T) {
	var names nameTable
	first := map[string]string{}
	for i := range 5000 {
		k := "key-" + strings.Repeat("z", i%3) + string(rune('a'+i%26)) + string(rune('a'+i/26%26)) + string(rune('a'+i/676))
		s := names.intern([]byte(k))
		require.Equal(t, k, s)
		if f, ok := first[k]; ok {
			require.Same(t, unsafe.StringData(f), unsafe.StringData(s), "one copy of %q", k)
		}
		first[k] = s
	}
	assert.Equal(t, "", names.intern(nil))
	assert.Equal(t, any("kw"), names.box([]byte("kw"), func(s string) any { return s }))
}
