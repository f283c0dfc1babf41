package main

import (
	"os"
	"runtime/debug"

	"github.com/kvchaos/kvchaos/checker"
	"github.com/kvchaos/kvchaos/history"
	"github.com/kvchaos/kvchaos/internal/recops"
	"github.com/kvchaos/kvchaos/internal/report"
)

// recorded is a finished run's recording, read from the recorder's
// compact ops one at a time: a run of millions of ops is checked and
// reported without rec.History()'s copy of every op as a history.Op
// (about 300 bytes each, against the recorder's ~50).
type recorded struct {
	rec    *history.Recorder
	replay func(*history.Recorder, func(*history.Op) bool) []history.Annotation
}

func recordedOf(rec *history.Recorder) recorded {
	return recorded{rec: rec, replay: recops.Replay.(func(*history.Recorder, func(*history.Op) bool) []history.Annotation)}
}

// check runs the checks of opts over the recording, as checker.Check
// does over rec.History(), and returns the report, the annotations and
// the report's tally of the ops (made in the same pass).
func (r recorded) check(opts checker.Options) (checker.Report, []history.Annotation, *report.Tally) {
	// As streamCheck: the checks' tables live to the end, next to the
	// recorder's ops, and neither holds many pointers, so a collection
	// costs little: collecting at 25% growth, a 10M-op register run
	// peaked at 2.4 GB RSS, at 50% at 2.8 GB, in the same time.
	if os.Getenv("GOGC") == "" {
		defer debug.SetGCPercent(debug.SetGCPercent(25))
	}
	var anns []history.Annotation
	tally := new(report.Tally)
	// CheckStream fails only with read's error, and a replay has none.
	rep, _ := checker.CheckStream(func(add func(history.Op)) ([]history.Annotation, error) {
		anns = r.pipelined(func(op *history.Op) {
			tally.Add(op)
			add(*op)
		})
		return anns, nil
	}, opts)
	return rep, anns, tally
}

// pipelineBatch is how many ops pipelined hands over at a time.
const pipelineBatch = 1024

// pipelined hands f every recorded op in ID order and returns the
// annotations, like the replay, but materializes the ops on another
// goroutine, a batch or two ahead of f: the checks build their tables
// while the next ops are read out of the recorder.
func (r recorded) pipelined(f func(op *history.Op)) []history.Annotation {
	full, empty := make(chan []history.Op, 2), make(chan []history.Op, 2)
	for range 2 {
		empty <- make([]history.Op, 0, pipelineBatch)
	}
	var anns []history.Annotation
	go func() {
		defer close(full)
		buf := <-empty
		anns = r.replay(r.rec, func(op *history.Op) bool {
			if buf = append(buf, *op); len(buf) == pipelineBatch {
				full <- buf
				buf = <-empty
			}
			return true
		})
		if len(buf) > 0 {
			full <- buf
		}
	}()
	for batch := range full {
		for i := range batch {
			f(&batch[i])
		}
		empty <- batch[:0]
	}
	return anns
}

// ops hands yield the recorded ops in ID order, for report.Data.Ops.
func (r recorded) ops(yield func(*history.Op) bool) { r.replay(r.rec, yield) }
