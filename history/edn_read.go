package history

import (
	"errors"
	"fmt"
	"io"

	"olympos.io/encoding/edn"
)

// ReadEDN reads a Jepsen history: EDN maps, one per operation event, either
// as a sequence of top-level forms (one per line, as Jepsen's history.edn)
// or as one vector of them. See docs/history-format.md for the mapping.
//
//   - :type :invoke starts an op of :process; the next :ok, :fail or :info
//     of the same process completes it (status ok, fail, unknown). The op's
//     input is taken from the invocation, its output from the completion.
//   - An invocation never completed becomes an unknown op with Return ==
//     ReturnNever.
//   - :f :read/:get, :write/:put, :cas, :append, :delete, :list, :update
//     map to the Func constants; other names are kept as they are.
//   - :cas's [old new] value sets Input.ExpectedValue and Input.Value; a nil
//     old value means the key must be absent.
//   - A :fail of a :cas is a compare mismatch (Output.Conflict), unless
//     the event says :conflict false (Output.NoConflict: certainly not a
//     mismatch) or :conflict nil (not said); :conflict true marks any op.
//     The checker still reads a Maelstrom error code in :error first.
//   - A read completing with nil did not find the key.
//   - The key is :key, or the first element of a jepsen.independent [k v]
//     tuple when every invocation's value is one and none has :key.
//   - Times are :time (nanoseconds) when every client event has one, else
//     the event's position in the input (0, 1, 2, ...).
//   - Events of a non-integer :process (:nemesis) become fault annotations.
//
// Errors name the line the offending form starts on. ReadEDN never panics:
// a form longer than DefaultMaxLineBytes is a *LineTooLongError, and one
// nested deeper than 1000 levels an error. A ReadOptions argument (at most
// one is used) sets the limits; with its OnOp, ReadEDN streams: it pairs
// the events as it reads them and passes each op on, in the order and
// with the content of a whole read, holding only the ops in flight (see
// ReadOptions.OnOp, and ErrEDNNotStreamable for the histories it refuses
// to stream). A streamed read reports the first error in the file; a
// whole read decodes every form before pairing them, so it reports a
// form that does not decode before a pairing error on an earlier line.
func ReadEDN(r io.Reader, opts ...ReadOptions) (History, error) {
	return readEDN(r, firstOptions(opts), true)
}

// readEDN is ReadEDN; fast = false reads every form through the EDN
// library (the reference the fast paths are tested against).
func readEDN(r io.Reader, o ReadOptions, fast bool) (History, error) {
	sc := newEDNScanner(r, o.maxLine())
	sc.slow = !fast
	dec := ednFast{off: !fast}
	if o.OnOp != nil {
		return streamEDN(sc, &dec, newEDNBuilder(ednLayout{}, o.OnOp))
	}
	var evs ednEvents
	for {
		form, err := sc.next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return History{}, err
		}
		ev, err := readEDNEvent(&dec, form)
		if err != nil {
			return History{}, err
		}
		evs.add(ev)
	}
	return buildEDNHistory(evs)
}

// streamEDN is readEDN with ReadOptions.OnOp: it pairs each event as it
// is read and hands the ops over in ID order, holding only the open ops
// and those completed after the oldest open one (see ednMaxHeld).
func streamEDN(sc *ednScanner, dec *ednFast, b *ednBuilder) (History, error) {
	for pos := 0; ; pos++ {
		form, err := sc.next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err == nil {
			var ev ednEvent
			if ev, err = readEDNEvent(dec, form); err == nil {
				err = b.stream(&ev, pos)
			}
		}
		if err != nil {
			return History{Annotations: b.anns}, err
		}
	}
	anns, err := b.finish()
	return History{Annotations: anns}, err
}

// readEDNEvent decodes one form: through the fast decoder when it reads
// it, else through the EDN library.
func readEDNEvent(fast *ednFast, form ednForm) (ednEvent, error) {
	if !fast.off {
		if ev, ok := fast.event(form.text, form.line); ok {
			return ev, nil
		}
	}
	v, err := decodeEDNForm(form.text)
	if err != nil {
		return ednEvent{}, fmt.Errorf("line %d: %w", form.line, err)
	}
	return parseEDNEvent(form.line, v)
}

// ednFuncs maps Jepsen :f names to the Func vocabulary.
var ednFuncs = map[string]Func{
	"read": FuncGet, "get": FuncGet,
	"write": FuncPut, "put": FuncPut,
	"cas": FuncCAS, "append": FuncAppend,
	"delete": FuncDelete, "del": FuncDelete,
	"list": FuncList, "update": FuncUpdate,
}

func ednFunc(f string) Func {
	if fn, ok := ednFuncs[f]; ok {
		return fn
	}
	return Func(f)
}

// ednLayout is what the whole history says about how to read each event.
type ednLayout struct {
	useTime     bool // every client event has :time
	independent bool // every invocation's value is a [k v] tuple, none has :key
	invokes     int  // how many client invocations (ops) there are
}

func scanEDNLayout(evs ednEvents) ednLayout {
	l := ednLayout{useTime: true, independent: false}
	invokes := 0
	independent := true
	for _, ev := range evs.all() {
		if ev.nemesis {
			continue
		}
		l.useTime = l.useTime && ev.hasTime
		if ev.typ != "invoke" {
			continue
		}
		invokes++
		independent = independent && !ev.hasKey && isTuple(ev.f, ev.value)
	}
	l.independent = independent && invokes > 0
	l.invokes = invokes
	return l
}

