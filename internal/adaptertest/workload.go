package adaptertest

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/kvchaos/kvchaos/backends"
	"github.com/kvchaos/kvchaos/checker"
	"github.com/kvchaos/kvchaos/history"
	"github.com/kvchaos/kvchaos/workload"
)

// RunWorkload opens url, runs the workload against it with the given
// options (fixed seed), and checks the recorded history expecting
// linearizability. during, when not nil, runs concurrently with the
// workload (to inject faults) and gets the recorder to annotate.
func RunWorkload(t *testing.T, url string, o workload.Options, during func(rec *history.Recorder)) (history.History, checker.Report) {
	t.Helper()
	st, err := backends.Open(context.Background(), url)
	require.NoError(t, err)
	defer func() { _ = st.Close() }()
	r, err := workload.NewRunner(o)
	require.NoError(t, err)
	rec := workload.NewRecorder(st)
	done := make(chan struct{})
	if during != nil {
		go func() { defer close(done); during(rec) }()
	} else {
		close(done)
	}
	_, err = r.Run(context.Background(), st, rec)
	require.NoError(t, err)
	<-done
	h := rec.History()
	rep := checker.Check(h, checker.Options{Timeout: 30 * time.Second})
	return h, rep
}

// CountStatus counts the ops of h with the given status.
func CountStatus(h history.History, s history.Status) int {
	n := 0
	for _, op := range h.Ops {
		if op.Status == s {
			n++
		}
	}
	return n
}
