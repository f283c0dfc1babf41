package history

import (
	"bytes"
	"io"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// nestedEDN is one event whose :value is a vector nested depth deep.
func nestedEDN(depth int) []byte {
	var b bytes.Buffer
	b.WriteString("{:process 0, :type :invoke, :f :write, :value ")
	b.WriteString(strings.Repeat("[", depth))
	b.WriteString(strings.Repeat("]", depth))
	b.WriteString("}\n")
	return b.Bytes()
}

// The crafted files that once overflowed the stack: 2M levels failed in
// edn.Marshal (the writer of a decoded value), 5M in the decoder itself.
func TestReadEDNRefusesDeepNesting(t *testing.T) {
	for _, depth := range []int{maxEDNDepth + 1, 2_000_000, 5_000_000} {
		in := append([]byte("{:process 1, :type :invoke, :f :read, :value nil}\n"), nestedEDN(depth)...)
		_, err := ReadEDN(bytes.NewReader(in))
		require.Error(t, err, "depth %d", depth)
		assert.Contains(t, err.Error(), "line 2: nested deeper than the limit of 1000 levels")
	}
}

func TestReadEDNRefusesDeepTags(t *testing.T) {
	in := "{:process 0, :type :invoke, :f :write, :value " + strings.Repeat("#a ", 3_000_000) + "1}\n"
	_, err := ReadEDN(strings.NewReader(in))
	require.ErrorContains(t, err, "line 1: nested deeper than the limit")

	// Tags interleaved with brackets count as levels too.
	in = "{:process 0, :type :invoke, :f :write, :value " + strings.Repeat("#a [", 600) + strings.Repeat("]", 600) + "}\n"
	_, err = ReadEDN(strings.NewReader(in))
	require.ErrorContains(t, err, "nested deeper than the limit")
}

func TestReadEDNAcceptsNestingWithinLimit(t *testing.T) {
	depth := maxEDNDepth - 2 // the event's map is a level too
	h, err := ReadEDN(bytes.NewReader(nestedEDN(depth)))
	require.NoError(t, err)
	require.Len(t, h.Ops, 1)
	assert.Equal(t, strings.Repeat("[", depth)+strings.Repeat("]", depth), h.Ops[0].Input.Value)

	// Many tagged values side by side are not nesting.
	in := "{:process 0, :type :invoke, :f :write, :value [" + strings.Repeat(`#x 1 `, 5000) + "]}\n"
	_, err = ReadEDN(strings.NewReader(in))
	require.NoError(t, err)
}

func TestEDNStringRefusesDeepValue(t *testing.T) {
	var v any = "x"
	for range maxEDNDepth + 5 {
		v = []any{v}
	}
	assert.Equal(t, "(EDN value nested deeper than 1000 levels)", ednString(v))
}

func TestReadEDNFormLimit(t *testing.T) {
	in := "{:process 0, :type :invoke, :f :read, :value nil}\n{:process 0, :type :ok, :f :read, :value \"" +
		strings.Repeat("v", 5000) + "\"}\n"
	_, err := ReadEDN(strings.NewReader(in), ReadOptions{MaxLineBytes: 1000})
	var long *LineTooLongError
	require.ErrorAs(t, err, &long)
	assert.Equal(t, LineTooLongError{Line: 2, Limit: 1000}, *long)
	assert.NotContains(t, err.Error(), "vvvvvvvvvv")

	h, err := ReadEDN(strings.NewReader(in), ReadOptions{MaxLineBytes: 10000})
	require.NoError(t, err)
	require.Len(t, h.Ops, 1)
}

func TestReadJSONLLineLimit(t *testing.T) {
	op := `{"type":"op","id":%d,"f":"put","key":"k","in":{"value":"` + strings.Repeat("v", 5000) + `"},"call":1,"status":"ok","return":2}`
	in := strings.Replace(op, "%d", "0", 1) + "\n" + strings.Replace(op, "%d", "1", 1) + "\n"
	h, _, err := ReadJSONL(strings.NewReader(in), ReadOptions{MaxLineBytes: 1000})
	var long *LineTooLongError
	require.ErrorAs(t, err, &long)
	assert.Equal(t, LineTooLongError{Line: 1, Limit: 1000}, *long)
	assert.Equal(t, "line 1: longer than the limit of 1000 bytes", err.Error())
	assert.Empty(t, h.Ops)

	h, _, err = ReadJSONL(strings.NewReader(in), ReadOptions{MaxLineBytes: 6000})
	require.NoError(t, err)
	assert.Len(t, h.Ops, 2)
}

// An endless line (kvchaos check /dev/zero) stops at the limit instead of
// filling memory.
func TestReadJSONLEndlessLine(t *testing.T) {
	zeros := io.LimitReader(zeroReader{}, 1<<40)
	_, _, err := ReadJSONL(zeros, ReadOptions{MaxLineBytes: 1 << 20})
	var long *LineTooLongError
	require.ErrorAs(t, err, &long)
	assert.Equal(t, 1, long.Line)
}

type zeroReader struct{}

func (zeroReader) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}

// A bad field is quoted short, however long it is.
func TestReadJSONLErrorsDoNotEchoValues(t *testing.T) {
	huge := strings.Repeat("A", 100_000)
	for _, line := range []string{
		`{"type":"` + huge + `"}`,
		`{"type":"header","format":"` + huge + `"}`,
		`{"type":"op","id":0,"f":"put","call":1,"status":"` + huge + `","return":2}`,
	} {
		_, _, err := ReadJSONL(strings.NewReader(line + "\n{}\n"))
		require.Error(t, err)
		assert.Less(t, len(err.Error()), 400, err.Error())
		assert.Contains(t, err.Error(), "(100000 bytes)")
	}
}

func TestReadEDNErrorsDoNotEchoValues(t *testing.T) {
	huge := strings.Repeat("A", 100_000)
	for _, in := range []string{
		`{:process 0, :type :` + huge + `, :f :read}`,
		`{:process 0, :type :invoke, :f :read} {:process 0, :type :ok, :f :` + huge + `}`,
		`{:process 0, :type :invoke, :f :` + huge + `} {:process 0, :type :invoke, :f :read}`,
		`{:process #{` + huge + ` ` + huge + `} :type :invoke :f :read}`,
	} {
		_, err := ReadEDN(strings.NewReader(in))
		require.Error(t, err)
		assert.Less(t, len(err.Error()), 500, err.Error())
	}
}
