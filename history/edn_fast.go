package history

import (
	"unicode/utf8"

	"olympos.io/encoding/edn"
)

// ednFast decodes the common shape of a Jepsen event straight from the
// text of its form, without the EDN library's reflection and maps: a map
// (or a #jepsen.history.Op record) with keyword keys whose values are nil,
// booleans, integers, strings, keywords and vectors or lists of these, and
// whose :type, :process, :f and :time are what parseEDNEvent accepts. It
// reports false for anything else (tags, sets, maps, floats, symbols,
// characters, unusual escapes or spacing, a field parseEDNEvent would
// refuse), and the caller decodes that form with the EDN library, whose
// behaviour and errors are the reference. What it accepts, it reads as
// decodeEDNForm and parseEDNEvent would.
type ednFast struct {
	b        []byte
	p        int
	depth    int
	keywords nameTable // interned keywords, boxed as edn.Keyword
	strs     nameTable // interned keys and regions, boxed as string
	kvs      []ednKV   // scratch: the optional fields of the event
	slab     []ednKV   // where the events' optional fields are kept
	keepAll  bool      // keep every field in kvs (tests compare them with the library's map)
	off      bool      // read nothing (tests: the EDN library reads every form)
}

// maxFastDepth is how deeply the fast decoder nests vectors; deeper forms
// go to the EDN library.
const maxFastDepth = 32

// ednOptional returns the name of k if it is one of the fields the
// history builder reads through ednEvent.fields (the fast decoder keeps
// only these), else "".
func ednOptional(k []byte) string {
	switch string(k) {
	case "conflict":
		return "conflict"
	case "cursor":
		return "cursor"
	case "end":
		return "end"
	case "error":
		return "error"
	case "expected-version":
		return "expected-version"
	case "keys":
		return "keys"
	case "kind":
		return "kind"
	case "limit":
		return "limit"
	case "prefix":
		return "prefix"
	case "read":
		return "read"
	case "region":
		return "region"
	case "regions":
		return "regions"
	case "text":
		return "text"
	case "ttl-ms":
		return "ttl-ms"
	case "version":
		return "version"
	}
	return ""
}

// event decodes the form text, which starts on line, or reports false.
func (d *ednFast) event(text []byte, line int) (ev ednEvent, ok bool) {
	d.b, d.p, d.depth, d.kvs = text, 0, 0, d.kvs[:0]
	const tag = "#jepsen.history.Op"
	if len(text) > len(tag) && string(text[:len(tag)]) == tag && isFastSpace(text[len(tag)]) {
		d.p = len(tag)
		d.ws()
	}
	if !d.eat('{') {
		return ev, false
	}
	ev.line = line
	var hasType, hasProcess, hasF bool
	for {
		d.ws()
		if d.eat('}') {
			break
		}
		k, ok := d.keyword()
		if !ok {
			return ev, false
		}
		d.ws()
		at := d.p
		switch string(k) {
		case "type":
			ev.typ, ok = d.typeWord()
			hasType = true
		case "process":
			ev.process, ev.nemesis, ok = d.process()
			hasProcess = true
		case "f":
			var f []byte
			if f, ok = d.keyword(); ok {
				if ev.f = jepsenF(f); ev.f == "" {
					ev.f = d.keywords.intern(f)
				}
			}
			hasF = true
		case "time":
			ev.time, ok = d.int()
			ev.hasTime = true
		case "value":
			ev.value, ok = d.value(false)
		case "key":
			ev.key, ok = d.value(true)
			ev.hasKey = true
		default:
			var v any
			name := ednOptional(k)
			v, ok = d.value(name == "region")
			if ok && name != "" {
				d.kvs = append(d.kvs, ednKV{k: name, v: v})
			}
		}
		if !ok {
			return ev, false
		}
		if d.keepAll && ednOptional(k) == "" {
			end := d.p
			d.p = at
			v, _ := d.value(false)
			d.p = end
			d.kvs = append(d.kvs, ednKV{k: string(k), v: v})
		}
	}
	d.ws()
	if d.p != len(d.b) || !hasType || !hasProcess || !hasF {
		return ev, false
	}
	if n := len(d.kvs); n > 0 { // kept in a slab: an allocation per event would cost more than reading it
		if cap(d.slab)-len(d.slab) < n {
			d.slab = make([]ednKV, 0, max(min(2*cap(d.slab), 1024), 64, n))
		}
		at := len(d.slab)
		d.slab = append(d.slab, d.kvs...)
		ev.fields.kvs = d.slab[at : at+n : at+n]
	}
	return ev, true
}

// jepsenF returns the usual :f names as constants, else "".
func jepsenF(f []byte) string {
	switch string(f) {
	case "read":
		return "read"
	case "write":
		return "write"
	case "cas":
		return "cas"
	case "append":
		return "append"
	case "get":
		return "get"
	case "put":
		return "put"
	case "update":
		return "update"
	case "delete":
		return "delete"
	case "list":
		return "list"
	case "txn":
		return "txn"
	case "add":
		return "add"
	}
	return ""
}

// isFastSpace reports the whitespace the fast decoder reads (the EDN
// library reads more, such as Unicode spaces; those go to it).
func isFastSpace(c byte) bool {
	return c == ' ' || c == ',' || c == '\n' || c == '\t' || c == '\r'
}

func (d *ednFast) ws() {
	for d.p < len(d.b) && isFastSpace(d.b[d.p]) {
		d.p++
	}
}

