package checker

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/anishathalye/porcupine"

	"github.com/kvchaos/kvchaos/history"
	"github.com/kvchaos/kvchaos/model"
)

// LinearizabilityDetail is what the linearizability check adds to its
// Result.
type LinearizabilityDetail struct {
	// Result is porcupine's: Ok, Illegal or Unknown (timed out).
	Result string `json:"result"`
	// IllegalKeys are the keys whose ops have no linearization.
	IllegalKeys []string `json:"illegal_keys,omitempty"`
	// Checked is the number of ops given to porcupine; Skipped counts ops
	// it cannot judge or need not (lists, fails, unknown reads, unknown
	// writes whose value no op observed).
	Checked int `json:"checked"`
	Skipped int `json:"skipped"`
	// Undetermined counts keys still undecided when the budget for naming
	// the illegal keys ran out (the verdict is illegal regardless).
	Undetermined int `json:"undetermined,omitempty"`
	// FastKeys counts the keys decided without search, because every write
	// of the key stores a distinct value (see fastlin.go).
	FastKeys int `json:"fast_keys,omitempty"`
	// Witnesses maps an illegal key to the op its explanation names (for
	// the first few illegal keys, when the search for one finished).
	Witnesses map[string]int `json:"witnesses,omitempty"`
	// Explained holds, for each key in Witnesses, the legal order and state
	// its explanation names, for a report to draw.
	Explained map[string]WitnessOrder `json:"explained,omitempty"`
	// Visualization is porcupine's HTML page for (some of) the illegal
	// keys, with the history's annotations. Not part of the JSON.
	Visualization []byte `json:"-"`
	// VisualizationNote says what the visualization leaves out, if
	// anything (long keys are drawn as a window around their witness).
	VisualizationNote string `json:"visualization_note,omitempty"`
}

// WitnessOrder is why a key has no linearization, as data: Op cannot be
// placed after Order, a legal order of some of the key's ops that
// respects real time, which leaves the key in State.
type WitnessOrder struct {
	Op int `json:"op"`
	// Order lists op IDs in the order the model applied them.
	Order []int  `json:"order"`
	State string `json:"state"`
	// Longest is the length of the longest legal order found; Ops the
	// number of the key's judged ops.
	Longest int `json:"longest"`
	Ops     int `json:"ops"`
	// Blocked: Order is the longest legal order, no remaining op fits
	// after it, and Op is the first of them to return. Otherwise Op fits
	// after no legal order of the ops that may precede it, Order being the
	// longest of those.
	Blocked bool `json:"blocked,omitempty"`
}

func linJudged(ix *index, op *rop, flagged casReading) bool {
	switch op.st {
	case stFail:
		return op.f == fCAS && conflicted(ix, op, flagged)
	case stUnknown:
		return op.f != fGet
	}
	return true
}

