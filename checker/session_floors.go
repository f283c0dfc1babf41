package checker

// floor is a write a client depends on for one key: one it wrote (MW) or
// one it read (WFR), from its op at time t.
type floor struct {
	t     int64
	wcall int64 // the write's call
	write int32
	via   int32 // the client's op: the write itself, or its read
}

// floorGroup is one client's floors on one key, floors[from:to], in the
// client's order.
type floorGroup struct {
	client   int
	from, to int32
}

// sessionFloors holds every client's floors, grouped by key and, within
// a key, by client (ascending), with one cursor per group for the reader
// being checked.
type sessionFloors struct {
	floors    []floor
	groups    []floorGroup
	keyGroups []int32 // key k's groups are groups[keyGroups[k]:keyGroups[k+1]]
	cursors   []floorCursor
	epoch     int32 // the reader the cursors belong to
}

// floorCursor is a reader's position in a group: the first floor at or
// after the latest time asked about. It is stale when its epoch is not the
// current reader's.
type floorCursor struct {
	epoch int32
	pos   int32
}

// newSessionFloors lists, per key and client, the writes the client wrote
// or read, in the client's order: a counting sort by key of the clients'
// ops taken client by client.
func newSessionFloors(ix *index) *sessionFloors {
	floorOf := func(i int32) (floor, bool) {
		op := ix.at(i)
		f := floor{t: op.call, via: i, write: -1}
		switch {
		case op.reads():
			if s := ix.src[i]; s >= 0 {
				f.write = s
			}
		case op.okWrite():
			f.write = i
		}
		if f.write < 0 {
			return f, false
		}
		f.wcall = ix.at(f.write).call
		return f, true
	}
	// Count each key's floors and groups: clients are taken in rank order,
	// so a key's floors of one client are contiguous.
	nk := len(ix.keyName)
	start := make([]int32, nk+1)  // key k's floors start at start[k]
	gstart := make([]int32, nk+1) // key k's groups start at gstart[k]
	lastRank := make([]int32, nk) // the rank of the client of key k's latest floor, +1
	for rank, c := range ix.clients {
		for _, i := range ix.byClient[c] {
			if _, ok := floorOf(i); ok {
				k := ix.at(i).key
				start[k+1]++
				if lastRank[k] != int32(rank)+1 {
					lastRank[k] = int32(rank) + 1
					gstart[k+1]++
				}
			}
		}
	}
	for k := range nk {
		start[k+1] += start[k]
		gstart[k+1] += gstart[k]
	}
	sf := &sessionFloors{floors: make([]floor, start[nk]), groups: make([]floorGroup, gstart[nk]), keyGroups: gstart}
	next, gnext := start[:nk:nk], lastRank // reused as cursors: next floor and group of each key
	copy(gnext, gstart[:nk])
	for k := range nk {
		gnext[k]-- // the group being filled; the first floor of a client opens the next one
	}
	for _, c := range ix.clients {
		for _, i := range ix.byClient[c] {
			if f, ok := floorOf(i); ok {
				k := ix.at(i).key
				if g := gnext[k]; g < gstart[k] || sf.groups[g].client != c {
					gnext[k]++
					sf.groups[gnext[k]] = floorGroup{client: c, from: next[k]}
				}
				sf.floors[next[k]] = f
				next[k]++
				sf.groups[gnext[k]].to = next[k]
			}
		}
	}
	sf.cursors = make([]floorCursor, len(sf.groups))
	return sf
}

// before returns the last floor of group g from before time t (-1 when
// none), moving the reader's cursor: the times a reader asks a group about
// never decrease, as a reader only notes newer writes of a client.
func (sf *sessionFloors) before(g int32, t int64) int32 {
	gr, cur := &sf.groups[g], &sf.cursors[g]
	if cur.epoch != sf.epoch {
		cur.epoch, cur.pos = sf.epoch, gr.from
	}
	for cur.pos < gr.to && sf.floors[cur.pos].t < t {
		cur.pos++
	}
	if cur.pos == gr.from {
		return -1
	}
	return cur.pos - 1
}
