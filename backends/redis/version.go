package redis

import (
	"crypto/rand"
	"encoding/binary"
	"strconv"
	"sync/atomic"
)

// versionSource makes the versions of unconditional writes on the client:
// "w" + a random 64-bit base chosen per backend + "." + a counter. They
// never repeat (a key deleted and re-created gets a fresh one) and never
// equal the decimal versions the compare-and-set script takes from the
// server's counter. Two Backends share a base with probability 2⁻⁶⁴.
type versionSource struct {
	base string
	n    *atomic.Uint64
}

func newVersionSource() versionSource {
	var b [8]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails
	return versionSource{base: "w" + strconv.FormatUint(binary.LittleEndian.Uint64(b[:]), 36) + ".", n: new(atomic.Uint64)}
}

// next returns a version no earlier call returned.
func (v versionSource) next() string {
	return v.base + strconv.FormatUint(v.n.Add(1), 36)
}
