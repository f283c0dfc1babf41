package history

import (
	"errors"
	"fmt"
	"sort"
)

// ErrEDNNotStreamable is wrapped by the error of a streamed ReadEDN
// (ReadOptions.OnOp) when the history changes its layout part-way: a
// client event without :time after ones with it, or a jepsen.independent
// history whose invocations stop being [k v] tuples. A whole read decides
// the layout from every event; a streamed one must decide it from the
// first and has handed ops over by then. Read such a history whole. It is
// also wrapped by a completion whose :time is before its invocation's:
// an error only if every client event has :time, which a streamed read
// cannot know yet (a whole read ignores :time otherwise).
var ErrEDNNotStreamable = errors.New("the history cannot be streamed (its layout may change part-way): read it whole")

// ednMaxHeld is how many completed ops a streamed read holds back behind
// an op still open, so as to hand ops over in ID order (invocation order,
// the order of a whole read's History.Ops). Past it, the open op stops
// holding the others back and is handed over when it completes (or, never
// completed, at the end).
const ednMaxHeld = 1 << 14

// ednBuilder pairs a history's events into ops. A whole read knows the
// layout before the first event and keeps every op; a streamed one
// (emit set) decides the layout from the first events, checks that the
// rest agree, and holds only the ops not yet handed over: those open, and
// those completed behind the oldest open one.
type ednBuilder struct {
	layout  ednLayout
	emit    func(Op) // ReadOptions.OnOp; nil: keep every op in ops
	maxHeld int

	ops     []Op   // ops[head:] not handed over yet, in ID order; a whole read keeps all
	lines   []int  // the line each op of ops was invoked on
	done    []bool // whether each op of ops has completed
	base    int    // ID of ops[0]
	head    int
	late    map[int]*ednLate // open ops the others stopped waiting for, by ID
	pending map[int64]int    // process -> ID of its open op
	anns    []Annotation

	// Streaming: the layout as decided by the first events.
	timeLine, keyLine int          // the line that decided :time, the key layout (0: not yet)
	early             []ednPending // nemesis events before the first client event
}

// ednLate is an open op handed over at its completion.
type ednLate struct {
	op   Op
	line int
}

// ednPending is a nemesis event waiting for the layout, at its position.
type ednPending struct {
	ev  ednEvent
	pos int
}

// newEDNBuilder returns a builder for a whole read with the layout of all
// its events (emit nil), or for a streamed one (emit set).
func newEDNBuilder(layout ednLayout, emit func(Op)) *ednBuilder {
	b := &ednBuilder{layout: layout, emit: emit, maxHeld: ednMaxHeld, pending: map[int64]int{}}
	if emit == nil && layout.invokes > 0 {
		b.ops = make([]Op, 0, layout.invokes)
		b.lines = make([]int, 0, layout.invokes)
		b.done = make([]bool, 0, layout.invokes)
	}
	if emit != nil {
		b.late = map[int]*ednLate{}
	}
	return b
}

// buildEDNHistory pairs the events of a whole read.
func buildEDNHistory(evs ednEvents) (History, error) {
	b := newEDNBuilder(scanEDNLayout(evs), nil)
	for i, ev := range evs.all() {
		if err := b.add(ev, i); err != nil {
			return History{Ops: b.ops, Annotations: b.anns}, err
		}
	}
	return History{Ops: b.ops, Annotations: b.anns}, nil
}

// stream takes the next event of a streamed read, at position pos.
func (b *ednBuilder) stream(ev *ednEvent, pos int) error {
	if ev.nemesis {
		if b.timeLine == 0 { // :time or not is decided by the first client event
			b.early = append(b.early, ednPending{ev: *ev, pos: pos})
			return nil
		}
		return b.add(ev, pos)
	}
	if b.timeLine == 0 {
		b.timeLine, b.layout.useTime = ev.line, ev.hasTime
		if err := b.flushEarly(); err != nil {
			return err
		}
	} else if b.layout.useTime && !ev.hasTime {
		return fmt.Errorf("line %d: a client event without :time, after ones with it (from line %d): %w", ev.line, b.timeLine, ErrEDNNotStreamable)
	}
	if ev.typ == "invoke" {
		tuple := !ev.hasKey && isTuple(ev.f, ev.value)
		if b.keyLine == 0 {
			b.keyLine, b.layout.independent = ev.line, tuple
		} else if b.layout.independent && !tuple {
			return fmt.Errorf("line %d: an invocation whose value is not a jepsen.independent [k v] tuple, after ones that are (from line %d): %w", ev.line, b.keyLine, ErrEDNNotStreamable)
		}
	}
	if err := b.add(ev, pos); err != nil {
		return err
	}
	b.release()
	return nil
}

