package workload

import (
	"github.com/kvchaos/kvchaos/backends"
	"github.com/kvchaos/kvchaos/history"
)

// NewRecorder returns the recorder of a run on s: on the store's clock
// (the simulator's virtual clock when it has one, else the wall clock),
// and one into which the store also records its fault annotations (the
// simulator's nemesis, or a live store's fault proxies), so that they
// appear in the history and the report while the runner records the
// clients' operations itself. Stores without faults record nothing into
// it; an error is the store's failure to start recording them. kvchaos
// run and kvchaos swarm both record this way.
func NewRecorder(s *backends.Store, opts ...history.RecorderOption) (*history.Recorder, error) {
	rec := clockRecorder(s, opts...)
	if err := recordFaults(s, rec); err != nil {
		rec.Close()
		return nil, err
	}
	return rec, nil
}

// faultRecorder is a scheduler (the simulator's) or a live store's
// Quiescer (fault proxies) that can record its fault annotations into a
// run's recorder.
type faultRecorder interface {
	RecordFaults(rec *history.Recorder) error
}

// recordFaults has s record its faults into rec, looking through
// schedulers that wrap another (a key prefix).
func recordFaults(s *backends.Store, rec *history.Recorder) error {
	if fr, ok := s.Quiescer.(faultRecorder); ok {
		return fr.RecordFaults(rec)
	}
	sch := s.Scheduler
	for sch != nil {
		if fr, ok := sch.(faultRecorder); ok {
			return fr.RecordFaults(rec)
		}
		u, ok := sch.(interface{ Unwrap() backends.Scheduler })
		if !ok {
			return nil
		}
		sch = u.Unwrap()
	}
	return nil
}
