package emutest_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kvchaos/kvchaos/backends/fastly"
	"github.com/kvchaos/kvchaos/checker"
	"github.com/kvchaos/kvchaos/edge"
	"github.com/kvchaos/kvchaos/internal/emutest"
	"github.com/kvchaos/kvchaos/kv"
	"github.com/kvchaos/kvchaos/sim"
)

const token = "emutest-token"

func openFastly(t *testing.T, endpoint, region string) kv.Backend {
	b, err := fastly.New(fastly.Config{StoreID: "s", Token: token, Endpoint: endpoint, Region: region})
	require.NoError(t, err)
	return b
}

// TestWriterReaderOnLinearizableIsLinearizable is the control group: the
// same program on the linearizable preset passes, so the failures on the
// edge presets come from the store, not from the program.
func TestWriterReaderOnLinearizableIsLinearizable(t *testing.T) {
	srv := emutest.Start(t, edge.Fastly, sim.Config{Seed: 1}, token)
	h := emutest.WriterReader(t, srv, openFastly, 5, 10*time.Millisecond)
	assert.Len(t, h.Ops, 5+5+3, "5 puts, 5 reads, a convergence read per region")
	rep := checker.Check(h, checker.Options{Expect: checker.ExpectLinearizable})
	assert.Equal(t, checker.Valid, rep.Verdict, rep.Text())
}

func TestWriterReaderOnReplicatedIsStale(t *testing.T) {
	srv := emutest.Start(t, edge.Fastly, sim.Config{Seed: 1, Preset: sim.Replicated()}, token)
	h := emutest.WriterReader(t, srv, openFastly, 3, time.Millisecond)
	emutest.RequireEventualNotLinearizable(t, h)
}

// fatalT records Fatalf instead of stopping the test.
type fatalT struct {
	testing.TB
	msg string
}

func (f *fatalT) Helper() {}

func (f *fatalT) Fatalf(format string, args ...any) {
	if f.msg == "" {
		f.msg = fmt.Sprintf(format, args...)
	}
}

func TestRequireEventualNotLinearizableFailsOnLinearizable(t *testing.T) {
	srv := emutest.Start(t, edge.Fastly, sim.Config{Seed: 1}, token)
	h := emutest.WriterReader(t, srv, openFastly, 3, time.Millisecond)
	ft := &fatalT{TB: t}
	emutest.RequireEventualNotLinearizable(ft, h)
	assert.Contains(t, ft.msg, "passed linearizability")
}

func TestHarnessDeclaresByPreset(t *testing.T) {
	lin := emutest.Harness(edge.Fastly, sim.Config{}, token, openFastly)
	assert.True(t, lin.Linearizable)
	assert.Nil(t, lin.Settle)
	ev := emutest.Harness(edge.Fastly, sim.Config{Preset: sim.EdgeCache()}, token, openFastly)
	assert.False(t, ev.Linearizable)
	require.NotNil(t, ev.Settle)

	// New opens the adapter in the first region; Replicas reads every
	// region through the REST API; Settle makes them agree.
	b := ev.New(t)
	ctx := t.Context()
	rs := ev.Replicas(b)
	require.Len(t, rs, 3, "the simulator's three default regions")
	_, err := rs[1].Get(ctx, "k") // eu-west caches "not found"
	require.ErrorIs(t, err, kv.ErrNotFound)
	require.NoError(t, b.Put(ctx, "k", []byte("v"), kv.PutOptions{}))
	_, err = rs[1].Get(ctx, "k")
	require.ErrorIs(t, err, kv.ErrNotFound, "eu-west's cache must still answer: the region header was not honoured")
	ev.Settle(b)
	for i, r := range rs {
		it, err := r.Get(ctx, "k")
		require.NoError(t, err, "region %d", i)
		assert.Equal(t, "v", string(it.Value))
	}
}

func TestNewRejectsBadConfig(t *testing.T) {
	_, err := emutest.New(edge.Fastly, sim.Config{Regions: []string{}}, "")
	require.ErrorContains(t, err, "Regions")
	_, err = emutest.New("nope", sim.Config{}, "")
	require.ErrorContains(t, err, "Dialect")
}
