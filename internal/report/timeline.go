package report

import (
	"bytes"
	"compress/gzip"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/kvchaos/kvchaos/history"
)

// timelineData is every op of the history in compact columns, for the
// page's script to draw (timeline, overview and latency). Times are in
// Unit nanoseconds since the first call; Call is delta-coded in call
// order. The JSON is gzipped and base64-encoded into the page, so a
// 200k-op history costs a few bytes per op.
type timelineData struct {
	Clock string `json:"clock"` // "virtual time", "wall-clock time" or "history time"
	Unit  int64  `json:"unit"`  // nanoseconds per time unit
	// Lanes label the clients, in lane order.
	Lanes []string `json:"lanes"`
	// Keys and Labels are string tables: an op's key, and its short
	// label without the key ("= v1", "→ 5", "4→5").
	Keys   []string `json:"keys"`
	Labels []string `json:"labels"`
	Errs   []string `json:"errs"`
	// Per op, in call order.
	ID    []int   `json:"id"`   // delta-coded op IDs (all 1 for IDs 0, 1, 2, ...)
	Call  []int64 `json:"call"` // delta-coded call times
	Dur   []int64 `json:"dur"`  // return − call; -1 when it never returned
	Lane  []int   `json:"lane"`
	Code  []int   `json:"code"` // funcIndex*4 + statusIndex
	Key   []int   `json:"key"`
	Label []int   `json:"label"`
	// Err lists [op index, error index] pairs of ops with an error.
	Err [][2]int `json:"err"`
	// Bad lists the IDs of the ops some finding names.
	Bad  []int     `json:"bad"`
	Anns []annData `json:"anns"`
	// WorkEnd is when the last workload op returned; Quiet when the store
	// was declared quiescent (-1 when never); End the last time seen.
	WorkEnd int64 `json:"workEnd"`
	Quiet   int64 `json:"quiet"`
	End     int64 `json:"end"`
	// Shown and Omitted count the ops drawn and the ops left out (see
	// maxTimelineOps); the page says so in text.
	Shown   int `json:"-"`
	Omitted int `json:"-"`
	// t0 is the history's first call in nanoseconds, which the times
	// count from (the rest of the page's times too).
	t0 int64
}

type annData struct {
	Kind  string `json:"kind"`
	Text  string `json:"text"`
	Start int64  `json:"start"`
	End   int64  `json:"end"`
}

// funcs and statuses give the order of Code's parts; the script has the
// same lists.
var (
	funcs    = []history.Func{history.FuncGet, history.FuncPut, history.FuncUpdate, history.FuncCAS, history.FuncList, history.FuncDelete, history.FuncAppend}
	statuses = []history.Outcome{history.OutcomeOK, history.OutcomeFail, history.OutcomeUnknown}
)

// unitFor picks a power of ten of nanoseconds that keeps a span within
// 10^8 units: finer than any zoom the page allows.
func unitFor(span int64) int64 {
	u := int64(1)
	for span/u > 100_000_000 {
		u *= 10
	}
	return u
}

// interner numbers strings in order of first use.
type interner struct {
	ids  map[string]int
	list []string
}

func (in *interner) id(s string) int {
	if in.ids == nil {
		in.ids = map[string]int{}
	}
	if i, ok := in.ids[s]; ok {
		return i
	}
	in.ids[s] = len(in.list)
	in.list = append(in.list, s)
	return len(in.list) - 1
}

// idBytes is id(string(b)), allocating the string only when it is new.
func (in *interner) idBytes(b []byte) int {
	if i, ok := in.ids[string(b)]; ok {
		return i
	}
	return in.id(string(b))
}

