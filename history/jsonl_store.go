package history

import "sort"

// opChunk is how many ops the decoder keeps per chunk: growing one slice
// of ops would copy every op several times.
const opChunk = 1 << 13

// add appends op and returns its index (its ID). With ReadOptions.OnOp
// the op waits in a reused slot until done hands it over.
func (d *jsonlDecoder) add(op Op) int {
	if d.emit != nil {
		if d.pend == nil {
			d.pend = map[int]int{}
		}
		slot := len(d.slots)
		if n := len(d.free); n > 0 {
			slot, d.free = d.free[n-1], d.free[:n-1]
			d.slots[slot] = op
		} else {
			d.slots = append(d.slots, op)
		}
		d.pend[d.n] = slot
		d.n++
		return d.n - 1
	}
	if d.n%opChunk == 0 {
		d.chunks = append(d.chunks, make([]Op, 0, opChunk))
	}
	c := &d.chunks[len(d.chunks)-1]
	*c = append(*c, op)
	d.n++
	return d.n - 1
}

func (d *jsonlDecoder) at(i int) *Op {
	if d.emit != nil {
		return &d.slots[d.pend[i]]
	}
	return &d.chunks[i/opChunk][i%opChunk]
}

// done is called once op i is complete: with ReadOptions.OnOp it is
// handed over and forgotten.
func (d *jsonlDecoder) done(i int) {
	if d.emit == nil {
		return
	}
	slot := d.pend[i]
	delete(d.pend, i)
	op := d.slots[slot]
	d.slots[slot] = Op{}
	d.free = append(d.free, slot)
	d.emit(op)
}

// history returns what was read: the ops in one slice of the exact size.
// With ReadOptions.OnOp, it hands over the ops never completed, in ID
// order, and returns only the annotations.
func (d *jsonlDecoder) history() History {
	if d.emit != nil {
		ids := make([]int, 0, len(d.pend))
		for id := range d.pend {
			ids = append(ids, id)
		}
		sort.Ints(ids)
		for _, id := range ids {
			d.done(id)
		}
		return d.h
	}
	if d.n > 0 {
		ops := make([]Op, 0, d.n)
		for i, c := range d.chunks {
			ops = append(ops, c...)
			d.chunks[i] = nil
		}
		d.h.Ops = ops
		d.chunks, d.n = nil, 0
	}
	return d.h
}

// idLines maps the ids of a file's ops to the line each first appeared
// on, in 4 bytes per op for the usual ids 0, 1, 2, ... and a map for the
// others.
type idLines struct {
	dense  []int32 // id -> line, 0 = not seen
	sparse map[int]int
}

func (s *idLines) get(id int) (int, bool) {
	if id >= 0 && id < len(s.dense) && s.dense[id] != 0 {
		return int(s.dense[id]), true
	}
	line, ok := s.sparse[id]
	return line, ok
}

func (s *idLines) set(id, line int) {
	if id >= 0 && id <= 2*len(s.dense)+4096 && line > 0 && line <= 1<<31-1 {
		for id >= len(s.dense) {
			s.dense = append(s.dense, 0)
		}
		s.dense[id] = int32(line)
		return
	}
	if s.sparse == nil {
		s.sparse = map[int]int{}
	}
	s.sparse[id] = line
}
