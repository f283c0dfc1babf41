package history

import (
	"bytes"
	"errors"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// The stream a Recorder writes from its line cache is, byte for byte, the
// lines encoded afresh from each call: over clients that share a cache
// entry, a client that moves to a region of the same length, regions given
// as the same text at another address, a region too long for an entry, ops
// completing out of order, Funcs and Outcomes outside the vocabulary.
func TestRecorderLineCacheWritesTheLinesAfresh(t *testing.T) {
	rnd := rand.New(rand.NewPCG(1, 2))
	regions := []string{"", "eu", "us", "us-east", strings.Repeat("region-", 8), `q"uote`}
	funcs := []Func{FuncGet, FuncPut, FuncDelete, FuncList, FuncCAS, FuncUpdate, "weird"}
	outcomes := []Outcome{OutcomeOK, OutcomeFail, OutcomeUnknown, "odd"}
	var now int64
	var got bytes.Buffer
	r := NewRecorder(WithClock(func() int64 { return now }), WithStream(&got))
	want := appendHeader(nil)
	type open struct {
		c  Call
		id int
	}
	var inFlight []open
	begun := 0
	for i := range 20000 {
		if rnd.IntN(3) == 0 {
			now += rnd.Int64N(1 << 40)
		}
		if len(inFlight) == 0 || (len(inFlight) < 40 && rnd.IntN(2) == 0) {
			client := rnd.IntN(600)
			region := regions[client%len(regions)]
			if rnd.IntN(10) == 0 {
				region = regions[rnd.IntN(len(regions))] // the client moved
			}
			if rnd.IntN(10) == 0 {
				region = strings.Clone(region) // the same text elsewhere
			}
			f := funcs[rnd.IntN(len(funcs))]
			key := "k" + strconv.Itoa(rnd.IntN(50))
			var in Input
			if rnd.IntN(2) == 0 {
				in = Input{Value: "v" + strconv.Itoa(i), Expected: strconv.Itoa(rnd.IntN(3)), TTLMillis: int64(rnd.IntN(2))}
			}
			c := r.Begin(client, region, f, key, in)
			want = appendInvoke(want, begun, client, region, f, key, &in, now)
			inFlight = append(inFlight, open{c, begun})
			begun++
			continue
		}
		k := rnd.IntN(len(inFlight))
		o := inFlight[k]
		inFlight = append(inFlight[:k], inFlight[k+1:]...)
		out := Output{Value: "x", Found: true, Version: strconv.Itoa(i)}
		if rnd.IntN(2) == 0 {
			out = Output{}
		}
		status := outcomes[rnd.IntN(len(outcomes))]
		var err error
		if status != OutcomeOK {
			err = errors.New("boom " + strconv.Itoa(rnd.IntN(3)))
		}
		var in *Input
		if rnd.IntN(5) == 0 {
			in = &Input{Value: "late"}
			o.c.EndWithInput(*in, out, status, err)
		} else {
			o.c.End(out, status, err)
		}
		want = append(want, `{"type":"complete","id":`...)
		want = strconv.AppendInt(want, int64(o.id), 10)
		if in != nil {
			want = appendInput(want, in)
		}
		want = appendOutput(want, &out)
		want = appendCoded(want, `,"status":`, status, statusCodes, statusFields)
		want = appendInt(want, `,"return":`, now)
		if err != nil {
			want = appendOptString(want, `,"error":`, err.Error())
		}
		want = append(want, "}\n"...)
	}
	require.NoError(t, r.Close())
	require.Equal(t, string(want), got.String())
}
