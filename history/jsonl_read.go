package history

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
)

// Warning is a problem ReadJSONL worked around: it names the line and says
// what was skipped.
type Warning struct {
	Line int
	Msg  string
}

// String renders the warning as "line N: message".
func (w Warning) String() string { return fmt.Sprintf("line %d: %s", w.Line, w.Msg) }

// ReadJSONL reads a JSONL history written by WriteJSONL or streamed by a
// Recorder (WithStream), or any mix of their line types:
//
//   - "op" lines are whole ops;
//   - an "invoke" line starts an op and the "complete" line with the same
//     id finishes it; an invoke never completed (the writer was killed
//     mid-call) is an unknown op with Return == ReturnNever;
//   - "annotation" lines are annotations; an optional "header" line names
//     the format version.
//
// Ops are returned in the order of their first line, numbered 0, 1, 2, ...
// A last line that is not valid JSON and has no trailing newline (a write
// torn by a kill: the recorder writes each line and its newline in one
// write) is skipped with a Warning. Any other bad line, including a
// malformed last line that does end with a newline, is an error naming its
// line number,
// for example "line 7: invalid JSON: ...", returned with the history read
// before it. Unknown fields are ignored. A line longer than
// DefaultMaxLineBytes is a *LineTooLongError; a ReadOptions argument (at
// most one is used) sets the limit and can stream the ops.
func ReadJSONL(r io.Reader, opts ...ReadOptions) (History, []Warning, error) {
	o := firstOptions(opts)
	br := bufio.NewReaderSize(r, 64<<10)
	limit := o.maxLine()
	d := jsonlDecoder{emit: o.OnOp, left: -1}
	if o.OnOp == nil {
		d.left = sizeHint(r)
	}
	// A line is decoded once the next is read: is it the last? Lines are
	// read into two buffers in turn, so the previous one stays intact.
	var bufs [2][]byte
	var prev []byte
	cur, prevNo, no := 0, 0, 0
	for {
		line, err := readLine(br, bufs[cur][:0], limit)
		if errors.Is(err, errLong) {
			return d.history(), d.warnings, &LineTooLongError{Line: no + 1, Limit: limit}
		}
		bufs[cur] = line
		d.read += int64(len(line))
		if len(line) > 0 {
			no++
			if len(bytes.TrimSpace(line)) > 0 {
				if prev != nil {
					if derr := d.line(prevNo, prev); derr != nil {
						return d.history(), d.warnings, derr
					}
				}
				prev, prevNo, cur = line, no, 1-cur
			}
		}
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return d.history(), d.warnings, fmt.Errorf("line %d: %w", no+1, err)
		}
	}
	if prev != nil {
		if err := d.line(prevNo, prev); err != nil {
			var syn *json.SyntaxError
			if !errors.As(err, &syn) || bytes.HasSuffix(prev, []byte("\n")) {
				return d.history(), d.warnings, err
			}
			d.warnings = append(d.warnings, Warning{Line: prevNo, Msg: "torn last line skipped: " + err.Error()})
		}
	}
	return d.history(), d.warnings, nil
}

// jsonlLine is every field any line type has.
type jsonlLine struct {
	Type    string `json:"type"`
	Format  string `json:"format"`
	Version int    `json:"version"`

	ID     *int       `json:"id"`
	Client int        `json:"client"`
	Region string     `json:"region"`
	F      Func       `json:"f"`
	Key    string     `json:"key"`
	In     *wireInput `json:"in"`
	Out    wireOutput `json:"out"`
	Status Outcome    `json:"status"`
	Call   *int64     `json:"call"`
	Return *int64     `json:"return"`
	Error  string     `json:"error"`

	Annotation
}

// wireInput and wireOutput add the base64 forms of non-UTF-8 values.
type wireInput struct {
	Input
	ValueB64         *string `json:"value_b64"`
	ExpectedValueB64 *string `json:"expected_value_b64"`
}

type wireOutput struct {
	Output
	ValueB64 *string `json:"value_b64"`
}

// jsonlDecoder pairs lines into a History.
type jsonlDecoder struct {
	h        History
	warnings []Warning
	ids      idTable   // every file id -> its line, and its op while open
	names    nameTable // interned keys and regions
	nums     fastNums  // what the fast decoder's lines point at
	flat     []Op      // the first ops read (see add)
	chunks   [][]Op    // the ops read after them
	left     int64     // bytes the input had left at the start, -1 = not known
	read     int64     // bytes read so far
	emit     func(Op)  // ReadOptions.OnOp
	slots    []Op      // with emit: the ops not yet complete
	busy     []bool    // with emit: which slots hold one
	free     []int     // unused slots
	scratch  jsonlLine
	n        int
}

// lineError wraps a decoding error with its line, keeping the error's type
// for errors.As.
type lineError struct {
	line int
	what string
	err  error
}

func (e *lineError) Error() string { return fmt.Sprintf("line %d: %s: %v", e.line, e.what, e.err) }
func (e *lineError) Unwrap() error { return e.err }

