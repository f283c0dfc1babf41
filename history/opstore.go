package history

import "strings"

// opStore keeps recorded ops compactly, about 72 bytes per op plus the
// bytes of its values, instead of the ~300 of an Op: keys, regions and error
// texts are interned, values live in a byte arena, the fixed fields are
// small integers, and the rare fields (list pages, TTLs, a Func or Status
// outside the vocabulary) go to a side table. Ops are materialized as Op
// values only when History is called. Every value string is copied, so
// the strings of an Input or Output given to begin, setInput and end may
// be views of bytes the caller reuses afterwards (history.Record passes
// its values that way); keys, regions and error texts must be ordinary
// strings, which the interner keeps.
type opStore struct {
	chunks [][]rec
	n      int
	arena  byteArena
	names  interner
	extras []opExtra
}

const (
	recChunkBits = 12
	recChunkSize = 1 << recChunkBits
)

// rec is the compact form of one op.
type rec struct {
	call, ret                  int64
	client                     int32
	region, key, err           uint32 // interned
	inVal, inAux, outVal, outV ref    // inAux: Expected, or ExpectedValue when flagExpectedValue
	extra                      int32  // 1 + index into extras; 0 = none
	f, status, flags           uint8
}

const (
	flagFound = 1 << iota
	flagExpectedValue
	flagConflict
)

// opExtra holds what does not fit a rec.
type opExtra struct {
	in        *Input
	out       *Output
	f         Func
	status    Outcome
	client    int
	hasClient bool
}

var (
	funcCodes   = []Func{"", FuncGet, FuncPut, FuncDelete, FuncList, FuncAppend, FuncCAS, FuncUpdate}
	statusCodes = []Outcome{"", OutcomeOK, OutcomeFail, OutcomeUnknown}
)

// The codes of funcCodes and statusCodes, for callers that know their Func
// or Outcome. statusUnknownCode is the status of every op that has begun.
const (
	codeGet uint8 = 1 + iota
	codePut
	codeDelete
	codeList
	codeAppend
	codeCAS
	codeUpdate
)

const (
	statusOKCode uint8 = 1 + iota
	statusFailCode
	statusUnknownCode
)

func code[T comparable](table []T, v T) uint8 {
	for i := 1; i < len(table); i++ {
		if table[i] == v {
			return uint8(i)
		}
	}
	return 0
}

func (s *opStore) at(id int) *rec {
	return &s.chunks[id>>recChunkBits][id&(recChunkSize-1)]
}

func (s *opStore) extra(r *rec) *opExtra {
	if r.extra == 0 {
		s.extras = append(s.extras, opExtra{})
		r.extra = int32(len(s.extras))
	}
	return &s.extras[r.extra-1]
}

// begin stores a new in-flight op and returns its id: region and key are
// interned, fc is f's code (0 for a Func outside funcCodes).
func (s *opStore) begin(client int, region, key uint32, fc uint8, f Func, in *Input, call int64) int {
	id := s.n
	if id&(recChunkSize-1) == 0 {
		s.chunks = append(s.chunks, make([]rec, recChunkSize))
	}
	s.n++
	r := s.at(id)
	r.call, r.ret = call, ReturnNever
	r.client = int32(client)
	r.region, r.key = region, key
	r.status = statusUnknownCode
	if int(r.client) != client {
		x := s.extra(r)
		x.client, x.hasClient = client, true
	}
	if r.f = fc; fc == 0 {
		s.extra(r).f = f
	}
	s.setInput(r, in)
	return id
}

// setInput stores in as r's input, replacing any earlier one.
func (s *opStore) setInput(r *rec, in *Input) {
	r.inVal, r.inAux = ref{}, ref{}
	r.flags &^= flagExpectedValue
	if r.extra != 0 {
		s.extras[r.extra-1].in = nil
	}
	if in.Prefix != "" || in.Cursor != "" || in.Limit != 0 || in.TTLMillis != 0 ||
		(in.HasExpectedValue && in.Expected != "") || (!in.HasExpectedValue && in.ExpectedValue != "") {
		cp := *in
		cp.Value, cp.Expected, cp.ExpectedValue = strings.Clone(in.Value), strings.Clone(in.Expected), strings.Clone(in.ExpectedValue)
		cp.Prefix, cp.Cursor = strings.Clone(in.Prefix), strings.Clone(in.Cursor)
		s.extra(r).in = &cp
		return
	}
	aux := in.Expected
	if in.HasExpectedValue {
		aux = in.ExpectedValue
		r.flags |= flagExpectedValue
	}
	r.inVal, r.inAux = s.arena.put(in.Value), s.arena.put(aux)
}

// end stores the completion of op id; sc is status's code (0 for an
// Outcome outside statusCodes).
func (s *opStore) end(id int, out *Output, sc uint8, status Outcome, errText string, ret int64) {
	r := s.at(id)
	r.ret = ret
	r.err = s.names.id(errText)
	if r.status = sc; sc == 0 {
		s.extra(r).status = status
	}
	if len(out.Keys) > 0 || out.Cursor != "" {
		cp := *out
		cp.Value, cp.Version, cp.Cursor = strings.Clone(out.Value), strings.Clone(out.Version), strings.Clone(out.Cursor)
		cp.Keys = append([]string(nil), out.Keys...)
		s.extra(r).out = &cp
		return
	}
	r.outVal, r.outV = s.arena.put(out.Value), s.arena.put(out.Version)
	if out.Found {
		r.flags |= flagFound
	}
	if out.Conflict {
		r.flags |= flagConflict
	}
}

// op materializes op id.
func (s *opStore) op(id int) Op {
	r := s.at(id)
	op := Op{
		ID: id, Client: int(r.client), Region: s.names.get(r.region), Func: funcCodes[r.f],
		Key: s.names.get(r.key), Outcome: statusCodes[r.status], Call: r.call, Return: r.ret,
		Error: s.names.get(r.err),
		Input: Input{Value: s.arena.get(r.inVal)},
		Output: Output{Value: s.arena.get(r.outVal), Version: s.arena.get(r.outV), Found: r.flags&flagFound != 0,
			Conflict: r.flags&flagConflict != 0},
	}
	if r.flags&flagExpectedValue != 0 {
		op.Input.ExpectedValue, op.Input.HasExpectedValue = s.arena.get(r.inAux), true
	} else {
		op.Input.Expected = s.arena.get(r.inAux)
	}
	if r.extra == 0 {
		return op
	}
	x := &s.extras[r.extra-1]
	if x.in != nil {
		op.Input = *x.in
	}
	if x.out != nil {
		op.Output = *x.out
		op.Output.Keys = append([]string(nil), x.out.Keys...)
	}
	if x.f != "" {
		op.Func = x.f
	}
	if x.status != "" {
		op.Outcome = x.status
	}
	if x.hasClient {
		op.Client = x.client
	}
	return op
}

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

func (a *byteArena) put(s string) ref {
	if s == "" {
		return ref{}
	}
	if len(s) > arenaMaxInline || (len(a.chunks) == 1<<16 && cap(a.last())-len(a.last()) < len(s)) {
		a.big = append(a.big, strings.Clone(s))
		return ref{off: uint32(len(a.big) - 1), n: bigRef}
	}
	if len(a.chunks) == 0 || cap(a.last())-len(a.last()) < len(s) {
		a.chunks = append(a.chunks, make([]byte, 0, arenaChunk))
	}
	ci := len(a.chunks) - 1
	c := a.chunks[ci]
	off := uint32(ci)<<arenaChunkBits | uint32(len(c))
	a.chunks[ci] = append(c, s...)
	return ref{off: off, n: uint32(len(s))}
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
