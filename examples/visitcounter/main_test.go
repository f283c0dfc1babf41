package main

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kvchaos/kvchaos/kv"
)

func TestCountAtomicIsExactAndUpdateNeverOvercounts(t *testing.T) {
	ctx := context.Background()
	c := config{workers: 8, visits: 10, latency: 20 * time.Microsecond}
	atomic, err := count(ctx, c, (*kv.Store[int]).UpdateAtomic)
	require.NoError(t, err)
	assert.Equal(t, 80, atomic.total)
	assert.GreaterOrEqual(t, atomic.putIfs, int64(80), "one successful PutIf per visit, plus retries")

	plain, err := count(ctx, c, (*kv.Store[int]).Update)
	require.NoError(t, err)
	assert.Positive(t, plain.total)
	assert.LessOrEqual(t, plain.total, 80)
	assert.Zero(t, plain.putIfs, "Update never uses compare-and-set")
}

func TestRunReportsBothTotals(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, run(context.Background(), &out, config{workers: 4, visits: 5}))
	s := out.String()
	assert.Contains(t, s, "4 goroutines x 5 visits = 20 expected")
	assert.Contains(t, s, "UpdateAtomic (get version, +1, PutIf):     20 of 20, 0 lost")
	assert.Contains(t, s, "Update       (get, +1, put):")
	assert.Contains(t, s, "compare-and-set", "the explanation is printed whether or not visits were lost")
}

func TestRunRejectsBadFlags(t *testing.T) {
	bad := map[string]config{
		"-workers": {workers: 0, visits: 1},
		"-visits":  {workers: 1, visits: 0},
		"-latency": {workers: 1, visits: 1, latency: -1},
	}
	for flag, c := range bad {
		err := run(context.Background(), &bytes.Buffer{}, c)
		require.Error(t, err, flag)
		assert.Contains(t, err.Error(), flag)
	}
}
