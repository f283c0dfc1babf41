package main

import (
	"fmt"

	"github.com/kvchaos/kvchaos/history"
	"github.com/kvchaos/kvchaos/internal/kvrule"
)

// troubledShare is the share of failed or unknown operations from which a
// run's summary warns that its checks judged little.
const troubledShare = 0.25

// opHealth counts a run's operations by outcome.
type opHealth struct {
	total, ok, failed, unknown int
	// first is the first operation (by id) that did not succeed; nil when
	// all did.
	first *history.Op
}

func healthOf(h history.History) opHealth {
	var o opHealth
	for i := range h.Ops {
		op := &h.Ops[i]
		o.total++
		switch op.Status {
		case history.StatusOK:
			o.ok++
			continue
		case history.StatusFail:
			o.failed++
		default:
			o.unknown++
		}
		if o.first == nil || op.ID < o.first.ID {
			o.first = op
		}
	}
	return o
}

// noneSucceeded reports a run that could not talk to the store: it made
// operations and not one of them succeeded.
func (o opHealth) noneSucceeded() bool { return o.total > 0 && o.ok == 0 }

// firstError describes the first operation that did not succeed, with
// redact applied to its error text.
func (o opHealth) firstError(redact func(string) string) string {
	op := o.first
	if op == nil {
		return ""
	}
	msg := op.Error
	if msg == "" {
		msg = "(no error text recorded)"
	}
	return fmt.Sprintf("op %d (%s %s, client %d): %s", op.ID, op.Func, kvrule.QuoteKey(op.Key), op.Client, redact(msg))
}

// problem is the error of a run whose every operation failed, and a
// warning for one where many did; both empty for a healthy run.
func (o opHealth) problem(redact func(string) string) (errText, warning string) {
	bad := o.failed + o.unknown
	switch {
	case o.noneSucceeded():
		return fmt.Sprintf("no operation succeeded: all %d failed (%d) or have an unknown outcome (%d), so the store was never really tested (is it reachable, and the credential right?); the first error, %s",
			o.total, o.failed, o.unknown, o.firstError(redact)), ""
	case o.total > 0 && float64(bad) >= troubledShare*float64(o.total):
		return "", fmt.Sprintf("%d of %d operations (%.0f%%) failed (%d) or have an unknown outcome (%d): the checks judged only the rest; the first error, %s",
			bad, o.total, 100*float64(bad)/float64(o.total), o.failed, o.unknown, o.firstError(redact))
	}
	return "", ""
}
