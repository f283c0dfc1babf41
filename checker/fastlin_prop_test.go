package checker

import (
	"fmt"
	"sort"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/anishathalye/porcupine"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/kvchaos/kvchaos/history"
	"github.com/kvchaos/kvchaos/model"
)

// genKeyHistory draws a small one-key history: ops take effect in the
// order of a random point inside their interval, so before corruption the
// history is linearizable. Then some ops become unknown (with or without
// their effect), a read may be corrupted, and a value may be reused.
func genKeyHistory(t *rapid.T, kind model.Kind) history.History {
	n := rapid.IntRange(1, 9).Draw(t, "ops")
	type planned struct {
		op    history.Op
		point int64
	}
	ps := make([]planned, n)
	for i := range ps {
		call := int64(rapid.IntRange(0, 40).Draw(t, "call"))
		dur := int64(rapid.IntRange(0, 12).Draw(t, "dur"))
		f := history.FuncGet
		switch kind {
		case model.KindRegister:
			f = rapid.SampledFrom([]history.Func{history.FuncGet, history.FuncPut}).Draw(t, "f")
		case model.KindCASRegister:
			f = rapid.SampledFrom([]history.Func{history.FuncGet, history.FuncPut, history.FuncCAS, history.FuncDelete}).Draw(t, "f")
		default:
			f = rapid.SampledFrom([]history.Func{history.FuncGet, history.FuncPut, history.FuncCAS, history.FuncDelete, history.FuncUpdate}).Draw(t, "f")
		}
		ps[i] = planned{op: history.Op{Client: i, Func: f, Key: "x", Outcome: history.OutcomeOK, Call: 10 * call, Return: 10 * (call + dur)},
			point: 10*call + int64(rapid.IntRange(0, int(10*dur)).Draw(t, "point"))*1 + int64(i)%10}
		if ps[i].point > ps[i].op.Return {
			ps[i].point = ps[i].op.Return
		}
	}
	sort.SliceStable(ps, func(a, b int) bool { return ps[a].point < ps[b].point })
	versions := kind != model.KindRegister && rapid.Bool().Draw(t, "versions")
	var written []string
	cur, present, ver := "", false, ""
	for i := range ps {
		op := &ps[i].op
		val := fmt.Sprintf("v%d", i)
		if len(written) > 0 && rapid.IntRange(0, 15).Draw(t, "reuse") == 0 {
			val = rapid.SampledFrom(written).Draw(t, "reused")
		}
		switch op.Func {
		case history.FuncGet:
			op.Output = history.Output{Found: present, Value: cur}
			if versions && present {
				op.Output.Version = ver
			}
		case history.FuncPut:
			op.Input.Value = val
			cur, present, ver = val, true, "r"+val
			written = append(written, val)
			if versions {
				op.Output.Version = ver
			}
		case history.FuncDelete:
			present, cur, ver = false, "", ""
		case history.FuncUpdate:
			op.Input.Value = val
			op.Output = history.Output{Found: present, Value: cur}
			cur, present, ver = val, true, "r"+val
			written = append(written, val)
		case history.FuncCAS:
			exp := cur
			if !present || rapid.IntRange(0, 3).Draw(t, "mismatch") == 0 {
				exp = rapid.SampledFrom(append([]string{"never"}, written...)).Draw(t, "expected")
			}
			op.Input = history.Input{Value: val, ExpectedValue: exp, HasExpectedValue: true}
			if present && exp == cur {
				cur, ver = val, "r"+val
				written = append(written, val)
			} else {
				op.Outcome = history.OutcomeFail
				op.Output.Conflict = true
			}
		}
	}
	ops := make([]history.Op, len(ps))
	for i := range ps {
		ops[i] = ps[i].op
		if ops[i].Outcome != history.OutcomeFail && rapid.IntRange(0, 6).Draw(t, "unknown") == 0 {
			ops[i].Outcome, ops[i].Return = history.OutcomeUnknown, history.ReturnNever
			if ops[i].Func == history.FuncGet {
				ops[i].Output = history.Output{}
			}
		}
	}
	var reads []int
	for i := range ops {
		if ops[i].Func == history.FuncGet && ops[i].Outcome == history.OutcomeOK {
			reads = append(reads, i)
		}
	}
	if len(reads) > 0 && rapid.Bool().Draw(t, "corrupt") {
		i := rapid.SampledFrom(reads).Draw(t, "which")
		if v := rapid.SampledFrom(append([]string{"", "never"}, written...)).Draw(t, "stale"); v == "" {
			ops[i].Output = history.Output{}
		} else {
			ops[i].Output = history.Output{Found: true, Value: v}
		}
	}
	sort.SliceStable(ops, func(a, b int) bool { return ops[a].Call < ops[b].Call })
	for i := range ops {
		ops[i].ID = i
	}
	return history.History{Ops: ops}
}