// buildTimeline returns the page's timeline data for h, with the ops in
// bad marked and at most limit ops drawn (see timelineOrder).
func buildTimeline(h history.History, bad map[int]bool, clock string, limit int) timelineData {
	t0, t1 := span(h)
	unit := unitFor(t1 - t0)
	rel := func(t int64) int64 { return (t - t0) / unit }
	order, omitted := timelineOrder(h, bad, limit)
	n := len(order)
	d := timelineData{Clock: clock, Unit: unit, Quiet: -1, End: rel(t1), t0: t0, // empty lists, never null
		Lanes: []string{}, Err: [][2]int{}, Bad: []int{}, Anns: []annData{}, ID: make([]int, 0, n), Call: make([]int64, 0, n),
		Dur: make([]int64, 0, n), Lane: make([]int, 0, n), Code: make([]int, 0, n), Key: make([]int, 0, n), Label: make([]int, 0, n)}
	d.Shown, d.Omitted = n, omitted
	cs, regionOf := lanes(h)
	laneOf := make(map[int]int, len(cs))
	for i, c := range cs {
		laneOf[c] = i
		label := fmt.Sprintf("client %d", c)
		if r := regionOf[c]; r != "" {
			label = fmt.Sprintf("c%d %s", c, r)
		}
		d.Lanes = append(d.Lanes, label)
	}
	quiet := int64(-1)
	for _, a := range h.Annotations {
		if a.Kind == history.AnnotationQuiescent && (quiet < 0 || a.Start < quiet) {
			quiet = a.Start
		}
		end := max(a.End, a.Start)
		d.Anns = append(d.Anns, annData{Kind: string(a.Kind), Text: annText(a), Start: rel(a.Start), End: rel(end)})
	}
	if quiet >= 0 {
		d.Quiet = rel(quiet)
	}
	var keys, errs interner
	labels := interner{ids: make(map[string]int, n/4)}
	var label []byte
	prevCall, prevID := int64(0), -1
	workEnd := int64(0)
	for n, i := range order {
		op := &h.Ops[i]
		call := rel(op.Call)
		dur := int64(-1)
		if returned(*op) {
			dur = rel(op.Return) - call
		}
		if quiet < 0 || op.Call < quiet {
			workEnd = max(workEnd, call+max(dur, 0))
		}
		d.ID = append(d.ID, op.ID-prevID)
		d.Call = append(d.Call, call-prevCall)
		prevCall, prevID = call, op.ID
		d.Dur = append(d.Dur, dur)
		d.Lane = append(d.Lane, laneOf[op.Client])
		d.Code = append(d.Code, index(funcs, op.Func)*4+index(statuses, op.Outcome))
		d.Key = append(d.Key, keys.id(op.Key))
		label = cutLabel(appendLabel(label[:0], op))
		d.Label = append(d.Label, labels.idBytes(label))
		if op.Error != "" {
			d.Err = append(d.Err, [2]int{n, errs.id(op.Error)})
		}
		if bad[op.ID] {
			d.Bad = append(d.Bad, op.ID)
		}
	}
	d.Keys, d.Labels, d.Errs = append([]string{}, keys.list...), append([]string{}, labels.list...), append([]string{}, errs.list...)
	d.WorkEnd = max(workEnd, 1)
	return d
}

// lanes returns the clients of h, sorted, and the region each one last
// named (clients and a map in one pass over the ops).
func lanes(h history.History) (cs []int, regionOf map[int]string) {
	regionOf = map[int]string{}
	for i := range h.Ops {
		op := &h.Ops[i]
		if r, ok := regionOf[op.Client]; !ok || op.Region != "" && op.Region != r {
			if !ok {
				cs = append(cs, op.Client)
			}
			if !ok || op.Region != "" {
				regionOf[op.Client] = op.Region
			}
		}
	}
	slices.Sort(cs)
	return cs, regionOf
}

func annText(a history.Annotation) string {
	if len(a.Regions) > 0 {
		return a.Text + " [" + strings.Join(a.Regions, " ") + "]"
	}
	return a.Text
}

// index returns the position of v in list, or len(list) when absent.
func index[T comparable](list []T, v T) int {
	if i := slices.Index(list, v); i >= 0 {
		return i
	}
	return len(list)
}

func cmpInt64(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// encode gzips d's JSON and returns it base64-encoded, for the page's
// data element (URL alphabet: nothing for the template to escape).
func (d timelineData) encode() (string, error) {
	var buf bytes.Buffer
	zw, err := gzip.NewWriterLevel(&buf, gzip.BestSpeed)
	if err != nil {
		return "", err
	}
	js, err := json.Marshal(d)
	if err != nil {
		return "", err
	}
	// Bidi controls are named in the data too: the script draws it as text.
	if _, err := bidiControls.WriteString(zw, string(js)); err != nil {
		return "", err
	}
	if err := zw.Close(); err != nil {
		return "", err
	}
	return base64.RawURLEncoding.EncodeToString(buf.Bytes()), nil
}

// short is the op's label: function, key and values.
func short(op history.Op) string {
	switch op.Func {
	case history.FuncGet:
		if !op.Output.Found {
			return "get " + op.Key + " → ∅"
		}
		return "get " + op.Key + " → " + op.Output.Value
	case history.FuncList:
		return fmt.Sprintf("list %s → %d", op.Input.Prefix, len(op.Output.Keys))
	case history.FuncUpdate:
		return fmt.Sprintf("update %s %s→%s", op.Key, orNone(op.Output.Value, op.Output.Found), op.Input.Value)
	case history.FuncDelete:
		return "delete " + op.Key
	default:
		return string(op.Func) + " " + op.Key + " = " + op.Input.Value
	}
}

// appendLabel appends op's timeline label to b: short(op) without the
// function and key the page shows beside it ("= v1", "→ ∅", "4→5"); a
// delete keeps both, a list its prefix unless that is the key.
func appendLabel(b []byte, op *history.Op) []byte {
	switch op.Func {
	case history.FuncGet:
		if !op.Output.Found {
			return append(b, "→ ∅"...)
		}
		return append(append(b, "→ "...), op.Output.Value...)
	case history.FuncList:
		if op.Input.Prefix != op.Key {
			b = append(append(append(b, "list "...), op.Input.Prefix...), ' ')
		}
		return strconv.AppendInt(append(b, "→ "...), int64(len(op.Output.Keys)), 10)
	case history.FuncUpdate:
		return append(append(append(b, orNone(op.Output.Value, op.Output.Found)...), "→"...), op.Input.Value...)
	case history.FuncDelete:
		return append(append(b, "delete "...), op.Key...)
	default:
		return append(append(b, "= "...), op.Input.Value...)
	}
}

func orNone(v string, found bool) string {
	if !found {
		return "∅"
	}
	return v
}
