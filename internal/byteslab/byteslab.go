// Package byteslab copies small byte values into shared slabs, so that a
// hot path that must hand out a copy of a value (one a store keeps, or one
// its caller keeps) does not allocate each one.
package byteslab

import (
	"strconv"
	"unsafe"
)

// Slab hands out copies of values cut from shared 4 KiB slabs. A copy is
// a full slice expression: appending to it reallocates rather than running
// into the next copy, and writing into it touches no other copy. A kept
// copy keeps its slab alive. A Slab is not safe for concurrent use; the
// zero value is ready.
type Slab struct{ b []byte }

// MaxValue is the largest value copied into a slab; larger ones get an
// allocation of their own.
const MaxValue = 512

// size is the size of a slab.
const size = 4096

// Copy returns a copy of v, non-nil even when v is empty.
func (s *Slab) Copy(v []byte) []byte {
	if len(v) > MaxValue {
		return append(make([]byte, 0, len(v)), v...)
	}
	if s.b == nil || cap(s.b)-len(s.b) < len(v) {
		s.b = make([]byte, 0, size)
	}
	n := len(s.b)
	s.b = append(s.b, v...)
	return s.b[n:len(s.b):len(s.b)]
}

// Decimal returns n in decimal, as strconv.FormatUint(n, 10) does, its
// bytes cut from the slab (never written again) rather than allocated.
func (s *Slab) Decimal(n uint64) string {
	const most = 20 // digits of the largest uint64
	if s.b == nil || cap(s.b)-len(s.b) < most {
		s.b = make([]byte, 0, size)
	}
	i := len(s.b)
	s.b = strconv.AppendUint(s.b, n, 10)
	return unsafe.String(&s.b[i], len(s.b)-i)
}

// View returns b's bytes as a string without copying them. The caller
// guarantees that nothing writes to b while the string is in use (a value
// a store never writes again, or one the receiver copies before it
// returns).
func View(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(&b[0], len(b))
}
