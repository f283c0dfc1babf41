package emulator

import (
	"errors"

	"github.com/kvchaos/kvchaos/history"
	"github.com/kvchaos/kvchaos/kv"
)

// begin records the invocation of a data request when the server records,
// and returns the function that completes it. The returned function is
// never nil.
func (rq request) begin(f history.Func, key string, in history.Input) func(history.Output, error) {
	if rq.rec == nil {
		return func(history.Output, error) {}
	}
	call := rq.rec.Begin(rq.client, rq.region, f, key, in)
	return func(out history.Output, err error) {
		call.End(out, statusOf(err), err)
	}
}

// statusOf classifies a backend error for the history: nil is ok; errors
// that mean the store refused the call are fail (it did not happen);
// anything else, such as ErrUnavailable or a timeout, is unknown.
func statusOf(err error) history.Status {
	if err == nil {
		return history.StatusOK
	}
	for _, refused := range []error{kv.ErrConflict, kv.ErrInvalidKey, kv.ErrValueTooLarge,
		kv.ErrInvalidTTL, kv.ErrInvalidArgument, kv.ErrRateLimited, kv.ErrUnsupported, kv.ErrNotFound} {
		if errors.Is(err, refused) {
			return history.StatusFail
		}
	}
	return history.StatusUnknown
}
