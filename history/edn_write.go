package history

import (
	"bufio"
	"fmt"
	"io"
	"sort"
	"strconv"

	"olympos.io/encoding/edn"
)

// WriteEDN writes h as a Jepsen history: one EDN map per line, an :invoke
// at each op's Call and an :ok, :fail or :info at its Return (none for an
// op with Return == ReturnNever), in time order, and annotations as
// :nemesis :info events. Fields Jepsen has no name for (:region, :version,
// :expected-version, :error, :conflict, ...) are written as extra keys, so ReadEDN
// reads back the same History. A client must not have two ops in flight at
// once: a Jepsen process runs one op at a time.
func WriteEDN(w io.Writer, h History) error {
	for i := range h.Ops {
		if op := &h.Ops[i]; op.Return < op.Call {
			return fmt.Errorf("op %d: returns at %d, before its call at %d", op.ID, op.Return, op.Call)
		}
	}
	bw := bufio.NewWriter(w)
	busy := map[int]int{} // client -> op in flight
	for i, ev := range ednSchedule(h) {
		e := ednWriter{w: bw}
		if ev.op < 0 {
			e.annotation(h.Annotations[-ev.op-1], i)
		} else {
			op := &h.Ops[ev.op]
			if !ev.done {
				if other, ok := busy[op.Client]; ok {
					return fmt.Errorf("op %d: client %d is still running op %d; an EDN process runs one op at a time", op.ID, op.Client, h.Ops[other].ID)
				}
				busy[op.Client] = ev.op
			} else {
				delete(busy, op.Client)
			}
			e.op(op, ev.done, i)
		}
		bw.WriteByte('\n')
	}
	return bw.Flush()
}

// ednSlot is one event to write: an op's invocation or completion, or an
// annotation (op = -1 - annotation index).
type ednSlot struct {
	time  int64
	group int // at equal times: 0 annotations, 1 completions of earlier calls, 2 ops called now
	op    int
	done  bool
}

// ednSchedule orders the events by time. At equal times, completions of
// ops called earlier go before new invocations, and an op that returns at
// the instant it was called completes right after its own invocation.
func ednSchedule(h History) []ednSlot {
	evs := make([]ednSlot, 0, 2*len(h.Ops)+len(h.Annotations))
	for i := range h.Annotations {
		evs = append(evs, ednSlot{time: h.Annotations[i].Start, op: -1 - i})
	}
	for i := range h.Ops {
		op := &h.Ops[i]
		evs = append(evs, ednSlot{time: op.Call, group: 2, op: i})
		if op.Return == ReturnNever {
			continue
		}
		g := 1
		if op.Return == op.Call {
			g = 2
		}
		evs = append(evs, ednSlot{time: op.Return, group: g, op: i, done: true})
	}
	sort.SliceStable(evs, func(i, j int) bool {
		a, b := evs[i], evs[j]
		if a.time != b.time {
			return a.time < b.time
		}
		if a.group != b.group {
			return a.group < b.group
		}
		if a.op != b.op {
			return a.op < b.op
		}
		return !a.done && b.done
	})
	return evs
}

// ednWriter writes one EDN map.
type ednWriter struct {
	w     *bufio.Writer
	first bool
}

func (e *ednWriter) key(k string) {
	if e.first {
		e.w.WriteString(", ")
	}
	e.first = true
	e.w.WriteByte(':')
	e.w.WriteString(k)
	e.w.WriteByte(' ')
}

func (e *ednWriter) raw(k, v string) { e.key(k); e.w.WriteString(v) }

func (e *ednWriter) int(k string, n int64) { e.raw(k, strconv.FormatInt(n, 10)) }

func (e *ednWriter) str(k, s string) { e.raw(k, ednQuote(s)) }

// optStr writes k only when s is not empty.
func (e *ednWriter) optStr(k, s string) {
	if s != "" {
		e.str(k, s)
	}
}

func ednQuote(s string) string {
	b, err := edn.Marshal(s)
	if err != nil { // unreachable: strings always marshal
		return strconv.Quote(s)
	}
	return string(b)
}

