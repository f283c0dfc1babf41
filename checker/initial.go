package checker

import (
	"math"

	"github.com/kvchaos/kvchaos/history"
)

// initialClient is the client of the setup writes withInitial adds.
const initialClient = -1

// withInitial returns h with, for every key it touches, a setup put of
// value that completes before the first op begins: every check then sees
// the key holding value before the history, as Knossos's (cas-register 0)
// does. The setup puts get IDs below 0 (-1, -2, ...) and client -1; h's
// own ops are untouched.
func withInitial(h history.History, value string) history.History {
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
	if len(keys) == 0 {
		return h
	}
	at := first - 1
	if first == math.MinInt64 {
		at = first
	}
	ops := make([]history.Op, 0, len(keys)+len(h.Ops))
	for i, k := range keys {
		ops = append(ops, history.Op{ID: -1 - i, Client: initialClient, Func: history.FuncPut, Key: k,
			Input: history.Input{Value: value}, Status: history.StatusOK, Call: at, Return: at})
	}
	h.Ops = append(ops, h.Ops...)
	return h
}

// isSetup reports whether op is a setup write withInitial added.
func isSetup(op *history.Op) bool { return op.ID < 0 && op.Client == initialClient }
