package testserver

import (
	"net"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRedisPauseResumeKill(t *testing.T) {
	r := RedisT(t)
	out, err := redisInline(r.Addr, "PING")
	require.NoError(t, err)
	assert.Equal(t, "+PONG", out)

	require.NoError(t, r.Pause())
	_, err = redisInline(r.Addr, "PING")
	require.Error(t, err, "a paused server must not answer")
	require.NoError(t, r.Resume())
	out, err = redisInline(r.Addr, "PING")
	require.NoError(t, err)
	assert.Equal(t, "+PONG", out)

	require.NoError(t, r.Kill())
	assert.True(t, r.Exited())
	_, err = net.DialTimeout("tcp", r.Addr, time.Second)
	assert.Error(t, err, "a killed server must refuse connections")
}

func TestRedisReplicaFollowsPrimary(t *testing.T) {
	p, r := RedisPairT(t)
	assert.Equal(t, p.Addr, r.Primary)
	_, err := redisInline(p.Addr, "SET k v1")
	require.NoError(t, err)
	require.Eventually(t, func() bool {
		v, err := redisInline(r.Addr, "GET k")
		return err == nil && v == "v1"
	}, 5*time.Second, 20*time.Millisecond)
	out, err := redisInline(r.Addr, "SET k v2")
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(out, "-READONLY"), "replica accepted a write: %q", out)
}

func TestEtcdClusterLeader(t *testing.T) {
	e := EtcdT(t, 3)
	require.Len(t, e.Endpoints(), 3)
	assert.True(t, strings.HasPrefix(e.URL(), "etcd://127.0.0.1:"))
	leader, err := e.Leader()
	require.NoError(t, err)
	require.NoError(t, leader.Kill())
	require.Eventually(t, func() bool {
		l, err := e.Leader()
		return err == nil && l != leader
	}, 10*time.Second, 50*time.Millisecond, "the surviving members elect a new leader")
}

func TestNATSStarts(t *testing.T) {
	n := NATST(t)
	c, err := net.DialTimeout("tcp", n.Addr, time.Second)
	require.NoError(t, err)
	defer func() { _ = c.Close() }()
	buf := make([]byte, 4)
	_, err = c.Read(buf)
	require.NoError(t, err)
	assert.Equal(t, "INFO", string(buf))
}

func TestPostgresStarts(t *testing.T) {
	p := PostgresT(t)
	assert.Contains(t, p.URL(), p.Addr)
	require.NoError(t, p.Stop())
	assert.True(t, p.Exited())
}

func TestMissingBinary(t *testing.T) {
	_, err := findBinary("kvchaos-no-such-server", "kvchaos-no-such-package")
	require.ErrorIs(t, err, ErrNotInstalled)
	assert.Contains(t, err.Error(), "apt-get install kvchaos-no-such-package")
}

func TestEtcdClusterSizeValidated(t *testing.T) {
	_, err := StartEtcdCluster("", 0)
	require.ErrorContains(t, err, "cluster size 0")
}

func TestRedisLaggingReplicaIsStaleThenCatchesUp(t *testing.T) {
	const lag = 300 * time.Millisecond
	p, r := RedisLaggingPairT(t, lag)
	assert.Equal(t, p.Addr, r.Primary)
	assert.Equal(t, lag, r.Lag)
	_, err := redisInline(p.Addr, "SET k v1")
	require.NoError(t, err)
	written := time.Now()
	v, err := redisInline(r.Addr, "GET k")
	require.NoError(t, err)
	if time.Since(written) < lag {
		assert.Empty(t, v, "a read within the lag sees the replica before the write")
	}
	require.Eventually(t, func() bool {
		v, err := redisInline(r.Addr, "GET k")
		return err == nil && v == "v1"
	}, 5*time.Second, 20*time.Millisecond, "the write reaches the replica after the lag")
	assert.GreaterOrEqual(t, time.Since(written), lag*9/10, "the write reached the replica before the lag passed")
}

func TestLagProxyRejectsNoLag(t *testing.T) {
	_, err := startLagProxy("127.0.0.1:1", 0)
	require.ErrorContains(t, err, "must be positive")
}
