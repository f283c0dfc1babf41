package history

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"
)

// streamEDNHeld reads data streamed, holding at most maxHeld completed
// ops behind an open one, and returns the ops in the order handed over.
// At every handover it checks the bound: at most maxHeld+1 ops held, and
// no more ops skipped (late) than there are open ops.
func streamEDNHeld(t require.TestingT, data []byte, o ReadOptions, maxHeld int) ([]Op, History, error) {
	var got []Op
	var b *ednBuilder
	b = newEDNBuilder(ednLayout{}, func(op Op) {
		got = append(got, op)
		require.LessOrEqual(t, len(b.ops)-b.head, b.maxHeld+1, "ops held")
		require.LessOrEqual(t, len(b.late), len(b.pending), "late ops are open ops")
	})
	b.maxHeld = maxHeld
	h, err := streamEDN(newEDNScanner(bytes.NewReader(data), o.maxLine()), &ednFast{}, b)
	return got, h, err
}

// requireSameStream reads data whole and streamed. When the whole read
// succeeds, the streamed one hands over the same ops (in the same order
// unless an op stayed open past maxHeld others) and returns the same
// annotations, or fails with ErrEDNNotStreamable. When the whole read
// fails, so does the streamed one, naming a line. It reports whether the
// history streamed.
func requireSameStream(t require.TestingT, data []byte, o ReadOptions, maxHeld int) bool {
	want, werr := ReadEDN(bytes.NewReader(data), o)
	got, h, gerr := streamEDNHeld(t, data, o, maxHeld)
	if werr != nil {
		require.Error(t, gerr, "the whole read fails with %v", werr)
		require.True(t, strings.HasPrefix(gerr.Error(), "line "), "%v", gerr)
		return false
	}
	if errors.Is(gerr, ErrEDNNotStreamable) {
		require.True(t, strings.HasPrefix(gerr.Error(), "line "), "%v", gerr)
		return false
	}
	require.NoError(t, gerr)
	require.Nil(t, h.Ops)
	require.Equal(t, want.Annotations, h.Annotations)
	if maxHeld >= len(want.Ops) {
		require.Equal(t, want.Ops, got)
		return true
	}
	sort.SliceStable(got, func(i, j int) bool { return got[i].ID < got[j].ID })
	require.Equal(t, want.Ops, got)
	return true
}

// ednFiles calls each with the EDN of every history file the repository
// and porcupine hold: checker/testdata's, porcupine's kv histories and its
// 103 etcd logs (converted), an export of sampleHistory and a register run.
func ednFiles(t *testing.T, each func(name string, data []byte)) {
	files, err := filepath.Glob("../checker/testdata/histories/*.edn")
	require.NoError(t, err)
	kv, err := filepath.Glob(filepath.Join(porcupineData, "kv", "*.txt"))
	require.NoError(t, err)
	files = append(files, kv...)
	require.GreaterOrEqual(t, len(files), 19)
	for _, f := range files {
		data, err := os.ReadFile(f)
		require.NoError(t, err)
		each(f, data)
	}
	porcupineEtcdLogs(t, func(f string, _, edn []byte) { each(f, edn) })
	var buf bytes.Buffer
	require.NoError(t, WriteEDN(&buf, sampleHistory()))
	each("sampleHistory", buf.Bytes())
	_, run := registerRun(t, 3000)
	each("registerRun", run)
	buf.Reset()
	require.NoError(t, writeRegisterEDN(&buf, 3000))
	each("writeRegisterEDN", buf.Bytes())
}

// Every EDN file streams, op for op, as it reads whole: in the same
// order, and, holding few ops back, the same ops.
func TestReadEDNStreamsAsWholeOnFiles(t *testing.T) {
	n := 0
	ednFiles(t, func(name string, data []byte) {
		whole, err := ReadEDN(bytes.NewReader(data))
		require.NoError(t, err, name)
		var got []Op
		h, err := ReadEDN(bytes.NewReader(data), ReadOptions{OnOp: func(op Op) { got = append(got, op) }})
		require.NoError(t, err, name)
		require.Equal(t, whole.Ops, got, name)
		require.Equal(t, whole.Annotations, h.Annotations, name)
		for _, held := range []int{0, 1, 3} {
			require.True(t, requireSameStream(t, data, ReadOptions{}, held), name)
		}
		n++
	})
	require.Equal(t, 19+103+3, n)
}

