package history

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const porcupineData = "/root/go/pkg/mod/github.com/anishathalye/porcupine@v1.3.1/test_data"

func TestReadEDNRegister(t *testing.T) {
	in := `{:process 0, :type :invoke, :f :write, :value 3, :time 10}
{:process 1, :type :invoke, :f :read, :value nil, :time 11}
{:process 0, :type :ok, :f :write, :value 3, :time 20}
{:process 1, :type :ok, :f :read, :value nil, :time 21}
{:process 2, :type :invoke, :f :cas, :value [3 4], :time 30}
{:process 2, :type :fail, :f :cas, :value [3 4], :time 31, :error :mismatch}
{:process 1, :type :invoke, :f :read, :value nil, :time 40}
{:process 1, :type :ok, :f :read, :value 3, :time 41}
{:process 0, :type :invoke, :f :write, :value 5, :time 50}
{:process 0, :type :info, :f :write, :value :timed-out, :time 60}
{:process 3, :type :invoke, :f :cas, :value [5 6], :time 70}
`
	h, err := ReadEDN(strings.NewReader(in))
	require.NoError(t, err)
	want := []Op{
		{ID: 0, Client: 0, Func: FuncPut, Input: Input{Value: "3"}, Outcome: OutcomeOK, Call: 10, Return: 20},
		{ID: 1, Client: 1, Func: FuncGet, Outcome: OutcomeOK, Call: 11, Return: 21},
		{ID: 2, Client: 2, Func: FuncCAS, Input: Input{Value: "4", ExpectedValue: "3", HasExpectedValue: true},
			Output: Output{Conflict: true}, Outcome: OutcomeFail, Call: 30, Return: 31, Error: ":mismatch"},
		{ID: 3, Client: 1, Func: FuncGet, Output: Output{Found: true, Value: "3"}, Outcome: OutcomeOK, Call: 40, Return: 41},
		{ID: 4, Client: 0, Func: FuncPut, Input: Input{Value: "5"}, Outcome: OutcomeUnknown, Call: 50, Return: 60, Error: ":timed-out"},
		{ID: 5, Client: 3, Func: FuncCAS, Input: Input{Value: "6", ExpectedValue: "5", HasExpectedValue: true},
			Outcome: OutcomeUnknown, Call: 70, Return: ReturnNever},
	}
	assert.Equal(t, want, h.Ops)
}

func TestReadEDNIndependentVectorAndTags(t *testing.T) {
	in := `; a Jepsen history as one vector, with records and a nemesis
[#jepsen.history.Op{:index 0, :process 0, :type :invoke, :f :write, :value [7 1]}
 {:process 0, :type :ok, :f :write, :value [7 1]}
 {:process :nemesis, :type :info, :f :start-partition, :value "majority"}
 {:process 1, :type :invoke, :f :cas, :value ["k" [1 2]]}
 {:process 1, :type :ok, :f :cas, :value ["k" [1 2]]}
 {:process 2, :type :invoke, :f :read, :value [7 nil]}
 {:process 2, :type :ok, :f :read, :value [7 1]}]
`
	h, err := ReadEDN(strings.NewReader(in))
	require.NoError(t, err)
	require.Len(t, h.Ops, 3)
	assert.Equal(t, Op{ID: 0, Func: FuncPut, Key: "7", Input: Input{Value: "1"}, Outcome: OutcomeOK, Call: 0, Return: 1}, h.Ops[0])
	assert.Equal(t, "k", h.Ops[1].Key)
	assert.Equal(t, Input{Value: "2", ExpectedValue: "1", HasExpectedValue: true}, h.Ops[1].Input)
	assert.Equal(t, Output{Found: true, Value: "1"}, h.Ops[2].Output)
	assert.Equal(t, "7", h.Ops[2].Key)
	assert.Equal(t, []Annotation{{Kind: AnnotationFault, Text: `:start-partition majority`, Start: 2, End: 2}}, h.Annotations)
}

