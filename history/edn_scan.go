package history

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
)

// ednForm is the text of one top-level EDN form and the line it starts on.
// The text may be the scanner's buffer: it is valid until the next call to
// next.
type ednForm struct {
	text []byte
	line int
}

// ednScanner splits an EDN stream into its top-level forms without decoding
// them, so every form can be decoded on its own and errors can name the line
// it started on. A stream that is one vector or list of forms
// ([{...} {...}] or ({...} {...})) is split into its elements.
type ednScanner struct {
	br      *bufio.Reader
	line    int
	started bool // the first form has been looked at
	wrapped bool // the stream is one vector or list; its elements are the forms
	closer  byte // ']' or ')': what closes the wrapping collection
	closed  bool // the wrapping collection's closer was read
	buf     bytes.Buffer
	limit   int    // longest form in bytes
	nest    []bool // open levels of the current form: true a bracket, false a tag
	slow    bool   // never fastForm (tests)
}

func newEDNScanner(r io.Reader, limit int) *ednScanner {
	return &ednScanner{br: bufio.NewReaderSize(r, 64<<10), line: 1, limit: limit}
}

// open enters a nesting level (a bracket, or a tag whose form follows).
func (s *ednScanner) open(bracket bool) error {
	if len(s.nest) >= maxEDNDepth {
		return errTooDeep
	}
	s.nest = append(s.nest, bracket)
	return nil
}

// leaf notes that a form without nesting (an atom, a string) or a closed
// collection has ended: the tags waiting for a form are complete.
func (s *ednScanner) leaf() {
	for len(s.nest) > 0 && !s.nest[len(s.nest)-1] {
		s.nest = s.nest[:len(s.nest)-1]
	}
}

// close leaves the innermost bracket level, and the tags it completes.
func (s *ednScanner) close() {
	for len(s.nest) > 0 {
		bracket := s.nest[len(s.nest)-1]
		s.nest = s.nest[:len(s.nest)-1]
		if bracket {
			break
		}
	}
	s.leaf()
}

// tooLong reports whether the form being copied passed the limit.
func (s *ednScanner) tooLong() bool { return s.buf.Len() > s.limit }

func (s *ednScanner) readByte() (byte, error) {
	c, err := s.br.ReadByte()
	if err == nil && c == '\n' {
		s.line++
	}
	return c, err
}

func (s *ednScanner) unreadByte(c byte) {
	_ = s.br.UnreadByte()
	if c == '\n' {
		s.line--
	}
}

// skipSpace skips whitespace, commas and ; comments and returns the next
// significant byte (io.EOF at the end).
func (s *ednScanner) skipSpace() (byte, error) {
	for {
		c, err := s.readByte()
		if err != nil {
			return 0, err
		}
		switch c {
		case ' ', '\t', '\n', '\r', ',', '\f':
			continue
		case ';':
			if err := s.skipComment(); err != nil {
				return 0, err
			}
			continue
		}
		return c, nil
	}
}

// next returns the next form, or io.EOF after the last one.
func (s *ednScanner) next() (ednForm, error) {
	c, err := s.skipSpace()
	if err == io.EOF {
		if s.wrapped && !s.closed {
			return ednForm{}, fmt.Errorf("line %d: the %s holding the history is never closed", s.line, s.wrapperName())
		}
		return ednForm{}, io.EOF
	}
	if err != nil {
		return ednForm{}, fmt.Errorf("line %d: %w", s.line, err)
	}
	if s.closed {
		return ednForm{}, fmt.Errorf("line %d: unexpected %q after the %s holding the history", s.line, c, s.wrapperName())
	}
	if !s.started {
		s.started = true
		switch c {
		case '[':
			s.wrapped, s.closer = true, ']'
			return s.next()
		case '(':
			s.wrapped, s.closer = true, ')'
			return s.next()
		}
	}
	if s.wrapped && c == s.closer {
		s.closed = true
		return s.next()
	}
	start := s.line
	if c == '{' && !s.slow {
		s.unreadByte(c)
		if text, ok := s.fastForm(); ok {
			return ednForm{text: text, line: start}, nil
		}
		c, _ = s.readByte()
	}
	s.buf.Reset()
	s.nest = s.nest[:0]
	if err := s.form(c); err != nil {
		if errors.Is(err, errLong) {
			return ednForm{}, &LineTooLongError{Line: start, Limit: s.limit}
		}
		if errors.Is(err, io.EOF) {
			return ednForm{}, fmt.Errorf("line %d: form is cut off by the end of the input", start)
		}
		return ednForm{}, fmt.Errorf("line %d: %w", start, err)
	}
	text := make([]byte, s.buf.Len())
	copy(text, s.buf.Bytes())
	return ednForm{text: text, line: start}, nil
}

