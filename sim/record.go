package sim

import "github.com/kvchaos/kvchaos/history"

// begin records the invocation of an operation at the current virtual
// time (a no-op without a recorder).
func (b *backend) begin(f history.Func, key string, in history.Input) history.Call {
	if b.c.rec == nil {
		return history.Call{}
	}
	return b.c.rec.Begin(b.client, b.c.regions[b.region], f, key, in)
}

// end records the completion of call.
func (b *backend) end(call history.Call, f history.Func, out history.Output, err error) {
	if b.c.rec == nil {
		return
	}
	call.End(out, history.StatusOf(f, err), err)
}