func TestReadEDNPorcupineKV(t *testing.T) {
	for _, name := range []string{"c01-ok", "c01-bad", "c10-ok", "c10-bad", "c50-ok", "c50-bad"} {
		data, err := os.ReadFile(filepath.Join(porcupineData, "kv", name+".txt"))
		require.NoError(t, err)
		h, err := ReadEDN(bytes.NewReader(data))
		require.NoError(t, err, name)
		assert.Equal(t, strings.Count(string(data), ":type :invoke"), len(h.Ops), name)
		for _, op := range h.Ops {
			require.Contains(t, []Func{FuncGet, FuncPut, FuncAppend}, op.Func)
			require.NotEmpty(t, op.Key)
			if op.Return != ReturnNever {
				require.Equal(t, OutcomeOK, op.Outcome)
				require.Greater(t, op.Return, op.Call)
			}
		}
	}
}

// porcupineEtcdLogs converts porcupine's 103 etcd logs to EDN and calls
// each with the file's name, its text and the EDN.
func porcupineEtcdLogs(t *testing.T, each func(f string, raw, edn []byte)) {
	files, err := filepath.Glob(filepath.Join(porcupineData, "jepsen", "etcd_*.log"))
	require.NoError(t, err)
	require.Len(t, files, 103)
	for _, f := range files {
		raw, err := os.ReadFile(f)
		require.NoError(t, err)
		var buf bytes.Buffer
		require.NoError(t, ConvertJepsenLog(bytes.NewReader(raw), &buf), f)
		each(f, raw, buf.Bytes())
	}
}

func TestConvertJepsenLogEtcd(t *testing.T) {
	porcupineEtcdLogs(t, func(f string, raw, edn []byte) {
		h, err := ReadEDN(bytes.NewReader(edn))
		require.NoError(t, err, f)
		assert.Equal(t, strings.Count(string(raw), ":invoke"), len(h.Ops), f)
		infos := strings.Count(string(raw), "\t:info\t")
		unknown := 0
		for _, op := range h.Ops {
			if op.Outcome == OutcomeUnknown {
				unknown++
			}
		}
		assert.GreaterOrEqual(t, unknown, infos, f)
	})
}

func TestConvertJepsenLogLine(t *testing.T) {
	in := "INFO  jepsen.core - starting\nINFO  jepsen.util - 3\t:invoke\t:cas\t[1 4]\nINFO  jepsen.util - 3\t:fail\t:cas\t[1 4]\n" +
		"INFO  jepsen.util - 0\t:invoke\t:read\tnil\nINFO  jepsen.util - 0\t:fail\t:read\t:timed-out\n"
	var out bytes.Buffer
	require.NoError(t, ConvertJepsenLog(strings.NewReader(in), &out))
	assert.Equal(t, "{:process 3, :type :invoke, :f :cas, :value [1 4]}\n{:process 3, :type :fail, :f :cas, :value [1 4]}\n"+
		"{:process 0, :type :invoke, :f :read, :value nil}\n{:process 0, :type :fail, :f :read, :value :timed-out}\n", out.String())
	err := ConvertJepsenLog(strings.NewReader("INFO  jepsen.util - 3\t:invoke\t:write\t[1\n"), &out)
	require.ErrorContains(t, err, "line 1")
}

// A writer that fails (a pipe whose reader gave up) stops the conversion:
// the rest of the log is not read.
func TestConvertJepsenLogStopsWhenTheWriterFails(t *testing.T) {
	in := strings.Repeat("INFO  jepsen.util - 3\t:invoke\t:cas\t[1 4]\n", 20_000)
	r := strings.NewReader(in)
	stop := errors.New("reader gone")
	err := ConvertJepsenLog(r, failingWriter{stop})
	require.ErrorIs(t, err, stop)
	assert.Positive(t, r.Len(), "most of the log is left unread")
}

// failingWriter fails every write.
type failingWriter struct{ err error }

func (w failingWriter) Write([]byte) (int, error) { return 0, w.err }

