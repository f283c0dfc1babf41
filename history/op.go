package history

import "math"

// ReturnNever is the Return time of an op that was invoked but never
// completed (its client was killed mid-call, or the history ended first):
// it may take effect at any time after its call.
const ReturnNever int64 = math.MaxInt64

// Func names the operation a client performed.
type Func string

// The operation vocabulary shared by the recorder, the models and the checks.
const (
	FuncGet    Func = "get"
	FuncPut    Func = "put"
	FuncDelete Func = "delete"
	FuncList   Func = "list"
	FuncAppend Func = "append"
	FuncCAS    Func = "cas"
	// FuncUpdate is a read-modify-write as one logical op: Input.Value is
	// the value written, Output.Value the value it read (Found says whether
	// the key existed), Output.Version the version it wrote.
	FuncUpdate Func = "update"
)

// Outcome is what a client knows about one operation's effect: ok, fail
// or unknown. It is the op's, not a check's (checker.Status) nor a run's
// (checker.Verdict), though each of the three has an "unknown".
type Outcome string

const (
	// OutcomeOK: the operation completed and took effect (reads: returned Output).
	OutcomeOK Outcome = "ok"
	// OutcomeFail: the operation definitely did not take effect.
	OutcomeFail Outcome = "fail"
	// OutcomeUnknown: the operation may or may not have taken effect (timeout,
	// lost connection, client killed before the reply).
	OutcomeUnknown Outcome = "unknown"
)

// Input is what an operation was asked to do.
type Input struct {
	// Value is the value written by put/append/cas/update.
	Value string `json:"value,omitempty"`
	// Expected is the version a cas required ("" = key absent).
	Expected string `json:"expected,omitempty"`
	// ExpectedValue is the value a cas required, for value-based CAS
	// histories (Jepsen's [old new]); HasExpectedValue marks it set.
	ExpectedValue    string `json:"expected_value,omitempty"`
	HasExpectedValue bool   `json:"has_expected_value,omitempty"`
	// Prefix, Cursor and Limit are the arguments of a list.
	Prefix string `json:"prefix,omitempty"`
	Cursor string `json:"cursor,omitempty"`
	Limit  int    `json:"limit,omitempty"`
	// TTLMillis is the TTL of a write in milliseconds; 0 = none.
	TTLMillis int64 `json:"ttl_ms,omitempty"`
}

// Output is what an operation returned.
type Output struct {
	// Value is the value a get (or the read half of an update) returned.
	Value string `json:"value,omitempty"`
	// Found reports whether a get found the key.
	Found bool `json:"found,omitempty"`
	// Version is the version a get saw or a write produced.
	Version string `json:"version,omitempty"`
	// Keys and Cursor are a list's page.
	Keys   []string `json:"keys,omitempty"`
	Cursor string   `json:"cursor,omitempty"`
	// Conflict marks a failed op that the store refused because the key's
	// state did not match what it required (kv.ErrConflict): for a cas,
	// the comparison did not match, an observation of the state. Call.End
	// sets it for a failed op whose error wraps kv.ErrConflict; ReadEDN
	// sets it for a Jepsen :fail of a :cas.
	Conflict bool `json:"conflict,omitempty"`
	// NoConflict marks a failed op known not to be a compare mismatch: it
	// had no effect and says nothing about the key's state (Jepsen's
	// :conflict false). ReadEDN sets it; the checker then drops the op.
	NoConflict bool `json:"no_conflict,omitempty"`
}

// Op is one recorded operation: a call and its completion.
type Op struct {
	// ID is the op's position in the recording (0-based, in call order).
	ID int `json:"id"`
	// Client identifies the logical client (a Jepsen :process).
	Client int `json:"client"`
	// Region is where the client is located; "" for single-region stores.
	Region string `json:"region,omitempty"`
	// Func is the operation.
	Func Func `json:"f"`
	// Key is the key operated on ("" for a list, which uses Input.Prefix).
	Key    string `json:"key"`
	Input  Input  `json:"in"`
	Output Output `json:"out"`
	// Outcome is ok, fail or unknown; history files keep the key "status"
	// (Jepsen's :type).
	Outcome Outcome `json:"status"`
	// Call and Return are monotonic nanoseconds: Call is taken before the
	// operation is issued, Return after it completed.
	Call   int64 `json:"call"`
	Return int64 `json:"return"`
	// Error is the error text of a failed or unknown op.
	Error string `json:"error,omitempty"`
}

// AnnotationKind classifies an annotation.
type AnnotationKind string

const (
	// AnnotationFault marks a fault (partition, crash, clock skew, ...).
	AnnotationFault AnnotationKind = "fault"
	// AnnotationNote is free text shown on timelines.
	AnnotationNote AnnotationKind = "note"
	// AnnotationQuiescent marks the point after which faults have healed and
	// no writes are in flight; the convergence check reads after it.
	AnnotationQuiescent AnnotationKind = "quiescent"
)

// Annotation is a span of time worth showing next to the ops: a fault, a
// note, or the quiescence marker.
type Annotation struct {
	Kind AnnotationKind `json:"kind"`
	// Regions the annotation concerns; empty = all.
	Regions []string `json:"regions,omitempty"`
	// Text describes it for people ("partition [a] | [b c]").
	Text string `json:"text"`
	// Start and End are monotonic ns; End == Start for an instant.
	Start int64 `json:"start"`
	End   int64 `json:"end"`
}

// History is a recorded run: the ops in call order plus annotations.
type History struct {
	Ops         []Op
	Annotations []Annotation
}
