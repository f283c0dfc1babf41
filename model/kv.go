package model

import (
	"context"
	"fmt"

	"github.com/kvchaos/kvchaos/history"
)

// Input is one operation's request as the key-value models see it.
type Input struct {
	Func history.Func
	Key  string
	// Value is the value written by put, append, cas and update.
	Value string
	// Expected is the version a version-based cas requires ("" = absent).
	Expected string
	// ExpectedValue is the value a value-based (Jepsen) cas requires, when
	// HasExpectedValue is set.
	ExpectedValue    string
	HasExpectedValue bool
	// TTL marks a write that may expire: afterwards the key may read absent.
	TTL bool
}

// Output is one operation's outcome as the key-value models see it.
type Output struct {
	// Status: ok, fail (for a cas: the comparison failed) or unknown.
	Status history.Status
	// Found, Value and Version are what a get (or an update's read) saw;
	// for writes Version is the version written, when the store returned one.
	Found   bool
	Value   string
	Version string
}

// State is the state of one key.
type State struct {
	Present bool
	Value   string
	// Version is meaningful only when VersionKnown.
	Version      string
	VersionKnown bool
	// MayExpire is set after a write with a TTL.
	MayExpire bool
}

// InputOf converts a recorded op to a model Input. It takes a pointer
// because a history.Op is large and checks convert every op of a history.
func InputOf(op *history.Op) Input {
	return Input{Func: op.Func, Key: op.Key, Value: op.Input.Value, Expected: op.Input.Expected,
		ExpectedValue: op.Input.ExpectedValue, HasExpectedValue: op.Input.HasExpectedValue,
		TTL: op.Input.TTLMillis > 0}
}

// OutputOf converts a recorded op to a model Output.
func OutputOf(op *history.Op) Output {
	return Output{Status: op.Status, Found: op.Output.Found, Value: op.Output.Value, Version: op.Output.Version}
}

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

// Model returns the model of kind k, or an error naming an unknown kind.
func (k Kind) Model() (Model[State, *Input, *Output], error) {
	switch k {
	case KindRegister:
		return Register(), nil
	case KindCASRegister:
		return CASRegister(), nil
	case KindKV:
		return KV(), nil
	}
	return Model[State, *Input, *Output]{}, fmt.Errorf("model: unknown model %q (want register, cas-register or kv)", string(k))
}

// Register is a read/write register per key; versions are ignored.
func Register() Model[State, *Input, *Output] { return kvModel(false) }

// CASRegister is a compare-and-set register per key, with versions.
func CASRegister() Model[State, *Input, *Output] { return kvModel(true) }

// The models take *Input and *Output so porcupine holds them without
// copying; a nil output is read as status unknown.

// KV is the per-key key-value store model: get, put, delete, append, cas
// and update, partitioned by key.
func KV() Model[State, *Input, *Output] { return kvModel(true) }

func kvModel(versions bool) Model[State, *Input, *Output] {
	step := func(s State, in *Input, out *Output) (bool, State) {
		if in == nil {
			return false, s
		}
		if out == nil {
			out = &Output{Status: history.StatusUnknown}
		}
		return Step(s, *in, *out, versions)
	}
	return Model[State, *Input, *Output]{
		PartitionKey: func(in *Input) string {
			if in == nil {
				return ""
			}
			return in.Key
		},
		Init: func() State { return State{VersionKnown: true} },
		Step: step,
		StepContext: func(_ context.Context, s State, in *Input, out *Output) (bool, State) {
			return step(s, in, out)
		},
		Equal: func(a, b State) bool { return a == b },
		Hash:  hashState,
		DescribeOperation: func(in *Input, out *Output) string {
			if in == nil || out == nil {
				return "?"
			}
			return describeOp(*in, *out)
		},
		DescribeState: describeState,
	}
}

// hashState is FNV-1a over the state's fields: porcupine hashes a state
// at every step of its search, and the values of a key are short, so an
// inline loop costs less than setting up a maphash.Hash.
func hashState(s State) uint64 {
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

func describeOp(in Input, out Output) string {
	read := "absent"
	if out.Found {
		read = fmt.Sprintf("%q", out.Value)
	}
	if out.Version != "" {
		read += "@" + out.Version
	}
	res := ""
	if out.Status != history.StatusOK {
		res = " -> " + string(out.Status)
	}
	switch in.Func {
	case history.FuncGet:
		return fmt.Sprintf("get(%q) -> %s%s", in.Key, read, res)
	case history.FuncCAS:
		exp := in.Expected
		if in.HasExpectedValue {
			exp = fmt.Sprintf("%q", in.ExpectedValue)
		} else if exp == "" {
			exp = "absent"
		} else {
			exp = "@" + exp
		}
		return fmt.Sprintf("cas(%q, %s, %q)%s", in.Key, exp, in.Value, res)
	case history.FuncUpdate:
		return fmt.Sprintf("update(%q, %q) read %s%s", in.Key, in.Value, read, res)
	case history.FuncDelete:
		return fmt.Sprintf("delete(%q)%s", in.Key, res)
	}
	return fmt.Sprintf("%s(%q, %q)%s", in.Func, in.Key, in.Value, res)
}

func describeState(s State) string {
	if !s.Present {
		return "absent"
	}
	v := fmt.Sprintf("%q", s.Value)
	if s.VersionKnown && s.Version != "" {
		v += "@" + s.Version
	}
	return v
}
