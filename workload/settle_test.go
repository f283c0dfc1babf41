package workload_test

import (
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kvchaos/kvchaos/backends"
	"github.com/kvchaos/kvchaos/history"
	"github.com/kvchaos/kvchaos/internal/adapterkit"
	"github.com/kvchaos/kvchaos/kv"
	"github.com/kvchaos/kvchaos/workload"
)

// lagging is a region whose writes go to the primary and whose reads come
// from a replica that is brought up to date only by syncReplica.
type lagging struct {
	kv.Backend // the primary
	replica    kv.Backend
}

func (l lagging) Get(ctx context.Context, key string) (kv.Item, error) {
	return l.replica.Get(ctx, key)
}

// syncReplica copies every key of primary into replica.
func syncReplica(t *testing.T, primary, replica kv.Backend) error {
	ctx := context.Background()
	page, err := primary.List(ctx, "", "", 1000)
	require.NoError(t, err)
	for _, k := range page.Keys {
		it, err := primary.Get(ctx, k)
		require.NoError(t, err)
		require.NoError(t, replica.Put(ctx, k, it.Value, kv.PutOptions{}))
	}
	return nil
}

// laggingStore is a two-region store: "a" reads the primary, "b" a replica
// that only Quiescer brings up to date. quiesce runs before the sync and
// may fail it.
func laggingStore(t *testing.T, quiesce func() error) (*backends.Store, kv.Backend, *int) {
	primary, replica := kv.NewMemory(), kv.NewMemory()
	calls := 0
	regions := map[string]kv.Backend{"a": primary, "b": lagging{primary, replica}}
	return &backends.Store{
		Backend: primary,
		Regions: []string{"a", "b"},
		Region:  func(name string) kv.Backend { return regions[name] },
		Quiescer: adapterkit.QuiesceFunc(func() error {
			calls++
			if err := quiesce(); err != nil {
				return err
			}
			return syncReplica(t, primary, replica)
		}),
	}, primary, &calls
}

func TestLiveRunQuiescesBeforeFinalReads(t *testing.T) {
	s, primary, calls := laggingStore(t, func() error { return nil })
	const clients = 4
	r, err := workload.NewRunner(workload.Options{Workload: "register", Clients: clients, Keys: 2, Ops: 40, Seed: 5})
	require.NoError(t, err)
	rec := recorder(t, s)
	_, err = r.Run(context.Background(), s, rec)
	require.NoError(t, err)
	require.Equal(t, 1, *calls, "quiesced once")

	h := rec.History()
	require.Len(t, h.Annotations, 1)
	q := h.Annotations[0]
	assert.Equal(t, history.AnnotationQuiescent, q.Kind)
	after := map[string]int{}
	for _, op := range h.Ops {
		if op.Call < q.Start {
			assert.Less(t, op.Client, clients, "op %d by a settling reader before the quiescence point", op.ID)
			assert.LessOrEqual(t, op.Return, q.Start, "op %d of the workload still running at the quiescence point", op.ID)
			continue
		}
		require.GreaterOrEqual(t, op.Client, clients, "op %d after the quiescence point is not a settling reader's", op.ID)
		require.Equal(t, history.FuncGet, op.Func)
		want, err := primary.Get(context.Background(), op.Key)
		if errors.Is(err, kv.ErrNotFound) {
			assert.False(t, op.Output.Found, "key %s in region %s", op.Key, op.Region)
		} else {
			require.NoError(t, err)
			assert.Equal(t, string(want.Value), op.Output.Value, "key %s in region %s reads the settled value", op.Key, op.Region)
		}
		after[op.Region]++
	}
	assert.Equal(t, map[string]int{"a": 2, "b": 2}, after, "one reader per region reads every key")
}

func TestLiveRunQuiesceErrors(t *testing.T) {
	o := workload.Options{Workload: "register", Clients: 2, Keys: 1, Ops: 10, Seed: 1}

	s, _, calls := laggingStore(t, func() error { return kv.ErrUnsupported })
	r, err := workload.NewRunner(o)
	require.NoError(t, err)
	rec := recorder(t, s)
	_, err = r.Run(context.Background(), s, rec)
	require.NoError(t, err, "a store that cannot quiesce after all is run without settling")
	assert.Equal(t, 1, *calls)
	assert.Empty(t, rec.History().Annotations)

	s, _, _ = laggingStore(t, func() error { return errors.New("emulator gone") })
	r, err = workload.NewRunner(o)
	require.NoError(t, err)
	_, err = r.Run(context.Background(), s, recorder(t, s))
	require.ErrorContains(t, err, "quiescing the store before the final reads: emulator gone")

	s, _, calls = laggingStore(t, func() error { return nil })
	r, err = workload.NewRunner(o)
	require.NoError(t, err)
	_, err = r.Run(context.Background(), s, nil)
	require.NoError(t, err)
	assert.Zero(t, *calls, "an unrecorded run has no final reads to settle")
}
