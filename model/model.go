package model

import (
	"context"

	"github.com/anishathalye/porcupine"
)

// typedModel is a typed sequential specification with state S, operation input I
// and output O. Step (or StepContext) is required; every other field is
// optional. Models must be pure: Step returns a new state and never mutates
// the one it is given.
type typedModel[S, I, O any] struct {
	// PartitionKey names the independent partition an input belongs to (for
	// a key-value store, the key). When set, a history is checked one
	// partition at a time, which is much faster.
	PartitionKey func(in I) string
	// Init returns the initial state.
	Init func() S
	// Step reports whether the op (in, out) is legal in state s, and the
	// state after it.
	Step func(s S, in I, out O) (bool, S)
	// StepContext is Step with a context, so a long step can stop when the
	// check times out. If both are set, porcupine uses StepContext.
	StepContext func(ctx context.Context, s S, in I, out O) (bool, S)
	// Equal compares states; nil means == (S must then be comparable).
	Equal func(a, b S) bool
	// Hash hashes a state; Equal states must have equal hashes.
	Hash func(s S) uint64
	// DescribeOperation and DescribeState label the HTML visualization.
	DescribeOperation func(in I, out O) string
	DescribeState     func(s S) string
}

// Porcupine returns the untyped porcupine.Model for m.
func (m typedModel[S, I, O]) Porcupine() porcupine.Model {
	pm := porcupine.Model{}
	if m.Init != nil {
		pm.Init = func() interface{} { return m.Init() }
	}
	// When Equal says a step left the state unchanged (a read), the boxed
	// state is reused instead of boxing an equal copy.
	same := func(interface{}, S, S) bool { return false }
	if m.Equal != nil {
		eq := m.Equal
		same = func(_ interface{}, a, b S) bool { return eq(a, b) }
	}
	if m.Step != nil {
		step := m.Step
		pm.Step = func(s, in, out interface{}) (bool, interface{}) {
			old := as[S](s)
			ok, next := step(old, as[I](in), as[O](out))
			if same(s, old, next) {
				return ok, s
			}
			return ok, next
		}
	}
	if m.StepContext != nil {
		step := m.StepContext
		pm.StepContext = func(ctx context.Context, s, in, out interface{}) (bool, interface{}) {
			old := as[S](s)
			ok, next := step(ctx, old, as[I](in), as[O](out))
			if same(s, old, next) {
				return ok, s
			}
			return ok, next
		}
	}
	if m.Equal != nil {
		eq := m.Equal
		pm.Equal = func(a, b interface{}) bool { return eq(as[S](a), as[S](b)) }
	}
	if m.Hash != nil {
		hash := m.Hash
		pm.Hash = func(s interface{}) uint64 { return hash(as[S](s)) }
	}
	if m.DescribeOperation != nil {
		d := m.DescribeOperation
		pm.DescribeOperation = func(in, out interface{}) string { return d(as[I](in), as[O](out)) }
	}
	if m.DescribeState != nil {
		d := m.DescribeState
		pm.DescribeState = func(s interface{}) string { return d(as[S](s)) }
	}
	if m.PartitionKey != nil {
		pm.Partition = partitionOps(m.PartitionKey)
		pm.PartitionEvent = partitionEvents(m.PartitionKey)
	}
	return pm
}

// partitionOps groups operations by key, partitions in order of first
// appearance, ops in history order.
func partitionOps[I any](key func(I) string) func([]porcupine.Operation) [][]porcupine.Operation {
	return func(h []porcupine.Operation) [][]porcupine.Operation {
		idx := map[string]int{}
		var out [][]porcupine.Operation
		for _, op := range h {
			k := key(as[I](op.Input))
			i, ok := idx[k]
			if !ok {
				i = len(out)
				idx[k] = i
				out = append(out, nil)
			}
			out[i] = append(out[i], op)
		}
		return out
	}
}

// partitionEvents groups events by the key of their call event.
func partitionEvents[I any](key func(I) string) func([]porcupine.Event) [][]porcupine.Event {
	return func(h []porcupine.Event) [][]porcupine.Event {
		idx := map[string]int{}
		byID := map[int]int{}
		var out [][]porcupine.Event
		for _, ev := range h {
			i, seen := byID[ev.Id]
			if !seen {
				in, ok := ev.Value.(I)
				if !ok { // a return before its call: keep it apart
					i = len(out)
					out = append(out, nil)
				} else {
					k := key(in)
					var known bool
					i, known = idx[k]
					if !known {
						i = len(out)
						idx[k] = i
						out = append(out, nil)
					}
				}
				byID[ev.Id] = i
			}
			out[i] = append(out[i], ev)
		}
		return out
	}
}

// as converts v to T; nil (an op recorded without an output) or a value of
// another type becomes T's zero value instead of a panic.
func as[T any](v interface{}) T {
	t, _ := v.(T)
	return t
}
