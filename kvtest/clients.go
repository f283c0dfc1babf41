package kvtest

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/kvchaos/kvchaos/history"
	"github.com/kvchaos/kvchaos/kv"
)

// ClientOption configures a client started with Sim.Go.
type ClientOption func(*clientSpec)

type clientSpec struct {
	name, region string
	after        time.Duration
}

// Named names the client in the interleaving, the checker's findings and
// the failure message (default: A, B, C... in the order of the Go calls).
func Named(name string) ClientOption { return func(c *clientSpec) { c.name = name } }

// In places the client in region (default: the cluster's first region).
func In(region string) ClientOption { return func(c *clientSpec) { c.region = region } }

// After starts the client d of virtual time after Run starts (a client
// that arrives later, a cron trigger), without a type assertion on
// kv.Pacer.
func After(d time.Duration) ClientOption { return func(c *clientSpec) { c.after = d } }

// Go starts a client that runs fn when Run is called: by default in the
// cluster's first region, named A, B, C... in the order of the Go calls;
// In, Named and After change that. Co-located clients keep counterexamples
// about interleavings free of network delays, which shrink less well;
// spread clients over regions with In to test replication. An error fn
// returns fails the test case. Draw the client's program from s.T before
// Go, not inside fn, and start every client before Run.
func (s *Sim) Go(fn func(ctx context.Context, b kv.Backend) error, opts ...ClientOption) {
	s.T.Helper()
	spec := clientSpec{region: s.regions[0], name: clientName(s.started)}
	for _, o := range opts {
		o(&spec)
	}
	if s.ran {
		s.T.Fatalf("kvtest: Go called after Run: start every client before the one call of Run")
	}
	s.started++
	name, region, after := spec.name, spec.region, spec.after
	id := s.Cluster.Go(region, func(ctx context.Context, b kv.Backend) {
		err := Sleep(ctx, b, after)
		if err == nil {
			err = fn(ctx, b)
		}
		if err != nil {
			s.mu.Lock()
			s.errs = append(s.errs, fmt.Errorf("client %s (region %s): %w", name, region, err))
			s.mu.Unlock()
		}
	})
	s.mu.Lock()
	if id >= 0 {
		s.names[id] = name
	}
	s.mu.Unlock()
}

// Sleep lets a simulated client wait d of virtual time (a scheduling
// point: other clients run meanwhile). b is the backend the client was
// given; it fails when b is not a simulator client's (kv.Pacer).
func Sleep(ctx context.Context, b kv.Backend, d time.Duration) error {
	if d <= 0 {
		return nil
	}
	p, ok := b.(kv.Pacer)
	if !ok {
		return errors.New("kvtest.Sleep: the backend has no virtual clock (not a simulator client's backend)")
	}
	return p.Sleep(ctx, d)
}

// nameReaders names the clients of h that names lacks "reader",
// "reader2"... in the order of their first operation.
func nameReaders(h history.History, names map[int]string) map[int]string {
	n := 0
	for _, op := range h.Ops {
		if _, ok := names[op.Client]; ok {
			continue
		}
		n++
		names[op.Client] = "reader"
		if n > 1 {
			names[op.Client] = fmt.Sprintf("reader%d", n)
		}
	}
	return names
}
