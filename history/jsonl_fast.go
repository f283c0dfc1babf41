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
// names interns the short strings that repeat (types, funcs, statuses,
// keys, regions) so a million ops do not hold a million copies.
type fastLine struct {
	b     []byte
	p     int
	names map[string]string
}

func (d *fastLine) ws() {
	for d.p < len(d.b) {
		switch d.b[d.p] {
		case ' ', '\t', '\n', '\r':
			d.p++
		default:
			return
		}
	}
}

func (d *fastLine) eat(c byte) bool {
	d.ws()
	if d.p < len(d.b) && d.b[d.p] == c {
		d.p++
		return true
	}
	return false
}

// rawString returns the bytes of a string without escapes that is valid
// UTF-8 and has no control characters.
func (d *fastLine) rawString() ([]byte, bool) {
	if !d.eat('"') {
		return nil, false
	}
	start := d.p
	ascii := true
	for d.p < len(d.b) {
		c := d.b[d.p]
		switch {
		case c == '"':
			s := d.b[start:d.p]
			d.p++
			if !ascii && !utf8.Valid(s) {
				return nil, false
			}
			return s, true
		case c == '\\' || c < 0x20:
			return nil, false
		case c >= 0x80:
			ascii = false
		}
		d.p++
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
	if v, ok := d.names[string(s)]; ok {
		return v, true
	}
	v := string(s)
	if len(d.names) < 1<<20 {
		d.names[v] = v
	}
	return v, true
}

// int64 parses an integer as encoding/json does into an int64 field: no
// leading zeros, no fraction or exponent, no overflow (19 digits at most
// here; longer ones go to encoding/json).
func (d *fastLine) int64() (int64, bool) {
	d.ws()
	neg := false
	if d.p < len(d.b) && d.b[d.p] == '-' {
		neg = true
		d.p++
	}
	start := d.p
	var v int64
	for d.p < len(d.b) && d.b[d.p] >= '0' && d.b[d.p] <= '9' {
		v = v*10 + int64(d.b[d.p]-'0')
		d.p++
	}
	n := d.p - start
	if n == 0 || n > 18 || (n > 1 && d.b[start] == '0') {
		return 0, false
	}
	if d.p < len(d.b) {
		switch d.b[d.p] {
		case '.', 'e', 'E':
			return 0, false
		}
	}
	if neg {
		v = -v
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
		l.Type, ok = d.name()
	case "id":
		var v int64
		v, ok = d.int64()
		id := int(v)
		l.ID = &id
	case "client":
		var v int64
		v, ok = d.int64()
		l.Client = int(v)
	case "region":
		l.Region, ok = d.name()
	case "f":
		var f string
		f, ok = d.name()
		l.F = Func(f)
	case "key":
		l.Key, ok = d.name()
	case "status":
		var s string
		s, ok = d.name()
		l.Status = Outcome(s)
	case "call":
		var v int64
		v, ok = d.int64()
		l.Call = &v
	case "return":
		var v int64
		v, ok = d.int64()
		l.Return = &v
	case "error":
		l.Error, ok = d.str()
	case "in":
		if l.In != nil {
			return false // encoding/json would merge the two
		}
		l.In = &wireInput{}
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
