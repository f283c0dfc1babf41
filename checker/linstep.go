package checker

import (
	"context"

	"github.com/anishathalye/porcupine"
)

// intModel is package model's key-value model on interned ops; its
// operations' inputs are *intOp and its outputs nil. Hash groups states
// by their value's number, in eights: with no hash, porcupine's cache
// puts every state of a set of linearized ops in one bucket, and appends
// make many (porcupine's c50 kv history took 3x as long); hashing every
// state apart makes the cache sparser, which costs a key with few
// values (porcupine's etcd logs) 1.3-1.5x per step. The multiplication
// moves the group away from the low bits, as porcupine XORs the hash with
// its hash of the set, itself an XOR of the set's words.
var intModel = porcupine.Model{
	Init: func() any { return stVersionKnown },
	Step: func(s, in, _ any) (bool, any) {
		ok, next := in.(*intOp).step(s.(linState))
		return ok, next
	},
	StepContext: func(_ context.Context, s, in, _ any) (bool, any) {
		ok, next := in.(*intOp).step(s.(linState))
		return ok, next
	},
	Equal: func(a, b any) bool { return a.(linState) == b.(linState) },
	Hash:  func(s any) uint64 { return uint64(s.(linState).value()>>3) * 0x9e3779b97f4a7c15 },
}

// step is model's step (model/step.go) on numbers: whether o is legal in
// state s, and the next state.
func (o *intOp) step(s linState) (bool, linState) {
	switch o.fn {
	case intGet:
		if !o.ok {
			return true, s
		}
		return o.observe(s, o.version)
	case intPut:
		return true, o.written(o.value, o.ok)
	case intDelete:
		return true, stVersionKnown
	case intAppend:
		return true, o.written(o.tab.concat(s.value(), o.value), o.ok)
	case intUpdate:
		if o.ok {
			if legal, _ := o.observe(s, 0); !legal {
				return false, s
			}
		}
		return true, o.written(o.value, o.ok)
	case intCAS:
		match, certain := o.casMatches(s)
		switch {
		case o.ok:
			if !match && certain {
				return false, s
			}
			return true, o.written(o.value, true)
		case o.fail:
			return !match || !certain, s
		case match || !certain: // unknown: applied if it could have matched
			return true, o.written(o.value, false)
		}
		return true, s
	}
	return false, s
}

// observe checks a read of s that returned o's found and read, with
// version ver (0: none), and learns the version.
func (o *intOp) observe(s linState, ver uint32) (bool, linState) {
	if s&stPresent == 0 {
		// Jepsen conventions: an absent key reads as nil or "".
		return !o.found || o.read == 0, s
	}
	if !o.found {
		if s&stMayExpire != 0 {
			return true, stVersionKnown
		}
		return false, s
	}
	if o.read != s.value() {
		return false, s
	}
	if ver != 0 {
		if s&stVersionKnown != 0 && s.version() != 0 && s.version() != ver {
			return false, s
		}
		s = s&^(maxVersionID<<versionShift) | linState(ver)<<versionShift | stVersionKnown
	}
	return true, s
}

// written is the state after o wrote value; its version is known only
// when an ok op returned one.
func (o *intOp) written(value uint32, ok bool) linState {
	st := stPresent | linState(value)<<valueShift
	if o.ttl {
		st |= stMayExpire
	}
	if ok && o.version != 0 {
		st |= linState(o.version)<<versionShift | stVersionKnown
	}
	return st
}

// casMatches: match is whether o's precondition holds in s; certain is
// false when it depends on a version not learned yet.
func (o *intOp) casMatches(s linState) (match, certain bool) {
	present := s&stPresent != 0
	if o.hasExpected || !o.versions {
		return present && s.value() == o.expectedValue, true
	}
	if o.expected == 0 {
		return !present, true
	}
	if !present {
		return false, true
	}
	if s&stVersionKnown == 0 || s.version() == 0 {
		return true, false
	}
	return s.version() == o.expected, true
}