var (
	fastChecked, fastDecided, fastIllegals atomic.Int64
	fastWhy                                sync.Map
)

// The fast path agrees with porcupine's search on every key it decides.
// Keys it leaves undecided are counted, not compared (porcupine decides
// them in Check).
func TestFastPathAgreesWithPorcupine(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		kind := rapid.SampledFrom([]model.Kind{model.KindRegister, model.KindCASRegister, model.KindKV}).Draw(t, "model")
		for range 10 {
			h := genKeyHistory(t, kind)
			ix := newIndex(h)
			parts, ids, keys, _, err := linOps(ix, kind)
			require.NoError(t, err)
			pm, err := kind.Porcupine()
			require.NoError(t, err)
			p := 0
			for _, kn := range ix.keys {
				pos, _, err := judgedOps(ix, kind, kn, nil)
				require.NoError(t, err)
				if len(pos) == 0 {
					continue
				}
				require.Equal(t, keys[p], ix.keyName[kn])
				require.Len(t, ids[p], len(pos))
				one := parts[p : p+1]
				p++
				pm.Partition = func([]porcupine.Operation) [][]porcupine.Operation { return one }
				want := porcupine.CheckOperations(pm, nil)
				got := fastCheck(pm, ix, pos, ix.keyName[kn], kind != model.KindRegister, nil)
				fastChecked.Add(1)
				switch got.verdict {
				case fastLegal:
					fastDecided.Add(1)
					require.True(t, want, "fast path: legal; porcupine: illegal\n%v", h.Ops)
				case fastIllegal:
					fastDecided.Add(1)
					fastIllegals.Add(1)
					require.False(t, want, "fast path: illegal (%s); porcupine: legal\n%v", got.w.text, h.Ops)
					require.NotEmpty(t, got.w.text)
				default:
					n, _ := fastWhy.LoadOrStore(got.why, new(atomic.Int64))
					n.(*atomic.Int64).Add(1)
				}
			}
		}
	})
	t.Logf("cross-validated %d one-key histories: the fast path decided %d (%d illegal), porcupine alone the rest",
		fastChecked.Load(), fastDecided.Load(), fastIllegals.Load())
	fastWhy.Range(func(k, v any) bool { t.Logf("  undecided %d: %s", v.(*atomic.Int64).Load(), k); return true })
}

// Check decides the same keys illegal with and without the fast path, on
// histories of a few keys.
func TestCheckVerdictsSameWithFastPath(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		kind := rapid.SampledFrom([]model.Kind{model.KindRegister, model.KindCASRegister, model.KindKV}).Draw(t, "model")
		var h history.History
		for k := range rapid.IntRange(1, 3).Draw(t, "keys") {
			one := genKeyHistory(t, kind)
			for _, op := range one.Ops {
				op.Key = fmt.Sprintf("k%d", k)
				h.Ops = append(h.Ops, op)
			}
		}
		sort.SliceStable(h.Ops, func(a, b int) bool { return h.Ops[a].Call < h.Ops[b].Call })
		for i := range h.Ops {
			h.Ops[i].ID = i
		}
		o := Options{Checks: []Name{Linearizable}, Model: kind, Timeout: -1, MaxVisualizedKeys: -1}
		fast := Check(h, o)
		o.NoFastPath = true
		slow := Check(h, o)
		require.Equal(t, slow.Verdict, fast.Verdict)
		require.Equal(t, slow.Error, fast.Error)
		if fast.Error != "" {
			return // nothing to judge (no op succeeded, nothing written or found): no check ran
		}
		fr, _ := fast.Result(Linearizable)
		sr, _ := slow.Result(Linearizable)
		if sr.Linearizability == nil { // nothing to judge
			require.Nil(t, fr.Linearizability)
			return
		}
		require.Equal(t, sr.Linearizability.IllegalKeys, fr.Linearizability.IllegalKeys)
		require.Equal(t, len(sr.Linearizability.Witnesses), len(fr.Linearizability.Witnesses), "a witness for every illegal key")
	})
}