func (d *ednFast) eat(c byte) bool {
	if d.p < len(d.b) && d.b[d.p] == c {
		d.p++
		return true
	}
	return false
}

// ended reports whether a literal (keyword, number, nil, true, false)
// ends at p: at whitespace or a closing bracket. Anything else, even what
// EDN allows (a string right after a keyword), goes to the library.
func (d *ednFast) ended() bool {
	if d.p >= len(d.b) {
		return false
	}
	switch c := d.b[d.p]; c {
	case '}', ']', ')':
		return true
	default:
		return isFastSpace(c)
	}
}

// symbolByte marks the ASCII bytes a keyword may hold after its first:
// letters, digits and .*+!-_?$%&=<>:#' (not '/': namespaced keywords go to
// the library).
var symbolByte = func() (t [256]bool) {
	for c := '0'; c <= '9'; c++ {
		t[c] = true
	}
	for c := 'a'; c <= 'z'; c++ {
		t[c], t[c-'a'+'A'] = true, true
	}
	for _, c := range ".*+!-_?$%&=<>:#'" {
		t[c] = true
	}
	return t
}()

// keyword reads a keyword and returns its name, without the colon.
func (d *ednFast) keyword() ([]byte, bool) {
	if !d.eat(':') {
		return nil, false
	}
	start := d.p
	for d.p < len(d.b) && symbolByte[d.b[d.p]] {
		d.p++
	}
	if d.p == start || d.b[start] == ':' || !d.ended() {
		return nil, false
	}
	return d.b[start:d.p], true
}

// typeWord reads :type's value, one of :invoke :ok :fail :info.
func (d *ednFast) typeWord() (string, bool) {
	k, ok := d.keyword()
	if !ok {
		return "", false
	}
	switch string(k) {
	case "invoke":
		return "invoke", true
	case "ok":
		return "ok", true
	case "fail":
		return "fail", true
	case "info":
		return "info", true
	}
	return "", false
}

// process reads :process's value: an integer, or a keyword (:nemesis).
func (d *ednFast) process() (p int64, nemesis, ok bool) {
	if d.p < len(d.b) && d.b[d.p] == ':' {
		_, ok = d.keyword()
		return 0, true, ok
	}
	p, ok = d.int()
	return p, false, ok
}

// int reads an integer of at most 18 digits (longer ones, and +1, 1N,
// 1.5, 01, go to the library).
func (d *ednFast) int() (int64, bool) {
	v, end, ok := decimal(d.b, d.p)
	if !ok {
		return 0, false
	}
	d.p = end
	return v, d.ended()
}

// value reads a value as the EDN library decodes it into an any; intern
// boxes strings once per distinct string (keys, regions).
func (d *ednFast) value(intern bool) (any, bool) {
	if d.p >= len(d.b) {
		return nil, false
	}
	switch c := d.b[d.p]; {
	case c == '"':
		return d.str(intern)
	case c == ':':
		k, ok := d.keyword()
		if !ok {
			return nil, false
		}
		return d.keywords.box(k, func(s string) any { return edn.Keyword(s) }), true
	case c == '-' || (c >= '0' && c <= '9'):
		n, ok := d.int()
		return n, ok
	case c == '[':
		return d.vector(']')
	case c == '(':
		return d.vector(')')
	}
	start := d.p
	for d.p < len(d.b) && d.b[d.p] >= 'a' && d.b[d.p] <= 'z' {
		d.p++
	}
	if !d.ended() {
		return nil, false
	}
	switch string(d.b[start:d.p]) {
	case "nil":
		return nil, true
	case "true":
		return true, true
	case "false":
		return false, true
	}
	return nil, false
}

// vector reads a vector or list, up to its closer.
func (d *ednFast) vector(closer byte) (any, bool) {
	if d.depth++; d.depth > maxFastDepth {
		return nil, false
	}
	d.p++
	v := make([]any, 0, 2)
	for {
		d.ws()
		if d.eat(closer) {
			d.depth--
			return v, true
		}
		e, ok := d.value(false)
		if !ok {
			return nil, false
		}
		v = append(v, e)
	}
}

// str reads a string: printable ASCII and valid UTF-8, with the escapes
// \" \\ \n \t \r (others, and control characters, go to the library).
func (d *ednFast) str(intern bool) (any, bool) {
	d.p++
	b, p := d.b, d.p
	for p < len(b) && plainByte[b[p]] {
		p++
	}
	if p < len(b) && b[p] == '"' { // the usual case: nothing to unescape
		s := b[d.p:p]
		d.p = p + 1
		if intern {
			return d.strs.box(s, func(s string) any { return s }), true
		}
		return string(s), true
	}
	var out []byte
	start := d.p
	for ; p < len(b); p++ {
		switch c := b[p]; {
		case c == '"':
			s := b[start:p]
			if out != nil {
				s = append(out, s...)
			}
			if !utf8.Valid(s) {
				return nil, false
			}
			d.p = p + 1
			return string(s), true
		case c == '\\':
			if p+1 >= len(b) {
				return nil, false
			}
			out = append(out, b[start:p]...)
			switch b[p+1] {
			case '"', '\\':
				out = append(out, b[p+1])
			case 'n':
				out = append(out, '\n')
			case 't':
				out = append(out, '\t')
			case 'r':
				out = append(out, '\r')
			default:
				return nil, false
			}
			p++
			start = p + 1
		case c < 0x20:
			return nil, false
		}
	}
	return nil, false
}
