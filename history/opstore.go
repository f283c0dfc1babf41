package history

import "strings"

// opStore keeps recorded ops compactly, 48 bytes per op plus the bytes of
// its values, instead of the ~300 of an Op: callers (a client at a
// region), keys and error texts are interned, an op's two input values
// share one string of a byte arena and its two output values another, the
// fixed fields are small integers, and the rare fields (list arguments and
// pages, TTLs, a Func or Status outside the vocabulary) go to a side
// table. Ops are materialized as Op values only when History or replay
// asks for them.
// Every value string is copied, so the strings of an Input or Output given
// to begin, setInput and end may be views of bytes the caller reuses
// afterwards (history.Record passes its values that way); keys, regions
// and error texts must be ordinary strings, which the interner keeps.
type opStore struct {
	chunks  [][]rec
	n       int
	arena   byteArena
	names   interner
	callers callerTable
	extras  []opExtra
	extraOf map[int]int // op id -> index into extras, for ops with flagExtra
}

const (
	recChunkBits = 12
	recChunkSize = 1 << recChunkBits
)

// rec is the compact form of one op.
type rec struct {
	call, ret int64
	caller    uint32 // interned: callerTable
	key, err  uint32 // interned
	// in holds Value and Expected (ExpectedValue with flagExpectedValue),
	// out Value and Version, each pair as one arena string whose shape is
	// in flags (see byteArena.putPair).
	in, out          ref
	f, status, flags uint8
}

const (
	flagFound = 1 << iota
	flagExpectedValue
	flagConflict
	flagExtra // the op has an opExtra

	inShape  = 4 // flags>>inShape&pairBoth is the shape of in
	outShape = 6 // and flags>>outShape&pairBoth that of out
)

// opExtra holds what does not fit a rec.
type opExtra struct {
	in     *Input
	out    *Output
	f      Func
	status Outcome
}

// callerTable numbers the (client, interned region) pairs of the ops.
type callerTable struct {
	keys []callerKey
	ids  map[callerKey]uint32
}

type callerKey struct {
	client int
	region uint32
}

func (t *callerTable) id(client int, region uint32) uint32 {
	k := callerKey{client, region}
	id, ok := t.ids[k]
	if !ok {
		if t.ids == nil {
			t.ids = map[callerKey]uint32{}
		}
		id = uint32(len(t.keys))
		t.keys = append(t.keys, k)
		t.ids[k] = id
	}
	return id
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

// extra returns the opExtra of op id (r), adding one if it has none.
func (s *opStore) extra(id int, r *rec) *opExtra {
	if r.flags&flagExtra == 0 {
		if s.extraOf == nil {
			s.extraOf = map[int]int{}
		}
		s.extraOf[id] = len(s.extras)
		s.extras = append(s.extras, opExtra{})
		r.flags |= flagExtra
	}
	return &s.extras[s.extraOf[id]]
}

// begin stores a new in-flight op and returns its id: caller and key are
// interned, fc is f's code (0 for a Func outside funcCodes).
func (s *opStore) begin(caller, key uint32, fc uint8, f Func, in *Input, call int64) int {
	id := s.n
	if id&(recChunkSize-1) == 0 {
		s.chunks = append(s.chunks, make([]rec, recChunkSize))
	}
	s.n++
	r := s.at(id)
	r.call, r.ret = call, ReturnNever
	r.caller, r.key = caller, key
	r.status = statusUnknownCode
	if r.f = fc; fc == 0 {
		s.extra(id, r).f = f
	}
	s.setInput(id, r, in)
	return id
}

// setInput stores in as the input of op id (r), replacing any earlier one.
func (s *opStore) setInput(id int, r *rec, in *Input) {
	r.in = ref{}
	r.flags &^= flagExpectedValue | pairBoth<<inShape
	if r.flags&flagExtra != 0 {
		s.extras[s.extraOf[id]].in = nil
	}
	if in.Prefix != "" || in.Cursor != "" || in.Limit != 0 || in.TTLMillis != 0 ||
		(in.HasExpectedValue && in.Expected != "") || (!in.HasExpectedValue && in.ExpectedValue != "") {
		cp := *in
		cp.Value, cp.Expected, cp.ExpectedValue = strings.Clone(in.Value), strings.Clone(in.Expected), strings.Clone(in.ExpectedValue)
		cp.Prefix, cp.Cursor = strings.Clone(in.Prefix), strings.Clone(in.Cursor)
		s.extra(id, r).in = &cp
		return
	}
	aux := in.Expected
	if in.HasExpectedValue {
		aux = in.ExpectedValue
		r.flags |= flagExpectedValue
	}
	var shape uint8
	r.in, shape = s.arena.putPair(in.Value, aux)
	r.flags |= shape << inShape
}

// end stores the completion of op id; sc is status's code (0 for an
// Outcome outside statusCodes).
func (s *opStore) end(id int, out *Output, sc uint8, status Outcome, errText string, ret int64) {
	r := s.at(id)
	r.ret = ret
	r.err = s.names.id(errText)
	if r.status = sc; sc == 0 {
		s.extra(id, r).status = status
	}
	if len(out.Keys) > 0 || out.Cursor != "" || out.NoConflict {
		cp := *out
		cp.Value, cp.Version, cp.Cursor = strings.Clone(out.Value), strings.Clone(out.Version), strings.Clone(out.Cursor)
		cp.Keys = append([]string(nil), out.Keys...)
		s.extra(id, r).out = &cp
		return
	}
	var shape uint8
	r.out, shape = s.arena.putPair(out.Value, out.Version)
	r.flags |= shape << outShape
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
	c := s.callers.keys[r.caller]
	op := Op{
		ID: id, Client: c.client, Region: s.names.get(c.region), Func: funcCodes[r.f],
		Key: s.names.get(r.key), Outcome: statusCodes[r.status], Call: r.call, Return: r.ret,
		Error: s.names.get(r.err),
	}
	var aux string
	op.Input.Value, aux = s.arena.getPair(r.in, r.flags>>inShape&pairBoth)
	if r.flags&flagExpectedValue != 0 {
		op.Input.ExpectedValue, op.Input.HasExpectedValue = aux, true
	} else {
		op.Input.Expected = aux
	}
	op.Output.Value, op.Output.Version = s.arena.getPair(r.out, r.flags>>outShape&pairBoth)
	op.Output.Found, op.Output.Conflict = r.flags&flagFound != 0, r.flags&flagConflict != 0
	if r.flags&flagExtra == 0 {
		return op
	}
	x := &s.extras[s.extraOf[id]]
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
	return op
}
