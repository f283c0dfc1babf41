package checker

import (
	"fmt"
	"sync"

	"github.com/anishathalye/porcupine"

	"github.com/kvchaos/kvchaos/history"
)

// Porcupine's search steps the model millions of times on a hard key, and
// boxing a state of two strings, hashing and comparing it, costs more than
// the search itself. So the keys left to the search are interned first:
// each key numbers its values and its versions (0 is "" for both), and the
// search runs intModel, the key-value model of package model restated on
// those numbers, with a state that is one integer. The search only decides
// whether a key has a linearization; what is shown of an illegal key (its
// witness, the visualization) comes from package model's own model.

// linState is a key's state: flags in the low bits, then the value's
// number, then the version's.
type linState uint64

const (
	stPresent      linState = 1 << 0
	stVersionKnown linState = 1 << 1
	stMayExpire    linState = 1 << 2
	valueShift              = 3
	versionShift            = 35
	maxValueID              = 1<<(versionShift-valueShift) - 1
	maxVersionID            = 1<<(64-versionShift) - 1
)

func (s linState) value() uint32   { return uint32(s>>valueShift) & maxValueID }
func (s linState) version() uint32 { return uint32(s >> versionShift) }

// intFunc is an op's function, as intModel switches on it.
type intFunc uint8

const (
	intGet intFunc = iota
	intPut
	intDelete
	intAppend
	intUpdate
	intCAS
)

var intFuncs = map[history.Func]intFunc{history.FuncGet: intGet, history.FuncPut: intPut, history.FuncDelete: intDelete,
	history.FuncAppend: intAppend, history.FuncUpdate: intUpdate, history.FuncCAS: intCAS}

// intOp is one op with its strings numbered: request and outcome.
type intOp struct {
	tab *keyTable // for appends, which make new values
	fn  intFunc
	// status of the outcome
	ok, fail, found            bool
	ttl, hasExpected, versions bool
	value, expectedValue, read uint32 // value numbers
	expected, version          uint32 // version numbers
}

// keyTable numbers one key's values and versions. Appends number the
// values they make during the search, which may still be running on a
// timed-out pass while the next pass starts: mu guards values, valueID
// and sums (the number of a+b by a<<32|b, as a search makes the same
// append again and again).
type keyTable struct {
	mu       sync.Mutex
	values   []string
	valueID  map[string]uint32
	sums     map[uint64]uint32
	versions map[string]uint32
}

func (t *keyTable) valueNumber(v string) (uint32, bool) {
	id, ok := t.valueID[v]
	if !ok {
		if int64(len(t.values)) >= maxValueID {
			return 0, false
		}
		id = uint32(len(t.values))
		t.valueID[v] = id
		t.values = append(t.values, v)
	}
	return id, true
}

func (t *keyTable) versionNumber(v string) (uint32, bool) {
	id, ok := t.versions[v]
	if !ok {
		if len(t.versions) > maxVersionID {
			return 0, false
		}
		id = uint32(len(t.versions))
		t.versions[v] = id
	}
	return id, true
}

// concat numbers the value a+b. A search makes at most as many values as
// it visits states, far fewer than maxValueID in any memory; past it, the
// value is numbered maxValueID, which only another value past it equals.
func (t *keyTable) concat(a, b uint32) uint32 {
	t.mu.Lock()
	defer t.mu.Unlock()
	pair := uint64(a)<<32 | uint64(b)
	if id, ok := t.sums[pair]; ok {
		return id
	}
	id, ok := t.valueNumber(t.values[a] + t.values[b])
	if !ok {
		return maxValueID
	}
	if t.sums == nil {
		t.sums = map[uint64]uint32{}
	}
	t.sums[pair] = id
	return id
}

// internParts numbers the values and versions of each partition's ops
// (GOMAXPROCS keys at a time) and returns them as intModel's operations.
// With versions false, versions are ignored (the register model).
func internParts(parts [][]porcupine.Operation, versions bool) ([][]porcupine.Operation, error) {
	off := make([]int, len(parts)+1)
	for n, p := range parts {
		off[n+1] = off[n] + len(p)
	}
	ops, all := make([]intOp, off[len(parts)]), make([]porcupine.Operation, off[len(parts)])
	out := make([][]porcupine.Operation, len(parts))
	errs := make([]error, len(parts))
	eachParallel(len(parts), func() func(int) {
		return func(n int) {
			from, to := off[n], off[n+1]
			out[n] = all[from:to:to]
			errs[n] = internPart(parts[n], out[n], ops[from:to], versions)
		}
	})
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// internPart numbers one key's ops (recorded ops, as linOps makes them)
// into ops and points dst at them.
func internPart(part, dst []porcupine.Operation, ops []intOp, versions bool) error {
	t := &keyTable{valueID: map[string]uint32{}, versions: map[string]uint32{}}
	t.valueNumber("")
	t.versionNumber("")
	for j := range part {
		op, _ := part[j].Input.(*history.Op)
		if op == nil {
			return fmt.Errorf("checker: op %d of a key is not a recorded op", j)
		}
		fn, known := intFuncs[op.Func]
		if !known {
			return fmt.Errorf("checker: op %d is %s, which the models do not step", op.ID, article(string(op.Func)))
		}
		o := &ops[j]
		*o = intOp{tab: t, fn: fn, ok: op.Outcome == history.OutcomeOK, fail: op.Outcome == history.OutcomeFail,
			found: op.Output.Found, ttl: op.Input.TTLMillis > 0, hasExpected: op.Input.HasExpectedValue, versions: versions}
		var good [5]bool
		o.value, good[0] = t.valueNumber(op.Input.Value)
		o.expectedValue, good[1] = t.valueNumber(op.Input.ExpectedValue)
		o.read, good[2] = t.valueNumber(op.Output.Value)
		good[3], good[4] = true, true
		if versions {
			o.expected, good[3] = t.versionNumber(op.Input.Expected)
			o.version, good[4] = t.versionNumber(op.Output.Version)
		}
		if good != [5]bool{true, true, true, true, true} {
			return fmt.Errorf("checker: key %q has more distinct values or versions than the search can number (op %d)", op.Key, op.ID)
		}
		dst[j] = part[j]
		dst[j].Input, dst[j].Output = o, nil
	}
	return nil
}
