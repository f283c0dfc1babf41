package model

import (
	"context"
	"fmt"

	"github.com/anishathalye/porcupine"

	"github.com/kvchaos/kvchaos/history"
)

// Kind names one of the key-value models.
type Kind string

// The models.
const (
	// KindRegister: get and put, values only (versions are ignored).
	KindRegister Kind = "register"
	// KindCASRegister: get, put, delete and cas (version- or value-based).
	KindCASRegister Kind = "cas-register"
	// KindKV: every per-key op: get, put, delete, append, cas, update.
	KindKV Kind = "kv"
)

// Supports reports whether the model of kind k can check ops of f.
func (k Kind) Supports(f history.Func) bool {
	switch f {
	case history.FuncGet, history.FuncPut:
		return k == KindRegister || k == KindCASRegister || k == KindKV
	case history.FuncCAS, history.FuncDelete:
		return k == KindCASRegister || k == KindKV
	case history.FuncAppend, history.FuncUpdate:
		return k == KindKV
	}
	return false
}

// Porcupine returns the model of kind k for porcupine, partitioned by
// key, or an error naming an unknown kind. An operation is a recorded op:
// give the same *history.Op as its Input and its Output (the model reads
// the request, Func, Key and Input, from the input, and the outcome,
// Status and Output, from the output; a nil output is status unknown).
func (k Kind) Porcupine() (porcupine.Model, error) {
	switch k {
	case KindRegister:
		return kvModel(false).Porcupine(), nil
	case KindCASRegister, KindKV:
		return kvModel(true).Porcupine(), nil
	}
	return porcupine.Model{}, fmt.Errorf("model: unknown model %q (want register, cas-register or kv)", string(k))
}

// kvModel is the per-key model; with versions false, versions are ignored
// (a plain register).
func kvModel(versions bool) typedModel[state, *history.Op, *history.Op] {
	stepOp := func(s state, in, out *history.Op) (bool, state) {
		if in == nil {
			return false, s
		}
		return step(s, in, outcomeOf(out, versions), versions)
	}
	return typedModel[state, *history.Op, *history.Op]{
		PartitionKey: func(in *history.Op) string {
			if in == nil {
				return ""
			}
			return in.Key
		},
		Init: func() state { return state{VersionKnown: true} },
		Step: stepOp,
		StepContext: func(_ context.Context, s state, in, out *history.Op) (bool, state) {
			return stepOp(s, in, out)
		},
		Equal: func(a, b state) bool { return a == b },
		Hash:  hashState,
		DescribeOperation: func(in, out *history.Op) string {
			if in == nil {
				return "?"
			}
			return describeOp(in, outcomeOf(out, true))
		},
		DescribeState: describeState,
	}
}

// hashState is FNV-1a over the state's fields: porcupine hashes a state
// at every step of its search, and the values of a key are short, so an
// inline loop costs less than setting up a maphash.Hash.
func hashState(s state) uint64 {
	const prime = 1099511628211
	h := uint64(14695981039346656037)
	for i := 0; i < len(s.Value); i++ {
		h = (h ^ uint64(s.Value[i])) * prime
	}
	h = (h ^ 0xff) * prime // separates Value from Version
	for i := 0; i < len(s.Version); i++ {
		h = (h ^ uint64(s.Version[i])) * prime
	}
	var flags uint64
	if s.Present {
		flags |= 1
	}
	if s.VersionKnown {
		flags |= 2
	}
	if s.MayExpire {
		flags |= 4
	}
	return (h ^ flags) * prime
}

func describeOp(in *history.Op, out outcome) string {
	read := "absent"
	if out.found {
		read = fmt.Sprintf("%q", out.value)
	}
	if out.version != "" {
		read += "@" + out.version
	}
	res := ""
	if out.status != history.OutcomeOK {
		res = " -> " + string(out.status)
	}
	switch in.Func {
	case history.FuncGet:
		return fmt.Sprintf("get(%q) -> %s%s", in.Key, read, res)
	case history.FuncCAS:
		exp := in.Input.Expected
		if in.Input.HasExpectedValue {
			exp = fmt.Sprintf("%q", in.Input.ExpectedValue)
		} else if exp == "" {
			exp = "absent"
		} else {
			exp = "@" + exp
		}
		return fmt.Sprintf("cas(%q, %s, %q)%s", in.Key, exp, in.Input.Value, res)
	case history.FuncUpdate:
		return fmt.Sprintf("update(%q, %q) read %s%s", in.Key, in.Input.Value, read, res)
	case history.FuncDelete:
		return fmt.Sprintf("delete(%q)%s", in.Key, res)
	}
	return fmt.Sprintf("%s(%q, %q)%s", in.Func, in.Key, in.Input.Value, res)
}

func describeState(s state) string {
	if !s.Present {
		return "absent"
	}
	v := fmt.Sprintf("%q", s.Value)
	if s.VersionKnown && s.Version != "" {
		v += "@" + s.Version
	}
	return v
}
