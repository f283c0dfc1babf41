package history

import (
	"bytes"
	"fmt"
	"os"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// lockedBuffer is a bytes.Buffer safe for the flusher goroutine, counting
// the writes it gets.
type lockedBuffer struct {
	mu     sync.Mutex
	b      bytes.Buffer
	writes int
}

func (w *lockedBuffer) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.writes++
	return w.b.Write(p)
}

func (w *lockedBuffer) snapshot() ([]byte, int) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return bytes.Clone(w.b.Bytes()), w.writes
}

// A buffered stream writes the same bytes as an unbuffered one, in fewer
// writes of whole lines.
func TestBufferedStreamWritesTheSameBytes(t *testing.T) {
	var plain bytes.Buffer
	r1 := NewRecorder(WithClock(tick()), WithStream(&plain))
	recordSample(r1)
	require.NoError(t, r1.Close())

	var w lockedBuffer
	r2 := NewRecorder(WithClock(tick()), WithStream(&w), WithBuffer(1<<20, time.Hour))
	recordSample(r2)
	got, writes := w.snapshot()
	assert.Equal(t, 1, writes, "only the header is written before a flush")
	assert.Equal(t, appendHeader(nil), got)
	require.NoError(t, r2.Close())
	got, writes = w.snapshot()
	assert.Equal(t, 2, writes, "Close writes the buffered lines at once")
	assert.Equal(t, plain.Bytes(), got)
}

// Each write of a buffered stream holds whole lines: the stream is a
// prefix of complete lines after every write.
func TestBufferedStreamWritesWholeLines(t *testing.T) {
	var w lockedBuffer
	r := NewRecorder(WithClock(tick()), WithStream(&w), WithBuffer(300, time.Hour))
	var sizes []int
	for i := range 50 {
		r.Begin(i%3, "eu", FuncPut, fmt.Sprint("k", i), Input{Value: "v"}).End(Output{}, OutcomeOK, nil)
		require.NoError(t, r.Err(), "Err waits for the writes in progress")
		got, _ := w.snapshot()
		sizes = append(sizes, len(got))
		require.Equal(t, byte('\n'), got[len(got)-1], "after op %d", i)
		_, warnings, err := ReadJSONL(bytes.NewReader(got))
		require.NoError(t, err)
		require.Empty(t, warnings)
	}
	_, writes := w.snapshot()
	assert.Greater(t, writes, 5, "the size limit flushes")
	assert.Less(t, writes, 50, "lines are batched")
	assert.Less(t, sizes[0], sizes[len(sizes)-1])
	require.NoError(t, r.Close())
}

// The flusher writes buffered lines on its interval; Flush writes them at
// once.
func TestBufferedStreamFlushes(t *testing.T) {
	var w lockedBuffer
	r := NewRecorder(WithClock(tick()), WithStream(&w), WithBuffer(1<<20, 5*time.Millisecond))
	r.Begin(0, "eu", FuncGet, "a", Input{})
	require.Eventually(t, func() bool {
		got, _ := w.snapshot()
		return bytes.Contains(got, []byte(`"type":"invoke"`))
	}, 30*time.Second, time.Millisecond, "the interval flush writes the invoke line")

	var w2 lockedBuffer
	r2 := NewRecorder(WithClock(tick()), WithStream(&w2), WithBuffer(1<<20, time.Hour))
	r2.Begin(0, "eu", FuncGet, "a", Input{}).End(Output{}, OutcomeOK, nil)
	require.NoError(t, r2.Flush())
	got, _ := w2.snapshot()
	h, _, err := ReadJSONL(bytes.NewReader(got))
	require.NoError(t, err)
	require.Len(t, h.Ops, 1)
	assert.Equal(t, OutcomeOK, h.Ops[0].Outcome)
	require.NoError(t, r.Close())
	require.NoError(t, r2.Close())
	require.NoError(t, r2.Close(), "Close twice is fine")
}

func TestBufferedStreamErrorStopsTheStream(t *testing.T) {
	w := &failAfter{n: 1} // the header only
	r := NewRecorder(WithStream(w), WithBuffer(64, time.Hour))
	for range 10 {
		r.Begin(0, "", FuncGet, "k", Input{}).End(Output{}, OutcomeOK, nil)
	}
	assert.EqualError(t, r.Err(), "disk full")
	assert.Len(t, r.History().Ops, 10, "ops are still recorded in memory")
	assert.EqualError(t, r.Close(), "disk full")
}

// TestBufferedStreamSIGKILL kills a child that records into a buffered
// file stream: what it flushed is on disk, whole lines; the op whose
// completion was still buffered reads as unknown.
func TestBufferedStreamSIGKILL(t *testing.T) {
	if path := os.Getenv("KVCHAOS_HISTORY_BUFFER_KILL_CHILD"); path != "" {
		f, err := os.Create(path)
		if err != nil {
			os.Exit(3)
		}
		r := NewRecorder(WithStream(f), WithBuffer(1<<20, time.Hour))
		for i := 0; i < 5; i++ {
			r.Begin(i, "eu", FuncPut, fmt.Sprint("k", i), Input{Value: "v"}).End(Output{}, OutcomeOK, nil)
		}
		c := r.Begin(9, "eu", FuncPut, "late", Input{Value: "x"})
		if r.Flush() != nil {
			os.Exit(4)
		}
		c.End(Output{}, OutcomeOK, nil) // buffered, never flushed
		r.Begin(10, "eu", FuncGet, "lost", Input{})
		_ = syscall.Kill(os.Getpid(), syscall.SIGKILL)
		select {}
	}
	path := killedChildHistory(t, "TestBufferedStreamSIGKILL", "KVCHAOS_HISTORY_BUFFER_KILL_CHILD")

	data, err := os.ReadFile(path)
	require.NoError(t, err)
	h, warnings, err := ReadJSONL(bytes.NewReader(data))
	require.NoError(t, err)
	assert.Empty(t, warnings)
	require.Len(t, h.Ops, 6, "the op begun after the last flush is lost")
	for _, op := range h.Ops[:5] {
		assert.Equal(t, OutcomeOK, op.Outcome)
	}
	late := h.Ops[5]
	assert.Equal(t, "late", late.Key)
	assert.Equal(t, OutcomeUnknown, late.Outcome, "its completion was still buffered")
	assert.Equal(t, ReturnNever, late.Return)
}