func (d *jsonlDecoder) line(no int, text []byte) error {
	l := &d.scratch // reused: a jsonlLine per line would be allocated
	*l = jsonlLine{}
	fast := fastLine{b: text, names: &d.names, nums: &d.nums}
	if !fast.decode(l) {
		*l = jsonlLine{}
		if err := json.Unmarshal(text, l); err != nil {
			return &lineError{line: no, what: "invalid JSON", err: err}
		}
	}
	fail := func(format string, args ...any) error {
		return fmt.Errorf("line %d: %s", no, fmt.Sprintf(format, args...))
	}
	switch l.Type {
	case "header":
		if l.Format != formatName {
			return fail("header format %s is not %q", quoteText(l.Format), formatName)
		}
		if l.Version > formatVersion {
			return fail("format version %d is newer than this reader's %d", l.Version, formatVersion)
		}
		return nil
	case "annotation":
		if l.Kind == "" {
			return fail("annotation without a kind")
		}
		if l.End < l.Start {
			return fail("annotation ends (%d) before it starts (%d)", l.End, l.Start)
		}
		d.h.Annotations = append(d.h.Annotations, l.Annotation)
		return nil
	case "op", "invoke", "complete":
	default:
		return fail("unknown line type %s (want op, invoke, complete, annotation or header)", quoteText(l.Type))
	}
	if l.ID == nil {
		return fail("%s line without an id", l.Type)
	}
	if l.Type == "complete" {
		return d.complete(no, l, fail)
	}
	if first, dup := d.ids.get(*l.ID); dup {
		return fail("id %d already used on line %d", *l.ID, first.line)
	}
	if l.F == "" {
		return fail("%s line without an f", l.Type)
	}
	if l.Call == nil {
		return fail("%s line without a call time", l.Type)
	}
	op := Op{ID: d.n, Client: l.Client, Region: l.Region, Func: l.F, Key: l.Key,
		Outcome: OutcomeUnknown, Call: *l.Call, Return: ReturnNever}
	if l.In != nil {
		in, err := l.In.decode()
		if err != nil {
			return fail("in: %v", err)
		}
		op.Input = in
	}
	if l.Type == "invoke" {
		d.ids.put(*l.ID, idEntry{line: no, open: 1 + d.add(op)})
		return nil
	}
	d.ids.put(*l.ID, idEntry{line: no})
	if err := d.finish(&op, l, fail); err != nil {
		return err
	}
	d.done(d.add(op))
	return nil
}

func (d *jsonlDecoder) complete(no int, l *jsonlLine, fail func(string, ...any) error) error {
	e, seen := d.ids.get(*l.ID)
	if e.open == 0 {
		if seen {
			return fail("op %d (line %d) is already complete", *l.ID, e.line)
		}
		return fail("complete line for id %d, which was never invoked", *l.ID)
	}
	op := d.at(e.open - 1)
	if l.In != nil { // the input became known only at the end (an update)
		in, err := l.In.decode()
		if err != nil {
			return fail("in: %v", err)
		}
		op.Input = in
	}
	if err := d.finish(op, l, fail); err != nil {
		return err
	}
	d.ids.put(*l.ID, idEntry{line: e.line})
	d.done(e.open - 1)
	return nil
}

// finish fills in the completion fields of op.
func (d *jsonlDecoder) finish(op *Op, l *jsonlLine, fail func(string, ...any) error) error {
	switch l.Status {
	case OutcomeOK, OutcomeFail, OutcomeUnknown:
	default:
		return fail("status %s is not ok, fail or unknown", quoteText(string(l.Status)))
	}
	if l.Return == nil {
		return fail("%s line without a return time", l.Type)
	}
	if *l.Return < op.Call {
		return fail("return %d is before call %d", *l.Return, op.Call)
	}
	out, err := l.Out.decode()
	if err != nil {
		return fail("out: %v", err)
	}
	op.Output, op.Outcome, op.Return, op.Error = out, l.Status, *l.Return, l.Error
	return nil
}

func (w *wireInput) decode() (Input, error) {
	in := w.Input
	var err error
	if w.ValueB64 != nil {
		if in.Value, err = decodeB64(*w.ValueB64); err != nil {
			return in, fmt.Errorf("value_b64: %w", err)
		}
	}
	if w.ExpectedValueB64 != nil {
		if in.ExpectedValue, err = decodeB64(*w.ExpectedValueB64); err != nil {
			return in, fmt.Errorf("expected_value_b64: %w", err)
		}
	}
	return in, nil
}

func (w *wireOutput) decode() (Output, error) {
	out := w.Output
	if w.ValueB64 != nil {
		v, err := decodeB64(*w.ValueB64)
		if err != nil {
			return out, fmt.Errorf("value_b64: %w", err)
		}
		out.Value = v
	}
	return out, nil
}

func decodeB64(s string) (string, error) {
	b, err := base64.StdEncoding.DecodeString(s)
	return string(b), err
}
