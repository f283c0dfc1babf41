package history

import (
	"bufio"
	"encoding/base64"
	"io"
	"strconv"
	"unicode/utf8"
)

// formatName and formatVersion identify the JSONL history format in its
// header line.
const (
	formatName    = "kvchaos-history"
	formatVersion = 1
)

// WriteJSONL writes h as JSONL: a header line, then one "op" line per
// completed op and one "invoke" line per op that never completed (Return ==
// ReturnNever), then one "annotation" line per annotation. ReadJSONL reads
// it back. See docs/history-format.md.
func WriteJSONL(w io.Writer, h History) error {
	bw := bufio.NewWriter(w)
	line := appendHeader(nil)
	for i := range h.Ops {
		bw.Write(line)
		op := &h.Ops[i]
		if op.Return == ReturnNever {
			line = appendInvoke(line[:0], op.ID, op.Client, op.Region, op.Func, op.Key, &op.Input, op.Call)
			continue
		}
		line = appendOp(line[:0], op)
	}
	for _, a := range h.Annotations {
		bw.Write(line)
		line = appendAnnotation(line[:0], a)
	}
	bw.Write(line)
	return bw.Flush()
}

func appendHeader(b []byte) []byte {
	b = append(b, `{"type":"header","format":`...)
	b = appendJSONString(b, formatName)
	b = append(b, `,"version":`...)
	b = strconv.AppendInt(b, formatVersion, 10)
	return append(b, "}\n"...)
}

// appendInvoke appends an "invoke" line: everything known at Begin. The
// Recorder writes the same bytes with appendInvokeLine.
func appendInvoke(b []byte, id, client int, region string, f Func, key string, in *Input, call int64) []byte {
	b = append(b, `{"type":"invoke"`...)
	b = appendCallFields(b, id, client, region, f, key, in, call)
	return append(b, "}\n"...)
}

// appendOp appends an "op" line: a whole op.
func appendOp(b []byte, op *Op) []byte {
	b = append(b, `{"type":"op"`...)
	b = appendCallFields(b, op.ID, op.Client, op.Region, op.Func, op.Key, &op.Input, op.Call)
	b = appendReturnFields(b, &op.Output, code(statusCodes, op.Outcome), op.Outcome, op.Return, op.Error)
	return append(b, "}\n"...)
}

// appendReturnFields appends what an op's completion adds to its call:
// out, the status (sc is its code, 0 outside statusCodes), the return time
// and the error. An "op" line and the Recorder's "complete" line share it.
func appendReturnFields(b []byte, out *Output, sc uint8, status Outcome, ret int64, errText string) []byte {
	b = appendOutput(b, out)
	b = appendWithCode(b, `,"status":`, sc, status, statusFields)
	b = appendInt(b, `,"return":`, ret)
	return appendOptString(b, `,"error":`, errText)
}

func appendAnnotation(b []byte, a Annotation) []byte {
	b = append(b, `{"type":"annotation","kind":`...)
	b = appendJSONString(b, string(a.Kind))
	if len(a.Regions) > 0 {
		b = appendStrings(b, `,"regions":`, a.Regions)
	}
	b = append(b, `,"text":`...)
	b = appendJSONString(b, a.Text)
	b = appendInt(b, `,"start":`, a.Start)
	b = appendInt(b, `,"end":`, a.End)
	return append(b, "}\n"...)
}

func appendCallFields(b []byte, id, client int, region string, f Func, key string, in *Input, call int64) []byte {
	b = appendInt(b, `,"id":`, int64(id))
	b = appendInt(b, `,"client":`, int64(client))
	b = appendOptString(b, `,"region":`, region)
	b = appendCoded(b, `,"f":`, f, funcCodes, funcFields)
	b = appendOptString(b, `,"key":`, key)
	if !inputEmpty(in) {
		b = appendInput(b, in)
	}
	return appendInt(b, `,"call":`, call)
}

// inputEmpty reports whether in is the zero Input, which a line leaves
// out.
func inputEmpty(in *Input) bool {
	return *in == Input{}
}

func appendInput(b []byte, in *Input) []byte {
	b = append(b, `,"in":`...)
	n := len(b)
	b = appendValue(b, `,"value":`, `,"value_b64":"`, in.Value)
	b = appendOptString(b, `,"expected":`, in.Expected)
	b = appendValue(b, `,"expected_value":`, `,"expected_value_b64":"`, in.ExpectedValue)
	if in.HasExpectedValue {
		b = append(b, `,"has_expected_value":true`...)
	}
	b = appendOptString(b, `,"prefix":`, in.Prefix)
	b = appendOptString(b, `,"cursor":`, in.Cursor)
	b = appendOptInt(b, `,"limit":`, int64(in.Limit))
	b = appendOptInt(b, `,"ttl_ms":`, in.TTLMillis)
	b = openObject(b, n)
	return append(b, '}')
}

