package swarm

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kvchaos/kvchaos/sim"
	"github.com/kvchaos/kvchaos/workload"
)

func TestDrawIsAPureFunctionOfTheSeedAndCoversTheSpace(t *testing.T) {
	presets, workloads, regions := map[string]bool{}, map[string]bool{}, map[int]bool{}
	dists := map[string]bool{}
	faults, quiet := 0, 0
	for k := uint64(1); k <= 400; k++ {
		c := Draw(k)
		require.Equal(t, c, Draw(k), "seed %d", k)
		require.NoError(t, c.Validate(), "seed %d: %s", k, c)
		assert.Equal(t, k, c.Seed)
		presets[c.Preset], workloads[c.Workload], regions[c.Regions], dists[c.Latency.Kind] = true, true, true, true
		if c.Nemesis != 0 {
			faults++
		} else {
			quiet++
		}
		if c.Latency.Kind == "pareto" {
			assert.GreaterOrEqual(t, c.Latency.Shape, 1.5, "seed %d: a finite-mean tail", k)
		}
		if c.Workload == "counter-atomic" {
			assert.Contains(t, []string{"linearizable", "replicated"}, c.Preset, "counter-atomic needs CAS")
		}
	}
	assert.Len(t, presets, len(sim.PresetNames()))
	assert.Len(t, workloads, len(workload.Names()))
	assert.Len(t, regions, 5)
	assert.Len(t, dists, len(distKinds))
	assert.Positive(t, faults)
	assert.Positive(t, quiet)
	assert.NotEqual(t, Draw(1), Draw(2))
}

func TestConfigValidateNamesTheBadField(t *testing.T) {
	good := Draw(3)
	require.NoError(t, good.Validate())
	for field, mutate := range map[string]func(*Config){
		"preset":        func(c *Config) { c.Preset = "etcd" },
		"regions":       func(c *Config) { c.Regions = 0 },
		"latency":       func(c *Config) { c.Latency = Dist{Kind: "uniform", A: Duration(time.Second), B: 0} },
		"local_latency": func(c *Config) { c.LocalLatency = Dist{Kind: "gauss"} },
		"nemesis":       func(c *Config) { c.Nemesis = Duration(time.Millisecond) },
		"workload":      func(c *Config) { c.Workload = "bank" },
		"clients":       func(c *Config) { c.Clients = 0 },
		"keys":          func(c *Config) { c.Keys = -1 },
		"ops":           func(c *Config) { c.Ops = 0 },
	} {
		c := good
		mutate(&c)
		err := c.Validate()
		require.Error(t, err, field)
		assert.Contains(t, err.Error(), field+":")
	}
	c := good
	c.Preset, c.Workload = "quorum", "counter-atomic"
	assert.ErrorContains(t, c.Validate(), "compare-and-set")
}

func TestDistSimRejectsBadParameters(t *testing.T) {
	for _, d := range []Dist{
		{Kind: "constant", A: -1},
		{Kind: "lognormal", A: Duration(time.Millisecond), Shape: -0.5},
		{Kind: "pareto", A: Duration(time.Millisecond)},
		{Kind: ""},
	} {
		_, err := d.Sim()
		assert.Error(t, err, "%+v", d)
	}
	s, err := Dist{Kind: "lognormal", A: Duration(40 * time.Millisecond), Shape: 0.3}.Sim()
	require.NoError(t, err)
	assert.Equal(t, sim.LogNormal(40*time.Millisecond, 0.3).String(), s.String())
}

func TestTokenRoundTripsAndRejectsBadInput(t *testing.T) {
	tok := Token{Version: "v1.2.3 abc", Config: Draw(17)}
	s := tok.Encode()
	assert.Regexp(t, `^kvchaos1\.[A-Za-z0-9_-]+$`, s, "one shell-safe word")
	got, err := DecodeToken("  " + s + "\n")
	require.NoError(t, err)
	assert.Equal(t, tok, got)

	bad := Draw(17)
	bad.Clients = 0
	for name, in := range map[string]string{
		"does not start with": "kvchaos2.abc",
		"not base64":          "kvchaos1.@@@",
		"unknown field":       tokenPrefix + "eyJ2ZXJzaW9uIjoieCIsImJvZ3VzIjoxfQ", // {"version":"x","bogus":1}
		"clients":             Token{Version: "x", Config: bad}.Encode(),
		"characters":          tokenPrefix + string(make([]byte, maxTokenLen)),
	} {
		_, err := DecodeToken(in)
		assert.ErrorContains(t, err, name)
	}
}
