package adapterkit

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSocketDeadline(t *testing.T) {
	bg := context.Background()
	assert.Equal(t, bg, SocketDeadline(bg, 0), "no bound, no new context")

	before := time.Now()
	ctx := SocketDeadline(bg, time.Hour)
	at, ok := ctx.Deadline()
	require.True(t, ok)
	assert.False(t, at.Before(before.Add(time.Hour)), "the deadline is an hour from the call")
	assert.Nil(t, ctx.Done(), "no timer or channel of its own: Done is the parent's")
	assert.NoError(t, ctx.Err())

	type key struct{}
	parent, cancel := context.WithTimeout(context.WithValue(bg, key{}, "v"), time.Minute)
	defer cancel()
	assert.Equal(t, parent, SocketDeadline(parent, time.Hour), "a parent ending sooner is kept as is")
	child := SocketDeadline(parent, time.Second)
	pat, _ := parent.Deadline()
	cat, _ := child.Deadline()
	assert.True(t, cat.Before(pat), "a nearer deadline replaces the parent's")
	assert.Equal(t, "v", child.Value(key{}), "values pass through")
	cancel()
	assert.ErrorIs(t, child.Err(), context.Canceled, "cancelling the parent ends the child")

	var l LargestValue
	l.Wrote(8 << 20)
	rat, _ := l.SocketDeadlineRead(bg, time.Second).Deadline()
	assert.Greater(t, time.Until(rat), 2*time.Second, "a read after an 8 MiB write gets time for it")
}
