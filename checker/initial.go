package checker

import (
	"math"

	"github.com/kvchaos/kvchaos/history"
)

// initialClient is the client of the setup writes initial adds.
const initialClient = -1

// initial adds, for every key h touches, a setup put of value that
// completes before the first op of h begins: every check then sees the
// key holding value before the history, as Knossos's (cas-register 0)
// does. The setup puts get IDs below 0 (-1, -2, ...) and client -1, and
// come before h's ops, which are untouched.
func (b *tableBuilder) initial(h history.History, value string) {
	first := int64(math.MaxInt64)
	seen := map[string]bool{}
	var keys []string
	for i := range h.Ops {
		op := &h.Ops[i]
		first = min(first, op.Call)
		if op.Func != history.FuncList && !seen[op.Key] {
			seen[op.Key] = true
			keys = append(keys, op.Key)
		}
	}
	at := first - 1
	if first == math.MinInt64 {
		at = first
	}
	for i, k := range keys {
		b.add(&history.Op{ID: -1 - i, Client: initialClient, Func: history.FuncPut, Key: k,
			Input: history.Input{Value: value}, Outcome: history.OutcomeOK, Call: at, Return: at})
	}
}

// isSetup reports whether op is a setup write initial added.
func isSetup(op *rop) bool {
	return op.fl&flWide == 0 && op.id < 0 && op.client == initialClient
}
