package model

import "github.com/kvchaos/kvchaos/history"

// Step is the sequential specification of one key shared by the models:
// whether (in, out) is legal in state s, and the next state. With versions
// false, versions are ignored (a plain register).
//
// An op with status unknown is applied whenever it could have been (its
// output is not checked); an ok cas must match, a failed cas must not match
// (a failed cas is a conflict observation; the checker drops fails that were
// not conflicts).
func Step(s State, in Input, out Output, versions bool) (bool, State) {
	if !versions {
		out.Version = ""
		in.Expected = ""
	}
	ok := out.Status == history.StatusOK
	switch in.Func {
	case history.FuncGet:
		if !ok {
			return true, s
		}
		return observe(s, out)
	case history.FuncPut:
		return true, written(in.Value, in.TTL, out, ok)
	case history.FuncDelete:
		return true, State{VersionKnown: true}
	case history.FuncAppend:
		return true, written(s.Value+in.Value, in.TTL, out, ok)
	case history.FuncUpdate:
		if ok {
			legal, _ := observe(s, Output{Status: history.StatusOK, Found: out.Found, Value: out.Value})
			if !legal {
				return false, s
			}
		}
		return true, written(in.Value, in.TTL, out, ok)
	case history.FuncCAS:
		return stepCAS(s, in, out, versions)
	}
	return false, s
}

// observe checks a read of s that returned out and learns the version.
func observe(s State, out Output) (bool, State) {
	if !s.Present {
		// Jepsen conventions: an absent key reads as nil or "".
		return !out.Found || out.Value == "", s
	}
	if !out.Found {
		if s.MayExpire {
			return true, State{VersionKnown: true}
		}
		return false, s
	}
	if out.Value != s.Value {
		return false, s
	}
	if out.Version != "" {
		if s.VersionKnown && s.Version != "" && s.Version != out.Version {
			return false, s
		}
		s.Version, s.VersionKnown = out.Version, true
	}
	return true, s
}

// written is the state after a write of value; its version is known only
// when an ok op returned one.
func written(value string, ttl bool, out Output, ok bool) State {
	st := State{Present: true, Value: value, MayExpire: ttl}
	if ok && out.Version != "" {
		st.Version, st.VersionKnown = out.Version, true
	}
	return st
}

// stepCAS: match is whether the precondition holds; certain is false when
// it depends on a version the model has not learned yet.
func stepCAS(s State, in Input, out Output, versions bool) (bool, State) {
	match, certain := casMatches(s, in, versions)
	switch out.Status {
	case history.StatusOK:
		if !match && certain {
			return false, s
		}
		return true, written(in.Value, in.TTL, out, true)
	case history.StatusFail:
		if match && certain {
			return false, s
		}
		return true, s
	default: // unknown: applied if it could have matched
		if match || !certain {
			return true, written(in.Value, in.TTL, out, false)
		}
		return true, s
	}
}

func casMatches(s State, in Input, versions bool) (match, certain bool) {
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