// wrapperName names the collection wrapping the history.
func (s *ednScanner) wrapperName() string {
	if s.closer == ')' {
		return "list"
	}
	return "vector"
}

// form copies one form starting with c into s.buf.
func (s *ednScanner) form(c byte) error {
	depth := 0
	for {
		tagged := false
		tokenStart := s.buf.Len() == 0 || isDelimiter(s.buf.Bytes()[s.buf.Len()-1])
		s.buf.WriteByte(c)
		if s.tooLong() {
			return errLong
		}
		switch c {
		case '(', '[', '{':
			depth++
			if err := s.open(true); err != nil {
				return err
			}
		case ')', ']', '}':
			depth--
			if depth < 0 {
				return fmt.Errorf("unexpected %q", c)
			}
			s.close()
		case '"':
			s.leaf()
			if err := s.stringBody(); err != nil {
				return err
			}
		case '\\': // a character literal: its next byte is not syntax
			s.leaf()
			n, err := s.readByte()
			if err != nil {
				return err
			}
			s.buf.WriteByte(n)
		case ';':
			if err := s.skipComment(); err != nil {
				return err
			}
			s.buf.WriteByte('\n')
		case '#':
			// A tag (#inst, #jepsen.history.Op) or dispatch (#{, #_): the
			// form that follows belongs to this one.
			if tokenStart {
				if err := s.open(false); err != nil {
					return err
				}
				if err := s.tag(); err != nil {
					return err
				}
				tagged = true
			}
		default:
			if tokenStart && !isDelimiter(c) {
				s.leaf() // an atom starts
			}
		}
		var err error
		if tagged {
			if c, err = s.skipSpace(); err != nil {
				return err
			}
			if b := s.buf.Bytes(); b[len(b)-1] != '#' {
				s.buf.WriteByte(' ') // after a tag name; a dispatch (#{) stays whole
			}
			continue
		}
		if depth == 0 && !atomContinues(c) {
			return nil
		}
		if c, err = s.readByte(); err != nil {
			if err == io.EOF && depth == 0 {
				return nil // an atom ending the input
			}
			return err
		}
		if depth == 0 && isDelimiter(c) {
			s.unreadByte(c)
			return nil
		}
	}
}

// skipComment skips the rest of a ; comment, through the newline.
func (s *ednScanner) skipComment() error {
	for {
		c, err := s.readByte()
		if err != nil || c == '\n' {
			return err
		}
	}
}

// atomContinues reports whether a top-level form whose last byte is c may
// go on: true inside an atom (symbol, number, keyword), false after a
// closing bracket or string.
func atomContinues(c byte) bool {
	switch c {
	case ')', ']', '}', '"':
		return false
	}
	return true
}

func isDelimiter(c byte) bool {
	switch c {
	case ' ', '\t', '\n', '\r', ',', '\f', '(', ')', '[', ']', '{', '}', '"', ';':
		return true
	}
	return false
}

// stringBody copies the rest of a string literal, through its closing quote.
func (s *ednScanner) stringBody() error {
	for {
		c, err := s.readByte()
		if err != nil {
			return err
		}
		s.buf.WriteByte(c)
		if s.tooLong() {
			return errLong
		}
		switch c {
		case '\\':
			n, err := s.readByte()
			if err != nil {
				return err
			}
			s.buf.WriteByte(n)
		case '"':
			return nil
		}
	}
}

// tag copies the tag name after '#' (possibly empty, as in #{ and #_).
func (s *ednScanner) tag() error {
	for {
		c, err := s.readByte()
		if err != nil {
			return err
		}
		if isDelimiter(c) {
			s.unreadByte(c)
			return nil
		}
		s.buf.WriteByte(c)
		if s.tooLong() {
			return errLong
		}
	}
}
