package fastly

import (
	"strings"
)

// escaped are the bytes EscapeKeys percent-encodes anywhere in a key: the
// characters Fastly keys may not contain, and '%' itself so decoding is
// unambiguous. A leading '.' is encoded too, which keeps keys out of the
// reserved ".well-known/acme-challenge/" path.
const escaped = "#;?^|\n\r%"

const hexDigits = "0123456789ABCDEF"

// escapeKey percent-encodes key for Config.EscapeKeys. It maps byte by
// byte (a leading '.' by position), so a listing prefix escapes to the
// prefix of every escaped key it prefixes.
func escapeKey(key string) string {
	if !strings.ContainsAny(key, escaped) && !strings.HasPrefix(key, ".") {
		return key
	}
	var b strings.Builder
	for i := 0; i < len(key); i++ {
		c := key[i]
		if strings.IndexByte(escaped, c) >= 0 || (i == 0 && c == '.') {
			b.WriteByte('%')
			b.WriteByte(hexDigits[c>>4])
			b.WriteByte(hexDigits[c&15])
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

// unescapeKey reverses escapeKey; a malformed escape is kept as is.
func unescapeKey(key string) string {
	if !strings.Contains(key, "%") {
		return key
	}
	var b strings.Builder
	for i := 0; i < len(key); i++ {
		if key[i] == '%' && i+2 < len(key) {
			hi, lo := strings.IndexByte(hexDigits, key[i+1]), strings.IndexByte(hexDigits, key[i+2])
			if hi >= 0 && lo >= 0 {
				b.WriteByte(byte(hi<<4 | lo))
				i += 2
				continue
			}
		}
		b.WriteByte(key[i])
	}
	return b.String()
}
