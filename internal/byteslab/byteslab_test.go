package byteslab

import (
	"bytes"
	"math"
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestSlabCopies checks that the copies a Slab makes of values are
// equal to them, independent of them and of each other (writing into one,
// or appending to it, leaves the others alone), non-nil when empty, and
// that a large value gets a copy of its own.
func TestSlabCopies(t *testing.T) {
	var s Slab
	var vals, copies [][]byte
	for i := range 2000 {
		v := bytes.Repeat([]byte{byte('a' + i%26)}, i%40)
		vals = append(vals, v)
		copies = append(copies, s.Copy(v))
	}
	big := bytes.Repeat([]byte("x"), 3*MaxValue)
	bigCopy := s.Copy(big)
	require.Equal(t, big, bigCopy)
	big[0] = 'y'
	require.Equal(t, byte('x'), bigCopy[0])
	for i, c := range copies {
		require.NotNil(t, c)
		require.Equal(t, vals[i], c)
		if len(c) > 0 {
			c[0] = '!'
			require.NotEqual(t, byte('!'), vals[i][0], "copy %d shares the value's bytes", i)
		}
		copies[i] = append(c, '?', '?')
	}
	for i, c := range copies {
		want := append(append([]byte(nil), vals[i]...), '?', '?')
		if len(vals[i]) > 0 {
			want[0] = '!'
		}
		require.Equal(t, want, c, "copy %d", i)
	}
}

// TestSlabDecimal checks that Decimal formats as strconv.FormatUint does,
// across slab boundaries, and that copies cut after it leave it alone.
func TestSlabDecimal(t *testing.T) {
	var s Slab
	var got []string
	var want []string
	for i := range 5000 {
		n := uint64(i) * 7919
		if i%1000 == 999 {
			n = math.MaxUint64 - uint64(i)
		}
		got = append(got, s.Decimal(n))
		want = append(want, strconv.FormatUint(n, 10))
		c := s.Copy([]byte("xyz"))
		c[0] = '!'
	}
	require.Equal(t, want, got)
}
