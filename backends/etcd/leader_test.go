package etcd

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kvchaos/kvchaos/checker"
	"github.com/kvchaos/kvchaos/history"
	"github.com/kvchaos/kvchaos/internal/adaptertest"
	"github.com/kvchaos/kvchaos/internal/testserver"
	"github.com/kvchaos/kvchaos/workload"
)

// Killing the leader of a 3-node cluster during a register run: the run
// goes on against the surviving majority, the outage shows as failed or
// unknown ops, and the history is still linearizable.
func TestLeaderKillDuringRegisterRun(t *testing.T) {
	cluster := testserver.EtcdT(t, 3)
	var killedAt int64
	var leaderName string
	during := func(rec *history.Recorder) {
		time.Sleep(time.Second)
		leader, err := cluster.Leader()
		if !assert.NoError(t, err) {
			return
		}
		leaderName = leader.Name
		killedAt = rec.Now()
		assert.NoError(t, leader.Kill())
		rec.Annotate(history.Annotation{Kind: history.AnnotationFault, Text: "kill -9 etcd leader " + leader.Name,
			Start: killedAt, End: killedAt})
	}
	h, rep := adaptertest.RunWorkload(t, cluster.URL()+"?op_timeout=2s",
		workload.Options{Workload: "register", Clients: 4, Keys: 2, Duration: 3 * time.Second, Seed: 3}, during)

	require.NotZero(t, killedAt, "the leader was killed")
	okAfter, failed, unknown := 0, 0, 0
	for _, op := range h.Ops {
		switch {
		case op.Status == history.StatusOK && op.Call > killedAt:
			okAfter++
		case op.Status == history.StatusFail:
			failed++
		case op.Status == history.StatusUnknown:
			unknown++
		}
	}
	t.Logf("killed %s; %d ops: %d ok after the kill, %d failed, %d unknown; verdict %s",
		leaderName, len(h.Ops), okAfter, failed, unknown, rep.Verdict)
	assert.Positive(t, okAfter, "the run continues on the surviving majority")
	assert.Positive(t, failed+unknown, "the outage shows as failed or unknown ops")
	assert.Equal(t, checker.Valid, rep.Verdict, rep.Text())
}