// isTuple reports whether v is a jepsen.independent [k v] tuple for an op
// of f: a pair, whose value is itself a pair for a cas.
func isTuple(f string, v any) bool {
	k, inner, ok := pair(v)
	if !ok {
		return false
	}
	if _, isVec := k.([]any); isVec {
		return false
	}
	if ednFunc(f) == FuncCAS {
		_, _, ok = pair(inner)
	}
	return ok
}

// ednInvocation builds the op an :invoke starts.
func ednInvocation(ev *ednEvent, value any, independent bool) (Op, error) {
	op := Op{Client: int(ev.process), Func: ednFunc(ev.f), Outcome: OutcomeUnknown, Region: ev.optString("region")}
	switch {
	case independent:
		k, _, _ := pair(ev.value)
		op.Key = ednString(k)
	case ev.hasKey:
		op.Key = ednString(ev.key)
	}
	var err error
	if op.Input.TTLMillis, err = ev.optInt("ttl-ms"); err != nil {
		return op, err
	}
	switch op.Func {
	case FuncGet, FuncDelete:
	case FuncCAS:
		if old, nw, ok := pair(value); ok {
			op.Input.Value = ednString(nw)
			if old != nil {
				op.Input.ExpectedValue, op.Input.HasExpectedValue = ednString(old), true
			}
		} else {
			op.Input.Value = ednString(value)
			op.Input.Expected = ev.optString("expected-version")
		}
	case FuncList:
		op.Input.Prefix, op.Input.Cursor = ev.optString("prefix"), ev.optString("cursor")
		limit, err := ev.optInt("limit")
		if err != nil {
			return op, err
		}
		op.Input.Limit = int(limit)
	default:
		op.Input.Value = ednString(value)
	}
	return op, nil
}

// ednCompletion fills in status and output from an :ok, :fail or :info.
func ednCompletion(op *Op, ev *ednEvent, value any) error {
	switch ev.typ {
	case "ok":
		op.Outcome = OutcomeOK
	case "fail":
		op.Outcome = OutcomeFail
	default:
		op.Outcome = OutcomeUnknown
	}
	if op.Outcome != OutcomeOK {
		op.Error = ev.optString("error")
		if _, isKw := value.(edn.Keyword); isKw && op.Error == "" {
			op.Error = ednString(value) // Jepsen's :value :timed-out
		}
		if op.Outcome == OutcomeFail {
			// Jepsen's convention: a failed cas is a compare mismatch.
			op.Output.Conflict = op.Func == FuncCAS
			if c, present := ev.fields.get("conflict"); present {
				b, ok := c.(bool)
				if !ok && c != nil {
					return fmt.Errorf("line %d: :conflict must be true, false or nil, got %s", ev.line, ednTypeName(c))
				}
				// true: a mismatch; false: certainly not one; nil: not said.
				op.Output.Conflict, op.Output.NoConflict = b, ok && !b
			}
		}
		// What an op that did not succeed still reported: the version it
		// saw, and an update's read half (kept by WriteEDN for a lossless
		// round trip).
		op.Output.Version = ev.optString("version")
		if read, _ := ev.fields.get("read"); op.Func == FuncUpdate && read != nil {
			op.Output.Found, op.Output.Value = true, ednString(read)
		}
		return nil
	}
	op.Output.Version = ev.optString("version")
	switch op.Func {
	case FuncGet:
		if value != nil {
			op.Output.Found, op.Output.Value = true, ednString(value)
		}
	case FuncUpdate:
		if read, _ := ev.fields.get("read"); read != nil {
			op.Output.Found, op.Output.Value = true, ednString(read)
		}
	case FuncList:
		op.Output.Cursor = ev.optString("cursor")
		if keys, present := ev.fields.get("keys"); present && keys != nil {
			ks, ok := keys.([]any)
			if !ok {
				return fmt.Errorf("line %d: :keys must be a vector, got %s", ev.line, ednTypeName(keys))
			}
			for _, k := range ks {
				op.Output.Keys = append(op.Output.Keys, ednString(k))
			}
		}
	}
	return nil
}

// ednAnnotation turns a nemesis event into an annotation.
func ednAnnotation(ev *ednEvent, t int64, useTime bool) (Annotation, error) {
	a := Annotation{Kind: AnnotationFault, Start: t, End: t, Text: ev.optString("text")}
	kind, _ := ev.fields.get("kind")
	switch k := kind.(type) {
	case edn.Keyword:
		a.Kind = AnnotationKind(k)
	case string:
		a.Kind = AnnotationKind(k)
	}
	if a.Text == "" {
		a.Text = ":" + ev.f
		if ev.value != nil {
			a.Text += " " + ednString(ev.value)
		}
	}
	if useTime {
		end, err := ev.optInt("end")
		if err != nil {
			return a, err
		}
		if end > t {
			a.End = end
		}
	}
	regions, _ := ev.fields.get("regions")
	if rs, ok := regions.([]any); ok {
		for _, r := range rs {
			a.Regions = append(a.Regions, ednString(r))
		}
	}
	return a, nil
}
