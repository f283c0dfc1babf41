package workload_test

import (
	"testing"

	"github.com/kvchaos/kvchaos/backends"
	"github.com/kvchaos/kvchaos/history"
	"github.com/kvchaos/kvchaos/workload"
)

// recorder is workload.NewRecorder, failing tb on its error.
func recorder(tb testing.TB, s *backends.Store, opts ...history.RecorderOption) *history.Recorder {
	tb.Helper()
	rec, err := workload.NewRecorder(s, opts...)
	if err != nil {
		tb.Fatal(err)
	}
	return rec
}
