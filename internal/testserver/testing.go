package testserver

import (
	"errors"
	"os"
	"sync"
	"testing"
	"time"
)

// closer is what every server type has.
type closer interface{ Close() error }

// Require runs start and returns the server for a test: on
// ErrNotInstalled it skips (or fails when CI=true), on any other error it
// fails, and it registers Close with t.Cleanup.
func Require[S closer](t testing.TB, start func() (S, error)) S {
	t.Helper()
	s, err := start()
	if err != nil {
		missing(t, err)
	}
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Logf("stopping test server: %v", err)
		}
	})
	return s
}

// RedisT starts a redis-server for t, logging into t.TempDir().
func RedisT(t testing.TB) *Redis {
	t.Helper()
	return Require(t, func() (*Redis, error) { return StartRedis(t.TempDir()) })
}

// RedisPairT starts a primary and a replica following it for t.
func RedisPairT(t testing.TB) (primary, replica *Redis) {
	t.Helper()
	primary = RedisT(t)
	replica = Require(t, func() (*Redis, error) { return StartRedisReplica(t.TempDir(), primary) })
	return primary, replica
}

// RedisLaggingPairT starts a primary and a replica whose replication is
// delayed by lag (see StartRedisLaggingReplica) for t.
func RedisLaggingPairT(t testing.TB, lag time.Duration) (primary, replica *Redis) {
	t.Helper()
	primary = RedisT(t)
	replica = Require(t, func() (*Redis, error) { return StartRedisLaggingReplica(t.TempDir(), primary, lag) })
	return primary, replica
}

// EtcdT starts an n-member etcd cluster for t.
func EtcdT(t testing.TB, n int) *Etcd {
	t.Helper()
	return Require(t, func() (*Etcd, error) { return StartEtcdCluster(t.TempDir(), n) })
}

// NATST starts nats-server -js for t.
func NATST(t testing.TB) *NATS {
	t.Helper()
	return Require(t, func() (*NATS, error) { return StartNATS(t.TempDir()) })
}

// PostgresT starts PostgreSQL for t.
func PostgresT(t testing.TB) *Postgres {
	t.Helper()
	return Require(t, func() (*Postgres, error) { return StartPostgres(t.TempDir()) })
}

func missing(t testing.TB, err error) {
	t.Helper()
	if errors.Is(err, ErrNotInstalled) && os.Getenv("CI") != "true" {
		t.Skipf("skipping: %v", err)
	}
	t.Fatalf("test server: %v", err)
}

// Shared is a server started once, on first use, by all the tests of a
// package. Close it from TestMain after m.Run.
type Shared[S closer] struct {
	start func() (S, error)
	once  sync.Once
	srv   S
	err   error
}

// NewShared returns a Shared that starts its server with start.
func NewShared[S closer](start func() (S, error)) *Shared[S] {
	return &Shared[S]{start: start}
}

// Get starts the server on first use and returns it; a missing binary
// skips the test (fails it when CI=true) and a start failure fails it.
func (s *Shared[S]) Get(t testing.TB) S {
	t.Helper()
	s.once.Do(func() { s.srv, s.err = s.start() })
	if s.err != nil {
		missing(t, s.err)
	}
	return s.srv
}

// Close stops the server if it was started.
func (s *Shared[S]) Close() error {
	s.once.Do(func() { s.err = errors.New("never started") })
	if s.err != nil {
		return nil
	}
	return s.srv.Close()
}

// Main is a package's TestMain body: it runs the tests, stops the shared
// server, and exits with the tests' code.
func (s *Shared[S]) Main(m *testing.M) {
	code := m.Run()
	_ = s.Close()
	os.Exit(code)
}
