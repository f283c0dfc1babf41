package history

import (
	"encoding/binary"

	"github.com/kvchaos/kvchaos/internal/byteslab"
)

// ref locates a string in a byteArena.
type ref struct{ off, n uint32 }

// bigRef marks a ref to a string kept whole in byteArena.big.
const bigRef = ^uint32(0)

// byteArena stores strings back to back in 64 KiB chunks; a string longer
// than arenaMaxInline (or any string once 65536 chunks are full) is kept
// whole instead.
type byteArena struct {
	chunks [][]byte
	big    []string
}

const (
	arenaChunkBits = 16
	arenaChunk     = 1 << arenaChunkBits
	arenaMaxInline = arenaChunk / 8
)

// The shapes of a pair of strings stored as one (putPair): which of the
// two it holds.
const (
	pairFirst  = 1
	pairSecond = 2
	pairBoth   = pairFirst | pairSecond
)

// alloc reserves n > 0 bytes and returns their ref and the bytes, to fill
// before the next call.
func (a *byteArena) alloc(n int) (ref, []byte) {
	if n > arenaMaxInline || (len(a.chunks) == 1<<16 && cap(a.last())-len(a.last()) < n) {
		b := make([]byte, n)
		a.big = append(a.big, byteslab.View(b)) // filled now, never written after
		return ref{off: uint32(len(a.big) - 1), n: bigRef}, b
	}
	if len(a.chunks) == 0 || cap(a.last())-len(a.last()) < n {
		a.chunks = append(a.chunks, make([]byte, 0, arenaChunk))
	}
	ci := len(a.chunks) - 1
	c := a.chunks[ci]
	off := uint32(ci)<<arenaChunkBits | uint32(len(c))
	a.chunks[ci] = c[:len(c)+n]
	return ref{off: off, n: uint32(n)}, c[len(c) : len(c)+n]
}

func (a *byteArena) put(s string) ref {
	if s == "" {
		return ref{}
	}
	r, b := a.alloc(len(s))
	copy(b, s)
	return r
}

// putPair stores x and y as one string and returns its ref and the pair's
// shape. Holding both, the string is x's length as a uvarint, x, then y.
func (a *byteArena) putPair(x, y string) (ref, uint8) {
	switch {
	case y == "":
		if x == "" {
			return ref{}, 0
		}
		return a.put(x), pairFirst
	case x == "":
		return a.put(y), pairSecond
	}
	var h [binary.MaxVarintLen64]byte
	hn := binary.PutUvarint(h[:], uint64(len(x)))
	r, b := a.alloc(hn + len(x) + len(y))
	copy(b[copy(b, h[:hn]):], x)
	copy(b[hn+len(x):], y)
	return r, pairBoth
}

func (a *byteArena) last() []byte {
	if len(a.chunks) == 0 {
		return nil
	}
	return a.chunks[len(a.chunks)-1]
}

func (a *byteArena) get(r ref) string {
	switch r.n {
	case 0:
		return ""
	case bigRef:
		return a.big[r.off]
	}
	c := a.chunks[r.off>>arenaChunkBits]
	p := r.off & (arenaChunk - 1)
	return string(c[p : p+r.n])
}

// getPair returns the strings x and y of a pair of the given shape.
func (a *byteArena) getPair(r ref, shape uint8) (x, y string) {
	s := a.get(r)
	switch shape {
	case pairFirst:
		return s, ""
	case pairSecond:
		return "", s
	case pairBoth:
		n, hn := uvarint(s)
		return s[hn : hn+int(n)], s[hn+int(n):]
	}
	return "", ""
}

// uvarint decodes the uvarint at the start of s, as binary.Uvarint does
// for well-formed input, returning it and its length.
func uvarint(s string) (uint64, int) {
	var x uint64
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x80 {
			return x | uint64(c)<<(7*i), i + 1
		}
		x |= uint64(c&0x7f) << (7 * i)
	}
	return x, len(s)
}
