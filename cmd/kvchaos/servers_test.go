package main

import "github.com/kvchaos/kvchaos/internal/testserver"

// The servers the end-to-end tests share, each started on first use and
// stopped by TestMain: every run of kvchaos writes under a key prefix of
// its own, and the tests name their own buckets and tables, so runs on one
// server do not meet. A test that kills, pauses or replicates a server
// starts its own.
var (
	redisServer    = testserver.NewShared(func() (*testserver.Redis, error) { return testserver.StartRedis("") })
	etcdServer     = testserver.NewShared(func() (*testserver.Etcd, error) { return testserver.StartEtcd("") })
	natsServer     = testserver.NewShared(func() (*testserver.NATS, error) { return testserver.StartNATS("") })
	postgresServer = testserver.NewShared(func() (*testserver.Postgres, error) { return testserver.StartPostgres("") })
)

// stopServers stops the shared servers that were started.
func stopServers() {
	_ = redisServer.Close()
	_ = etcdServer.Close()
	_ = natsServer.Close()
	_ = postgresServer.Close()
}
