package sim

import "github.com/kvchaos/kvchaos/history"

// records reports whether the cluster records (calls, faults and the
// quiescence marker alike).
func (c *Cluster) records(Recording) bool { return c.rec != nil }

// Recording selects what a Cluster records.
type Recording uint8

// What a Cluster can record.
const (
	RecordCalls Recording = 1 << iota
	RecordFaults
	RecordQuiescence
	RecordAll = RecordCalls | RecordFaults | RecordQuiescence
)

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
	call.End(out, history.StatusOf(f, err), err)
}
