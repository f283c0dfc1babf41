package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/kvchaos/kvchaos/backends"
	"github.com/kvchaos/kvchaos/faultproxy"
	"github.com/kvchaos/kvchaos/history"
	"github.com/kvchaos/kvchaos/internal/redact"
	"github.com/kvchaos/kvchaos/kv"
)

// minFaultInterval is the shortest --faults=DURATION.
const minFaultInterval = 10 * time.Millisecond

// proxiedPorts are the TCP stores --faults can proxy, with the port a
// host without one uses.
var proxiedPorts = map[string]string{
	"redis": "6379", "etcd": "2379", "nats": "4222", "postgres": "5432", "postgresql": "5432",
}

// parseFaults reads --faults: off when empty (or off, false, 0), the
// default interval for on (true, 1), else the interval it names.
func parseFaults(v string) (time.Duration, error) {
	switch strings.ToLower(v) {
	case "", "0", "false", "off":
		return 0, nil
	case "1", "true", "on":
		return faultproxy.DefaultInterval, nil
	}
	d, err := time.ParseDuration(v)
	if err != nil || d < minFaultInterval {
		return 0, fmt.Errorf("--faults: %q is not on, off or a duration of at least %v", v, minFaultInterval)
	}
	return d, nil
}

// openStore opens the store of raw; with --faults it first starts a
// fault proxy per host:port of the URL and opens the store through them.
func openStore(ctx context.Context, raw, faults string, seed int64) (*backends.Store, error) {
	interval, err := parseFaults(faults)
	if err != nil {
		return nil, err
	}
	if interval == 0 {
		s, err := backends.Open(ctx, raw)
		if err != nil {
			return nil, fmt.Errorf("--store: %w", err)
		}
		return s, nil
	}
	lf, proxied, err := startProxies(raw, seed)
	if err != nil {
		return nil, err
	}
	s, err := backends.Open(ctx, proxied)
	if err != nil {
		_ = lf.closeProxies()
		return nil, fmt.Errorf("--store (through the --faults proxies): %w", err)
	}
	lf.attach(ctx, s, faults, interval, seed)
	return s, nil
}

// liveFaults is the network fault injection of a run against a TCP store:
// proxies between the clients and the store's servers, and the random
// schedule of faults applied to them while the clients run. It becomes
// the store's Quiescer, so the runner heals the network before its final
// reads.
type liveFaults struct {
	proxies []*faultproxy.Proxy
	targets []string
	ctx     context.Context
	backend kv.Backend // for awaitRecovery
	cfg     faultproxy.ScheduleConfig
	prev    backends.Quiescer
	info    *faultsInfo

	mu    sync.Mutex
	sched *faultproxy.Schedule
}

// startProxies starts one proxy per host:port of raw (hosts, and redis's
// read_from=) and returns raw rewritten to them.
func startProxies(raw string, seed int64) (*liveFaults, string, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return nil, "", fmt.Errorf("--store: %w", redact.URLError(raw, err))
	}
	redacted := backends.Redact(raw)
	port, ok := proxiedPorts[u.Scheme]
	switch {
	case u.Scheme == "sim":
		return nil, "", errors.New("--faults: the simulator injects its own faults: use --nemesis with sim://")
	case !ok:
		return nil, "", fmt.Errorf("--faults: network faults need a TCP store (redis://, etcd://, nats://, postgres://), not %q", redacted)
	}
	q := u.Query()
	switch {
	case q.Has("host") || q.Has("hostaddr"):
		return nil, "", fmt.Errorf("--faults: store URL %q sets host= in its query: name the servers in the URL's host part so they can be proxied", redacted)
	case u.Host == "":
		return nil, "", fmt.Errorf("--faults: store URL %q names no host:port to put the fault proxy in front of", redacted)
	}
	lf := &liveFaults{}
	addrs := map[string]string{} // target → proxy address
	proxy := func(hostport string) (string, error) {
		if hostport == "" {
			return "", fmt.Errorf("--faults: store URL %q has an empty host", redacted)
		}
		if _, _, err := net.SplitHostPort(hostport); err != nil {
			hostport = net.JoinHostPort(strings.Trim(hostport, "[]"), port)
		}
		if a, ok := addrs[hostport]; ok {
			return a, nil
		}
		p, err := faultproxy.New(hostport, faultproxy.Options{Seed: seed + int64(len(lf.proxies))})
		if err != nil {
			return "", fmt.Errorf("--faults: %w", err)
		}
		lf.proxies, lf.targets = append(lf.proxies, p), append(lf.targets, hostport)
		addrs[hostport] = p.Addr()
		return p.Addr(), nil
	}
	var hosts []string
	for _, h := range strings.Split(u.Host, ",") {
		a, err := proxy(h)
		if err != nil {
			_ = lf.closeProxies()
			return nil, "", err
		}
		hosts = append(hosts, a)
	}
	u.Host = strings.Join(hosts, ",")
	if rf := q.Get("read_from"); u.Scheme == "redis" && rf != "" {
		a, err := proxy(rf)
		if err != nil {
			_ = lf.closeProxies()
			return nil, "", err
		}
		q.Set("read_from", a)
		u.RawQuery = q.Encode()
	}
	return lf, u.String(), nil
}