// genEDNHistory draws a Jepsen history: events of a few processes, most
// completed, some never; nemesis events; :time on every client event or
// on none (now and then on some); keys as :key, as jepsen.independent
// tuples or none; now and then an odd form or a broken pairing.
func genEDNHistory(t *rapid.T) string {
	var b strings.Builder
	timed := rapid.IntRange(0, 4).Draw(t, "timed") // 0 none, 1 some, else all
	keys := rapid.IntRange(0, 3).Draw(t, "keys")   // 0 none, 1 :key, 2 tuples, 3 mixed
	n := rapid.IntRange(0, 40).Draw(t, "events")
	open := map[int]string{}
	for i := range n {
		p := rapid.IntRange(0, 4).Draw(t, fmt.Sprintf("process-%d", i))
		tm := ""
		if timed >= 2 || (timed == 1 && rapid.Bool().Draw(t, fmt.Sprintf("time-%d", i))) {
			tm = fmt.Sprintf(", :time %d", 10*i)
		}
		form := ""
		switch k := rapid.IntRange(0, 99).Draw(t, fmt.Sprintf("kind-%d", i)); {
		case k == 0:
			form = genEDNEvent(t)
		case k <= 8:
			form = fmt.Sprintf("{:process :nemesis, :type :info, :f :start, :value %s%s}", genEDNValue(t, fmt.Sprintf("nv-%d", i), 0), tm)
		case k == 9 && open[p] != "": // a second invocation: broken pairing
			form = fmt.Sprintf("{:type :invoke, :f :read, :value nil, :process %d%s}", p, tm)
		case open[p] == "" || k == 10: // or a completion without an invocation
			f := rapid.SampledFrom([]string{":read", ":write", ":cas", ":append", ":update", ":list"}).Draw(t, fmt.Sprintf("f-%d", i))
			v := genEDNValue(t, fmt.Sprintf("value-%d", i), 0)
			if f == ":cas" {
				v = "[" + v + " 4]"
			}
			key := ""
			switch {
			case keys == 1 || (keys == 3 && rapid.Bool().Draw(t, fmt.Sprintf("key-%d", i))):
				key = `, :key "k"`
			case keys >= 2:
				v = fmt.Sprintf("[%d %s]", rapid.IntRange(0, 2).Draw(t, fmt.Sprintf("k-%d", i)), v)
			}
			form = fmt.Sprintf("{:type :invoke, :f %s, :value %s, :process %d%s%s}", f, v, p, tm, key)
			open[p] = f
		default:
			typ := rapid.SampledFrom([]string{":ok", ":fail", ":info"}).Draw(t, fmt.Sprintf("type-%d", i))
			v := genEDNValue(t, fmt.Sprintf("value-%d", i), 0)
			if keys >= 2 {
				v = fmt.Sprintf("[0 %s]", v)
			}
			form = fmt.Sprintf("{:type %s, :f %s, :value %s, :process %d, :version \"v%d\"%s}", typ, open[p], v, p, i, tm)
			delete(open, p)
		}
		b.WriteString(form)
		b.WriteString("\n")
	}
	return b.String()
}

// Generated histories stream as they read whole: the same ops, the same
// annotations, an error where the whole read has one, and
// ErrEDNNotStreamable only for histories whose layout changes part-way.
func TestReadEDNStreamsAsWholeOnGeneratedHistories(t *testing.T) {
	var streamed, whole, total int
	for range 10 { // 1,000 histories at rapid's default of 100 checks
		rapid.Check(t, sameStream(&streamed, &whole, &total))
	}
	t.Logf("%d generated histories: %d read whole, %d of them streamed the same", total, whole, streamed)
	// about 40% stream with rapid's fresh seeds; a fixed -rapid.seed draws
	// the same 100 histories in every round (27–42% seen over 40 seeds)
	require.Greater(t, streamed, total/5, "the generator must give the streamed read histories to judge")
}

func sameStream(streamed, whole, total *int) func(*rapid.T) {
	return func(t *rapid.T) {
		data := []byte(genEDNHistory(t))
		held := rapid.SampledFrom([]int{0, 1, 2, 5, ednMaxHeld}).Draw(t, "held")
		*total++
		if _, err := ReadEDN(bytes.NewReader(data)); err == nil {
			*whole++
		}
		if requireSameStream(t, data, ReadOptions{MaxLineBytes: 1 << 12}, held) {
			*streamed++
		}
	}
}

