package checker

import (
	"fmt"
	"sort"
	"strings"
)

// TextOptions shapes Report.Text: how much of each check a terminal
// shows. The JSON rendering always holds every kept anomaly.
type TextOptions struct {
	// MaxFindings caps the anomalies listed per check (0 = 8). At least one
	// of each kind found is listed; the rest are counted.
	MaxFindings int
	// MaxOps caps the op IDs listed per anomaly (0 = 10).
	MaxOps int
	// More names where the anomalies not listed can be read, e.g.
	// "report.html and --json" ("" = the JSON rendering).
	More string
}

// Text renders the report for people: the verdict and its two parts
// (the client code's lost writes first when there are any, then whether
// the store kept its promise), warnings, then each check's status,
// explanation and first findings. A TextOptions argument (at most one is
// used; none = its defaults) shapes how much is shown.
func (r Report) Text(opts ...TextOptions) string {
	var o TextOptions
	if len(opts) > 0 {
		o = opts[0]
	}
	if o.MaxFindings <= 0 {
		o.MaxFindings = 8
	}
	if o.MaxOps <= 0 {
		o.MaxOps = 10
	}
	if o.More == "" {
		o.More = "the JSON rendering"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "verdict: %s (expecting %s; %d ops, %d keys)\n", r.Verdict, r.Expect, r.Ops, r.Keys)
	if r.Error != "" {
		fmt.Fprintf(&b, "error: %s\n", r.Error)
	} else if r.Store.Verdict != "" {
		if r.Client.Lost > 0 {
			fmt.Fprintf(&b, "client code: %s\n", r.Client.Summary)
		}
		fmt.Fprintf(&b, "store: %s\n", r.Store.Summary)
		if r.Client.Lost == 0 {
			fmt.Fprintf(&b, "client code: %s\n", r.Client.Summary)
		}
	}
	for _, w := range r.Warnings {
		fmt.Fprintf(&b, "warning: %s\n", w)
	}
	for _, res := range r.Results {
		fmt.Fprintf(&b, "\n%s: %s\n  %s\n", res.Check, res.Status, res.Explanation)
		shown := listed(res.Anomalies, o.MaxFindings)
		for _, i := range shown {
			a := res.Anomalies[i]
			fmt.Fprintf(&b, "  - [%s] %s", a.Kind, a.Text)
			switch {
			case a.Kind == KindNotLinearizable && len(a.Ops) > 0:
				fmt.Fprintf(&b, " (the key's ops: %s)", opList(a.Ops, o.MaxOps))
			case len(a.Ops) > 0:
				fmt.Fprintf(&b, " (ops %s)", opList(a.Ops, o.MaxOps))
			}
			b.WriteByte('\n')
		}
		if more := res.AnomalyCount - len(shown); more > 0 {
			fmt.Fprintf(&b, "  … and %d more (%s)\n", more, moreWhere(res, o.More))
		}
		if s := res.Staleness; s != nil && len(s.TVisibility) > 0 {
			b.WriteString("  t-visibility (P[a read issued at least Δ after a write completed sees it or newer]):\n")
			for _, p := range s.TVisibility {
				fmt.Fprintf(&b, "    Δ ≥ %-10s %.4f  (%d reads)\n", p.Delta, p.Probability, p.Reads)
			}
		}
	}
	return b.String()
}

// moreWhere says where the findings not listed are.
func moreWhere(res Result, where string) string {
	if len(res.Anomalies) == res.AnomalyCount {
		return "all in " + where
	}
	return fmt.Sprintf("the first %d of the %d found are kept in %s", len(res.Anomalies), res.AnomalyCount, where)
}

// listed picks at most n of as to show, in order: the first of each kind,
// then the earliest others.
func listed(as []Anomaly, n int) []int {
	if len(as) <= n {
		out := make([]int, len(as))
		for i := range out {
			out[i] = i
		}
		return out
	}
	pick := make(map[int]bool, n)
	seen := map[AnomalyKind]bool{}
	for i, a := range as {
		if !seen[a.Kind] && len(pick) < n {
			seen[a.Kind] = true
			pick[i] = true
		}
	}
	for i := 0; i < len(as) && len(pick) < n; i++ {
		pick[i] = true
	}
	out := make([]int, 0, len(pick))
	for i := range pick {
		out = append(out, i)
	}
	sort.Ints(out)
	return out
}

// opList renders op IDs separated by spaces, the first n of them, then
// "(+N more)".
func opList(ids []int, n int) string {
	var b strings.Builder
	for i, id := range ids {
		if i == n {
			fmt.Fprintf(&b, " (+%d more)", len(ids)-n)
			break
		}
		if i > 0 {
			b.WriteByte(' ')
		}
		fmt.Fprint(&b, id)
	}
	return b.String()
}
