package history

import (
	"unicode/utf8"
)

// fastLine decodes the common shape of a JSONL line, a flat object of
// known fields with plain strings and integers, without reflection; it
// reports false for anything else (escapes, null, arrays, floats, unknown
// or differently cased keys, syntax errors), and the caller decodes that
// line with encoding/json, whose behaviour and errors are the reference.
// Whatever it accepts, it decodes exactly as encoding/json would.
//
// The words of the vocabulary (line types, funcs, statuses) are read as
// constants, other short strings that repeat (keys, regions) are interned
// in names, so a million ops do not hold a million copies; the integers
// and the input the line points at live in nums, so a line allocates only
// its values.
type fastLine struct {
	b     []byte
	p     int
	names *nameTable
	nums  *fastNums
}

// fastNums holds what a decoded jsonlLine points at (jsonlLine marks
// absent fields with nil pointers, as encoding/json fills them).
type fastNums struct {
	id        int
	call, ret int64
	in        wireInput
}

func (d *fastLine) ws() {
	for d.p < len(d.b) && d.b[d.p] <= ' ' {
		switch d.b[d.p] {
		case ' ', '\t', '\n', '\r':
			d.p++
		default:
			return
		}
	}
}

func (d *fastLine) eat(c byte) bool {
	if d.p < len(d.b) && d.b[d.p] == c { // the usual case: no space
		d.p++
		return true
	}
	d.ws()
	if d.p < len(d.b) && d.b[d.p] == c {
		d.p++
		return true
	}
	return false
}

