package streamfile

import (
	"bytes"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestWritesEveryByteInOrder writes well past the writeback and drop
// points in uneven pieces and reads back exactly what was written.
func TestWritesEveryByteInOrder(t *testing.T) {
	path := filepath.Join(t.TempDir(), "history.jsonl")
	f, err := Create(path)
	require.NoError(t, err)
	require.Equal(t, path, f.Name())
	rng := rand.New(rand.NewPCG(1, 2))
	var want bytes.Buffer
	for want.Len() < dropBehind+3*writebackEvery+12345 {
		p := make([]byte, 1+rng.IntN(300_000))
		for i := range p {
			p[i] = byte('a' + rng.IntN(26))
		}
		n, err := f.Write(p)
		require.NoError(t, err)
		require.Equal(t, len(p), n)
		want.Write(p)
	}
	require.Greater(t, f.dropped, int64(0), "the test must get past the drop point")
	require.Equal(t, int64(want.Len()), f.written)
	require.NoError(t, f.Sync())
	require.NoError(t, f.Close())
	got, err := os.ReadFile(path)
	require.NoError(t, err)
	require.True(t, bytes.Equal(want.Bytes(), got), "file differs from what was written")
}

// TestCreateTruncatesAndReportsErrors: Create truncates like os.Create,
// names a missing directory, and a write after Close fails.
func TestCreateTruncatesAndReportsErrors(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "h")
	require.NoError(t, os.WriteFile(path, []byte("old contents"), 0o644))
	f, err := Create(path)
	require.NoError(t, err)
	_, err = io.WriteString(f, "new")
	require.NoError(t, err)
	require.NoError(t, f.Close())
	got, err := os.ReadFile(path)
	require.NoError(t, err)
	require.Equal(t, "new", string(got))
	_, err = f.Write([]byte("x"))
	require.Error(t, err)

	_, err = Create(filepath.Join(dir, "missing", "h"))
	require.ErrorContains(t, err, "missing")
}

// BenchmarkStream writes 1 MiB per op, then fsyncs, through a plain
// *os.File and through File, in one run: the page-cache cost of a run's
// history stream.
func BenchmarkStream(b *testing.B) {
	p := bytes.Repeat([]byte(`{"type":"complete","id":1,"status":"ok","return":2418431}`+"\n"), (1<<20)/58)
	for _, tc := range []struct {
		name   string
		create func(string) (io.WriteCloser, func() error, error)
	}{
		{"os.File", func(path string) (io.WriteCloser, func() error, error) {
			f, err := os.Create(path)
			if err != nil {
				return nil, nil, err
			}
			return f, f.Sync, nil
		}},
		{"streamfile", func(path string) (io.WriteCloser, func() error, error) {
			f, err := Create(path)
			if err != nil {
				return nil, nil, err
			}
			return f, f.Sync, nil
		}},
	} {
		b.Run(tc.name, func(b *testing.B) {
			w, sync, err := tc.create(filepath.Join(b.TempDir(), "stream"))
			if err != nil {
				b.Fatal(err)
			}
			defer w.Close()
			b.SetBytes(int64(len(p)))
			b.ResetTimer()
			for range b.N {
				if _, err := w.Write(p); err != nil {
					b.Fatal(err)
				}
			}
			if err := sync(); err != nil {
				b.Fatal(err)
			}
		})
	}
}
