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

// eventQueue is a binary min-heap of events ordered by (at, seq).
type eventQueue []event

func (q eventQueue) less(i, j int) bool {
	return q[i].at < q[j].at || (q[i].at == q[j].at && q[i].seq < q[j].seq)
}

func (q *eventQueue) push(ev event) {
	*q = append(*q, ev)
	h := *q
	for i := len(h) - 1; i > 0; {
		p := (i - 1) / 2
		if !h.less(i, p) {
			break
		}
		h[i], h[p] = h[p], h[i]
		i = p
	}
}

func (q *eventQueue) pop() event {
	h := *q
	ev := h[0]
	n := len(h) - 1
	h[0] = h[n]
	h[n] = event{} // drop references
	h = h[:n]
	for i := 0; ; {
		l, m := 2*i+1, i
		if l < n && h.less(l, m) {
			m = l
		}
		if r := l + 1; r < n && h.less(r, m) {
			m = r
		}
		if m == i {
			break
		}
		h[i], h[m] = h[m], h[i]
		i = m
	}
	*q = h
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
	for len(c.events) > 0 && c.events[0].at <= t {
		c.fire(c.events.pop())
	}
	if t > c.now.Load() {
		c.now.Store(t)
	}
}
