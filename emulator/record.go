package emulator

import (
	"github.com/kvchaos/kvchaos/history"
)

// begin records the invocation of a data request when the server records,
// and returns the function that completes it with the status
// history.OutcomeOf gives. Requests the emulator itself refuses (a bad key,
// a rate limit) are recorded too, as the failed ops the client saw. The
// returned function is never nil.
func (rq request) begin(f history.Func, key string, in history.Input) func(history.Output, error) {
	if rq.rec == nil {
		return func(history.Output, error) {}
	}
	call := rq.rec.Begin(rq.client, rq.region, f, key, in)
	return func(out history.Output, err error) {
		call.End(out, history.OutcomeOf(f, err), err)
	}
}
