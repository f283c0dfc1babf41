package report

import (
	"fmt"
	"strings"

	"github.com/kvchaos/kvchaos/checker"
)

// maxShownFindings is how many findings a check shows before the rest
// collapse into a <details> element.
const maxShownFindings = 10

// checkView is one check's result as the page shows it.
type checkView struct {
	checker.Result
	Shown, Folded []finding
	// NotKept counts findings the checker counted but did not keep.
	NotKept int
}

// finding is one anomaly as the page shows it: its text without the key
// prefix the key badge already shows, and links to the ops that the
// anomalous-operations table lists.
type finding struct {
	Kind    checker.AnomalyKind
	Key     string
	Text    string
	Links   []int
	Unnamed int    // ops the anomaly names that are not linked
	Note    string // what the unlinked ops are
	// Ops are the op IDs the timeline highlights when the finding is
	// selected, space-separated, in the anomaly's order (for a counter,
	// its final read then the lost writes of the key).
	Ops string
	// Witness: the first of Ops is the op that cannot be placed.
	Witness bool
	// N numbers the findings of the page from 1: the element id
	// "finding-N", so report.html#finding-N opens with it selected.
	N int
}

// maxSelectedOps caps the ops a finding names for the timeline (a
// counter may have many lost writes).
const maxSelectedOps = 2000

// buildChecks prepares each check's findings; listed is the set of ops
// in the anomalous-operations table.
func buildChecks(r checker.Report, listed map[int]bool) []checkView {
	out := make([]checkView, 0, len(r.Results))
	n := 0
	for _, res := range r.Results {
		cv := checkView{Result: res, NotKept: res.AnomalyCount - len(res.Anomalies)}
		for i, a := range res.Anomalies {
			f := newFinding(a, res.Linearizability, listed)
			n++
			f.N = n
			f.Ops = selectedOps(a, res)
			_, f.Witness = witnessOf(res.Linearizability, a.Key)
			f.Witness = f.Witness && a.Kind == checker.KindNotLinearizable
			if i < maxShownFindings {
				cv.Shown = append(cv.Shown, f)
			} else {
				cv.Folded = append(cv.Folded, f)
			}
		}
		out = append(out, cv)
	}
	return out
}

func newFinding(a checker.Anomaly, lin *checker.LinearizabilityDetail, listed map[int]bool) finding {
	f := finding{Kind: a.Kind, Key: a.Key, Text: a.Text}
	if a.Key != "" {
		f.Text = strings.TrimPrefix(f.Text, fmt.Sprintf("key %q: ", a.Key))
	}
	if a.Kind == checker.KindNotLinearizable {
		// Only the op the explanation names is linked; porcupine's
		// visualization draws the others.
		w, ok := witnessOf(lin, a.Key)
		if ok && listed[w] {
			f.Links = []int{w}
		}
		if n := len(a.Ops) - len(f.Links); n > 0 {
			f.Unnamed, f.Note = n, "other ops of the key"
		}
		return f
	}
	for _, id := range a.Ops {
		if listed[id] && len(f.Links) < maxOpLinks {
			f.Links = append(f.Links, id)
		}
	}
	if n := len(a.Ops) - len(f.Links); n > 0 {
		f.Unnamed, f.Note = n, "more ops"
	}
	return f
}

func witnessOf(lin *checker.LinearizabilityDetail, key string) (int, bool) {
	if lin == nil {
		return 0, false
	}
	w, ok := lin.Witnesses[key]
	return w, ok
}

// selectedOps lists the ops selecting a finding highlights.
func selectedOps(a checker.Anomaly, res checker.Result) string {
	ids := a.Ops
	if a.Kind == checker.KindCounterBounds {
		ids = append([]int{}, a.Ops...)
		for _, o := range res.Anomalies {
			if o.Kind == checker.KindLostUpdate && o.Key == a.Key && len(o.Ops) > 0 {
				ids = append(ids, o.Ops[0])
			}
		}
	}
	if a.Kind == checker.KindNotLinearizable {
		// The page finds the key's ops itself: only the witness is named.
		ids = nil
		if w, ok := witnessOf(res.Linearizability, a.Key); ok {
			ids = []int{w}
		}
	}
	var b strings.Builder
	for i, id := range ids[:min(len(ids), maxSelectedOps)] {
		if i > 0 {
			b.WriteByte(' ')
		}
		fmt.Fprint(&b, id)
	}
	return b.String()
}
