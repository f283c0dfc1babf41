package sim

import (
	"errors"

	"github.com/kvchaos/kvchaos/history"
)

// Recording selects what a Cluster records into its history.Recorder.
type Recording uint8

const (
	// RecordCalls records every Backend call as an op.
	RecordCalls Recording = 1 << iota
	// RecordFaults records every fault as a history.AnnotationFault
	// spanning its start to its end.
	RecordFaults
	// RecordQuiescence records Quiesce's history.AnnotationQuiescent
	// marker.
	RecordQuiescence
	// RecordAll records calls, faults and the quiescence marker: what a
	// Cluster records by default.
	RecordAll = RecordCalls | RecordFaults | RecordQuiescence
)

// RecordInto makes the cluster record into rec from now on, instead of
// into the recorder it made itself (or nothing, with Config.NoRecording);
// what selects the calls, faults and quiescence marker to record. A nil
// rec or a zero what turns recording off.
//
// rec's clock should be the cluster's virtual clock —
// history.NewRecorder(history.WithClock(c.Clock)) — since ops are timed by
// rec's clock and annotations by the virtual clock. The use: a caller that
// records its own logical ops (an Update as one op, say) into rec keeps
// the simulator's fault annotations without its get and put calls being
// recorded twice: c.RecordInto(rec, sim.RecordFaults). Faults in force
// when it is called are recorded into rec when they end. It fails during
// Run.
func (c *Cluster) RecordInto(rec *history.Recorder, what Recording) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.sched.running {
		return errors.New("sim: RecordInto: called during Run")
	}
	if rec == nil {
		what = 0
	}
	c.rec, c.recWhat = rec, what
	return nil
}

// Clock returns the virtual time since the cluster started, in
// nanoseconds: the clock for a history.Recorder that RecordInto records
// into (history.WithClock(c.Clock)).
func (c *Cluster) Clock() int64 { return c.now.Load() }

// records reports whether the cluster records what.
func (c *Cluster) records(what Recording) bool { return c.rec != nil && c.recWhat&what != 0 }

// recording reports whether b's calls are recorded; callers check it
// before building the op's input and output, which allocate.
func (b *backend) recording() bool { return b.c.records(RecordCalls) }

// begin records the invocation of an operation at the current virtual
// time; the caller checked recording.
func (b *backend) begin(f history.Func, key string, in history.Input) history.Call {
	return b.c.rec.Begin(b.client, b.c.regions[b.region], f, key, in)
}

// end records the completion of call; the caller checked recording.
func (b *backend) end(call history.Call, f history.Func, out history.Output, err error) {
	call.End(out, history.OutcomeOf(f, err), err)
}
