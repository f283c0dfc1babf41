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
	h := append(q.heap, qitem{at: ev.at, seq: ev.seq, slot: slot})
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

func (q *eventQueue) pop() event {
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
	ev := q.slots[top.slot]
	q.slots[top.slot] = event{} // drop references
	q.free = append(q.free, top.slot)
	return ev
}

// schedule adds an event at virtual time at.
func (c *Cluster) schedule(ev event) {
	c.seq++
	ev.seq = c.seq
	c.events.push(ev)
}

// fire runs one event; the clock has already moved to ev.at.
func (c *Cluster) fire(ev event) {
	c.now.Store(ev.at)
	switch ev.kind {
	case evWake:
		c.addRunnable(ev.cl)
	case evDeliver:
		c.deliver(ev)
	case evFunc:
		ev.fn()
	}
}

// advanceTo fires every event due by t and sets the clock to t.
func (c *Cluster) advanceTo(t int64) {
	for c.events.len() > 0 && c.events.nextAt() <= t {
		c.fire(c.events.pop())
	}
	if t > c.now.Load() {
		c.now.Store(t)
	}
}
