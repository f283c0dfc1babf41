package history

import (
	"bufio"
	"errors"
	"fmt"
	"strconv"
	"unicode/utf8"
)

// DefaultMaxLineBytes is the longest JSONL line, or EDN form, a reader
// accepts unless ReadOptions raises it: 64 MiB holds an op with two values
// at the default 25 MiB value limit, base64-encoded, with room to spare.
const DefaultMaxLineBytes = 64 << 20

// maxEDNDepth is how deeply EDN collections and tags may nest inside one
// form. Jepsen histories nest a few levels; the bound keeps a crafted file
// from exhausting the stack of the EDN decoder and encoder, which recurse.
const maxEDNDepth = 1000

// ReadOptions bound what ReadJSONL and ReadEDN accept from a file
// that may be hostile.
type ReadOptions struct {
	// MaxLineBytes is the longest line (JSONL) or form (EDN) in bytes; 0
	// means DefaultMaxLineBytes. A longer one is a *LineTooLongError.
	MaxLineBytes int
	// OnOp, when set, makes the readers stream: each op is passed to it
	// instead of being collected into History.Ops, so memory holds only
	// the ops in flight. ReadJSONL passes each op as soon as it is
	// complete (in completion order, with its ID; those never completed
	// at the end, in ID order). ReadEDN passes the ops of a whole read, in
	// its order (ID order, the order of invocation): an op waits for its
	// completion and for those of the ops invoked before it, up to 16,384
	// ops held behind an open one; past that, the open op is passed when
	// it completes (or, never completed, at the end). A streamed ReadEDN
	// takes the history's layout (:time or positions, jepsen.independent
	// tuples or not) from its first events, and fails with
	// ErrEDNNotStreamable, naming the line, on a history that changes it
	// part-way. Ops passed before an error stay passed.
	OnOp func(Op)
}

// firstOptions returns the first of opts, or the zero ReadOptions (the
// defaults) when there is none.
func firstOptions(opts []ReadOptions) ReadOptions {
	if len(opts) == 0 {
		return ReadOptions{}
	}
	return opts[0]
}

func (o ReadOptions) maxLine() int {
	if o.MaxLineBytes <= 0 {
		return DefaultMaxLineBytes
	}
	return o.MaxLineBytes
}

// LineTooLongError reports a line (or EDN form) longer than the reader's
// limit. The line's text is never included.
type LineTooLongError struct {
	Line  int // 1-based line the line or form starts on
	Limit int // the limit in bytes
}

func (e *LineTooLongError) Error() string {
	return fmt.Sprintf("line %d: longer than the limit of %d bytes", e.Line, e.Limit)
}

// errTooDeep is returned by the EDN scanner for a form nested deeper than
// maxEDNDepth.
var errTooDeep = fmt.Errorf("nested deeper than the limit of %d levels", maxEDNDepth)

// readLine reads one line through its '\n' (or to the end of the input)
// without ever holding more than limit bytes: a longer line is reported as
// errLong without reading the rest of it (it may never end: /dev/zero). At the end of the input it returns io.EOF with the
// last, unterminated line, if any. The line is appended to dst (a buffer
// to reuse, or nil).
func readLine(br *bufio.Reader, dst []byte, limit int) ([]byte, error) {
	line := dst
	for {
		chunk, err := br.ReadSlice('\n')
		if len(line)-len(dst)+len(chunk) > limit {
			return nil, errLong
		}
		line = append(line, chunk...)
		if !errors.Is(err, bufio.ErrBufferFull) {
			return line, err
		}
	}
}

// errLong marks a line longer than readLine's limit.
var errLong = errors.New("line too long")

// maxQuotedText is how many bytes of a file's text an error message quotes.
const maxQuotedText = 64

// quoteText quotes s for an error message about a file's content: at most
// maxQuotedText bytes of it, escaped, with its full size noted when cut, so
// that a huge or hostile field is never echoed in full.
func quoteText(s string) string {
	if len(s) <= maxQuotedText {
		return strconv.Quote(s)
	}
	cut := maxQuotedText
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return fmt.Sprintf("%s… (%d bytes)", strconv.Quote(s[:cut]), len(s))
}

// clipMessage cuts an error text taken from a decoder (which may quote the
// input) to a readable length.
func clipMessage(s string) string {
	const max = 300
	if len(s) <= max {
		return s
	}
	cut := max
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + fmt.Sprintf("… (%d bytes)", len(s))
}