// flushEarly builds the annotations of the nemesis events that came
// before the layout was known.
func (b *ednBuilder) flushEarly() error {
	for i := range b.early {
		if err := b.add(&b.early[i].ev, b.early[i].pos); err != nil {
			return err
		}
	}
	b.early = nil
	return nil
}

// finish ends a streamed read: it hands over the ops never completed, in
// ID order, and returns the annotations.
func (b *ednBuilder) finish() ([]Annotation, error) {
	if b.timeLine == 0 { // no client event: times are :time, as for a whole read
		b.timeLine, b.layout.useTime = -1, true
		if err := b.flushEarly(); err != nil {
			return b.anns, err
		}
	}
	ids := make([]int, 0, len(b.late))
	for id := range b.late {
		ids = append(ids, id)
	}
	sort.Ints(ids)
	for _, id := range ids {
		b.emit(b.late[id].op)
	}
	b.late = nil
	for i := b.head; i < len(b.ops); i++ {
		b.emit(b.ops[i])
	}
	b.ops, b.lines, b.done = nil, nil, nil
	return b.anns, nil
}

// release hands over the ops at the front that are done, and skips open
// ones (to late) while more than maxHeld ops are held.
func (b *ednBuilder) release() {
	for b.head < len(b.ops) {
		if !b.done[b.head] {
			if len(b.ops)-b.head <= b.maxHeld {
				break
			}
			b.late[b.base+b.head] = &ednLate{op: b.ops[b.head], line: b.lines[b.head]}
		} else {
			b.emit(b.ops[b.head])
		}
		b.head++
	}
	if b.head >= 1024 && 2*b.head >= len(b.ops) { // move the held ops to the front
		n := copy(b.ops, b.ops[b.head:])
		clear(b.ops[n:])
		copy(b.lines, b.lines[b.head:])
		copy(b.done, b.done[b.head:])
		b.ops, b.lines, b.done = b.ops[:n], b.lines[:n], b.done[:n]
		b.base += b.head
		b.head = 0
	}
}

// add pairs one event, at position pos, into the ops.
func (b *ednBuilder) add(ev *ednEvent, pos int) error {
	t := int64(pos)
	if b.layout.useTime {
		t = ev.time
	}
	if ev.nemesis {
		if ev.typ != "invoke" {
			a, err := ednAnnotation(ev, t, b.layout.useTime)
			if err != nil {
				return err
			}
			b.anns = append(b.anns, a)
		}
		return nil
	}
	value := ev.value
	if b.layout.independent {
		if _, v, ok := pair(value); ok {
			value = v
		}
	}
	if ev.typ == "invoke" {
		if open, busy := b.pending[ev.process]; busy {
			_, line := b.op(open)
			return fmt.Errorf("line %d: process %d invokes :%s while its op from line %d has not completed",
				ev.line, ev.process, clipMessage(ev.f), line)
		}
		op, err := ednInvocation(ev, value, b.layout.independent)
		if err != nil {
			return err
		}
		id := b.base + len(b.ops)
		op.ID, op.Call, op.Return = id, t, ReturnNever
		b.pending[ev.process] = id
		b.ops = append(b.ops, op)
		b.lines = append(b.lines, ev.line)
		b.done = append(b.done, false)
		return nil
	}
	id, ok := b.pending[ev.process]
	if !ok {
		return fmt.Errorf("line %d: :%s of process %d, which has no pending invocation", ev.line, ev.typ, ev.process)
	}
	delete(b.pending, ev.process)
	op, line := b.op(id)
	if f := ednFunc(ev.f); f != op.Func {
		return fmt.Errorf("line %d: completion :f :%s does not match the invocation's :%s (line %d)", ev.line, clipMessage(ev.f), clipMessage(string(op.Func)), line)
	}
	if t < op.Call {
		err := fmt.Errorf("line %d: :time %d is before its invocation's %d (line %d)", ev.line, t, op.Call, line)
		if b.emit != nil {
			// a later client event without :time would make a whole read
			// ignore every :time, this one included
			err = fmt.Errorf("%w: %w", err, ErrEDNNotStreamable)
		}
		return err
	}
	op.Return = t
	if err := ednCompletion(op, ev, value); err != nil {
		return err
	}
	if id >= b.base+b.head {
		b.done[id-b.base] = true
	} else { // late: handed over now
		l := b.late[id]
		delete(b.late, id)
		b.emit(l.op)
	}
	return nil
}

// op returns the op of an open ID, held or late, and its invocation line.
func (b *ednBuilder) op(id int) (*Op, int) {
	if id < b.base+b.head {
		l := b.late[id]
		return &l.op, l.line
	}
	return &b.ops[id-b.base], b.lines[id-b.base]
}
