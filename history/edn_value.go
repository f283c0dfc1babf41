package history

import (
	"fmt"
	"iter"
	"math/big"
	"strconv"

	"olympos.io/encoding/edn"
)

// ednEvent is one decoded Jepsen history entry, before invocations and
// completions are paired.
type ednEvent struct {
	line    int
	process int64
	time    int64
	typ     string // invoke, ok, fail, info
	f       string
	value   any
	key     any
	nemesis bool // :process is not an integer (:nemesis)
	hasKey  bool
	hasTime bool
	fields  ednMap // the optional fields
}

// ednEvents holds a history's events in chunks: growing one slice would
// copy every event several times. Chunks double from 64 events to 4096,
// so a short history stays small.
type ednEvents [][]ednEvent

const ednEventChunk = 1 << 12

func (e *ednEvents) add(ev ednEvent) {
	if n := len(*e); n == 0 || len((*e)[n-1]) == cap((*e)[n-1]) {
		size := 64
		if n > 0 {
			size = min(2*cap((*e)[n-1]), ednEventChunk)
		}
		*e = append(*e, make([]ednEvent, 0, size))
	}
	last := &(*e)[len(*e)-1]
	*last = append(*last, ev)
}

// all yields the events in order, with their positions.
func (e ednEvents) all() iter.Seq2[int, *ednEvent] {
	return func(yield func(int, *ednEvent) bool) {
		i := 0
		for _, c := range e {
			for j := range c {
				if !yield(i, &c[j]) {
					return
				}
				i++
			}
		}
	}
}

// ednMap is an event's map, for its optional fields: the map the EDN
// library decoded, or the fields the fast decoder (ednFast) kept.
type ednMap struct {
	m   map[any]any
	kvs []ednKV // the last of equal keys counts, as in a decoded map
}

// ednKV is a field kept by the fast decoder: a keyword key, without its
// colon, and its value as the EDN library would have decoded it.
type ednKV struct {
	k string
	v any
}

// get returns the value of the keyword key k.
func (e ednMap) get(k string) (any, bool) {
	if e.m != nil {
		v, ok := e.m[edn.Keyword(k)]
		return v, ok
	}
	for i := len(e.kvs) - 1; i >= 0; i-- {
		if e.kvs[i].k == k {
			return e.kvs[i].v, true
		}
	}
	return nil, false
}

// decodeEDNForm decodes one form. The EDN library panics on some malformed
// input; the panic is turned into an error so a reader never panics.
func decodeEDNForm(text []byte) (v any, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("invalid EDN: %s", clipMessage(fmt.Sprint(r)))
		}
	}()
	if err := edn.Unmarshal(text, &v); err != nil {
		return nil, fmt.Errorf("invalid EDN: %s", clipMessage(err.Error()))
	}
	return v, nil
}

// parseEDNEvent turns one decoded form into an event.
func parseEDNEvent(line int, v any) (ednEvent, error) {
	if t, ok := v.(edn.Tag); ok { // #jepsen.history.Op{...}
		v = t.Value
	}
	m, ok := v.(map[any]any)
	if !ok {
		return ednEvent{}, fmt.Errorf("line %d: expected a map, got %s", line, ednTypeName(v))
	}
	ev := ednEvent{line: line, fields: ednMap{m: m}}
	typ, ok := m[edn.Keyword("type")].(edn.Keyword)
	if !ok {
		return ev, fmt.Errorf("line %d: :type must be one of :invoke :ok :fail :info", line)
	}
	ev.typ = string(typ)
	switch ev.typ {
	case "invoke", "ok", "fail", "info":
	default:
		return ev, fmt.Errorf("line %d: :type %s is not one of :invoke :ok :fail :info", line, clipMessage(typ.String()))
	}
	switch p := m[edn.Keyword("process")].(type) {
	case int64:
		ev.process = p
	case edn.Keyword, edn.Symbol:
		ev.nemesis = true
	default:
		return ev, fmt.Errorf("line %d: :process must be an integer or :nemesis, got %s", line, ednTypeName(p))
	}
	f, ok := m[edn.Keyword("f")].(edn.Keyword)
	if !ok {
		if !ev.nemesis {
			return ev, fmt.Errorf("line %d: :f must be a keyword, got %s", line, ednTypeName(m[edn.Keyword("f")]))
		}
		f = edn.Keyword(ednString(m[edn.Keyword("f")]))
	}
	ev.f = string(f)
	ev.value = m[edn.Keyword("value")]
	ev.key, ev.hasKey = m[edn.Keyword("key")]
	if t, present := m[edn.Keyword("time")]; present {
		n, ok := t.(int64)
		if !ok {
			return ev, fmt.Errorf("line %d: :time must be an integer (nanoseconds), got %s", line, ednTypeName(t))
		}
		ev.time, ev.hasTime = n, true
	}
	return ev, nil
}