func TestReadEDNErrorsNameTheLine(t *testing.T) {
	cases := map[string]string{
		"{:process 0, :type :invoke, :f :read}\n\n[1 2":                                                   "line 3: form is cut off",
		"{:process 0, :type :invoke, :f :read}\n{:process 0 :type}\n":                                     "line 2: invalid EDN",
		"{:process 0, :type :invoke, :f :read}\n42\n":                                                     "line 2: expected a map, got an integer",
		"{:process 0, :type :begin, :f :read}":                                                            "line 1: :type :begin",
		"{:process \"x\", :type :invoke, :f :read}":                                                       "line 1: :process must be",
		"{:process 0, :type :invoke, :f \"read\"}":                                                        "line 1: :f must be a keyword",
		"{:process 0, :type :invoke, :f :read, :time 1.5}":                                                "line 1: :time must be an integer",
		"{:process 0, :type :ok, :f :read}":                                                               "line 1: :ok of process 0, which has no pending invocation",
		"{:process 0, :type :invoke, :f :read}\n{:process 0, :type :invoke, :f :read}":                    "line 2: process 0 invokes :read while its op from line 1",
		"{:process 0, :type :invoke, :f :read}\n{:process 0, :type :ok, :f :write}":                       "line 2: completion :f :write does not match",
		"{:process 0, :type :invoke, :f :read, :time 5}\n{:process 0, :type :ok, :f :read, :time 4}":      "line 2: :time 4 is before",
		"{:process 0, :type :invoke, :f :list, :limit \"x\"}":                                             "line 1: :limit must be an integer",
		"{:process 0, :type :invoke, :f :read}\n]":                                                        "line 2: unexpected ']'",
		"[{:process 0, :type :invoke, :f :read}] {}":                                                      "line 1: unexpected '{' after the vector",
		"[{:process 0, :type :invoke, :f :read}\n":                                                        "line 2: the vector holding the history is never closed",
		"{:process 0, :type :invoke, :f :read}\n{:process 0, :type :ok, :f :read, :value \"unterminated}": "line 2: form is cut off",
	}
	for in, want := range cases {
		_, err := ReadEDN(strings.NewReader(in))
		require.Error(t, err, in)
		assert.Contains(t, err.Error(), want, in)
	}
}

func TestEDNRoundTrip(t *testing.T) {
	h := sampleHistory()
	var buf bytes.Buffer
	require.NoError(t, WriteEDN(&buf, h))
	got, err := ReadEDN(&buf)
	require.NoError(t, err, buf.String())
	assert.Equal(t, h, got)
}

func TestWriteEDNRejectsOverlappingClientOps(t *testing.T) {
	h := History{Ops: []Op{
		{ID: 0, Client: 1, Func: FuncGet, Outcome: OutcomeOK, Call: 1, Return: 5},
		{ID: 1, Client: 1, Func: FuncGet, Outcome: OutcomeOK, Call: 2, Return: 3},
	}}
	err := WriteEDN(&bytes.Buffer{}, h)
	require.ErrorContains(t, err, "op 1: client 1 is still running op 0")
	h.Ops[1].Call, h.Ops[1].Return = 6, 4
	require.ErrorContains(t, WriteEDN(&bytes.Buffer{}, h), "op 1: returns at 4, before its call at 6")
}

// The newer log form ("jepsen.util: 1 :invoke ...", after a timestamp and a
// thread name) converts like the old one, with tabs or spaces.
func TestConvertJepsenLogNewerForm(t *testing.T) {
	for _, sep := range []string{"\t", " "} {
		in := "2017-01-20 12:00:00,000{GMT}\tINFO\t[jepsen worker 1] jepsen.util: 1" + sep + ":invoke" + sep + ":read" + sep + "nil\n" +
			"2017-01-20 12:00:00,100{GMT}\tINFO\t[jepsen worker 1] jepsen.util: 1" + sep + ":ok" + sep + ":read" + sep + "3\n" +
			"2017-01-20 12:00:00,200{GMT}\tINFO\t[jepsen nemesis] jepsen.util: :nemesis" + sep + ":info" + sep + ":start" + sep + "[:isolated {\"n1\" #{\"n2\"}}]\n"
		var out bytes.Buffer
		require.NoError(t, ConvertJepsenLog(strings.NewReader(in), &out))
		h, err := ReadEDN(&out)
		require.NoError(t, err)
		require.Len(t, h.Ops, 1, "separator %q", sep)
		assert.Equal(t, FuncGet, h.Ops[0].Func)
		assert.Equal(t, "3", h.Ops[0].Output.Value)
		require.Len(t, h.Annotations, 1)
	}
}

