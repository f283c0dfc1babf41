package testserver

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net"
	"strconv"
	"strings"
	"time"

	"github.com/kvchaos/kvchaos/faultproxy"
)

// Redis is a running redis-server.
type Redis struct {
	*Process
	// Addr is host:port on 127.0.0.1.
	Addr string
	// Primary is the address this server replicates from; "" for a primary.
	Primary string
	// Lag is the delay added to the replication stream (a replica started
	// by StartRedisLaggingReplica); 0 otherwise.
	Lag time.Duration

	proxy   *faultproxy.Proxy
	cleanup func()
}

// URL returns the server's redis:// URL.
func (r *Redis) URL() string { return "redis://" + r.Addr }

// Close stops the server and removes its directory if it owns it.
func (r *Redis) Close() error {
	err := r.Stop()
	if r.proxy != nil {
		err = errors.Join(err, r.proxy.Close())
	}
	r.cleanup()
	return err
}

// StartRedis starts a standalone redis-server without persistence. dir
// holds its log; "" makes a temporary one.
func StartRedis(dir string) (*Redis, error) { return startRedis(dir, "", nil) }

// StartRedisReplica starts a redis-server replicating from primary
// (replicaof) and waits until the replication link is up.
func StartRedisReplica(dir string, primary *Redis) (*Redis, error) {
	return startRedis(dir, primary.Addr, nil)
}

// StartRedisLaggingReplica starts a replica whose replication stream from
// primary passes through a loopback proxy that delays it by lag. Reads
// from the replica then miss every write of the last lag or so: an
// eventually consistent store whose staleness is known, on one machine.
// Without the proxy, replication on loopback takes microseconds and stale
// reads are rare.
func StartRedisLaggingReplica(dir string, primary *Redis, lag time.Duration) (*Redis, error) {
	proxy, err := startLagProxy(primary.Addr, lag)
	if err != nil {
		return nil, err
	}
	r, err := startRedis(dir, proxy.Addr(), proxy)
	if err != nil {
		_ = proxy.Close()
		return nil, err
	}
	r.Primary, r.Lag = primary.Addr, lag
	return r, nil
}

// startRedis starts a redis-server, replicating from primary when it is not
// "" (through proxy, when that is not nil).
func startRedis(dir, primary string, proxy *faultproxy.Proxy) (*Redis, error) {
	bin, err := findBinary("redis-server", "redis-server")
	if err != nil {
		return nil, err
	}
	ports, err := freePorts(1)
	if err != nil {
		return nil, err
	}
	dir, cleanup, err := workDir(dir, "kvchaos-redis-")
	if err != nil {
		return nil, err
	}
	port := ports[0]
	name := "redis-" + strconv.Itoa(port)
	args := []string{"--port", strconv.Itoa(port), "--bind", "127.0.0.1", "--save", "",
		"--appendonly", "no", "--dir", dir, "--dbfilename", name + ".rdb", "--daemonize", "no",
		"--repl-diskless-sync", "yes", "--repl-diskless-sync-delay", "0"}
	if primary != "" {
		host, pport, _ := net.SplitHostPort(primary)
		args = append(args, "--replicaof", host, pport)
	}
	p, err := startProcess(name, dir, nil, bin, args...)
	if err != nil {
		cleanup()
		return nil, err
	}
	r := &Redis{Process: p, Addr: "127.0.0.1:" + strconv.Itoa(port), Primary: primary, proxy: proxy, cleanup: cleanup}
	ready := func() error {
		out, err := redisInline(r.Addr, "PING")
		if err != nil {
			return err
		}
		if !strings.Contains(out, "PONG") {
			return fmt.Errorf("PING answered %q", out)
		}
		if primary == "" {
			return nil
		}
		info, err := redisInline(r.Addr, "INFO replication")
		if err != nil {
			return err
		}
		if !strings.Contains(info, "master_link_status:up") {
			return fmt.Errorf("replication link not up yet")
		}
		return nil
	}
	if err := p.waitReady(15*time.Second, ready); err != nil {
		r.proxy = nil // the caller closes it
		_ = r.Close()
		return nil, err
	}
	return r, nil
}

// redisInline sends one inline command and returns the reply (simple
// string, error or one bulk string; "" for a nil bulk string).
func redisInline(addr, cmd string) (string, error) {
	c, err := net.DialTimeout("tcp", addr, time.Second)
	if err != nil {
		return "", err
	}
	defer func() { _ = c.Close() }()
	_ = c.SetDeadline(time.Now().Add(2 * time.Second))
	if _, err := fmt.Fprintf(c, "%s\r\n", cmd); err != nil {
		return "", err
	}
	br := bufio.NewReader(c)
	line, err := br.ReadString('\n')
	if err != nil {
		return "", err
	}
	line = strings.TrimRight(line, "\r\n")
	if !strings.HasPrefix(line, "$") {
		return line, nil
	}
	n, err := strconv.Atoi(line[1:])
	if n == -1 && err == nil {
		return "", nil // nil bulk: no such key
	}
	if err != nil || n < 0 {
		return "", fmt.Errorf("bad bulk header %q", line)
	}
	buf := make([]byte, n+2)
	if _, err := io.ReadFull(br, buf); err != nil {
		return "", err
	}
	return string(buf[:n]), nil
}
