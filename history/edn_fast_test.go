package history

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"olympos.io/encoding/edn"
	"pgregory.net/rapid"
)

// genEDNValue draws the text of an EDN value: mostly what Jepsen histories
// hold, sometimes what only the EDN library reads (tags, sets, maps,
// floats, symbols, characters, escapes), sometimes what nothing reads.
func genEDNValue(t *rapid.T, label string, depth int) string {
	kinds := []string{"nil", "bool", "int", "string", "keyword", "odd"}
	if rapid.IntRange(0, 7).Draw(t, label+"-tame") > 0 {
		return genPlainEDNValue(t, label, depth)
	}
	if depth < 3 {
		kinds = append(kinds, "vector", "vector", "list")
	}
	switch rapid.SampledFrom(kinds).Draw(t, label+"-kind") {
	case "nil":
		return "nil"
	case "bool":
		return rapid.SampledFrom([]string{"true", "false"}).Draw(t, label)
	case "int":
		return rapid.OneOf(
			rapid.Map(rapid.Int64(), func(n int64) string { return fmt.Sprint(n) }),
			rapid.Map(rapid.IntRange(-300, 300), func(n int) string { return fmt.Sprint(n) }),
			rapid.SampledFrom([]string{"-0", "0", "01", "+3", "1N", "1M", "1.5", "1e3", "99999999999999999999", "123456789012345678", "-", "3x"}),
		).Draw(t, label)
	case "string":
		return rapid.OneOf(
			rapid.Map(rapid.StringMatching(`[a-z0-9 ,:{}\[\]#;]{0,12}`), func(s string) string { return `"` + s + `"` }),
			rapid.SampledFrom([]string{`"x \"q\"\n"`, `"a\\b"`, `"\t\r"`, `"\u0041"`, `"\b"`, `"\/"`, `"é"`, "\"line\nbreak\"", "\"\xff\"", `"\q"`, `"`, `"\`}),
		).Draw(t, label)
	case "keyword":
		return rapid.SampledFrom([]string{":ok", ":invoke", ":timed-out", ":nemesis", ":a/b", "::x", ":a:b", ":#x", ":x'", ":", ":é", ":read"}).Draw(t, label)
	case "vector", "list":
		open, closer := "[", "]"
		if rapid.Bool().Draw(t, label+"-list") {
			open, closer = "(", ")"
		}
		n := rapid.IntRange(0, 3).Draw(t, label+"-len")
		parts := make([]string, n)
		for i := range parts {
			parts[i] = genEDNValue(t, fmt.Sprintf("%s-%d", label, i), depth+1)
		}
		if rapid.IntRange(0, 20).Draw(t, label+"-mismatch") == 0 {
			closer = "}"
		}
		return open + strings.Join(parts, " ") + closer
	}
	return rapid.SampledFrom([]string{`#{1 2}`, `{"a" 1}`, `#inst "2020-01-01T00:00:00Z"`, `\a`, `sym`, `#_ 1 2`, `1.5`, `nil5`, `:k"s"`, `[1 2)`}).Draw(t, label)
}

// genPlainEDNValue draws the text of a value the fast decoder reads.
func genPlainEDNValue(t *rapid.T, label string, depth int) string {
	kinds := []string{"nil", "bool", "int", "string", "keyword"}
	if depth < 3 {
		kinds = append(kinds, "vector")
	}
	switch rapid.SampledFrom(kinds).Draw(t, label+"-plain") {
	case "nil":
		return "nil"
	case "bool":
		return rapid.SampledFrom([]string{"true", "false"}).Draw(t, label)
	case "int":
		return fmt.Sprint(rapid.Int64Range(-1e17, 1e17).Draw(t, label))
	case "string":
		s := rapid.StringMatching(`[a-zé0-9 ,:{}\[\]#;()]{0,12}`).Draw(t, label)
		return `"` + strings.NewReplacer(`"`, `\"`).Replace(s) + `"`
	case "keyword":
		return rapid.SampledFrom([]string{":ok", ":timed-out", ":a:b", ":x'", ":read", ":Z9"}).Draw(t, label)
	}
	n := rapid.IntRange(0, 3).Draw(t, label+"-len")
	parts := make([]string, n)
	for i := range parts {
		parts[i] = genPlainEDNValue(t, fmt.Sprintf("%s-%d", label, i), depth+1)
	}
	return "[" + strings.Join(parts, " ") + "]"
}

// genEDNEvent draws the text of one Jepsen event: a map of the fields
// histories use, with the values they usually have or, now and then, any
// value, duplicated keys, odd spacing or a record tag.
func genEDNEvent(t *rapid.T) string {
	keys := []string{"type", "process", "f", "time", "value", "key", "index", "region", "version", "error",
		"conflict", "read", "keys", "kind", "text", "end", "regions", "ttl-ms", "limit", "prefix", "cursor", "expected-version", "other"}
	var fields []string
	usual := map[string]*rapid.Generator[string]{
		"type":    rapid.SampledFrom([]string{":invoke", ":ok", ":fail", ":info", ":begin", `"ok"`}),
		"process": rapid.SampledFrom([]string{"0", "1", "17", ":nemesis", "nemesis", `"x"`, "-3"}),
		"f":       rapid.SampledFrom([]string{":read", ":write", ":cas", ":append", ":start", `"read"`, "nil"}),
		"time":    rapid.SampledFrom([]string{"0", "1000", "1700000000000123", "1.5", "-7"}),
	}
	tame := map[string]string{"type": ":invoke", "process": "1", "f": ":write", "time": "12"}
	for _, k := range []string{"type", "process", "f", "time"} { // usually present and valid
		switch rapid.IntRange(0, 15).Draw(t, "omit-"+k) {
		case 0:
		case 1, 2:
			fields = append(fields, ":"+k+" "+usual[k].Draw(t, k))
		default:
			fields = append(fields, ":"+k+" "+tame[k])
		}
	}
	n := rapid.IntRange(0, 6).Draw(t, "fields")
	for i := range n {
		k := rapid.SampledFrom(keys).Draw(t, fmt.Sprintf("key-%d", i))
		v := ""
		if g, ok := usual[k]; ok {
			v = tame[k]
			if rapid.IntRange(0, 3).Draw(t, fmt.Sprintf("usual-%d", i)) == 0 {
				v = g.Draw(t, fmt.Sprintf("value-%d", i))
			}
		} else {
			v = genEDNValue(t, fmt.Sprintf("value-%d", i), 0)
		}
		fields = append(fields, ":"+k+" "+v)
	}
	perm := rapid.Permutation(fields).Draw(t, "order")
	sep := rapid.SampledFrom([]string{", ", ", ", " ", " ", "\n ", ",", "\t", "  ,\r\n", "\f"}).Draw(t, "sep")
	text := "{" + strings.Join(perm, sep) + "}"
	switch rapid.IntRange(0, 20).Draw(t, "wrap") {
	case 0:
		text = "#jepsen.history.Op " + text
	case 1:
		text = "#jepsen.history.Op" + text
	case 2:
		text = " " + text + " "
	case 3:
		text += "}"
	}
	return text
}

// TestEDNFastReadsAsTheLibrary: every form the fast decoder reads, the EDN
// library decodes to the same map, and parseEDNEvent to the same event.
func TestEDNFastReadsAsTheLibrary(t *testing.T) {
	read, total := 0, 0
	for range 10 { // 1,000 forms at rapid's default of 100 checks
		rapid.Check(t, fastReadsAsLibrary(&read, &total))
	}
	t.Logf("the fast decoder read %d of %d generated forms; the EDN library decoded each the same", read, total)
	require.Positive(t, read)
}

func fastReadsAsLibrary(read, total *int) func(*rapid.T) {
	return func(t *rapid.T) {
		text := []byte(genEDNEvent(t))
		*total++
		full := &ednFast{keepAll: true}
		ev, ok := full.event(text, 3)
		if !ok {
			return
		}
		*read++
		v, err := decodeEDNForm(text)
		require.NoError(t, err, "the fast decoder read %q", text)
		if tag, isTag := v.(edn.Tag); isTag {
			v = tag.Value
		}
		got := map[any]any{}
		for _, kv := range ev.fields.kvs {
			got[edn.Keyword(kv.k)] = kv.v
		}
		require.Equal(t, v, got, "%q", text)
		want, err := parseEDNEvent(3, v)
		require.NoError(t, err, "the fast decoder read %q", text)
		plain := &ednFast{}
		ev, ok = plain.event(text, 3)
		require.True(t, ok)
		requireSameEvent(t, want, ev, string(text))
	}
}

// requireSameEvent compares two events, their optional fields through get.
func requireSameEvent(t require.TestingT, want, got ednEvent, text string) {
	wf, gf := want.fields, got.fields
	want.fields, got.fields = ednMap{}, ednMap{}
	require.Equal(t, want, got, "%q", text)
	for _, k := range []string{"conflict", "cursor", "end", "error", "expected-version", "keys", "kind", "limit",
		"prefix", "read", "region", "regions", "text", "ttl-ms", "version"} {
		require.Equal(t, k, ednOptional([]byte(k)))
		wv, wok := wf.get(k)
		gv, gok := gf.get(k)
		require.Equal(t, wok, gok, "%s in %q", k, text)
		require.Equal(t, wv, gv, "%s in %q", k, text)
	}
}

// requireSameRead reads data with the fast paths and with the EDN library
// alone: the same history, or the same error.
func requireSameRead(t require.TestingT, data []byte, o ReadOptions) {
	want, werr := readEDN(bytes.NewReader(data), o, false)
	got, gerr := readEDN(bytes.NewReader(data), o, true)
	if werr != nil {
		require.Error(t, gerr, "the library fails with %v", werr)
		require.Equal(t, werr.Error(), gerr.Error())
		return
	}
	require.NoError(t, gerr)
	require.Equal(t, want, got)
}

// TestReadEDNFastMatchesLibraryOnHistories: whole generated histories
// (events of a few processes, some forms odd, in a vector or not) read the
// same with the fast paths as through the EDN library alone, errors
// included.
func TestReadEDNFastMatchesLibraryOnHistories(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		var b strings.Builder
		wrapped := rapid.IntRange(0, 3).Draw(t, "wrapped") == 0
		if wrapped {
			b.WriteString("[")
		}
		n := rapid.IntRange(0, 30).Draw(t, "events")
		open := map[int]string{}
		for i := range n {
			p := rapid.IntRange(0, 3).Draw(t, fmt.Sprintf("process-%d", i))
			form := ""
			switch {
			case rapid.IntRange(0, 5).Draw(t, fmt.Sprintf("odd-%d", i)) == 0:
				form = genEDNEvent(t)
			case open[p] == "":
				f := rapid.SampledFrom([]string{":read", ":write", ":cas", ":append", ":update", ":list"}).Draw(t, fmt.Sprintf("f-%d", i))
				v := genEDNValue(t, fmt.Sprintf("value-%d", i), 0)
				if f == ":cas" && rapid.Bool().Draw(t, fmt.Sprintf("pair-%d", i)) {
					v = "[" + v + " 4]"
				}
				form = fmt.Sprintf("{:type :invoke, :f %s, :value %s, :process %d, :time %d, :index %d}", f, v, p, 10*i, i)
				if rapid.Bool().Draw(t, fmt.Sprintf("key-%d", i)) {
					form = strings.Replace(form, "}", `, :key "k"}`, 1)
				}
				open[p] = f
			default:
				typ := rapid.SampledFrom([]string{":ok", ":fail", ":info"}).Draw(t, fmt.Sprintf("type-%d", i))
				v := genEDNValue(t, fmt.Sprintf("value-%d", i), 0)
				form = fmt.Sprintf("{:type %s, :f %s, :value %s, :process %d, :time %d, :version \"v%d\", :region \"eu\"}", typ, open[p], v, p, 10*i, i)
				delete(open, p)
			}
			b.WriteString(form)
			b.WriteString(rapid.SampledFrom([]string{"\n", " ", ",", " ; note\n"}).Draw(t, fmt.Sprintf("sep-%d", i)))
		}
		if wrapped {
			b.WriteString("]")
		}
		requireSameRead(t, []byte(b.String()), ReadOptions{MaxLineBytes: 1 << 10})
	})
}

// The EDN files kvchaos's tests use, porcupine's kv histories and its
// etcd logs, and kvchaos's exports read the same with the fast paths as
// through the library.
func TestReadEDNFastMatchesLibraryOnTestdata(t *testing.T) {
	ednFiles(t, func(_ string, data []byte) { requireSameRead(t, data, ReadOptions{}) })
}

// Hostile forms go to the library (or fail) without a panic: deep
// nesting, huge numbers, unterminated strings and vectors, a form longer
// than the limit.
func TestReadEDNFastHostileInput(t *testing.T) {
	inputs := []string{
		"{:type :invoke, :f :write, :process 0, :value " + strings.Repeat("[", maxEDNDepth+5) + strings.Repeat("]", maxEDNDepth+5) + "}",
		"{:type :invoke, :f :write, :process 0, :value " + strings.Repeat("[", maxFastDepth+2) + strings.Repeat("]", maxFastDepth+2) + "}",
		"{:type :invoke, :f :write, :process 0, :value 123456789012345678901234567890}",
		"{:type :invoke, :f :write, :process 0, :time 99999999999999999999}",
		"{:type :invoke, :f :write, :process 0, :value \"unterminated}",
		"{:type :invoke, :f :write, :process 0, :value [1 2 3}",
		"{:type :invoke, :f :write, :process 0, :value \"\\",
		"{:type :invoke, :f :write, :process 0, :value \"" + strings.Repeat("x", 5000) + "\"}",
		"{:type :invoke, :f :write, :process 0, :value [" + strings.Repeat("1 ", 40000) + "]}",
		strings.Repeat("{", 2000),
	}
	for _, in := range inputs {
		requireSameRead(t, []byte(in), ReadOptions{MaxLineBytes: 4 << 10})
		requireSameRead(t, []byte(in), ReadOptions{})
		_, _ = (&ednFast{}).event([]byte(in), 1)
	}
}

// Whatever the fast paths read, the EDN library alone reads the same.
func FuzzReadEDNFastMatchesLibrary(f *testing.F) {
	var buf bytes.Buffer
	require.NoError(f, WriteEDN(&buf, sampleHistory()))
	f.Add(buf.Bytes())
	f.Add([]byte(`{:type :invoke, :f :cas, :value [1 [2 3]], :process 0} #jepsen.history.Op {:type :ok, :f :cas, :value [1 [2 3]], :process 0}`))
	f.Add([]byte(`[{:type :invoke :f :write :value "a\"b" :process 0 :time 1}, {:type :info :f :write :value :timed-out :process 0 :time 2}]`))
	f.Add([]byte(`{:process :nemesis, :type :info, :f :start, :value #{1 2} :time 3} ; c`))
	kv, err := os.ReadFile(filepath.Join(porcupineData, "kv", "c10-ok.txt"))
	require.NoError(f, err)
	f.Add(kv[:min(len(kv), 1500)])
	f.Fuzz(func(t *testing.T, data []byte) {
		requireSameRead(t, data, fuzzLimits)
	})
}

// fastShare returns how many of data's forms the fast decoder reads, and
// how many forms there are.
func fastShare(t *testing.T, data []byte) (fast, forms int) {
	sc := newEDNScanner(bytes.NewReader(data), DefaultMaxLineBytes)
	var d ednFast
	for {
		form, err := sc.next()
		if err != nil {
			require.ErrorIs(t, err, io.EOF)
			return fast, forms
		}
		forms++
		if _, ok := d.event(form.text, form.line); ok {
			fast++
		}
	}
}

// Jepsen's own histories (porcupine's kv histories and etcd logs) and
// kvchaos's exports are read by the fast decoder whole, so their speed is
// the fast decoder's.
func TestEDNFastReadsJepsenHistoriesWhole(t *testing.T) {
	kv, err := filepath.Glob(filepath.Join(porcupineData, "kv", "*.txt"))
	require.NoError(t, err)
	for _, f := range kv {
		data, err := os.ReadFile(f)
		require.NoError(t, err)
		fast, forms := fastShare(t, data)
		require.Equal(t, forms, fast, f)
	}
	porcupineEtcdLogs(t, func(f string, _, edn []byte) {
		fast, forms := fastShare(t, edn)
		require.Equal(t, forms, fast, f)
	})
	var buf bytes.Buffer
	require.NoError(t, WriteEDN(&buf, sampleHistory()))
	fast, forms := fastShare(t, buf.Bytes())
	require.Equal(t, forms, fast)
}