func checkLinearizable(ix *index, h history.History, o Options) Result {
	res := Result{Check: Linearizable}
	pm, _ := o.Model.Porcupine()
	versions := o.Model != model.KindRegister
	var fast *fastPath
	if !o.NoFastPath {
		fast = &fastPath{pm: pm, versions: versions}
	}
	start := time.Now()
	in, err := linConvert(ix, o.Model, fast)
	if err != nil {
		res.Status = StatusSkipped
		res.Explanation = err.Error()
		return res
	}
	parts, ids, keys := in.parts, in.ids, in.keys
	det := &LinearizabilityDetail{Skipped: in.skipped, Checked: in.checked}
	res.Linearizability = det
	timeout := o.Timeout
	if timeout < 0 {
		timeout = 0
	}
	fastRes := in.fast
	fastBad, rest, fastOK := fastSplit(fastRes)
	det.FastKeys = fastOK + len(fastBad)
	sub := func(ps []int) ([][]porcupine.Operation, [][]int, []string) {
		sp, si, sk := make([][]porcupine.Operation, len(ps)), make([][]int, len(ps)), make([]string, len(ps))
		for n, p := range ps {
			sp[n], si[n], sk[n] = parts[p], ids[p], keys[p]
		}
		return sp, si, sk
	}
	rParts, rIDs, rKeys := sub(rest)
	o.progress("%s: %d of %d keys decided without search (%d without a linearization); %d left to porcupine's search", Linearizable, det.FastKeys, len(parts), len(fastBad), len(rest))
	sr, err := searchKeys(pm, rParts, rIDs, rKeys, versions, timeout, start)
	if err != nil {
		res.Status = StatusSkipped
		res.Explanation = err.Error()
		return res
	}
	result := sr.result
	det.Result = string(result)
	if len(fastBad) > 0 {
		det.Result = string(porcupine.Illegal)
	}
	switch {
	case result == porcupine.Ok && len(fastBad) == 0:
		res.Status = StatusOK
		res.Explanation = fmt.Sprintf("all %d judged ops on %d keys have a linearization (%s model)", det.Checked, len(keys), o.Model)
		return res
	case result == porcupine.Unknown && len(fastBad) == 0:
		res.Status = StatusUnknown
		res.Explanation = fmt.Sprintf("timed out after %s before finding a linearization or proving none exists: this is NOT a pass; raise the timeout", o.Timeout)
		return res
	}
	det.Undetermined = sr.open
	named := map[int]witness{}
	var illegal []int // indices into parts
	for n, w := range sr.named {
		named[rest[n]] = w
	}
	for _, n := range sr.bad {
		illegal = append(illegal, rest[n])
	}
	for _, p := range fastBad {
		named[p] = fastRes[p].w
	}
	illegal = append(illegal, fastBad...)
	slices.Sort(illegal)
	for _, p := range illegal {
		det.IllegalKeys = append(det.IllegalKeys, keys[p])
		a := Anomaly{Kind: KindNotLinearizable, Key: keys[p], Ops: append([]int{}, ids[p]...),
			Text: fmt.Sprintf("key %q: its %d ops have no order that respects real time and the %s model", keys[p], len(ids[p]), o.Model)}
		if w, ok := named[p]; ok && w.text != "" {
			a.Text = fmt.Sprintf("key %q: no order of its %d ops respects real time and the %s model: %s", keys[p], len(ids[p]), o.Model, w.text)
			if det.Witnesses == nil {
				det.Witnesses = map[string]int{}
			}
			det.Witnesses[keys[p]] = w.op
			if w.state != "" { // porcupine's witnesses name an order; the fast path's a proof
				if det.Explained == nil {
					det.Explained = map[string]WitnessOrder{}
				}
				det.Explained[keys[p]] = WitnessOrder{Op: w.op, Order: w.order, State: w.state, Longest: w.longest, Ops: len(ids[p]), Blocked: w.blocked}
			}
		}
		res.add(a, o.MaxAnomalies)
	}
	if len(illegal) == 0 { // the second pass ran out of time
		res.add(Anomaly{Kind: KindNotLinearizable, Text: "some key has no linearization (which one was not found before the timeout)"}, o.MaxAnomalies)
	}
	res.Status = StatusViolated
	res.Explanation = fmt.Sprintf("no linearization exists for %d key(s): %s", len(det.IllegalKeys), quoteList(det.IllegalKeys, 10))
	if len(illegal) == 0 {
		res.Explanation = "the search proved that some key has no linearization, but the time for naming it ran out"
	}
	if open := det.Undetermined; open > 0 {
		res.Explanation += fmt.Sprintf(" (%d other key(s) were still being searched when the time for naming keys ran out)", open)
	}
	if o.MaxVisualizedKeys > 0 && len(illegal) > 0 {
		shown := illegal[:min(len(illegal), o.MaxVisualizedKeys)]
		det.Visualization = visualize(pm, parts, ids, shown, named, h.Annotations, det, keys, visualizeBudget)
		if more := len(illegal) - len(shown); more > 0 {
			det.VisualizationNote = strings.TrimPrefix(det.VisualizationNote+fmt.Sprintf("; %d other key(s) without a linearization are not drawn (see the findings)", more), "; ")
		}
	}
	return res
}

func quoteList(ss []string, n int) string {
	q := make([]string, 0, min(len(ss), n))
	for i, s := range ss {
		if i == n {
			q = append(q, fmt.Sprintf("… (%d more)", len(ss)-n))
			break
		}
		q = append(q, fmt.Sprintf("%q", s))
	}
	return strings.Join(q, ", ")
}
