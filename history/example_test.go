package history_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/kvchaos/kvchaos/history"
	"github.com/kvchaos/kvchaos/kv"
)

func ExampleRecorder() {
	var clock int64
	rec := history.NewRecorder(history.WithClock(func() int64 { clock += 10; return clock }))

	call := rec.Begin(1, "eu", history.FuncPut, "counter", history.Input{Value: "6"})
	call.End(history.Output{Version: "v2"}, history.OutcomeOK, nil)

	call = rec.Begin(2, "us", history.FuncPut, "counter", history.Input{Value: "6"})
	call.End(history.Output{}, history.OutcomeUnknown, errors.New("timeout"))

	for _, op := range rec.History().Ops {
		fmt.Printf("%d client %d %s %s=%s [%d,%d] %s %q\n",
			op.ID, op.Client, op.Func, op.Key, op.Input.Value, op.Call, op.Return, op.Outcome, op.Error)
	}
	// Output:
	// 0 client 1 put counter=6 [10,20] ok ""
	// 1 client 2 put counter=6 [30,40] unknown "timeout"
}

func ExampleRecord() {
	rec := history.NewRecorder()
	store := kv.NewStore[int](history.Record(kv.NewMemory(), rec, 1, "eu"))
	ctx := context.Background()
	_, _ = store.Update(ctx, "hits", 0, func(n int) int { return n + 1 })

	for _, op := range rec.History().Ops {
		fmt.Println(op.Func, op.Key, op.Outcome, op.Output.Found)
	}
	// Output:
	// get hits ok false
	// put hits ok false
}

func ExampleWithStream() {
	var file bytes.Buffer // an *os.File in a real run
	var clock int64
	rec := history.NewRecorder(history.WithStream(&file), history.WithClock(func() int64 { clock++; return clock }))
	rec.Begin(1, "", history.FuncGet, "k", history.Input{}).End(history.Output{}, history.OutcomeOK, nil)
	rec.Begin(2, "", history.FuncPut, "k", history.Input{Value: "x"}) // killed before End
	fmt.Print(file.String())
	// Output:
	// {"type":"header","format":"kvchaos-history","version":1}
	// {"type":"invoke","id":0,"client":1,"f":"get","key":"k","call":1}
	// {"type":"complete","id":0,"status":"ok","return":2}
	// {"type":"invoke","id":1,"client":2,"f":"put","key":"k","in":{"value":"x"},"call":3}
}

func ExampleReadJSONL() {
	file := `{"type":"invoke","id":0,"client":1,"f":"put","key":"k","in":{"value":"1"},"call":10}
{"type":"invoke","id":1,"client":2,"f":"get","key":"k","call":11}
{"type":"complete","id":0,"status":"ok","return":20}
{"type":"complete","id":1,"out":{"val`
	h, warnings, err := history.ReadJSONL(strings.NewReader(file))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, w := range warnings {
		fmt.Println("warning:", w.Line)
	}
	for _, op := range h.Ops {
		fmt.Println(op.ID, op.Func, op.Key, op.Outcome, op.Return == history.ReturnNever)
	}
	// Output:
	// warning: 4
	// 0 put k ok false
	// 1 get k unknown true
}

func ExampleReadEDN() {
	jepsen := `{:process 0, :type :invoke, :f :write, :value 3}
{:process 1, :type :invoke, :f :read, :value nil}
{:process 0, :type :ok, :f :write, :value 3}
{:process 1, :type :ok, :f :read, :value 3}
{:process 0, :type :invoke, :f :cas, :value [3 4]}
{:process 0, :type :info, :f :cas, :value [3 4]}`
	h, err := history.ReadEDN(strings.NewReader(jepsen))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, op := range h.Ops {
		fmt.Printf("%s in=%+v found=%v out=%q %s\n", op.Func, op.Input.Value, op.Output.Found, op.Output.Value, op.Outcome)
	}
	// Output:
	// put in=3 found=false out="" ok
	// get in= found=true out="3" ok
	// cas in=4 found=false out="" unknown
}

// WithBuffer batches a stream's lines: nothing past the header is written
// until the buffer fills, the interval passes, Flush or Close.
func ExampleWithBuffer() {
	var out bytes.Buffer
	var clock int64
	rec := history.NewRecorder(history.WithClock(func() int64 { clock += 10; return clock }),
		history.WithStream(&out), history.WithBuffer(1<<20, time.Hour))
	rec.Begin(1, "eu", history.FuncGet, "k", history.Input{}).End(history.Output{}, history.OutcomeOK, nil)
	fmt.Println("lines before Flush:", strings.Count(out.String(), "\n"))
	if err := rec.Flush(); err != nil {
		fmt.Println(err)
	}
	fmt.Print(out.String())
	_ = rec.Close()
	// Output:
	// lines before Flush: 1
	// {"type":"header","format":"kvchaos-history","version":1}
	// {"type":"invoke","id":0,"client":1,"region":"eu","f":"get","key":"k","call":10}
	// {"type":"complete","id":0,"status":"ok","return":20}
}
