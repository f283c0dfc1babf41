package kvtest

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/kvchaos/kvchaos/history"
)

// interleaving renders h with the given client names.
func interleaving(h history.History, names map[int]string) string {
	var b strings.Builder
	ann := 0
	for i, op := range h.Ops {
		for ann < len(h.Annotations) && h.Annotations[ann].Start <= op.Call {
			writeAnnotation(&b, h.Annotations[ann])
			ann++
		}
		name := names[op.Client]
		ret := "never returned"
		if op.Return >= 0 && op.Return != history.ReturnNever {
			ret = time.Duration(op.Return).String()
		}
		fmt.Fprintf(&b, "%3d. %-*s %-9s %-44s [%v → %s]\n", i+1, nameWidth(names), name, op.Region, describe(op), time.Duration(op.Call), ret)
	}
	for ; ann < len(h.Annotations); ann++ {
		writeAnnotation(&b, h.Annotations[ann])
	}
	return b.String()
}

// writeAnnotation writes one annotation line.
func writeAnnotation(b *strings.Builder, a history.Annotation) {
	fmt.Fprintf(b, "     -- %s (%s at %v)\n", a.Text, a.Kind, time.Duration(a.Start))
}

// clientName returns A..Z, then A1, B1...
func clientName(i int) string {
	s := string(rune('A' + i%26))
	if i >= 26 {
		s += strconv.Itoa(i / 26)
	}
	return s
}

// describe renders one op: what it did and what it got.
func describe(op history.Op) string {
	var what string
	switch op.Func {
	case history.FuncGet:
		what = fmt.Sprintf("get %q", op.Key)
		if op.Outcome == history.OutcomeOK {
			if op.Output.Found {
				what += " → " + showValue(op.Output.Value)
			} else {
				what += " → absent"
			}
		}
	case history.FuncPut:
		what = fmt.Sprintf("put %q ← %s", op.Key, showValue(op.Input.Value))
	case history.FuncDelete:
		what = fmt.Sprintf("delete %q", op.Key)
	case history.FuncCAS:
		exp := "absent"
		if op.Input.Expected != "" {
			exp = "v" + op.Input.Expected
		}
		what = fmt.Sprintf("put-if %q ← %s (if %s)", op.Key, showValue(op.Input.Value), exp)
		if op.Outcome == history.OutcomeOK {
			what += " → ok"
		}
	case history.FuncList:
		what = fmt.Sprintf("list %q", op.Input.Prefix)
		if op.Outcome == history.OutcomeOK {
			what += fmt.Sprintf(" → %q", op.Output.Keys)
		}
	default:
		what = fmt.Sprintf("%s %q ← %s", op.Func, op.Key, showValue(op.Input.Value))
		if op.Outcome == history.OutcomeOK && op.Output.Found {
			what += fmt.Sprintf(" (read %s)", showValue(op.Output.Value))
		}
	}
	switch op.Outcome {
	case history.OutcomeFail:
		what += " ✗ " + shortErr(op.Error)
	case history.OutcomeUnknown:
		what += " ? " + shortErr(op.Error)
	}
	return what
}

// showValue prints a value as JSON when it is JSON (what kv.Store's
// default codec writes), quoted otherwise.
func showValue(v string) string {
	if v != "" && json.Valid([]byte(v)) {
		return v
	}
	return strconv.Quote(v)
}

// nameWidth is the width of the widest client name (at least 2).
func nameWidth(names map[int]string) int {
	w := 2
	for _, n := range names {
		w = max(w, utf8.RuneCountInString(n))
	}
	return w
}

// order is the one-line summary of h's interleaving: who did what, in
// the order it was issued ("A get, B get, A put, B put, reader get"), the
// key named when h has several.
func order(h history.History, names map[int]string) string {
	keys := map[string]bool{}
	for _, op := range h.Ops {
		keys[op.Key] = true
	}
	parts := make([]string, 0, len(h.Ops))
	for _, op := range h.Ops {
		p := names[op.Client] + " " + string(op.Func)
		if len(keys) > 1 && op.Key != "" {
			p += " " + op.Key
		}
		if op.Outcome != history.OutcomeOK {
			p += " (" + string(op.Outcome) + ")"
		}
		parts = append(parts, p)
	}
	return strings.Join(parts, ", ")
}

// shortErr keeps error texts on one short line.
func shortErr(s string) string {
	if s == "" {
		return "failed"
	}
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	if len(s) > 60 {
		s = s[:60] + "…"
	}
	return s
}
