package history

import (
	"errors"

	"github.com/kvchaos/kvchaos/kv"
)

// definiteErrors are the errors after which a call certainly had no
// effect: the store refused it before doing anything.
var definiteErrors = []error{
	kv.ErrNotFound, kv.ErrConflict, kv.ErrInvalidKey, kv.ErrValueTooLarge,
	kv.ErrInvalidTTL, kv.ErrInvalidArgument, kv.ErrUnsupported, kv.ErrRateLimited,
	kv.ErrNotSent,
}

// OutcomeOf classifies the error a call of f returned:
//
//   - nil: ok. A get that returns kv.ErrNotFound is ok too (it read
//     "absent"; record Output.Found = false).
//   - an error wrapping one of kv.ErrNotFound, kv.ErrConflict,
//     kv.ErrInvalidKey, kv.ErrValueTooLarge, kv.ErrInvalidTTL,
//     kv.ErrInvalidArgument, kv.ErrUnsupported, kv.ErrRateLimited,
//     kv.ErrNotSent: fail, the call definitely did not take effect.
//   - any error of a read (get, list): fail, since a read has no effect.
//   - any other error of a write (a timeout, kv.ErrUnavailable, a cancelled
//     context, a dropped connection): unknown, the write may or may not
//     have been applied.
func OutcomeOf(f Func, err error) Outcome {
	if err == nil || (f == FuncGet && errors.Is(err, kv.ErrNotFound)) {
		return OutcomeOK
	}
	if f == FuncGet || f == FuncList {
		return OutcomeFail
	}
	for _, d := range definiteErrors {
		if errors.Is(err, d) {
			return OutcomeFail
		}
	}
	return OutcomeUnknown
}
