// Package testserver starts real stores for tests on free 127.0.0.1 ports:
// redis-server (alone or as a primary + replica pair), etcd (one node or a
// 3-node cluster), nats-server with JetStream, and PostgreSQL (initdb). It
// waits until each is ready, stops them by process group, and can kill,
// pause (SIGSTOP) or resume (SIGCONT) one of them to inject faults.
//
// The Start* functions return errors and work anywhere (a TestMain, a
// benchmark, a command); the *T wrappers take a testing.TB, register
// cleanup with t.Cleanup and apply the missing-server policy: when a
// binary is not installed a test is skipped with the install hint, except
// when the environment variable CI is "true", where it fails.
package testserver
