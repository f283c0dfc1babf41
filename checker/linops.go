package checker

import (
	"errors"
	"fmt"
	"runtime"
	"strings"
	"sync"

	"github.com/anishathalye/porcupine"

	"github.com/kvchaos/kvchaos/history"
	"github.com/kvchaos/kvchaos/model"
)

// linOps converts the ops porcupine can judge, grouped per key in key
// order. Fails are dropped except a cas that failed on a conflict (an
// observation: the comparison did not match, see conflicted); unknown
// reads are dropped, and so are unknown writes whose value no op observed
// (see unobservedUnknownWrites); other unknown writes get an infinite
// return. An op the
// model cannot check is an error naming the first one in key order.
//
// The conversion is memory-bound, so ranges of keys are converted in
// parallel (GOMAXPROCS of them), each key into its own region of shared
// arrays.
func linOps(ix *index, kind model.Kind) (parts [][]porcupine.Operation, ids [][]int, keys []string, skipped int, err error) {
	c := newConversion(ix, kind)
	workers := max(min(runtime.GOMAXPROCS(0), len(ix.keys)), 1)
	skips := make([]int, workers)
	errs := make([]error, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			skips[w], errs[w] = c.convert(w*len(ix.keys)/workers, (w+1)*len(ix.keys)/workers)
		})
	}
	wg.Wait()
	for w := range workers {
		if errs[w] != nil { // the ranges are in key order
			return nil, nil, nil, 0, errs[w]
		}
		skipped += skips[w]
	}
	for n, k := range ix.keys {
		if from, to := c.off[n], c.off[n]+c.judged[n]; to > from {
			parts = append(parts, c.ops[from:to:to])
			ids = append(ids, c.ids[from:to:to])
			keys = append(keys, k)
		}
	}
	return parts, ids, keys, skipped, nil
}

// conversion holds the porcupine ops of a history; each op's input and
// output are the recorded op (see model.Kind.Porcupine). Key n's judged
// ops are at [off[n], off[n]+judged[n]); the rest of its region, up to
// off[n+1], is left over by the ops that were not judged.
type conversion struct {
	ix     *index
	kind   model.Kind
	off    []int
	judged []int
	ops    []porcupine.Operation
	ids    []int
}

func newConversion(ix *index, kind model.Kind) *conversion {
	off := make([]int, len(ix.keys)+1)
	for n, k := range ix.keys {
		off[n+1] = off[n] + len(ix.byKey[k])
	}
	total := off[len(ix.keys)]
	return &conversion{ix: ix, kind: kind, off: off, judged: make([]int, len(ix.keys)),
		ops: make([]porcupine.Operation, total), ids: make([]int, total)}
}

// convert fills the regions of keys [from, to), stopping at the first op
// the model cannot check.
func (c *conversion) convert(from, to int) (skipped int, err error) {
	for n := from; n < to; n++ {
		s := c.off[n]
		byKey := c.ix.byKey[c.ix.keys[n]]
		unobserved := unobservedUnknownWrites(c.ix.ops, byKey, c.ix.conflictFlags)
		for _, i := range byKey {
			op := &c.ix.ops[i]
			if !c.kind.Supports(op.Func) {
				return 0, unsupportedOp(op, c.kind)
			}
			if !linJudged(op, c.ix.conflictFlags) || unobserved[i] {
				skipped++
				continue
			}
			c.ops[s] = porcupine.Operation{ClientId: op.Client, Input: op, Output: op,
				Call: op.Call, Return: effReturn(op)}
			c.ids[s] = op.ID
			s++
		}
		c.judged[n] = s - c.off[n]
	}
	return skipped, nil
}

// unsupportedOp says why op cannot be checked under kind: another model
// has it (use that one), or none does (it is out of kvchaos's scope).
func unsupportedOp(op *history.Op, kind model.Kind) error {
	for _, k := range []model.Kind{model.KindCASRegister, model.KindKV} {
		if k.Supports(op.Func) {
			return fmt.Errorf("op %d is %s, and the %s model has no %s: check with --model %s", op.ID, article(string(op.Func)), kind, op.Func, k)
		}
	}
	return errors.New(outOfScope(op))
}

// outOfScope says why op is outside what kvchaos checks; "" when it is not.
func outOfScope(op *history.Op) string {
	switch op.Func {
	case history.FuncGet, history.FuncPut, history.FuncDelete, history.FuncList, history.FuncAppend, history.FuncCAS, history.FuncUpdate:
		return ""
	}
	why := "kvchaos models single keys (get, put, delete, list, cas, append, update), so this op is out of its scope"
	if op.Func == "txn" {
		why = "transactions are out of kvchaos's scope: check them with Elle (jepsen.tests.cycle, or elle-cli)"
	}
	return fmt.Sprintf("op %d is %s, which no model of kvchaos supports: %s", op.ID, article(string(op.Func)), why)
}

// article puts "a" or "an" before word.
func article(word string) string {
	if word != "" && strings.ContainsRune("aeiou", rune(word[0])) {
		return "an " + word
	}
	return "a " + word
}
