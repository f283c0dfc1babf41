package checker

import (
	"github.com/kvchaos/kvchaos/history"
)

// hb builds histories by hand: each op gets the next ID.
type hb struct{ h history.History }

func (b *hb) add(op history.Op) int {
	op.ID = len(b.h.Ops)
	if op.Outcome == "" {
		op.Outcome = history.OutcomeOK
	}
	b.h.Ops = append(b.h.Ops, op)
	return op.ID
}

func (b *hb) put(client int, region, key, v string, call, ret int64) int {
	return b.add(history.Op{Client: client, Region: region, Func: history.FuncPut, Key: key, Input: history.Input{Value: v}, Call: call, Return: ret})
}

func (b *hb) get(client int, region, key, v string, call, ret int64) int {
	return b.add(history.Op{Client: client, Region: region, Func: history.FuncGet, Key: key, Output: history.Output{Value: v, Found: true}, Call: call, Return: ret})
}

func (b *hb) getAbsent(client int, key string, call, ret int64) int {
	return b.add(history.Op{Client: client, Func: history.FuncGet, Key: key, Call: call, Return: ret})
}

func (b *hb) update(client int, key, read, wrote string, call, ret int64) int {
	return b.add(history.Op{Client: client, Func: history.FuncUpdate, Key: key, Input: history.Input{Value: wrote},
		Output: history.Output{Value: read, Found: read != ""}, Call: call, Return: ret})
}

func (b *hb) unknownPut(client int, key, v string, call int64) int {
	return b.add(history.Op{Client: client, Func: history.FuncPut, Key: key, Input: history.Input{Value: v},
		Outcome: history.OutcomeUnknown, Call: call, Return: history.ReturnNever})
}

func (b *hb) quiescent(at int64) {
	b.h.Annotations = append(b.h.Annotations, history.Annotation{Kind: history.AnnotationQuiescent, Text: "healed", Start: at, End: at})
}

func kinds(r Result) []AnomalyKind {
	var ks []AnomalyKind
	for _, a := range r.Anomalies {
		ks = append(ks, a.Kind)
	}
	return ks
}

func run(h history.History, c Name, expect Expect) (Report, Result) {
	rep := Check(h, Options{Checks: []Name{c}, Expect: expect})
	res, _ := rep.Result(c)
	return rep, res
}

func opUnknownUpdate(client int, key, wrote string, call int64) history.Op {
	return history.Op{Client: client, Func: history.FuncUpdate, Key: key, Input: history.Input{Value: wrote},
		Outcome: history.OutcomeUnknown, Call: call, Return: history.ReturnNever}
}

func history0() history.History {
	var b hb
	b.put(1, "", "x", "a", 0, 1)
	b.get(1, "", "x", "a", 2, 3)
	return b.h
}
