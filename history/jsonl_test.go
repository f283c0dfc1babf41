package history

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestJSONLRoundTrip(t *testing.T) {
	h := sampleHistory()
	var buf bytes.Buffer
	require.NoError(t, WriteJSONL(&buf, h))
	got, warnings, err := ReadJSONL(&buf)
	require.NoError(t, err)
	assert.Empty(t, warnings)
	assert.Equal(t, h, got)
}

func TestJSONLNonUTF8ValuesRoundTrip(t *testing.T) {
	bin := string([]byte{0xff, 0x00, 'a', 0xc3})
	h := History{Ops: []Op{{ID: 0, Func: FuncCAS, Key: "k",
		Input:  Input{Value: bin, ExpectedValue: bin + "x", HasExpectedValue: true},
		Output: Output{Found: true, Value: bin}, Outcome: OutcomeOK, Call: 1, Return: 2}}}
	var buf bytes.Buffer
	require.NoError(t, WriteJSONL(&buf, h))
	assert.Contains(t, buf.String(), `"value_b64":"/wBhww=="`)
	got, _, err := ReadJSONL(&buf)
	require.NoError(t, err)
	assert.Equal(t, h, got)
}

func TestJSONLLineFormat(t *testing.T) {
	h := History{Ops: []Op{{ID: 0, Client: 2, Region: "eu", Func: FuncGet, Key: "a\"b\n",
		Output: Output{Found: true, Value: "1", Version: "v1"}, Outcome: OutcomeOK, Call: 10, Return: 20}}}
	var buf bytes.Buffer
	require.NoError(t, WriteJSONL(&buf, h))
	assert.Equal(t, `{"type":"header","format":"kvchaos-history","version":1}`+"\n"+
		`{"type":"op","id":0,"client":2,"region":"eu","f":"get","key":"a\"b\n","call":10,"out":{"value":"1","found":true,"version":"v1"},"status":"ok","return":20}`+"\n",
		buf.String())
}

func TestReadJSONLTornLastLine(t *testing.T) {
	in := `{"type":"op","id":0,"f":"put","key":"a","in":{"value":"1"},"call":1,"status":"ok","return":2}
{"type":"invoke","id":1,"f":"get","key":"a","call":3}
{"type":"complete","id":1,"out":{"val`
	h, warnings, err := ReadJSONL(strings.NewReader(in))
	require.NoError(t, err)
	require.Len(t, warnings, 1)
	assert.Equal(t, 3, warnings[0].Line)
	assert.Contains(t, warnings[0].String(), "line 3: torn last line skipped")
	require.Len(t, h.Ops, 2)
	assert.Equal(t, Op{ID: 1, Func: FuncGet, Key: "a", Outcome: OutcomeUnknown, Call: 3, Return: ReturnNever}, h.Ops[1])
}

// A malformed last line that ends with a newline was written whole, so it
// is corruption, not a torn write: an error naming the line.
func TestReadJSONLMalformedLastLineWithNewlineIsAnError(t *testing.T) {
	op := `{"type":"op","id":0,"f":"put","key":"a","in":{"value":"1"},"call":1,"status":"ok","return":2}` + "\n"
	for name, in := range map[string]string{
		"garbage only":      "garbage\n",
		"after an op":       op + "{\"type\":\"op\",\"id\":1,\n",
		"after blank lines": op + "garbage\n\n  \n",
	} {
		t.Run(name, func(t *testing.T) {
			h, warnings, err := ReadJSONL(strings.NewReader(in))
			require.Error(t, err)
			assert.Contains(t, err.Error(), "invalid JSON")
			assert.Regexp(t, `^line [12]: `, err.Error())
			assert.Empty(t, warnings)
			assert.LessOrEqual(t, len(h.Ops), 1, "what was read before the bad line is kept")
		})
	}
	h, warnings, err := ReadJSONL(strings.NewReader(op + "garbage"))
	require.NoError(t, err, "a last line without its newline may be torn")
	require.Len(t, warnings, 1)
	assert.Equal(t, 2, warnings[0].Line)
	assert.Len(t, h.Ops, 1)
}

