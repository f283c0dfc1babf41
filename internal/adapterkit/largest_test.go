package adapterkit

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestLargestValueScalesReadsAfterALargeWrite(t *testing.T) {
	var l LargestValue
	deadline := func() time.Duration {
		ctx, cancel := l.BoundRead(context.Background(), 5*time.Second)
		defer cancel()
		d, ok := ctx.Deadline()
		require.True(t, ok)
		return time.Until(d)
	}
	assert.LessOrEqual(t, deadline(), 5*time.Second, "nothing written yet: the base timeout")
	l.Wrote(25 << 20)
	l.Wrote(10) // a smaller write does not shrink it
	assert.Greater(t, deadline(), 29*time.Second, "25 MiB written: 5 s + 25 s to bring it back")
	ctx, cancel := l.BoundRead(context.Background(), 0)
	defer cancel()
	_, ok := ctx.Deadline()
	assert.False(t, ok, "0 stays no bound")
}