// plainByte marks the bytes a string may hold as they are in the fast
// path: not '"', '\\', a control character or a byte of a multi-byte
// UTF-8 sequence.
var plainByte = func() (t [256]bool) {
	for c := 0x20; c < 0x80; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

// rawString returns the bytes of a string without escapes that is valid
// UTF-8 and has no control characters.
func (d *fastLine) rawString() ([]byte, bool) {
	if !d.eat('"') {
		return nil, false
	}
	b, p := d.b, d.p
	start := p
	for p < len(b) && plainByte[b[p]] {
		p++
	}
	ascii := true
	for ; p < len(b); p++ {
		switch c := b[p]; {
		case c == '"':
			d.p = p + 1
			s := b[start:p]
			if !ascii && !utf8.Valid(s) {
				return nil, false
			}
			return s, true
		case c == '\\' || c < 0x20:
			return nil, false
		case c >= 0x80:
			ascii = false
		}
	}
	return nil, false
}

func (d *fastLine) str() (string, bool) {
	s, ok := d.rawString()
	return string(s), ok
}

func (d *fastLine) name() (string, bool) {
	s, ok := d.rawString()
	if !ok {
		return "", false
	}
	return d.names.intern(s), true
}

// word reads a string that is usually a word of the vocabulary.
func (d *fastLine) word() (string, bool) {
	s, ok := d.rawString()
	if !ok {
		return "", false
	}
	if w := vocabulary(s); w != "" {
		return w, true
	}
	return d.names.intern(s), true
}

// vocabulary returns the constant equal to s among the line types, funcs
// and statuses, or "".
func vocabulary(s []byte) string {
	switch string(s) {
	case "invoke":
		return "invoke"
	case "complete":
		return "complete"
	case "op":
		return "op"
	case "annotation":
		return "annotation"
	case "header":
		return "header"
	case "ok":
		return string(OutcomeOK)
	case "fail":
		return string(OutcomeFail)
	case "unknown":
		return string(OutcomeUnknown)
	case "get":
		return string(FuncGet)
	case "put":
		return string(FuncPut)
	case "cas":
		return string(FuncCAS)
	case "delete":
		return string(FuncDelete)
	case "list":
		return string(FuncList)
	case "append":
		return string(FuncAppend)
	case "update":
		return string(FuncUpdate)
	}
	return ""
}

// int64 parses an integer as encoding/json does into an int64 field: no
// leading zeros, no fraction or exponent, no overflow (18 digits at most
// here; longer ones go to encoding/json).
func (d *fastLine) int64() (int64, bool) {
	d.ws()
	v, end, ok := decimal(d.b, d.p)
	if !ok {
		return 0, false
	}
	d.p = end
	if d.p < len(d.b) {
		switch d.b[d.p] {
		case '.', 'e', 'E':
			return 0, false
		}
	}
	return v, true
}

func (d *fastLine) bool() (bool, bool) {
	d.ws()
	switch {
	case len(d.b)-d.p >= 4 && string(d.b[d.p:d.p+4]) == "true":
		d.p += 4
		return true, true
	case len(d.b)-d.p >= 5 && string(d.b[d.p:d.p+5]) == "false":
		d.p += 5
		return false, true
	}
	return false, false
}

// key reads the next key of an object whose '{' was eaten (first: no
// key read yet), and its ':'; done at the closing '}'.
func (d *fastLine) key(first bool) (k []byte, done, ok bool) {
	if d.eat('}') {
		return nil, true, true
	}
	if !first && !d.eat(',') {
		return nil, false, false
	}
	k, ok = d.rawString()
	if !ok || !d.eat(':') {
		return nil, false, false
	}
	return k, false, true
}

// decode fills l from the line, reporting false when encoding/json must.
func (d *fastLine) decode(l *jsonlLine) bool {
	if !d.object(func(k []byte) bool { return d.field(l, k) }) {
		return false
	}
	d.ws()
	return d.p == len(d.b)
}

// object reads one JSON object, handing each member's key to field, which
// reads the value; false when the object, or a field, is not of the shape
// the fast path reads.
func (d *fastLine) object(field func(k []byte) bool) bool {
	if !d.eat('{') {
		return false
	}
	for first := true; ; first = false {
		k, done, ok := d.key(first)
		if !ok {
			return false
		}
		if done {
			return true
		}
		if !field(k) {
			return false
		}
	}
}

func (d *fastLine) field(l *jsonlLine, k []byte) bool {
	var ok bool
	switch string(k) {
	case "type":
		l.Type, ok = d.word()
	case "id":
		var v int64
		v, ok = d.int64()
		d.nums.id = int(v)
		l.ID = &d.nums.id
	case "client":
		var v int64
		v, ok = d.int64()
		l.Client = int(v)
	case "region":
		l.Region, ok = d.name()
	case "f":
		var f string
		f, ok = d.word()
		l.F = Func(f)
	case "key":
		l.Key, ok = d.name()
	case "status":
		var s string
		s, ok = d.word()
		l.Status = Outcome(s)
	case "call":
		d.nums.call, ok = d.int64()
		l.Call = &d.nums.call
	case "return":
		d.nums.ret, ok = d.int64()
		l.Return = &d.nums.ret
	case "error":
		l.Error, ok = d.str()
	case "in":
		if l.In != nil {
			return false // encoding/json would merge the two
		}
		d.nums.in = wireInput{}
		l.In = &d.nums.in
		ok = d.input(l.In)
	case "out":
		ok = d.output(&l.Out)
	}
	return ok
}

func (d *fastLine) input(in *wireInput) bool {
	return d.object(func(k []byte) (ok bool) {
		switch string(k) {
		case "value":
			in.Value, ok = d.str()
		case "expected":
			in.Expected, ok = d.str()
		case "expected_value":
			in.ExpectedValue, ok = d.str()
		case "has_expected_value":
			in.HasExpectedValue, ok = d.bool()
		case "ttl_ms":
			in.TTLMillis, ok = d.int64()
		}
		return ok
	})
}

func (d *fastLine) output(out *wireOutput) bool {
	return d.object(func(k []byte) (ok bool) {
		switch string(k) {
		case "value":
			out.Value, ok = d.str()
		case "found":
			out.Found, ok = d.bool()
		case "version":
			out.Version, ok = d.str()
		case "conflict":
			out.Conflict, ok = d.bool()
		case "no_conflict":
			out.NoConflict, ok = d.bool()
		}
		return ok
	})
}
