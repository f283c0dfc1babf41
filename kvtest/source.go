package kvtest

import (
	"sync"

	"pgregory.net/rapid"
)

// rapidSource feeds a simulator from rapid draws, so every scheduling
// choice, latency and loss is part of the test case rapid shrinks: a
// shrunk schedule prefers the first runnable client and the smallest
// random numbers. The simulator calls it from one goroutine at a time, but
// that goroutine is often a simulated client's, not the property's.
//
// rapid ends a test case by panicking inside a draw (for instance when a
// shrunk case runs out of data). Such a panic must not kill a simulated
// client, so the source catches it, answers 0 from then on (the simulation
// runs to its end deterministically) and keeps the panic for rethrow, which
// Sim does on the property's goroutine.
type rapidSource struct {
	t *rapid.T

	mu      sync.Mutex
	aborted any // the panic of the first failed draw
}

// floatSteps is the resolution of Float64: enough for latencies and
// jitter, small enough to shrink quickly.
const floatSteps = 1 << 16

// Intn draws a number in [0, n).
func (s *rapidSource) Intn(n int) int {
	if n <= 1 {
		return 0
	}
	return s.draw(rapid.IntRange(0, n-1), schedLabel)
}

// Float64 draws a number in [0, 1).
func (s *rapidSource) Float64() float64 {
	return float64(s.draw(rapid.IntRange(0, floatSteps-1), randLabel)) / floatSteps
}

func (s *rapidSource) draw(g *rapid.Generator[int], label string) (v int) {
	if s.abortValue() != nil {
		return 0
	}
	defer func() {
		if r := recover(); r != nil {
			s.mu.Lock()
			s.aborted = r
			s.mu.Unlock()
			v = 0
		}
	}()
	return g.Draw(s.t, label)
}

// abortValue returns the panic of a failed draw, or nil.
func (s *rapidSource) abortValue() any {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.aborted
}

// rethrow re-panics, on the caller's goroutine, with a failed draw's panic.
func (s *rapidSource) rethrow() {
	if r := s.abortValue(); r != nil {
		panic(r)
	}
}
