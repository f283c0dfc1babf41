package history

import (
	"bytes"
	"io"
	"math"
	"os"
	"slices"
	"strings"
)

// opChunk is how many ops the decoder keeps per chunk: growing one slice
// of ops would copy every op several times.
const opChunk = 1 << 13

// add appends op (whose ID is d.n) and returns its handle: its index in
// the history, or with ReadOptions.OnOp the slot it waits in until done
// hands it over.
//
// Whole histories are kept in chunks until the first is full; then, when
// the size of the input is known (sizeHint), the ops go to one slice of the
// size the bytes read so far predict, which History returns as it is,
// and to chunks again only past that size.
func (d *jsonlDecoder) add(op Op) int {
	d.n++
	if d.emit != nil {
		if n := len(d.free); n > 0 {
			slot := d.free[n-1]
			d.free = d.free[:n-1]
			d.slots[slot], d.busy[slot] = op, true
			return slot
		}
		d.slots = append(d.slots, op)
		d.busy = append(d.busy, true)
		return len(d.slots) - 1
	}
	if len(d.chunks) == 0 && len(d.flat) < cap(d.flat) {
		d.flat = append(d.flat, op)
		return d.n - 1
	}
	if (d.n-1-len(d.flat))%opChunk == 0 {
		d.chunks = append(d.chunks, make([]Op, 0, opChunk))
	}
	c := &d.chunks[len(d.chunks)-1]
	*c = append(*c, op)
	if d.n == opChunk && d.flat == nil && d.left > 0 {
		d.flatten()
	}
	return d.n - 1
}

// flatten moves the ops read so far into one slice of the size the rest
// of the input predicts.
func (d *jsonlDecoder) flatten() {
	rest := d.left - d.read
	if rest <= 0 || d.read <= 0 {
		return
	}
	est := int64(d.n) + rest*int64(d.n)/d.read
	est += est/32 + 256
	// At most 1 op per 128 bytes left: the slice (~300 bytes an op) is then
	// never much bigger than the input, whatever its first ops promised.
	if most := int64(d.n) + rest/128; est > most {
		est = most
	}
	if est <= int64(d.n) || est > math.MaxInt32 {
		return
	}
	d.flat = make([]Op, 0, est)
	for _, c := range d.chunks {
		d.flat = append(d.flat, c...)
	}
	d.chunks = nil
}

// at returns the op of handle h.
func (d *jsonlDecoder) at(h int) *Op {
	if d.emit != nil {
		return &d.slots[h]
	}
	if h < len(d.flat) {
		return &d.flat[h]
	}
	h -= len(d.flat)
	return &d.chunks[h/opChunk][h%opChunk]
}

// done is called once the op of handle h is complete: with
// ReadOptions.OnOp it is handed over and its slot reused.
func (d *jsonlDecoder) done(h int) {
	if d.emit == nil {
		return
	}
	op := d.slots[h]
	d.slots[h], d.busy[h] = Op{}, false
	d.free = append(d.free, h)
	d.emit(op)
}

// history returns what was read: the ops in one slice (of the exact size,
// or of the size predicted when that is at most an eighth too big). With
// ReadOptions.OnOp, it hands over the ops never completed, in ID order, and
// returns only the annotations.
func (d *jsonlDecoder) history() History {
	if d.emit != nil {
		var open []int
		for h, busy := range d.busy {
			if busy {
				open = append(open, h)
			}
		}
		slices.SortFunc(open, func(a, b int) int { return d.slots[a].ID - d.slots[b].ID })
		for _, h := range open {
			d.done(h)
		}
		return d.h
	}
	if d.n > 0 {
		ops := d.flat
		if len(d.chunks) > 0 || cap(ops)-len(ops) > len(ops)/8 {
			ops = make([]Op, 0, d.n)
			ops = append(ops, d.flat...)
			for i, c := range d.chunks {
				ops = append(ops, c...)
				d.chunks[i] = nil
			}
		}
		d.h.Ops = ops
		d.flat, d.chunks, d.n = nil, nil, 0
	}
	return d.h
}

// sizeHint returns how many bytes are left to read in r when r says
// (a bytes.Reader or Buffer, a strings.Reader, a regular file), else -1.
func sizeHint(r io.Reader) int64 {
	switch x := r.(type) {
	case *bytes.Reader:
		return int64(x.Len())
	case *bytes.Buffer:
		return int64(x.Len())
	case *strings.Reader:
		return int64(x.Len())
	case *os.File:
		fi, err := x.Stat()
		if err != nil || !fi.Mode().IsRegular() {
			return -1
		}
		off, err := x.Seek(0, io.SeekCurrent)
		if err != nil {
			return -1
		}
		return fi.Size() - off
	}
	return -1
}

// idEntry is what the decoder knows of an id of the file: the line it
// first appeared on (0 = not seen) and, while its op waits for its
// complete line, 1 + the op's handle (0 = not open).
type idEntry struct{ line, open int }

// idTable maps the ids of a file's ops to their idEntry, in 8 bytes per op
// for the usual ids 0, 1, 2, ... and a map for the others.
type idTable struct {
	dense  [][2]int32
	filled int // entries set in dense: it grows only in step with them
	sparse map[int]idEntry
}

func (s *idTable) get(id int) (idEntry, bool) {
	if id >= 0 && id < len(s.dense) && s.dense[id][0] != 0 {
		return idEntry{line: int(s.dense[id][0]), open: int(s.dense[id][1])}, true
	}
	e, ok := s.sparse[id]
	return e, ok
}

func (s *idTable) put(id int, e idEntry) {
	// dense grows to at most twice the ids it holds (plus a start), so a
	// file of a few lines with ever larger ids cannot make it huge.
	if id >= 0 && (id < len(s.dense) || id <= 2*s.filled+4096) && e.line > 0 && e.line <= math.MaxInt32 && e.open <= math.MaxInt32 {
		if id >= len(s.dense) {
			s.dense = slices.Grow(s.dense, id+1-len(s.dense))[:id+1]
		}
		if s.dense[id][0] == 0 {
			s.filled++
		}
		s.dense[id] = [2]int32{int32(e.line), int32(e.open)}
		return
	}
	if id >= 0 && id < len(s.dense) && s.dense[id][0] != 0 {
		s.dense[id] = [2]int32{}
		s.filled--
	}
	if s.sparse == nil {
		s.sparse = map[int]idEntry{}
	}
	s.sparse[id] = e
}
