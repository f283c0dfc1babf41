package sim

// evKind says what an event does when it fires.
type evKind uint8

const (
	evWake    evKind = iota // make a sleeping client runnable
	evDeliver               // deliver a replication message
	evFunc                  // run fn (faults, scripted actions)
)

// event is something that happens at a virtual time. Events at the same
// time fire in the order they were scheduled (seq), so the order never
// depends on anything but the program and the Source.
type event struct {
	at   int64
	seq  uint64
	kind evKind
	cl   *client
	// deliver: replica to (in region toRegion) gets e for key, sent by
	// region from during its crash epoch epoch.
	to, from, toRegion int
	epoch              uint64
	key                string
	e                  entry
	fn                 func()
}

// eventQueue is a binary min-heap of events ordered by (at, seq). The heap
// holds small (at, seq, slot) items and the events themselves stay put in
// slots (reused through a free list), so sifting moves 24 bytes per step
// rather than a whole event.
type eventQueue struct {
	heap  []qitem
	slots []event
	free  []int32
}

type qitem struct {
	at   int64
	seq  uint64
	slot int32
}

func (a qitem) less(b qitem) bool { return a.at < b.at || (a.at == b.at && a.seq < b.seq) }

// len returns the number of queued events.
func (q *eventQueue) len() int { return len(q.heap) }

// nextAt returns the time of the earliest event; the queue is not empty.
func (q *eventQueue) nextAt() int64 { return q.heap[0].at }

func (q *eventQueue) push(ev event) {
	var slot int32
	if n := len(q.free); n > 0 {
		slot = q.free[n-1]
		q.free = q.free[:n-1]
		q.slots[slot] = ev
	} else {
		slot = int32(len(q.slots))
		q.slots = append(q.slots, ev)
	}
	q.up(qitem{at: ev.at, seq: ev.seq, slot: slot})
}

// up adds it to the heap.
func (q *eventQueue) up(it qitem) {
	h := append(q.heap, it)
	for i := len(h) - 1; i > 0; {
		p := (i - 1) / 2
		if !h[i].less(h[p]) {
			break
		}
		h[i], h[p] = h[p], h[i]
		i = p
	}
	q.heap = h
}

// pushWake queues a wake-up of cl, writing only the fields a wake-up
// uses: a free slot holds no references (fireNext and pop clear them), so
// the others need no clearing.
func (q *eventQueue) pushWake(at int64, seq uint64, cl *client) {
	var slot int32
	if n := len(q.free); n > 0 {
		slot = q.free[n-1]
		q.free = q.free[:n-1]
		ev := &q.slots[slot]
		ev.at, ev.seq, ev.kind, ev.cl = at, seq, evWake, cl
	} else {
		slot = int32(len(q.slots))
		q.slots = append(q.slots, event{at: at, seq: seq, kind: evWake, cl: cl})
	}
	q.up(qitem{at: at, seq: seq, slot: slot})
}

// popSlot takes the earliest event off the heap and returns its slot,
// which the caller frees.
func (q *eventQueue) popSlot() int32 {
	h := q.heap
	top := h[0]
	n := len(h) - 1
	h[0] = h[n]
	h = h[:n]
	for i := 0; ; {
		l, m := 2*i+1, i
		if l < n && h[l].less(h[m]) {
			m = l
		}
		if r := l + 1; r < n && h[r].less(h[m]) {
			m = r
		}
		if m == i {
			break
		}
		h[i], h[m] = h[m], h[i]
		i = m
	}
	q.heap = h
	return top.slot
}

// schedule adds an event at virtual time at.
func (c *Cluster) schedule(ev event) {
	c.seq++
	ev.seq = c.seq
	c.events.push(ev)
}

// fireNext fires the earliest event. A wake-up, the most common event, is
// fired in its slot rather than copied out.
func (c *Cluster) fireNext() {
	q := &c.events
	slot := q.popSlot()
	ev := &q.slots[slot]
	if ev.kind != evWake {
		e := *ev
		*ev = event{} // drop references
		q.free = append(q.free, slot)
		c.fire(e)
		return
	}
	cl := ev.cl
	ev.cl = nil
	q.free = append(q.free, slot)
	c.now.Store(ev.at)
	c.addRunnable(cl)
}

// fire runs one delivery or function event (fireNext handles wake-ups);
// the clock has already moved to ev.at.
func (c *Cluster) fire(ev event) {
	c.now.Store(ev.at)
	switch ev.kind {
	case evDeliver:
		c.deliver(ev)
	case evFunc:
		ev.fn()
	}
}

// advanceTo fires every event due by t and sets the clock to t.
func (c *Cluster) advanceTo(t int64) {
	for c.events.len() > 0 && c.events.nextAt() <= t {
		c.fireNext()
	}
	if t > c.now.Load() {
		c.now.Store(t)
	}
}