// attach makes lf the store's Quiescer (in front of any it had) and has
// the store's Close stop the faults and the proxies too.
func (lf *liveFaults) attach(ctx context.Context, s *backends.Store, setting string, interval time.Duration, seed int64) {
	lf.ctx, lf.prev, lf.backend = ctx, s.Quiescer, s.Backend
	lf.cfg = faultproxy.ScheduleConfig{Seed: seed, Interval: interval}
	lf.info = &faultsInfo{faultsFields: faultsFields{Setting: setting, Interval: interval.String(), Targets: lf.targets}}
	s.Quiescer = lf
	closeStore := s.Close
	s.Close = func() error {
		lf.stop()
		var err error
		if closeStore != nil {
			err = closeStore()
		}
		return errors.Join(err, lf.closeProxies())
	}
}

// RecordFaults starts the fault schedule, recording each fault on rec as
// an annotation (so the report shades it) when it heals. The schedule
// runs until Quiesce, Close or the end of the run's context.
func (lf *liveFaults) RecordFaults(rec *history.Recorder) error {
	cfg := lf.cfg
	cfg.Recorder = rec
	cfg.OnEvent = func(ev faultproxy.Event) {
		if !ev.Healed {
			lf.info.injected()
		}
	}
	lf.mu.Lock()
	defer lf.mu.Unlock()
	sched, err := faultproxy.StartSchedule(lf.ctx, cfg, lf.proxies...)
	if err != nil {
		return fmt.Errorf("--faults: %w", err)
	}
	lf.sched = sched
	return nil
}

// Quiesce stops the faults and heals every proxy before the runner's
// final reads, waits (up to recoverWait) until the store answers again,
// since clients reconnect after a reset with their own backoff, then
// quiesces the store underneath when it can.
func (lf *liveFaults) Quiesce() error {
	lf.stop()
	lf.info.healed()
	lf.awaitRecovery()
	if lf.prev != nil {
		return lf.prev.Quiesce()
	}
	return nil
}

// recoverWait bounds the wait for the store to answer after the heal, and
// recoverPoll is the pause between tries.
const (
	recoverWait = 5 * time.Second
	recoverPoll = 50 * time.Millisecond
)

// awaitRecovery reads a key no workload uses, outside the history, until
// the store answers (found or not) or recoverWait has passed; the final
// reads then fail on their own if it never does.
func (lf *liveFaults) awaitRecovery() {
	ctx, cancel := context.WithTimeout(lf.ctx, recoverWait)
	defer cancel()
	for {
		_, err := lf.backend.Get(ctx, "kvchaos-faults-probe")
		if err == nil || errors.Is(err, kv.ErrNotFound) {
			return
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(recoverPoll):
		}
	}
}

// stop ends the schedule (healing every proxy); it may be called more
// than once.
func (lf *liveFaults) stop() {
	lf.mu.Lock()
	sched := lf.sched
	lf.mu.Unlock()
	if sched != nil {
		sched.Stop()
	}
	for _, p := range lf.proxies {
		p.Heal()
	}
}

func (lf *liveFaults) closeProxies() error {
	var errs []error
	for _, p := range lf.proxies {
		errs = append(errs, p.Close())
	}
	return errors.Join(errs...)
}