// Jepsen's partition nemesis writes sets (#{...}), and some histories are
// one top-level list of ops.
func TestReadEDNSetsAndTopLevelLists(t *testing.T) {
	in := `({:type :invoke, :f :write, :value 1, :process 0, :time 1}
 {:type :info, :f :start, :value [:isolated {"n1" #{"n2" "n3"}, "n2" #{"n1"}}], :process :nemesis, :time 2}
 {:type :ok, :f :write, :value 1, :process 0, :time 3}
 {:type :invoke, :f :read, :value nil, :process 1, :time 4}
 {:type :ok, :f :read, :value #{1}, :process 1, :time 5})`
	h, err := ReadEDN(strings.NewReader(in))
	require.NoError(t, err)
	require.Len(t, h.Ops, 2)
	assert.Equal(t, "#{1}", h.Ops[1].Output.Value)
	require.Len(t, h.Annotations, 1)
	assert.Contains(t, h.Annotations[0].Text, `#{"n2"`)
	assert.Contains(t, h.Annotations[0].Text, `"n3"}`)

	_, err = ReadEDN(strings.NewReader("({:process 0, :type :invoke, :f :read}\n"))
	require.ErrorContains(t, err, "line 2: the list holding the history is never closed")
}

// JSONL → EDN → JSONL keeps every field, including what ops that did not
// succeed reported (an unknown update's read half) and the per-op
// conflict readings.
func TestJSONLToEDNToJSONLKeepsEveryField(t *testing.T) {
	h := sampleHistory()
	h.Ops = append(h.Ops[:len(h.Ops)-1], // the last op never returns; keep it last
		Op{ID: 8, Client: 7, Func: FuncUpdate, Key: "c", Input: Input{Value: "2"}, Output: Output{Found: true, Value: "1", Version: "v7"},
			Outcome: OutcomeUnknown, Call: 91, Return: 95, Error: "timeout"},
		Op{ID: 9, Client: 8, Func: FuncCAS, Key: "a", Input: Input{Value: "4", Expected: "v2"},
			Output: Output{NoConflict: true}, Outcome: OutcomeFail, Call: 92, Return: 96},
		Op{ID: 10, Client: 9, Func: FuncCAS, Key: "a", Input: Input{Value: "5", Expected: "v2"},
			Outcome: OutcomeFail, Call: 93, Return: 97, Error: "connection refused"},
		Op{ID: 11, Client: 10, Func: FuncPut, Key: "e", Input: Input{Value: "6"},
			Output: Output{Conflict: true}, Outcome: OutcomeFail, Call: 94, Return: 98, Error: "kv: conflict"},
		Op{ID: 12, Client: 11, Func: FuncCAS, Key: "a", Input: Input{Value: "7", Expected: "v2"},
			Outcome: OutcomeFail, Call: 99, Return: 100},
		Op{ID: 13, Client: 6, Func: FuncAppend, Key: "d", Input: Input{Value: "é"}, Outcome: OutcomeUnknown, Call: 101, Return: ReturnNever})
	var j1, e, j2 bytes.Buffer
	require.NoError(t, WriteJSONL(&j1, h))
	h1, _, err := ReadJSONL(bytes.NewReader(j1.Bytes()))
	require.NoError(t, err)
	require.NoError(t, WriteEDN(&e, h1))
	h2, err := ReadEDN(bytes.NewReader(e.Bytes()))
	require.NoError(t, err, e.String())
	require.NoError(t, WriteJSONL(&j2, h2))
	assert.Equal(t, j1.String(), j2.String())
}

// An EDN map or set reads as the same text every time, whatever order Go
// iterates the decoder's maps in.
func TestReadEDNMapsAndSetsReadTheSameEveryTime(t *testing.T) {
	in := `{:type :invoke, :f :write, :value {"b" #{3 1 2}, "a" #{"y" "x"}}, :process 0, :time 1}
{:type :ok, :f :write, :value {"b" #{3 1 2}, "a" #{"y" "x"}}, :process 0, :time 2}`
	for range 20 {
		h, err := ReadEDN(strings.NewReader(in))
		require.NoError(t, err)
		require.Len(t, h.Ops, 1)
		require.Equal(t, `{"a" #{"x" "y"}, "b" #{1 2 3}}`, h.Ops[0].Input.Value)
	}
}
