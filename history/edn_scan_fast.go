package history

// fastForm returns the next form when it is a map ('{' is the next byte)
// held whole in the reader's buffer with no tags, characters or comments
// in it (outside strings), nested no deeper than maxEDNDepth and no longer
// than the limit; the text is the same form would copy. It reads the form
// in one pass over the buffer instead of a call per byte. The text is the
// reader's buffer: it is valid until the next read. Otherwise it returns
// false having read nothing, and form reads it.
func (s *ednScanner) fastForm() ([]byte, bool) {
	const refill = 4 << 10
	if s.br.Buffered() < refill {
		_, _ = s.br.Peek(refill) // fills the buffer; a read error shows on the slow path
	}
	b, _ := s.br.Peek(s.br.Buffered())
	if len(b) == 0 || b[0] != '{' {
		return nil, false
	}
	depth, lines := 0, 0
	for i := 0; i < len(b); i++ {
		if !formSyntax[b[i]] {
			continue
		}
		switch b[i] {
		case '{', '[', '(':
			if depth++; depth > maxEDNDepth {
				return nil, false
			}
		case '}', ']', ')':
			if depth--; depth > 0 {
				continue
			}
			n := i + 1
			if n > s.limit {
				return nil, false
			}
			_, _ = s.br.Discard(n)
			s.line += lines
			return b[:n], true
		case '"':
			for i++; i < len(b) && b[i] != '"'; i++ {
				switch b[i] {
				case '\\':
					i++
					if i < len(b) && b[i] == '\n' {
						lines++
					}
				case '\n':
					lines++
				}
			}
			if i >= len(b) {
				return nil, false
			}
		case '#', '\\', ';':
			return nil, false
		case '\n':
			lines++
		}
	}
	return nil, false
}

// formSyntax marks the bytes fastForm looks at.
var formSyntax = func() (t [256]bool) {
	for _, c := range "{[(}])\"#\\;\n" {
		t[c] = true
	}
	return t
}()