func TestReadJSONLErrorsNameTheLine(t *testing.T) {
	op := `{"type":"op","id":0,"f":"put","call":1,"status":"ok","return":2}` + "\n"
	cases := map[string]string{
		op + "{not json\n" + op:              "line 2: invalid JSON",
		op + `{"type":"op","id":"x"}` + "\n": "line 2: invalid JSON: json: cannot unmarshal",
		`{"type":"frob"}`:                    `line 1: unknown line type "frob"`,
		op + op:                              "line 2: id 0 already used on line 1",
		`{"type":"complete","id":4,"status":"ok","return":1}`:                                       "line 1: complete line for id 4, which was never invoked",
		`{"type":"op","id":0,"f":"put","call":1,"status":"maybe","return":2}`:                       `line 1: status "maybe"`,
		`{"type":"op","id":0,"call":1,"status":"ok","return":2}`:                                    "line 1: op line without an f",
		`{"type":"op","f":"get","call":1,"status":"ok","return":2}`:                                 "line 1: op line without an id",
		`{"type":"op","id":0,"f":"get","status":"ok","return":2}`:                                   "line 1: op line without a call time",
		`{"type":"op","id":0,"f":"get","call":1,"status":"ok"}`:                                     "line 1: op line without a return time",
		`{"type":"op","id":0,"f":"get","call":5,"status":"ok","return":2}`:                          "line 1: return 2 is before call 5",
		`{"type":"header","format":"kvchaos-history","version":9}`:                                  "line 1: format version 9 is newer",
		`{"type":"header","format":"other","version":1}`:                                            `line 1: header format "other"`,
		`{"type":"annotation","text":"x"}`:                                                          "line 1: annotation without a kind",
		`{"type":"annotation","kind":"note","start":5,"end":1}`:                                     "line 1: annotation ends (1) before it starts (5)",
		`{"type":"op","id":0,"f":"put","in":{"value_b64":"%%"},"call":1,"status":"ok","return":2}`:  "line 1: in: value_b64",
		`{"type":"op","id":0,"f":"get","out":{"value_b64":"%%"},"call":1,"status":"ok","return":2}`: "line 1: out: value_b64",
		"{\"type\":\"invoke\",\"id\":0,\"f\":\"get\",\"call\":1}\n{\"type\":\"complete\",\"id\":0,\"status\":\"ok\",\"return\":2}\n" +
			"{\"type\":\"complete\",\"id\":0,\"status\":\"ok\",\"return\":2}\n": "line 3: op 0 (line 1) is already complete",
	}
	for in, want := range cases {
		_, _, err := ReadJSONL(strings.NewReader(in))
		require.Error(t, err, in)
		assert.Contains(t, err.Error(), want, in)
	}
}

func TestReadJSONLKeepsWhatWasReadBeforeAnError(t *testing.T) {
	in := `{"type":"op","id":0,"f":"put","call":1,"status":"ok","return":2}
{"type":"annotation","kind":"note","text":"n","start":1,"end":1}
oops
{"type":"op","id":1,"f":"put","call":1,"status":"ok","return":2}
`
	h, _, err := ReadJSONL(strings.NewReader(in))
	require.ErrorContains(t, err, "line 3: invalid JSON")
	assert.Len(t, h.Ops, 1)
	assert.Len(t, h.Annotations, 1)
}

func TestReadJSONLSkipsBlankLinesAndUnknownFields(t *testing.T) {
	in := "\n" + `{"type":"op","id":3,"f":"get","call":1,"status":"ok","return":2,"future":[1,2]}` + "\n  \n"
	h, warnings, err := ReadJSONL(strings.NewReader(in))
	require.NoError(t, err)
	assert.Empty(t, warnings)
	assert.Equal(t, []Op{{ID: 0, Func: FuncGet, Outcome: OutcomeOK, Call: 1, Return: 2}}, h.Ops)
}