// A history whose layout changes part-way is refused by a streamed read,
// naming the line, after handing over the ops before it; a whole read
// reads it.
func TestReadEDNStreamRefusesLayoutChange(t *testing.T) {
	cases := map[string]string{
		"time": `{:type :invoke, :f :write, :value 1, :process 0, :time 5}
{:type :ok, :f :write, :value 1, :process 0, :time 6}
{:type :invoke, :f :read, :value nil, :process 0}
{:type :ok, :f :read, :value 1, :process 0}
`,
		"tuple": `{:type :invoke, :f :write, :value [1 1], :process 0}
{:type :ok, :f :write, :value [1 1], :process 0}
{:type :invoke, :f :read, :value nil, :process 0}
{:type :ok, :f :read, :value [1 1], :process 0}
`,
	}
	for name, in := range cases {
		_, err := ReadEDN(strings.NewReader(in))
		require.NoError(t, err, name)
		var got []Op
		_, err = ReadEDN(strings.NewReader(in), ReadOptions{OnOp: func(op Op) { got = append(got, op) }})
		require.ErrorIs(t, err, ErrEDNNotStreamable, name)
		require.ErrorContains(t, err, "line 3: ", name)
		require.Len(t, got, 1, name)
	}
}

// An op open while more than ednMaxHeld later ops complete no longer
// holds them back: it is handed over at its completion.
func TestReadEDNStreamSkipsLongOpenOp(t *testing.T) {
	var b strings.Builder
	b.WriteString("{:type :invoke, :f :write, :value 0, :process 99, :time 0}\n")
	for i := range 10 {
		fmt.Fprintf(&b, "{:type :invoke, :f :write, :value %d, :process 1, :time %d}\n", i+1, 2*i+1)
		fmt.Fprintf(&b, "{:type :ok, :f :write, :value %d, :process 1, :time %d}\n", i+1, 2*i+2)
	}
	b.WriteString("{:type :info, :f :write, :value 0, :process 99, :time 30}\n")
	got, _, err := streamEDNHeld(t, []byte(b.String()), ReadOptions{}, 3)
	require.NoError(t, err)
	ids := make([]int, len(got))
	for i, op := range got {
		ids[i] = op.ID
	}
	require.Equal(t, []int{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 0}, ids)
	require.Equal(t, int64(30), got[10].Return)
	require.True(t, requireSameStream(t, []byte(b.String()), ReadOptions{}, 3))
}

// Whatever a whole read reads, a streamed one reads the same (holding at
// most two ops back), or refuses with ErrEDNNotStreamable; what it fails
// on, the streamed one fails on.
func FuzzReadEDNStreamsAsWhole(f *testing.F) {
	var buf bytes.Buffer
	require.NoError(f, WriteEDN(&buf, sampleHistory()))
	f.Add(buf.Bytes())
	f.Add([]byte("{:type :invoke, :f :write, :value [1 1], :process 0}\n{:type :invoke, :f :read, :value [2 nil], :process 1, :time 3}\n{:process :nemesis, :type :info, :f :start}\n{:type :ok, :f :write, :value [1 1], :process 0}\n"))
	f.Add([]byte("[{:type :invoke :f :cas :value [1 2] :process 0 :time 1} {:type :fail :f :cas :value [1 2] :process 0 :time 2}]"))
	f.Fuzz(func(t *testing.T, data []byte) {
		requireSameStream(t, data, fuzzLimits, 2)
	})
}

// A completion timed before its invocation is an error only when every
// client event has :time: a streamed read, which cannot know that yet,
// refuses the history as not streamable (found by
// TestReadEDNStreamsAsWholeOnGeneratedHistories) and a whole read judges.
func TestReadEDNStreamLeavesBackwardTimeToWholeRead(t *testing.T) {
	untimedLater := `{:type :invoke, :f :write, :value 1, :process 1, :time 12}
{:type :ok, :f :write, :value 1, :process 1, :time 0}
{:type :invoke, :f :read, :value nil, :process 0}
{:type :ok, :f :read, :value 1, :process 0}
`
	timedThroughout := `{:type :invoke, :f :write, :value 1, :process 1, :time 12}
{:type :ok, :f :write, :value 1, :process 1, :time 0}
`
	stream := ReadOptions{OnOp: func(Op) {}}
	h, err := ReadEDN(strings.NewReader(untimedLater))
	require.NoError(t, err)
	require.Len(t, h.Ops, 2)
	_, err = ReadEDN(strings.NewReader(untimedLater), stream)
	require.ErrorIs(t, err, ErrEDNNotStreamable)
	require.ErrorContains(t, err, "line 2: :time 0 is before its invocation's 12 (line 1)")

	_, err = ReadEDN(strings.NewReader(timedThroughout))
	require.ErrorContains(t, err, "line 2: :time 0 is before its invocation's 12 (line 1)")
	require.NotErrorIs(t, err, ErrEDNNotStreamable)
	_, err = ReadEDN(strings.NewReader(timedThroughout), stream)
	require.ErrorIs(t, err, ErrEDNNotStreamable)
}
