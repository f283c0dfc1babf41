package history

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"sync"
	"syscall"
	"testing"

	"github.com/kvchaos/kvchaos/kv"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// recordSample records the ops of sampleHistory through a Recorder,
// leaving the last one in flight.
func recordSample(r *Recorder) {
	h := sampleHistory()
	for i, op := range h.Ops {
		c := r.Begin(op.Client, op.Region, op.Func, op.Key, op.Input)
		if i == 1 {
			r.Annotate(h.Annotations[0])
		}
		if op.Return == ReturnNever {
			continue
		}
		var err error
		if op.Error != "" {
			err = errors.New(op.Error)
		}
		if op.Func == FuncUpdate {
			c.EndWithInput(Input{Value: "late"}, op.Output, op.Outcome, err)
			continue
		}
		c.End(op.Output, op.Outcome, err)
	}
}

func TestRecorderKeepsEveryField(t *testing.T) {
	r := NewRecorder(WithClock(tick()))
	recordSample(r)
	got := r.History()
	want := sampleHistory()
	require.Len(t, got.Ops, len(want.Ops))
	assert.Equal(t, len(want.Ops), r.opCount())
	for i := range want.Ops {
		w := want.Ops[i]
		w.Call, w.Return = got.Ops[i].Call, got.Ops[i].Return
		if w.Func == FuncUpdate {
			w.Input = Input{Value: "late"}
		}
		assert.Equal(t, w, got.Ops[i])
	}
	assert.Equal(t, ReturnNever, got.Ops[len(got.Ops)-1].Return)
	assert.Equal(t, want.Annotations[:1], got.Annotations)
}

func TestRecorderStreamMatchesHistory(t *testing.T) {
	var buf bytes.Buffer
	r := NewRecorder(WithClock(tick()), WithStream(&buf))
	recordSample(r)
	require.NoError(t, r.Close())
	read, warnings, err := ReadJSONL(&buf)
	require.NoError(t, err)
	assert.Empty(t, warnings)
	assert.Equal(t, r.History(), read)
}

// A stream cut at any byte, as a kill leaves it, reads without error: every
// op whose invoke line is whole is there, complete or unknown.
func TestRecorderStreamCutAnywhere(t *testing.T) {
	var buf bytes.Buffer
	r := NewRecorder(WithClock(tick()), WithStream(&buf))
	recordSample(r)
	full := r.History()
	data := buf.Bytes()
	for cut := 0; cut <= len(data); cut++ {
		h, warnings, err := ReadJSONL(bytes.NewReader(data[:cut]))
		require.NoError(t, err, "cut at %d", cut)
		require.LessOrEqual(t, len(warnings), 1)
		for i, op := range h.Ops {
			want := full.Ops[i]
			if op.Return == ReturnNever {
				assert.Equal(t, OutcomeUnknown, op.Outcome)
				assert.Equal(t, want.Call, op.Call)
				assert.Equal(t, want.Key, op.Key)
				continue
			}
			assert.Equal(t, want, op, "cut at %d", cut)
		}
	}
}

// TestRecorderStreamSurvivesSIGKILL runs a child process that streams to a
// file and kills itself with SIGKILL in the middle of a call.
func TestRecorderStreamSurvivesSIGKILL(t *testing.T) {
	if path := os.Getenv("KVCHAOS_HISTORY_KILL_CHILD"); path != "" {
		f, err := os.Create(path)
		if err != nil {
			os.Exit(3)
		}
		r := NewRecorder(WithStream(f))
		for i := 0; i < 5; i++ {
			r.Begin(i, "eu", FuncPut, fmt.Sprint("k", i), Input{Value: "v"}).End(Output{}, OutcomeOK, nil)
		}
		r.Begin(9, "eu", FuncPut, "killed", Input{Value: "x"})
		_ = syscall.Kill(os.Getpid(), syscall.SIGKILL)
		select {}
	}
	path := killedChildHistory(t, "TestRecorderStreamSurvivesSIGKILL", "KVCHAOS_HISTORY_KILL_CHILD")

	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	h, warnings, err := ReadJSONL(f)
	require.NoError(t, err)
	assert.Empty(t, warnings)
	require.Len(t, h.Ops, 6)
	for _, op := range h.Ops[:5] {
		assert.Equal(t, OutcomeOK, op.Outcome)
	}
	killed := h.Ops[5]
	assert.Equal(t, "killed", killed.Key)
	assert.Equal(t, OutcomeUnknown, killed.Outcome)
	assert.Equal(t, ReturnNever, killed.Return)
}

// failAfter accepts n writes, then fails.
type failAfter struct {
	n     int
	lines int
	sync  int
}

func (w *failAfter) Write(p []byte) (int, error) {
	if w.lines == w.n {
		return 0, errors.New("disk full")
	}
	w.lines++
	return len(p), nil
}

func (w *failAfter) Sync() error { w.sync++; return nil }

