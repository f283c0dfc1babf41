package kvtest_test

import (
	"context"
	"flag"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/kvchaos/kvchaos/checker"
	"github.com/kvchaos/kvchaos/history"
	"github.com/kvchaos/kvchaos/kv"
	"github.com/kvchaos/kvchaos/kvtest"
	"github.com/kvchaos/kvchaos/sim"
)

// twoVisitors is the visit counter with two named visitors, asserting
// with AssertNo.
func twoVisitors(s *kvtest.Sim) {
	for _, name := range []string{"alice", "bob"} {
		s.Go(func(ctx context.Context, b kv.Backend) error {
			_, err := kv.NewStore[int](b).Update(ctx, "visits", 0, func(n int) int { return n + 1 })
			return err
		}, kvtest.Named(name))
	}
	s.Run()
	s.AssertNo(checker.KindLostUpdate)
}

func TestNamedClientsAppearInInterleavingAndFindings(t *testing.T) {
	out := kvtest.Explore(sim.Config{}, twoVisitors)
	require.True(t, out.Failed)
	assert.Contains(t, out.Message, "the history shows 1 finding(s) of lost-update")
	assert.Regexp(t, `\[lost-update\] .*\(client (alice|bob)\).*\(client (alice|bob)\)`, out.Message,
		"the checker's explanation names the clients as Go did")
	assert.Contains(t, out.Interleaving, " alice ")
	assert.Contains(t, out.Interleaving, " bob ")
	assert.ElementsMatch(t, []string{"alice", "bob"}, values(out.Names))
}

func values(m map[int]string) []string {
	var out []string
	for _, v := range m {
		out = append(out, v)
	}
	return out
}

func TestClientsAreLetteredInGoOrder(t *testing.T) {
	out := kvtest.Explore(sim.Config{}, func(s *kvtest.Sim) {
		for i := range 3 {
			s.Go(func(ctx context.Context, b kv.Backend) error {
				return kv.NewStore[int](b).Put(ctx, "k", i)
			})
		}
		s.Run()
		s.T.Fatal("always")
	})
	require.True(t, out.Failed)
	byValue := map[string]string{}
	for _, op := range out.History.Ops {
		byValue[op.Input.Value] = out.Names[op.Client]
	}
	assert.Equal(t, map[string]string{"0": "A", "1": "B", "2": "C"}, byValue)
}

func TestAfterStartsAClientLaterInVirtualTime(t *testing.T) {
	out := kvtest.Explore(sim.Config{}, func(s *kvtest.Sim) {
		s.Go(func(ctx context.Context, b kv.Backend) error {
			return kv.NewStore[int](b).Put(ctx, "late", 1)
		}, kvtest.After(time.Minute), kvtest.Named("cron"))
		s.Run()
		s.T.Fatal("show me the history")
	})
	require.True(t, out.Failed)
	require.NotEmpty(t, out.History.Ops)
	assert.GreaterOrEqual(t, out.History.Ops[0].Call, int64(time.Minute))
}

func TestSleepNeedsASimulatorClient(t *testing.T) {
	err := kvtest.Sleep(context.Background(), kv.NewMemory(), time.Second)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "no virtual clock")
	assert.NoError(t, kvtest.Sleep(context.Background(), kv.NewMemory(), 0))
}

func TestRunMissingOrTwiceFailsTheCase(t *testing.T) {
	put := func(ctx context.Context, b kv.Backend) error { return kv.NewStore[int](b).Put(ctx, "k", 1) }
	missing := kvtest.Explore(sim.Config{}, func(s *kvtest.Sim) { s.Go(put) })
	require.True(t, missing.Failed)
	assert.Contains(t, missing.Message, "Run was never called")

	twice := kvtest.Explore(sim.Config{}, func(s *kvtest.Sim) { s.Go(put); s.Run(); s.Run() })
	require.True(t, twice.Failed)
	assert.Contains(t, twice.Message, "Run called twice")

	early := kvtest.Explore(sim.Config{}, func(s *kvtest.Sim) {
		s.Go(put)
		_, _ = kv.NewStore[int](s.Region("")).GetOr(context.Background(), "k", 0)
	})
	require.True(t, early.Failed)
	assert.Contains(t, early.Message, "Region called before Run")

	fine := kvtest.Explore(sim.Config{}, func(s *kvtest.Sim) { s.Go(put); s.Run() })
	assert.False(t, fine.Failed, fine.Message)
}