// appendOutput appends the "out" field, left out when out is empty.
func appendOutput(b []byte, out *Output) []byte {
	if out.Value != "" || out.Found || out.Version != "" || len(out.Keys) > 0 || out.Cursor != "" || out.Conflict || out.NoConflict {
		b = append(b, `,"out":`...)
		n := len(b)
		b = appendValue(b, `,"value":`, `,"value_b64":"`, out.Value)
		if out.Found {
			b = append(b, `,"found":true`...)
		}
		b = appendOptString(b, `,"version":`, out.Version)
		if len(out.Keys) > 0 {
			b = appendStrings(b, `,"keys":`, out.Keys)
		}
		b = appendOptString(b, `,"cursor":`, out.Cursor)
		if out.Conflict {
			b = append(b, `,"conflict":true`...)
		}
		if out.NoConflict {
			b = append(b, `,"no_conflict":true`...)
		}
		b = openObject(b, n)
		b = append(b, '}')
	}
	return b
}

// openObject opens the object whose fields b[n:] holds, each written with
// a leading comma: the first field's comma becomes the brace (no bytes
// move), or a brace is appended when there are none.
func openObject(b []byte, n int) []byte {
	if len(b) == n {
		return append(b, '{')
	}
	b[n] = '{'
	return b
}

// funcFields and statusFields are the "f" and "status" fields of the
// funcCodes and statusCodes, written out.
var (
	funcFields   = fieldsOf(`,"f":`, funcCodes)
	statusFields = fieldsOf(`,"status":`, statusCodes)
)

func fieldsOf[T ~string](field string, codes []T) []string {
	out := make([]string, len(codes))
	for i, c := range codes[1:] {
		out[i+1] = string(appendJSONString([]byte(field), string(c)))
	}
	return out
}

// appendCoded appends the field of v, a Func or an Outcome: the entry of
// fields for v's code in codes, else v encoded.
func appendCoded[T ~string](b []byte, field string, v T, codes []T, fields []string) []byte {
	return appendWithCode(b, field, code(codes, v), v, fields)
}

// appendWithCode is appendCoded for a caller that knows v's code c (0: v
// is outside the vocabulary, written as a string).
func appendWithCode[T ~string](b []byte, field string, c uint8, v T, fields []string) []byte {
	if c != 0 {
		return append(b, fields[c]...)
	}
	return appendOptString(b, field, string(v))
}

// appendName appends a string field given also as its JSON string
// (quotes included) when known, else encodes it; it leaves out "".
func appendName(b []byte, field, s, sJSON string) []byte {
	if sJSON != "" {
		return append(append(b, field...), sJSON...)
	}
	return appendOptString(b, field, s)
}

// The appenders below take a field's name as its whole prefix, `,"name":`,
// so a field costs one append of a constant.

func appendInt(b []byte, field string, v int64) []byte {
	return appendDecimal(append(b, field...), v)
}

func appendOptInt(b []byte, field string, v int64) []byte {
	if v == 0 {
		return b
	}
	return appendInt(b, field, v)
}

func appendOptString(b []byte, field, s string) []byte {
	if s == "" {
		return b
	}
	return appendJSONString(append(b, field...), s)
}

// appendValue writes a value field: as a JSON string when s is valid
// UTF-8, else base64 in the field b64 (the name with "_b64", its opening
// quote included), so any bytes round-trip.
func appendValue(b []byte, field, b64, s string) []byte {
	if s == "" {
		return b
	}
	if plainJSON(s) {
		b = append(append(b, field...), '"')
		return append(append(b, s...), '"')
	}
	if utf8.ValidString(s) {
		return appendOptString(b, field, s)
	}
	b = append(b, b64...)
	b = base64.StdEncoding.AppendEncode(b, []byte(s))
	return append(b, '"')
}

func appendStrings(b []byte, field string, ss []string) []byte {
	b = append(b, field...)
	b = append(b, '[')
	for i, s := range ss {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSONString(b, s)
	}
	return append(b, ']')
}

const hexDigits = "0123456789abcdef"

// jsonPlain marks the ASCII bytes a JSON string holds as they are.
var jsonPlain = func() (t [utf8.RuneSelf]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		t[c] = c != '"' && c != '\\' && c != 0x7f
	}
	return t
}()

// plainJSON reports whether s is all ASCII that a JSON string holds as it
// is: the usual value, written with no escaping and no UTF-8 check.
func plainJSON(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= utf8.RuneSelf || !jsonPlain[c] {
			return false
		}
	}
	return true
}

// appendJSONString appends s as a JSON string. Invalid UTF-8 becomes
// U+FFFD, as encoding/json does. Runs of bytes that need no escape are
// appended at once.
func appendJSONString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if jsonPlain[c] {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			start = i + 1
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
