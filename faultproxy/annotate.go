package faultproxy

import (
	"sync"

	"github.com/kvchaos/kvchaos/history"
)

// annotator returns the callback that records each fault of a Schedule
// on rec (ScheduleConfig.Recorder) as a history.Annotation of kind fault,
// from the recorder's clock reading when the fault was applied to the one
// when it was healed.
func annotator(rec *history.Recorder) func(Event) {
	var mu sync.Mutex
	started := map[int]int64{}
	return func(ev Event) {
		now := rec.Now()
		mu.Lock()
		defer mu.Unlock()
		if !ev.Healed {
			started[ev.ID] = now
			return
		}
		start, ok := started[ev.ID]
		if !ok {
			start = now
		}
		delete(started, ev.ID)
		rec.Annotate(history.Annotation{Kind: history.AnnotationFault, Text: ev.Text(), Start: start, End: now})
	}
}
