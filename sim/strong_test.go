package sim_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kvchaos/kvchaos/edge"
	"github.com/kvchaos/kvchaos/emulator"
	"github.com/kvchaos/kvchaos/internal/edgewire"
	"github.com/kvchaos/kvchaos/kv"
	"github.com/kvchaos/kvchaos/sim"
)

// keysOf returns the keys of a listing, failing t on its error.
func keysOf(t *testing.T) func(kv.Page, error) []string {
	return func(page kv.Page, err error) []string {
		t.Helper()
		require.NoError(t, err)
		return page.Keys
	}
}

// TestReplicatedListStrongReadsThePrimary: eu-west's eventual listing is
// its own replica, its strong listing is the primary's (us-east).
func TestReplicatedListStrongReadsThePrimary(t *testing.T) {
	keys := keysOf(t)
	c := newCluster(t, sim.Config{Preset: sim.Replicated()})
	us, eu := c.Region("us-east"), c.Region("eu-west")
	sl, ok := eu.(emulator.StrongLister)
	require.True(t, ok, "replicated region backends list strongly")
	put(t, eu, "local", "1")
	put(t, us, "primary", "1")

	assert.Equal(t, []string{"local"}, keys(eu.List(bg, "", "", 10)))
	assert.Equal(t, []string{"primary"}, keys(sl.ListStrong(bg, "", "", 10)), "eu-west's write has not reached the primary")
	require.NoError(t, c.Advance(time.Second))
	assert.Equal(t, []string{"local", "primary"}, keys(eu.List(bg, "", "", 10)))
	assert.Equal(t, []string{"local", "primary"}, keys(sl.ListStrong(bg, "", "", 10)))

	page, err := sl.ListStrong(bg, "", "", 1)
	require.NoError(t, err)
	assert.Equal(t, kv.Page{Keys: []string{"local"}, Cursor: "local"}, page, "strong listings page like List")
	lists := 0
	for _, op := range c.History().Ops {
		if op.Func == "list" {
			lists++
		}
	}
	assert.Equal(t, 5, lists, "strong listings are recorded")

	require.NoError(t, c.Apply(sim.Isolate("eu-west")))
	_, err = sl.ListStrong(bg, "", "", 10)
	require.ErrorIs(t, err, kv.ErrUnavailable, "the primary is out of reach")
	assert.Equal(t, []string{"local", "primary"}, keys(eu.List(bg, "", "", 10)), "the local replica still answers")
}

func TestListStrongOnlyWherePresetsHaveAPrimary(t *testing.T) {
	for _, p := range presets(t) {
		c := newCluster(t, sim.Config{Preset: p})
		_, ok := c.Region("eu-west").(emulator.StrongLister)
		assert.Equal(t, p.Name() == "replicated", ok, p.Name())
		c.Go("eu-west", func(ctx context.Context, b kv.Backend) {
			sl, ok := b.(emulator.StrongLister)
			assert.Equal(t, p.Name() == "replicated", ok, p.Name())
			_, cas := b.(kv.CAS)
			assert.Equal(t, p.Name() != "edgecache" && p.Name() != "quorum", cas, p.Name())
			if ok {
				require.NoError(t, b.Put(ctx, "k", []byte("v"), kv.PutOptions{}))
				page, err := sl.ListStrong(ctx, "", "", 10)
				require.NoError(t, err)
				assert.Empty(t, page.Keys, "a deterministic client's strong listing reads the primary too")
			}
		})
		require.NoError(t, c.Run())
	}
}

// TestFastlyEmulatorAnswersBothConsistencies serves the replicated preset
// through the Fastly dialect, as kvchaos serve does: consistency=eventual
// reads the region's replica, strong (the default) the primary.
func TestFastlyEmulatorAnswersBothConsistencies(t *testing.T) {
	c := newCluster(t, sim.Config{Preset: sim.Replicated()})
	srv, err := emulator.New(emulator.Config{Dialect: edge.Fastly, Regions: c.Regions(), Backend: c.Region})
	require.NoError(t, err)
	hs := httptest.NewServer(srv)
	defer hs.Close()
	list := func(consistency string) []string {
		req, err := http.NewRequest(http.MethodGet, hs.URL+"/resources/stores/kv/s/keys"+consistency, nil)
		require.NoError(t, err)
		req.Header.Set(edgewire.RegionHeader, "eu-west")
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		defer resp.Body.Close()
		body, err := io.ReadAll(resp.Body)
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, resp.StatusCode, string(body))
		var l struct{ Data []string }
		require.NoError(t, json.Unmarshal(body, &l))
		return l.Data
	}
	put(t, c.Region("eu-west"), "fresh", "1")
	assert.Equal(t, []string{"fresh"}, list("?consistency=eventual"))
	assert.Empty(t, list("?consistency=strong"))
	assert.Empty(t, list(""), "strong is the default")
	require.NoError(t, c.Advance(time.Second))
	assert.Equal(t, []string{"fresh"}, list(""))
}
