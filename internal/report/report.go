package report

import (
	"bytes"
	_ "embed"
	"fmt"
	"html/template"
	"io"
	"sort"
	"time"

	"github.com/kvchaos/kvchaos/checker"
	"github.com/kvchaos/kvchaos/history"
)

// Data is what a report shows.
type Data struct {
	// Title heads the page ("kvchaos run", a demo's name, a file name).
	Title string
	// Facts are shown as a table under the title, in order: store URL
	// (redacted), workload, seed, versions. Keys and values are escaped.
	Facts []Fact
	// History is the checked history; Report what the checker found.
	History history.History
	Report  checker.Report
	// Clock says what the history's times are: ClockVirtual for a
	// simulated run, ClockWall for a live one, "" when not known (a
	// history file). Every time on the page is labelled with it.
	Clock Clock
}

// Clock is what a history's times measure.
type Clock string

// The clocks.
const (
	// ClockVirtual: the simulator's virtual clock, which costs no real
	// time to advance.
	ClockVirtual Clock = "virtual"
	// ClockWall: the wall clock of the machine that recorded the run.
	ClockWall Clock = "wall"
)

// label is how the page names the clock next to a time.
func (c Clock) label() string {
	switch c {
	case ClockVirtual:
		return "virtual time"
	case ClockWall:
		return "wall-clock time"
	}
	return "history time"
}

// Fact is one labelled line of the run description.
type Fact struct{ Name, Value string }

//go:embed page.html.tmpl
var pageText string

//go:embed style.css
var styleText string

//go:embed page.js
var scriptText string

var page = template.Must(template.New("page").Funcs(template.FuncMap{
	"css": func() template.CSS { return template.CSS(styleText) },
	"add": func(a, b int) int { return a + b },
	"js":  func() template.JS { return template.JS(scriptText) },
}).Parse(pageText))

// view is the template's input: Data plus everything computed from it.
type view struct {
	Data
	Answers  []answer
	Checks   []checkView
	Timeline timelineData
	// TimelineData is Timeline gzipped and base64-encoded.
	TimelineData string
	ClockLabel   string
	CDF          cdf
	Viz          []viz
	Witnesses    []witnessView
	Faults       []faultRow
	// MoreFaults is the number of annotations when not all are listed.
	MoreFaults int
	Anomalous  []opRow
	// MoreAnomalous counts anomalous ops beyond the table's cap.
	MoreAnomalous int
}

// viz is one porcupine visualization, embedded with srcdoc.
type viz struct {
	Keys []string
	HTML string
	Note string // what the drawing leaves out
	// scripts are the page's inline scripts, which the report's policy
	// must allow since the iframe inherits it.
	scripts []string
}

// opRow is one row of the anomalous-operations table.
type opRow struct {
	history.Op
	// CallAt and ReturnAt are durations since the history's first call.
	CallAt, ReturnAt string
}

// Write renders d as one HTML page to w.
func Write(w io.Writer, d Data) error {
	bad := anomalousOps(d.Report)
	v := view{
		Data:       d,
		Answers:    answers(d.Report),
		ClockLabel: d.Clock.label(),
		CDF:        buildCDF(d.Report),
		Viz:        visualizations(d.Report),
	}
	var err error
	if v.Timeline, v.TimelineData, err = fitTimeline(d.History, bad, d.Clock.label()); err != nil {
		return fmt.Errorf("report: timeline: %w", err)
	}
	t0 := v.Timeline.t0 // (span's, without another pass over the ops)
	listed := map[int]bool{}
	for i := range d.History.Ops {
		if len(bad) == 0 {
			break
		}
		if !bad[d.History.Ops[i].ID] {
			continue
		}
		op := d.History.Ops[i]
		if len(v.Anomalous) == maxListedOps {
			v.MoreAnomalous++
			continue
		}
		listed[op.ID] = true
		row := opRow{Op: op, CallAt: fmtDur(op.Call - t0), ReturnAt: "never returned"}
		if returned(op) {
			row.ReturnAt = fmtDur(op.Return - t0)
		}
		v.Anomalous = append(v.Anomalous, row)
	}
	v.Checks = buildChecks(d.Report, listed)
	v.Witnesses = buildWitnesses(d.History, t0, d.Report, v.Checks)
	v.Faults, v.MoreFaults = faultRows(d.History, t0)
	var buf bytes.Buffer
	if err := page.Execute(&buf, v); err != nil {
		return fmt.Errorf("report: render: %w", err)
	}
	var extra []string
	for _, z := range v.Viz {
		extra = append(extra, z.scripts...)
	}
	if _, err := w.Write(secure(buf.Bytes(), extra)); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	return nil
}

// maxListedOps caps the table of anomalous operations.
const maxListedOps = 200

// anomalousOps returns the IDs of every op an anomaly names, except the
// whole-key op lists of non-linearizable keys (porcupine's visualization
// shows those): of those, only the op the explanation names.
func anomalousOps(r checker.Report) map[int]bool {
	bad := map[int]bool{}
	for _, res := range r.Results {
		for _, a := range res.Anomalies {
			if a.Kind == checker.KindNotLinearizable {
				if w, ok := witnessOf(res.Linearizability, a.Key); ok {
					bad[w] = true
				}
				continue
			}
			for _, id := range a.Ops {
				bad[id] = true
			}
		}
	}
	return bad
}

// span returns the first call and last return of h (ops that never
// returned end at the last time seen).
func span(h history.History) (t0, t1 int64) {
	if len(h.Ops) == 0 {
		return 0, 1
	}
	t0, t1 = h.Ops[0].Call, h.Ops[0].Call
	for i := range h.Ops {
		op := &h.Ops[i]
		t0, t1 = min(t0, op.Call), max(t1, op.Call)
		if returned(*op) {
			t1 = max(t1, op.Return)
		}
	}
	for _, a := range h.Annotations {
		t1 = max(t1, a.Start)
	}
	if t1 <= t0 {
		t1 = t0 + 1
	}
	return t0, t1
}

// returned reports whether op completed.
func returned(op history.Op) bool {
	return op.Return >= op.Call && op.Return != history.ReturnNever
}

// clients returns the client IDs of h, sorted.
func clients(h history.History) []int {
	seen := map[int]bool{}
	var out []int
	for _, op := range h.Ops {
		if !seen[op.Client] {
			seen[op.Client] = true
			out = append(out, op.Client)
		}
	}
	sort.Ints(out)
	return out
}

// fmtDur formats nanoseconds for labels, to four significant digits.
func fmtDur(ns int64) string {
	unit := time.Duration(1)
	for d := time.Duration(max(ns, -ns)); d >= 10000*unit; {
		unit *= 10
	}
	return time.Duration(ns).Round(unit).String()
}

// maxOpLinks caps the op links shown per anomaly.
const maxOpLinks = 8

// faultRow is one annotation as the list under the timeline shows it.
type faultRow struct {
	Kind     history.AnnotationKind
	From, To string
	Text     string
}

// maxFaultRows caps the list of annotations.
const maxFaultRows = 500

// faultRows lists the history's annotations with times since t0; more is
// their number when some are not listed.
func faultRows(h history.History, t0 int64) (rows []faultRow, more int) {
	for i, a := range h.Annotations {
		if i == maxFaultRows {
			return rows, len(h.Annotations)
		}
		rows = append(rows, faultRow{Kind: a.Kind, From: fmtDur(a.Start - t0), To: fmtDur(max(a.End, a.Start) - t0), Text: annText(a)})
	}
	return rows, 0
}
