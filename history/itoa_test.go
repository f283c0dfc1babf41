package history

import (
	"math"
	"math/rand/v2"
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestAppendDecimalMatchesStrconv(t *testing.T) {
	vals := []int64{0, 1, 9, 10, 11, 99, 100, 101, 999, 1000, -1, -9, -10, -100,
		math.MaxInt64, math.MinInt64, math.MaxInt64 - 1, math.MinInt64 + 1, ReturnNever}
	for p := int64(1); p < math.MaxInt64/10; p *= 10 {
		vals = append(vals, p-1, p, p+1, -p, 10*p-1)
	}
	r := rand.New(rand.NewPCG(1, 2))
	for range 10000 {
		vals = append(vals, int64(r.Uint64()), int64(r.Uint64()>>r.IntN(64)))
	}
	for _, v := range vals {
		// into a slice with and without room, after some bytes
		for _, b := range [][]byte{nil, []byte("x"), make([]byte, 3, 64)} {
			want := strconv.AppendInt(append([]byte(nil), b...), v, 10)
			require.Equal(t, string(want), string(appendDecimal(append([]byte(nil), b...), v)), "v=%d", v)
			require.Equal(t, string(want), string(appendDecimal(b, v)), "v=%d", v)
		}
	}
}
