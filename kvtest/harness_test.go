package kvtest

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kvchaos/kvchaos/checker"
	"github.com/kvchaos/kvchaos/kv"
)

func TestHarnessDefaultsAndErrors(t *testing.T) {
	newMem := func(*testing.T) kv.Backend { return kv.NewMemory() }
	h, err := Harness{New: newMem}.withDefaults()
	require.NoError(t, err)
	assert.Equal(t, defaultClients, h.Clients)
	assert.Equal(t, defaultOpsPerClient, h.OpsPerClient)
	assert.Equal(t, uint64(1), h.Seed)
	assert.Equal(t, checker.ExpectEventual, h.guarantee())

	h, err = Harness{New: newMem, Guarantee: checker.ExpectLinearizable}.withDefaults()
	require.NoError(t, err)
	assert.True(t, h.Linearizable)

	bad := kv.DefaultLimits()
	bad.MaxKeyBytes = 0
	for field, hh := range map[string]Harness{
		"Harness.New":          {},
		"Harness.Clients":      {New: newMem, Clients: -1},
		"Harness.OpsPerClient": {New: newMem, OpsPerClient: maxOpsPerClient + 1},
		"Harness.Limits":       {New: newMem, Limits: &bad},
		"Harness.Guarantee":    {New: newMem, Guarantee: "strong"},
		"Harness.NoTTL":        {New: newMem, NoTTL: true, Advance: MemoryHarness().Advance},
	} {
		_, err := hh.withDefaults()
		require.Error(t, err, field)
		assert.Contains(t, err.Error(), field)
	}
}

func TestClockAdvances(t *testing.T) {
	c := NewClock()
	start := c.Now()
	c.Advance(-5)
	assert.Equal(t, start, c.Now(), "a negative Advance is ignored")
	c.Advance(90e9)
	assert.Equal(t, 90e9, float64(c.Now().Sub(start)))
}