// failingTB records what Simulate reports instead of failing this test.
type failingTB struct {
	testing.TB
	name   string
	fatal  []string
	logs   []string
	failed bool
}

func (f *failingTB) Helper()                           {}
func (f *failingTB) Name() string                      { return f.name }
func (f *failingTB) Logf(format string, args ...any)   { f.logs = append(f.logs, format) }
func (f *failingTB) Log(args ...any)                   {}
func (f *failingTB) Errorf(format string, args ...any) { f.failed = true }
func (f *failingTB) Error(args ...any)                 { f.failed = true }
func (f *failingTB) Fatalf(format string, args ...any) { f.failed = true }
func (f *failingTB) Fatal(args ...any) {
	f.failed = true
	for _, a := range args {
		f.fatal = append(f.fatal, a.(string))
	}
}
func (f *failingTB) Fail()        { f.failed = true }
func (f *failingTB) FailNow()     { f.failed = true }
func (f *failingTB) Failed() bool { return f.failed }

func TestSimulateFailureReadsLikeTheBug(t *testing.T) {
	tb := &failingTB{TB: t, name: "TestCart/two_shoppers"}
	type cart struct {
		Items []string `json:"items"`
	}
	kvtest.Simulate(tb, sim.Config{}, func(s *kvtest.Sim) {
		n := rapid.IntRange(1, 3).Draw(s.T, "shoppers")
		for i := range n {
			s.Go(func(ctx context.Context, b kv.Backend) error {
				_, err := kv.NewStore[cart](b).Update(ctx, "cart", cart{}, func(c cart) cart {
					c.Items = append(c.Items, string(rune('a'+i)))
					return c
				})
				return err
			})
		}
		s.Run()
		c, _, err := kv.NewStore[cart](s.Region("")).Get(context.Background(), "cart")
		if err != nil {
			s.T.Fatal(err)
		}
		if len(c.Items) != n {
			s.T.Fatalf("%d items added, the cart has %d", n, len(c.Items))
		}
	})
	require.True(t, tb.failed)
	require.Len(t, tb.fatal, 1)
	msg := tb.fatal[0]
	t.Logf("the failure as a user sees it:\n%s", msg)
	assert.True(t, strings.HasPrefix(msg, "kvtest: property failed: 2 items added, the cart has 1\n"))
	assert.Contains(t, msg, "drawn: shoppers = 2\n")
	assert.NotContains(t, msg, "kvtest.schedule", "no scheduler draws")
	assert.NotContains(t, msg, "draw sched")
	assert.Contains(t, msg, `put "cart" ← {"items":["`, "values as JSON, not escaped")
	assert.NotContains(t, msg, `\"`)
	assert.Regexp(t, `order: [AB] get, [AB] get, [AB] put, [AB] put, reader get\n`, msg)
	assert.Contains(t, msg, "checker: [lost-update]")
	assert.Regexp(t, `clients: [AB] = client \d \(us-east\), [AB] = client \d \(us-east\), reader = client \d \(us-east\)\n`, msg,
		"the legend maps names to the ids of the history and the report")
	assert.Regexp(t, `\(client [AB]\)`, msg, "the checker names clients as the interleaving does")
	assert.Regexp(t, `replay \(in the package's directory\): go test -run '\^TestCart\$/\^two_shoppers\$' -rapid\.seed=\d+\n`, msg)
}

func TestExploreChangesNoFlagAndLeavesNoFailFile(t *testing.T) {
	f := flag.Lookup("rapid.nofailfile")
	require.NotNil(t, f)
	old := f.Value.String()
	require.NoError(t, f.Value.Set("false"))
	t.Cleanup(func() { _ = f.Value.Set(old) })
	dir := t.TempDir()
	t.Chdir(dir)

	out := kvtest.Explore(sim.Config{}, twoVisitors)
	require.True(t, out.Failed)
	assert.Equal(t, "false", f.Value.String(), "Explore must not set -rapid.nofailfile")
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	assert.Empty(t, entries, "Explore must leave no fail file behind")
	assert.NotContains(t, out.Log, "kvtest.schedule")
	var puts int
	for _, op := range out.History.Ops {
		if op.Func == history.FuncPut {
			puts++
		}
	}
	assert.Equal(t, 2, puts)
}
