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

// Workloads runs the register and counter-atomic workloads against url on
// a healthy server: both histories must check as linearizable, and the
// counter must count every update exactly.
func Workloads(t *testing.T, url string) {
	t.Run("register", func(t *testing.T) {
		h, rep := RunWorkload(t, url, workload.Options{Workload: "register", Clients: 4, Keys: 3, Ops: 200, Seed: 1}, nil)
		require.Equal(t, checker.Valid, rep.Verdict, rep.Text())
		require.Zero(t, CountStatus(h, history.StatusUnknown), "a healthy server leaves no unknown ops")
	})
	t.Run("counter-atomic", func(t *testing.T) {
		h, rep := RunWorkload(t, url, workload.Options{Workload: "counter-atomic", Clients: 4, Keys: 1, Ops: 80, Seed: 1}, nil)
		require.Equal(t, checker.Valid, rep.Verdict, rep.Text())
		updates, last := 0, ""
		for _, op := range h.Ops {
			if op.Func == history.FuncUpdate && op.Status == history.StatusOK {
				updates++
			}
			if op.Func == history.FuncGet && op.Status == history.StatusOK {
				last = op.Output.Value
			}
		}
		require.Equal(t, 80, updates)
		require.Equal(t, "80", last, "the final read counts every update")
	})
}
