package main

import (
	"fmt"
	"io"
	"os"
	"sync"
	"time"

	"github.com/kvchaos/kvchaos/workload"
)

// progress prints a run's progress: a line rewritten in place on a
// terminal, a plain line every few seconds otherwise.
type progress struct {
	w    io.Writer
	tty  bool
	done chan struct{}
	wg   sync.WaitGroup
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// startProgress prints stats to w every interval until stop; an interval
// of 0 means every 250 ms on a terminal and every 5 s otherwise.
func startProgress(w io.Writer, stats func() workload.Stats, every time.Duration) *progress {
	return startTicker(w, every, func(wall time.Duration) string { return statsLine(stats(), wall) })
}

// startTicker prints line(elapsed wall time) to w every interval until
// stop, with startProgress's default intervals.
func startTicker(w io.Writer, every time.Duration, line func(time.Duration) string) *progress {
	p := &progress{w: w, tty: isTerminal(w), done: make(chan struct{})}
	switch {
	case every > 0:
	case p.tty:
		every = 250 * time.Millisecond
	default:
		every = 5 * time.Second
	}
	p.wg.Go(func() {
		t := time.NewTicker(every)
		defer t.Stop()
		start := time.Now()
		for {
			select {
			case <-p.done:
				return
			case <-t.C:
				p.print(line(time.Since(start)))
			}
		}
	})
	return p
}

func statsLine(st workload.Stats, wall time.Duration) string {
	rate := 0.0
	if wall > 0 {
		rate = float64(st.Steps) / wall.Seconds()
	}
	return fmt.Sprintf("%d ops  %.0f ops/s  %d errors  %s elapsed", st.Steps, rate, st.Errors, wall.Round(100*time.Millisecond))
}

func (p *progress) print(s string) {
	if p.tty {
		fmt.Fprintf(p.w, "\r\033[K%s", s)
	} else {
		fmt.Fprintln(p.w, s)
	}
}

// stop ends the progress output; on a terminal it clears the line.
func (p *progress) stop() {
	close(p.done)
	p.wg.Wait()
	if p.tty {
		fmt.Fprint(p.w, "\r\033[K")
	}
}
