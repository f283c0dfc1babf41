package history

import "math/bits"

// appendDecimal appends v in decimal, as strconv.AppendInt(b, v, 10) does,
// writing the digits in place two at a time: a stream line holds four or
// five integers, and strconv formats into a scratch array first.
func appendDecimal(b []byte, v int64) []byte {
	u := uint64(v)
	if v < 0 {
		b = append(b, '-')
		u = -u
	}
	if u < 10 {
		return append(b, byte('0'+u))
	}
	n := decimalDigits(u)
	l := len(b) + n
	if l > cap(b) {
		b = append(b[:cap(b)], make([]byte, l-cap(b))...)
	}
	b = b[:l]
	i := l
	for u >= 100 {
		q := u / 100
		d := (u - q*100) * 2
		i -= 2
		b[i], b[i+1] = digitPairs[d], digitPairs[d+1]
		u = q
	}
	if u >= 10 {
		b[i-2], b[i-1] = digitPairs[2*u], digitPairs[2*u+1]
	} else {
		b[i-1] = byte('0' + u)
	}
	return b
}

// decimalDigits returns the number of decimal digits of u > 0.
func decimalDigits(u uint64) int {
	n := (bits.Len64(u)*1233)>>12 + 1 // log10(2) ≈ 1233/4096
	if u < pow10[n-1] {
		n--
	}
	return n
}

var pow10 = func() (t [20]uint64) {
	t[0] = 1
	for i := 1; i < len(t); i++ {
		t[i] = t[i-1] * 10
	}
	return t
}()

const digitPairs = "00010203040506070809" +
	"10111213141516171819" +
	"20212223242526272829" +
	"30313233343536373839" +
	"40414243444546474849" +
	"50515253545556575859" +
	"60616263646566676869" +
	"70717273747576777879" +
	"80818283848586878889" +
	"90919293949596979899"
