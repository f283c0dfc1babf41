package model

import "github.com/kvchaos/kvchaos/history"

// state is the state of one key.
type state struct {
	Present bool
	Value   string
	// Version is meaningful only when VersionKnown.
	Version      string
	VersionKnown bool
	// MayExpire is set after a write with a TTL.
	MayExpire bool
}

// outcome is what the model reads of an op's result.
type outcome struct {
	status history.Outcome
	found  bool
	value  string
	// version is "" when versions are ignored.
	version string
}

// outcomeOf reads op's outcome; a nil op is status unknown.
func outcomeOf(op *history.Op, versions bool) outcome {
	if op == nil {
		return outcome{status: history.OutcomeUnknown}
	}
	o := outcome{status: op.Outcome, found: op.Output.Found, value: op.Output.Value}
	if versions {
		o.version = op.Output.Version
	}
	return o
}

// step is the sequential specification of one key: whether op with
// outcome out is legal in state s, and the next state. With versions
// false, versions are ignored (a plain register).
//
// An op with status unknown is applied whenever it could have been (its
// output is not checked); an ok cas must match, a failed cas must not match
// (a failed cas is a conflict observation; the checker drops fails that were
// not conflicts).
func step(s state, op *history.Op, out outcome, versions bool) (bool, state) {
	ok := out.status == history.OutcomeOK
	ttl := op.Input.TTLMillis > 0
	switch op.Func {
	case history.FuncGet:
		if !ok {
			return true, s
		}
		return observe(s, out)
	case history.FuncPut:
		return true, written(op.Input.Value, ttl, out, ok)
	case history.FuncDelete:
		return true, state{VersionKnown: true}
	case history.FuncAppend:
		return true, written(s.Value+op.Input.Value, ttl, out, ok)
	case history.FuncUpdate:
		if ok {
			legal, _ := observe(s, outcome{status: history.OutcomeOK, found: out.found, value: out.value})
			if !legal {
				return false, s
			}
		}
		return true, written(op.Input.Value, ttl, out, ok)
	case history.FuncCAS:
		return stepCAS(s, op, out, versions)
	}
	return false, s
}

// observe checks a read of s that returned out and learns the version.
func observe(s state, out outcome) (bool, state) {
	if !s.Present {
		// Jepsen conventions: an absent key reads as nil or "".
		return !out.found || out.value == "", s
	}
	if !out.found {
		if s.MayExpire {
			return true, state{VersionKnown: true}
		}
		return false, s
	}
	if out.value != s.Value {
		return false, s
	}
	if out.version != "" {
		if s.VersionKnown && s.Version != "" && s.Version != out.version {
			return false, s
		}
		s.Version, s.VersionKnown = out.version, true
	}
	return true, s
}

// written is the state after a write of value; its version is known only
// when an ok op returned one.
func written(value string, ttl bool, out outcome, ok bool) state {
	st := state{Present: true, Value: value, MayExpire: ttl}
	if ok && out.version != "" {
		st.Version, st.VersionKnown = out.version, true
	}
	return st
}

// stepCAS: match is whether the precondition holds; certain is false when
// it depends on a version the model has not learned yet.
func stepCAS(s state, op *history.Op, out outcome, versions bool) (bool, state) {
	match, certain := casMatches(s, &op.Input, versions)
	ttl := op.Input.TTLMillis > 0
	switch out.status {
	case history.OutcomeOK:
		if !match && certain {
			return false, s
		}
		return true, written(op.Input.Value, ttl, out, true)
	case history.OutcomeFail:
		if match && certain {
			return false, s
		}
		return true, s
	default: // unknown: applied if it could have matched
		if match || !certain {
			return true, written(op.Input.Value, ttl, out, false)
		}
		return true, s
	}
}

func casMatches(s state, in *history.Input, versions bool) (match, certain bool) {
	if in.HasExpectedValue || !versions {
		return s.Present && s.Value == in.ExpectedValue, true
	}
	if in.Expected == "" {
		return !s.Present, true
	}
	if !s.Present {
		return false, true
	}
	if !s.VersionKnown || s.Version == "" {
		return true, false
	}
	return s.Version == in.Expected, true
}
