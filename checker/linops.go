package checker

import (
	"errors"
	"fmt"
	"strings"

	"github.com/anishathalye/porcupine"

	"github.com/kvchaos/kvchaos/history"
	"github.com/kvchaos/kvchaos/model"
)

// linInput is what the linearizability check judges: per key with judged
// ops, in key order, its porcupine ops, their op IDs, and (when the fast
// path ran) its fast-path answer. The ops of a key the fast path found
// legal are not kept (parts[p] is nil), so memory holds only the keys left
// to search or to explain.
type linInput struct {
	parts            [][]porcupine.Operation
	ids              [][]int
	keys             []string
	fast             []fastResult
	checked, skipped int
}

// fastPath is how linConvert runs the fast path: the model, for the
// explanations, and whether it has versions.
type fastPath struct {
	pm       porcupine.Model
	versions bool
}

// linConvert converts the ops porcupine can judge, grouped per key in key
// order. Fails are dropped except a cas that failed on a conflict (an
// observation: the comparison did not match, see conflicted); unknown
// reads are dropped, and so are unknown writes whose value no op observed
// (see unobservedUnknownWrites); other unknown writes get an infinite
// return. An op the model cannot check is an error naming the first one
// in key order. With a fast path (fast != nil) it decides each key there
// first, GOMAXPROCS keys at a time.
// The fast path reads the table; only the keys it does not find legal are
// converted (to porcupine's ops of materialized history.Ops).
func linConvert(ix *index, kind model.Kind, fast *fastPath) (linInput, error) {
	type keyOut struct {
		part    []porcupine.Operation
		ids     []int
		fast    fastResult
		judged  int
		skipped int
		err     error
	}
	outs := make([]keyOut, len(ix.keys))
	eachParallel(len(ix.keys), func() func(int) {
		var buf convBuf // reused while the keys it held are dropped
		var pos []int32
		var recs []rop
		return func(p int) {
			o := &outs[p]
			pos, o.skipped, o.err = judgedOps(ix, kind, ix.keys[p], pos[:0])
			o.judged = len(pos)
			if o.err != nil || o.judged == 0 {
				return
			}
			if fast != nil {
				if o.fast = fastCheck(fast.pm, ix, pos, ix.keyName[ix.keys[p]], fast.versions, &recs); o.fast.verdict == fastLegal {
					return
				}
			}
			o.part, o.ids = buf.convert(ix, pos)
			buf = convBuf{} // the key keeps the buffers
		}
	})
	var in linInput
	for p := range outs {
		o := &outs[p]
		if o.err != nil {
			return linInput{}, o.err
		}
		in.skipped += o.skipped
		if o.judged == 0 {
			continue
		}
		in.checked += o.judged
		in.parts = append(in.parts, o.part)
		in.ids = append(in.ids, o.ids)
		in.keys = append(in.keys, ix.keyName[ix.keys[p]])
		in.fast = append(in.fast, o.fast)
	}
	return in, nil
}

// convBuf holds the arrays one key's conversion fills: each porcupine
// op's input and output are the recorded op (see model.Kind.Porcupine),
// materialized from the table.
type convBuf struct {
	hops []history.Op
	part []porcupine.Operation
	ids  []int
}

// grow makes room for n ops.
func (b *convBuf) grow(n int) {
	if cap(b.part) < n {
		n = max(n, 2*cap(b.part))
		*b = convBuf{hops: make([]history.Op, n), part: make([]porcupine.Operation, n), ids: make([]int, n)}
	}
}

// judgedOps appends to pos the table positions of the ops of key number
// k that the linearizability check judges (see linOps), in call order,
// and counts the others; an op the model cannot check is an error.
func judgedOps(ix *index, kind model.Kind, k int32, pos []int32) (_ []int32, skipped int, err error) {
	byKey := ix.byKey[k]
	unobserved := unobservedUnknownWrites(ix, byKey, ix.conflictFlags)
	for _, i := range byKey {
		if !kind.Supports(ix.fn(i)) {
			op := ix.op(i)
			return pos[:0], 0, unsupportedOp(&op, kind)
		}
	}
	for _, i := range byKey {
		if !linJudged(ix, ix.at(i), ix.conflictFlags) || unobserved[i] {
			skipped++
			continue
		}
		pos = append(pos, i)
	}
	return pos, skipped, nil
}

// convert materializes the ops at positions pos into b's arrays, as
// porcupine's ops and their IDs.
func (b *convBuf) convert(ix *index, pos []int32) ([]porcupine.Operation, []int) {
	n := len(pos)
	b.grow(n)
	for s, i := range pos {
		r := ix.at(i)
		b.hops[s] = ix.op(i)
		b.part[s] = porcupine.Operation{ClientId: ix.opClient(r), Input: &b.hops[s], Output: &b.hops[s], Call: r.call, Return: r.effRet()}
		b.ids[s] = ix.opID(r)
	}
	return b.part[:n:n], b.ids[:n:n]
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