func TestRecorderStreamErrorStopsTheStream(t *testing.T) {
	w := &failAfter{n: 3}
	r := NewRecorder(WithStream(w))
	for i := 0; i < 4; i++ {
		r.Begin(0, "", FuncGet, "k", Input{}).End(Output{}, OutcomeOK, nil)
	}
	assert.EqualError(t, r.Err(), "disk full")
	assert.Equal(t, 3, w.lines, "no line is written after the first error")
	assert.Len(t, r.History().Ops, 4, "ops are still recorded in memory")
	assert.EqualError(t, r.Close(), "disk full")
	assert.Equal(t, 0, w.sync, "a failed stream is not synced")
}

func TestRecorderCloseSyncsAndStopsWriting(t *testing.T) {
	w := &failAfter{n: 100}
	r := NewRecorder(WithStream(w))
	r.Begin(0, "", FuncGet, "k", Input{}).End(Output{}, OutcomeOK, nil)
	require.NoError(t, r.Close())
	assert.Equal(t, 1, w.sync)
	r.Begin(0, "", FuncGet, "k", Input{}).End(Output{}, OutcomeOK, nil)
	assert.Equal(t, 3, w.lines, "header, invoke, complete; nothing after Close")
	require.NoError(t, r.Close())
	assert.Equal(t, 1, w.sync)
}

func TestRecorderConcurrentClients(t *testing.T) {
	var buf bytes.Buffer
	r := NewRecorder(WithStream(&buf))
	var wg sync.WaitGroup
	for c := 0; c < 8; c++ {
		wg.Add(1)
		go func(c int) {
			defer wg.Done()
			for i := 0; i < 200; i++ {
				call := r.Begin(c, "", FuncPut, fmt.Sprint("k", i%7), Input{Value: fmt.Sprint(c, "-", i)})
				call.End(Output{Version: fmt.Sprint(i)}, OutcomeOK, nil)
			}
		}(c)
	}
	wg.Wait()
	h := r.History()
	require.Len(t, h.Ops, 1600)
	for i, op := range h.Ops {
		assert.Equal(t, i, op.ID)
		assert.LessOrEqual(t, op.Call, op.Return)
		if i > 0 {
			assert.LessOrEqual(t, h.Ops[i-1].Call, op.Call, "ops are in call order")
		}
	}
	read, _, err := ReadJSONL(&buf)
	require.NoError(t, err)
	assert.Equal(t, h, read)
}

func TestOpStoreLargeAndManyValues(t *testing.T) {
	r := NewRecorder(WithClock(tick()))
	big := string(bytes.Repeat([]byte("x"), arenaMaxInline+1))
	r.Begin(0, "", FuncPut, "big", Input{Value: big}).End(Output{}, OutcomeOK, nil)
	// enough values to fill several arena chunks
	for i := 0; i < 3*arenaChunk/1000; i++ {
		r.Begin(1, "", FuncPut, "k", Input{Value: string(bytes.Repeat([]byte{byte('a' + i%26)}, 1000))}).End(Output{}, OutcomeOK, nil)
	}
	h := r.History()
	assert.Equal(t, big, h.Ops[0].Input.Value)
	for i, op := range h.Ops[1:] {
		require.Equal(t, string(bytes.Repeat([]byte{byte('a' + i%26)}, 1000)), op.Input.Value)
	}
	assert.GreaterOrEqual(t, len(r.ops.arena.chunks), 3)
}

// The stream's lines, byte for byte, for the shapes the recorder encodes
// from its own tables: a region and key it has seen, a value, an empty
// input replacing another, an empty output, a conflict, and names and
// values that need escaping.
func TestRecorderStreamLines(t *testing.T) {
	var buf bytes.Buffer
	r := NewRecorder(WithClock(tick()), WithStream(&buf))
	r.Begin(0, "eu", FuncGet, "k1", Input{}).End(Output{}, OutcomeOK, nil)
	r.Begin(1, "eu", FuncPut, "k1", Input{Value: "v"}).End(Output{Version: "7"}, OutcomeOK, nil)
	r.Begin(1, "eu", FuncUpdate, "k1", Input{Value: "x"}).EndWithInput(Input{}, Output{Found: true, Value: "6"}, OutcomeOK, nil)
	r.Begin(2, `a"b`, FuncCAS, "k\n", Input{Value: "\xff", Expected: "7"}).End(Output{}, OutcomeFail, fmt.Errorf("no: %w", kv.ErrConflict))
	require.NoError(t, r.Close())
	want := `{"type":"header","format":"kvchaos-history","version":1}
{"type":"invoke","id":0,"client":0,"region":"eu","f":"get","key":"k1","call":1}
{"type":"complete","id":0,"status":"ok","return":2}
{"type":"invoke","id":1,"client":1,"region":"eu","f":"put","key":"k1","in":{"value":"v"},"call":3}
{"type":"complete","id":1,"out":{"version":"7"},"status":"ok","return":4}
{"type":"invoke","id":2,"client":1,"region":"eu","f":"update","key":"k1","in":{"value":"x"},"call":5}
{"type":"complete","id":2,"in":{},"out":{"value":"6","found":true},"status":"ok","return":6}
{"type":"invoke","id":3,"client":2,"region":"a\"b","f":"cas","key":"k\n","in":{"value_b64":"/w==","expected":"7"},"call":7}
{"type":"complete","id":3,"out":{"conflict":true},"status":"fail","return":8,"error":"no: kv: version conflict"}
`
	assert.Equal(t, want, buf.String())
}
