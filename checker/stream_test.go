package checker

import (
	"os"
	"path/filepath"
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
