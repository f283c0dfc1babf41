package backends

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/kvchaos/kvchaos/internal/addrtable"
	"github.com/kvchaos/kvchaos/kv"
)

// TestPrefixedKeys checks that the table returns prefix+key for the same
// key strings passed again and again (past its growth and its starting
// over), for equal keys at other addresses and for the empty key.
func TestPrefixedKeys(t *testing.T) {
	var tab prefixedKeys
	names := make([]string, 3000)
	for i := range names {
		names[i] = "k" + strconv.Itoa(i)
	}
	for round := range 3 {
		for _, k := range names {
			require.Equal(t, "p/"+k, tab.get("p/", k))
			fresh := strings.Clone(k) // same bytes, another address
			require.Equal(t, "p/"+k, tab.get("p/", fresh), "round %d", round)
		}
	}
	require.Equal(t, "p/", tab.get("p/", ""))
	require.LessOrEqual(t, tab.full.Cap(), addrtable.MaxSlots)
	for i := range 3 * addrtable.MaxSlots / 2 { // keys built per call: starts over
		k := "x" + strconv.Itoa(i)
		require.Equal(t, "p/"+k, tab.get("p/", k))
	}
	require.LessOrEqual(t, tab.full.Cap(), addrtable.MaxSlots)
}

// fakeScheduler runs each client at once, in Go, on b.
type fakeScheduler struct{ b kv.Backend }

func (f fakeScheduler) Go(_ string, fn func(context.Context, kv.Backend)) {
	fn(context.Background(), f.b)
}
func (fakeScheduler) Run() error { return nil }
func (fakeScheduler) Now() int64 { return 0 }

// serialScheduler is a fakeScheduler that says whether it runs one client
// at a time.
type serialScheduler struct {
	fakeScheduler
	serial bool
}

func (s serialScheduler) OneClientAtATime() bool { return s.serial }

// TestPrefixedSchedulerSharesKeysOnlyWhenSerial checks that the clients of
// a scheduler that runs one client at a time share a table of prefixed
// keys, that other schedulers' clients get none (they may run in
// parallel), and that either way a client's keys land under the prefix.
func TestPrefixedSchedulerSharesKeysOnlyWhenSerial(t *testing.T) {
	for _, tc := range []struct {
		name  string
		sched func(kv.Backend) Scheduler
		table bool
	}{
		{"plain", func(b kv.Backend) Scheduler { return fakeScheduler{b} }, false},
		{"says parallel", func(b kv.Backend) Scheduler { return serialScheduler{fakeScheduler{b}, false} }, false},
		{"serial", func(b kv.Backend) Scheduler { return serialScheduler{fakeScheduler{b}, true} }, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := &mapBackend{m: map[string]string{}}
			st := withPrefix(&Store{Backend: m, Scheduler: tc.sched(m)}, "p/")
			keys := []string{"k0", "k1"}
			for i := range 2 {
				st.Scheduler.Go("r", func(ctx context.Context, b kv.Backend) {
					require.NoError(t, b.Put(ctx, keys[i], []byte("v"), kv.PutOptions{}))
					require.NoError(t, b.Put(ctx, keys[i], []byte("w"), kv.PutOptions{}))
				})
			}
			require.Equal(t, map[string]string{"p/k0": "w", "p/k1": "w"}, m.m)
			tab := st.Scheduler.(prefixedScheduler).keys
			if !tc.table {
				require.Nil(t, tab)
				return
			}
			require.NotNil(t, tab)
			require.Equal(t, 2, tab.full.Len(), "both clients' keys in the one table")
		})
	}
}
