package history

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/kvchaos/kvchaos/internal/recops"
)

// The replay internal/recops hands out gives the ops and annotations
// History gives, in ID order, across its batches and with an op in
// flight, and stops when told to.
func TestReplayIsHistoryOneOpAtATime(t *testing.T) {
	r := NewRecorder()
	recordSample(r)
	for i := range 2*replayBatch + 7 { // more than a batch
		c := r.Begin(i%3, "", FuncPut, fmt.Sprintf("k%d", i%5), Input{Value: fmt.Sprint(i)})
		c.End(Output{}, OutcomeOK, nil)
	}
	r.Begin(9, "eu", FuncGet, "k1", Input{}) // in flight
	want := r.History()

	replay := recops.Replay.(func(*Recorder, func(*Op) bool) []Annotation)
	var got []Op
	anns := replay(r, func(op *Op) bool {
		got = append(got, *op)
		return true
	})
	assert.Equal(t, want.Ops, got)
	assert.Equal(t, want.Annotations, anns)

	n := 0
	replay(r, func(*Op) bool {
		n++
		return n < replayBatch+3
	})
	assert.Equal(t, replayBatch+3, n, "no op after yield says stop")
}