// op writes an op's invocation (done false) or completion.
func (e *ednWriter) op(op *Op, done bool, index int) {
	e.w.WriteByte('{')
	typ, t := "invoke", op.Call
	if done {
		t = op.Return
		typ = map[Outcome]string{OutcomeOK: "ok", OutcomeFail: "fail"}[op.Outcome]
		if typ == "" {
			typ = "info"
		}
	}
	e.raw("type", ":"+typ)
	e.raw("f", ":"+ednKeywordName(string(op.Func)))
	e.int("process", int64(op.Client))
	e.int("time", t)
	e.int("index", int64(index))
	e.optStr("key", op.Key)
	e.raw("value", ednOpValue(op, done))
	e.optStr("region", op.Region)
	if !done {
		if op.Func == FuncCAS && !op.Input.HasExpectedValue {
			e.str("expected-version", op.Input.Expected)
		}
		if op.Input.TTLMillis != 0 {
			e.int("ttl-ms", op.Input.TTLMillis)
		}
		if op.Func == FuncList {
			e.optStr("prefix", op.Input.Prefix)
			e.optStr("cursor", op.Input.Cursor)
			e.int("limit", int64(op.Input.Limit))
		}
	} else {
		e.completion(op)
	}
	e.w.WriteByte('}')
}

func (e *ednWriter) completion(op *Op) {
	e.optStr("error", op.Error)
	if op.Outcome == OutcomeFail {
		// ReadEDN takes a :fail of a :cas as a mismatch and leaves any
		// other failed op unsaid: write what differs.
		implied := op.Func == FuncCAS
		switch {
		case op.Output.Conflict && !implied:
			e.raw("conflict", "true")
		case op.Output.NoConflict:
			e.raw("conflict", "false")
		case !op.Output.Conflict && implied:
			e.raw("conflict", "nil")
		}
	}
	e.optStr("version", op.Output.Version)
	if op.Outcome != OutcomeOK {
		if op.Func == FuncUpdate && op.Output.Found { // the read half of an update that did not finish
			e.raw("read", ednFound(true, op.Output.Value))
		}
		return
	}
	switch op.Func {
	case FuncUpdate:
		e.raw("read", ednFound(op.Output.Found, op.Output.Value))
	case FuncList:
		e.optStr("cursor", op.Output.Cursor)
		e.key("keys")
		e.w.WriteByte('[')
		for i, k := range op.Output.Keys {
			if i > 0 {
				e.w.WriteByte(' ')
			}
			e.w.WriteString(ednQuote(k))
		}
		e.w.WriteByte(']')
	}
}

// ednOpValue is the :value of an op's event, in Jepsen's conventions: nil
// for a read's invocation, the value read in its completion, [old new] for
// a value-based cas, the value written otherwise.
func ednOpValue(op *Op, done bool) string {
	switch op.Func {
	case FuncGet:
		if done && op.Outcome == OutcomeOK {
			return ednFound(op.Output.Found, op.Output.Value)
		}
		return "nil"
	case FuncDelete, FuncList:
		return "nil"
	case FuncCAS:
		if op.Input.HasExpectedValue {
			return "[" + ednQuote(op.Input.ExpectedValue) + " " + ednQuote(op.Input.Value) + "]"
		}
	}
	return ednQuote(op.Input.Value)
}

func ednFound(found bool, v string) string {
	if !found {
		return "nil"
	}
	return ednQuote(v)
}

// annotation writes an annotation as a :nemesis :info event.
func (e *ednWriter) annotation(a Annotation, index int) {
	e.w.WriteByte('{')
	e.raw("type", ":info")
	e.raw("f", ":"+ednKeywordName(string(a.Kind)))
	e.raw("process", ":nemesis")
	e.int("time", a.Start)
	e.int("index", int64(index))
	e.int("end", a.End)
	e.str("kind", string(a.Kind))
	e.str("text", a.Text)
	if len(a.Regions) > 0 {
		e.key("regions")
		e.w.WriteByte('[')
		for i, r := range a.Regions {
			if i > 0 {
				e.w.WriteByte(' ')
			}
			e.w.WriteString(ednQuote(r))
		}
		e.w.WriteByte(']')
	}
	e.w.WriteByte('}')
}

// ednKeywordName makes s usable as a keyword name ("" and odd characters
// become "annotation").
func ednKeywordName(s string) string {
	if s == "" {
		return "annotation"
	}
	for _, c := range s {
		if !(c == '-' || c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			return "annotation"
		}
	}
	return s
}
