package adapterkit

import (
	"context"
	"errors"
	"net/url"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kvchaos/kvchaos/kv"
)

func TestRedactErr(t *testing.T) {
	native := errors.New(`dial redis://app:hunter2@h: auth "tok-77" refused`)
	for raw, hidden := range map[string]string{
		"redis://app:hunter2@h":             "hunter2",
		"redis://tok-77@h":                  "tok-77",
		"nats://h?Auth_Token=tok-77":        "tok-77",
		"x://h?endpoint=http://u:hunter2@e": "hunter2",
	} {
		u, err := url.Parse(raw)
		require.NoError(t, err)
		got := RedactErr(Wrap("redis", "ping", "", kv.ErrUnavailable, native), u)
		assert.NotContains(t, got.Error(), hidden, raw)
		assert.Contains(t, got.Error(), "xxxxx", raw)
		assert.ErrorIs(t, got, kv.ErrUnavailable, "%s: the sentinel survives redaction", raw)
	}
	u, _ := url.Parse("redis://h:6379")
	assert.Same(t, native, RedactErr(native, u), "nothing to hide: the error itself")
	assert.NoError(t, RedactErr(nil, u))
	assert.Same(t, native, RedactErr(native, nil))
}

// A 25 MiB value gets the time to move it at 1 MiB/s on top of the base
// timeout; no bound stays no bound.
func TestScaleTimeout(t *testing.T) {
	assert.Equal(t, 5*time.Second, ScaleTimeout(5*time.Second, 0))
	assert.Equal(t, 30*time.Second, ScaleTimeout(5*time.Second, 25<<20))
	assert.Equal(t, time.Duration(0), ScaleTimeout(0, 25<<20))
	ctx, cancel := BoundWrite(context.Background(), time.Hour, 1<<20)
	defer cancel()
	deadline, ok := ctx.Deadline()
	require.True(t, ok)
	assert.Greater(t, time.Until(deadline), time.Hour)
}
