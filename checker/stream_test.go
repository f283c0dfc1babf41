package checker

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kvchaos/kvchaos/history"
)

// TestCheckStreamMatchesTheGoldenSummaries streams each golden history
// into CheckStream, as `kvchaos check` does, and compares the summary with
// the one Check wrote.
func TestCheckStreamMatchesTheGoldenSummaries(t *testing.T) {
	for name, c := range goldenCases() {
		if c.verdict == "" {
			continue
		}
		t.Run(name, func(t *testing.T) {
			path := filepath.Join("testdata/histories", c.file)
			c.opts.Timeout = time.Minute
			rep, err := CheckStream(func(add func(history.Op)) ([]history.Annotation, error) {
				f, err := os.Open(path)
				if err != nil {
					return nil, err
				}
				defer f.Close()
				o := history.ReadOptions{OnOp: add}
				if strings.HasSuffix(path, ".edn") {
					h, err := history.ReadEDN(f, o)
					return h.Annotations, err
				}
				h, _, err := history.ReadJSONL(f, o)
				return h.Annotations, err
			}, c.opts)
			require.NoError(t, err)
			want, err := os.ReadFile(filepath.Join("testdata/golden", name+".txt"))
			require.NoError(t, err)
			assert.Equal(t, string(want), rep.Text())
		})
	}
}

// TestCheckStreamOrdersTiesByID hands the ops of a history over in reverse:
// the report is Check's.
func TestCheckStreamOrdersTiesByID(t *testing.T) {
	h := genHistory(3000, 20, 4, true, 5)
	for i := range h.Ops {
		h.Ops[i].Call -= h.Ops[i].Call % 40 // many equal call times
	}
	want := Check(h, Options{})
	got, err := CheckStream(func(add func(history.Op)) ([]history.Annotation, error) {
		for i := len(h.Ops) - 1; i >= 0; i-- {
			add(h.Ops[i])
		}
		return h.Annotations, nil
	}, Options{})
	require.NoError(t, err)
	assert.Equal(t, want.Text(), got.Text())
	assert.Equal(t, want.Ops, got.Ops)
}

// With Options.Initial, CheckStream orders ops whose calls tie by ID, as
// without it, whatever order the reader hands them over in (a JSONL
// reader hands each op over when it completes).
func TestCheckStreamWithInitialOrdersTiesByID(t *testing.T) {
	var b hb
	b.update(1, "c", "", "1", 0, 10)
	for c := 2; c <= 5; c++ {
		b.update(c, "c", "1", fmt.Sprintf("1,%d", c), 20, int64(40-c))
	}
	b.get(9, "", "c", "1,5", 50, 51)
	initial := ""
	stream := func(ops []history.Op) Report {
		rep, err := CheckStream(func(add func(history.Op)) ([]history.Annotation, error) {
			for _, op := range ops {
				add(op)
			}
			return nil, nil
		}, Options{Initial: &initial})
		require.NoError(t, err)
		return rep
	}
	forward := stream(b.h.Ops)
	require.Equal(t, Invalid, forward.Verdict)
	reversed := slices.Clone(b.h.Ops)
	slices.Reverse(reversed)
	assert.Equal(t, forward.Text(), stream(reversed).Text())
}
