package main

import (
	"context"
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/kvchaos/kvchaos/kv"
)

// config is one run of the demo.
type config struct {
	workers, visits int
	latency         time.Duration
}

func (c config) validate() error {
	switch {
	case c.workers < 1:
		return fmt.Errorf("-workers must be at least 1, got %d", c.workers)
	case c.visits < 1:
		return fmt.Errorf("-visits must be at least 1, got %d", c.visits)
	case c.latency < 0:
		return fmt.Errorf("-latency must not be negative, got %v", c.latency)
	}
	return nil
}

// result is the outcome of one counting strategy.
type result struct {
	total   int
	putIfs  int64
	elapsed time.Duration
}

type updateFunc func(s *kv.Store[int], ctx context.Context, key string, def int, fn func(int) int) (int, error)

// count lets every worker record its visits with update on a fresh Memory
// and returns the final counter.
func count(ctx context.Context, c config, update updateFunc) (result, error) {
	b := &slowBackend{mem: kv.NewMemory().(casBackend), latency: c.latency}
	// Retry waits scaled to the round trip (the library defaults suit real
	// stores' milliseconds), and room for 50 writers on one hot key.
	opts := []kv.Option{kv.WithMaxAttempts(1000)}
	if c.latency > 0 {
		opts = append(opts, kv.WithBackoff(c.latency, 100*c.latency))
	}
	s := kv.NewStore[int](b, opts...)
	start := time.Now()
	errs := make(chan error, c.workers)
	var wg sync.WaitGroup
	for range c.workers {
		wg.Go(func() {
			for range c.visits {
				if _, err := update(s, ctx, "visits", 0, func(n int) int { return n + 1 }); err != nil {
					errs <- err
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	if err := <-errs; err != nil {
		return result{}, err
	}
	total, err := s.GetOr(ctx, "visits", 0)
	return result{total: total, putIfs: b.putIfs.Load(), elapsed: time.Since(start)}, err
}

// run executes both strategies and reports them to w.
func run(ctx context.Context, w io.Writer, c config) error {
	if err := c.validate(); err != nil {
		return err
	}
	want := c.workers * c.visits
	fmt.Fprintf(w, "visit counter: %d goroutines x %d visits = %d expected, on kv.NewMemory (strongly consistent), %v simulated round trip per call\n\n",
		c.workers, c.visits, want, c.latency)

	plain, err := count(ctx, c, (*kv.Store[int]).Update)
	if err != nil {
		return fmt.Errorf("Update: %w", err)
	}
	fmt.Fprintf(w, "Update       (get, +1, put):            %5d of %d, %d lost   (%v)\n",
		plain.total, want, want-plain.total, plain.elapsed.Round(time.Millisecond))

	atomic, err := count(ctx, c, (*kv.Store[int]).UpdateAtomic)
	if err != nil {
		return fmt.Errorf("UpdateAtomic: %w", err)
	}
	fmt.Fprintf(w, "UpdateAtomic (get version, +1, PutIf):  %5d of %d, %d lost   (%v, %d conflicts retried)\n\n",
		atomic.total, want, want-atomic.total, atomic.elapsed.Round(time.Millisecond), atomic.putIfs-int64(want))

	if plain.total < want {
		fmt.Fprintln(w, "Update lost visits although the store itself is strongly consistent: two visitors")
		fmt.Fprintln(w, "read the same count and both wrote count+1. Consistency of single operations does")
		fmt.Fprintln(w, "not make a read-modify-write atomic; compare-and-set (UpdateAtomic) does.")
	} else {
		fmt.Fprintln(w, "Update happened to lose nothing this time, but it is still not atomic: any two")
		fmt.Fprintln(w, "visitors that read the same count both write count+1. Try -latency 1ms or more")
		fmt.Fprintln(w, "workers. UpdateAtomic is exact by construction (compare-and-set and retry).")
	}
	return nil
}
