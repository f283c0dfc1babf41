package streamfile

import "os"

// The writeback of written bytes starts every writebackEvery bytes; bytes
// more than dropBehind behind the writeback point (written back by then, as
// a rule) are dropped from the page cache.
const (
	writebackEvery = 8 << 20
	dropBehind     = 32 << 20
)

// File is an append-only file whose written bytes are handed to the disk
// early and then dropped from the page cache. It is not safe for
// concurrent use; a history stream is written by one goroutine.
type File struct {
	f       *os.File
	written int64 // bytes written
	started int64 // bytes whose writeback has been started
	dropped int64 // bytes dropped from the page cache
}

// Create creates (or truncates) the file at path, as os.Create does.
func Create(path string) (*File, error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	return &File{f: f}, nil
}

// Write appends p to the file.
func (w *File) Write(p []byte) (int, error) {
	n, err := w.f.Write(p)
	w.written += int64(n)
	if w.written-w.started >= writebackEvery {
		startWriteback(w.f, w.started, w.written-w.started)
		w.started = w.written
		if keep := w.started - dropBehind; keep > w.dropped {
			dropCached(w.f, w.dropped, keep-w.dropped)
			w.dropped = keep
		}
	}
	return n, err
}

// Name returns the file's path, as given to Create.
func (w *File) Name() string { return w.f.Name() }

// Sync commits the file's contents to stable storage (fsync).
func (w *File) Sync() error { return w.f.Sync() }

// Close closes the file.
func (w *File) Close() error { return w.f.Close() }