// optString returns the string form of the optional field k, "" if absent.
func (ev *ednEvent) optString(k string) string {
	v, ok := ev.fields.get(k)
	if !ok || v == nil {
		return ""
	}
	return ednString(v)
}

// optInt returns the optional integer field k (0 if absent).
func (ev *ednEvent) optInt(k string) (int64, error) {
	v, ok := ev.fields.get(k)
	if !ok || v == nil {
		return 0, nil
	}
	n, ok := v.(int64)
	if !ok {
		return 0, fmt.Errorf("line %d: :%s must be an integer, got %s", ev.line, k, ednTypeName(v))
	}
	return n, nil
}

// ednString renders an EDN value as the string a history stores: strings
// as themselves, numbers in decimal, keywords with their colon, anything
// else (vectors, maps, sets) in EDN notation.
func ednString(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case int64:
		return strconv.FormatInt(x, 10)
	case big.Int:
		return x.String()
	case *big.Int:
		return x.String()
	case float64:
		return strconv.FormatFloat(x, 'g', -1, 64)
	case bool:
		return strconv.FormatBool(x)
	case int32: // an EDN character
		return string(rune(x))
	case edn.Keyword:
		return x.String()
	case edn.Symbol:
		return string(x)
	}
	if ednTooDeep(v, maxEDNDepth) {
		// The scanner refuses such forms; this guards the encoder, which
		// recurses, against a value built some other way.
		return fmt.Sprintf("(EDN value nested deeper than %d levels)", maxEDNDepth)
	}
	s, err := ednCanonical(v)
	if err != nil {
		return "(EDN value that cannot be written back: " + clipMessage(err.Error()) + ")"
	}
	return s
}

// ednTooDeep reports whether v nests collections or tags more than budget
// levels deep. It recurses at most budget levels.
func ednTooDeep(v any, budget int) bool {
	if budget < 0 {
		return true
	}
	switch x := v.(type) {
	case []any:
		for _, e := range x {
			if ednTooDeep(e, budget-1) {
				return true
			}
		}
	case map[any]any:
		for k, e := range x {
			if ednTooDeep(k, budget-1) || ednTooDeep(e, budget-1) {
				return true
			}
		}
	case map[any]bool:
		for k := range x {
			if ednTooDeep(k, budget-1) {
				return true
			}
		}
	case edn.Tag:
		return ednTooDeep(x.Value, budget-1)
	case *edn.Tag:
		return x != nil && ednTooDeep(x.Value, budget-1)
	}
	return false
}

// ednTypeName names an EDN value's type for error messages.
func ednTypeName(v any) string {
	switch v.(type) {
	case nil:
		return "nil"
	case string:
		return "a string"
	case int64, big.Int, *big.Int:
		return "an integer"
	case float64:
		return "a float"
	case bool:
		return "a boolean"
	case edn.Keyword:
		return "a keyword"
	case edn.Symbol:
		return "a symbol"
	case []any:
		return "a vector"
	case map[any]any:
		return "a map"
	case map[any]bool:
		return "a set"
	}
	return fmt.Sprintf("%T", v)
}

// pair splits a two-element vector.
func pair(v any) (a, b any, ok bool) {
	s, ok := v.([]any)
	if !ok || len(s) != 2 {
		return nil, nil, false
	}
	return s[0], s[1], true
}
