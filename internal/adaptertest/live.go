package adaptertest

import (
	"sync/atomic"

	"github.com/kvchaos/kvchaos/internal/testserver"
)

// Live is the server a live-store adapter package's tests share, started
// on first use (Get) and stopped by Main, with a counter that gives every
// backend opened on it a key space of its own (a namespace, bucket or
// table), so that the tests can run in parallel on one server.
type Live[S interface{ Close() error }] struct {
	*testserver.Shared[S]
	n atomic.Int64
}

// NewLive returns a Live whose server start starts, logging into a
// temporary directory.
func NewLive[S interface{ Close() error }](start func(dir string) (S, error)) *Live[S] {
	return &Live[S]{Shared: testserver.NewShared(func() (S, error) { return start("") })}
}

// Next returns a number no earlier call on l returned: the suffix of a
// fresh key space's name.
func (l *Live[S]) Next() int64 { return l.n.Add(1) }
