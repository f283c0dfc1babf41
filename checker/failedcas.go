package checker

import "strings"

// maelstromMismatch maps Maelstrom's definite error codes (and their
// names) to whether a cas failing with it was a compare mismatch: only
// key-does-not-exist (20) and precondition-failed (22) are.
var maelstromMismatch = map[string]bool{
	"10": false, "not-supported": false,
	"11": false, "temporarily-unavailable": false,
	"12": false, "malformed-request": false,
	"13": false, "crash": false,
	"14": false, "abort": false,
	"20": true, "key-does-not-exist": true,
	"21": false, "key-already-exists": false,
	"22": true, "precondition-failed": true,
	"30": false, "txn-conflict": false,
}

// casReading is how the history's failed cas ops are read.
type casReading struct {
	// flagged: the history records Output.Conflict (some op has it set),
	// so a failed op without it and without error text was no mismatch.
	flagged bool
	noOp    bool // Options.FailedCASNoOp
}

// conflicted reports whether a failed op compared and did not match, per
// op, in this order: Output.NoConflict (no); a Maelstrom error code or
// name leading its error (20 and 22 yes, other codes no: a Jepsen reader
// marks every failed cas Output.Conflict, so the code must come first);
// Output.Conflict (yes); in a history that records Output.Conflict, its
// absence (no);
// else error text naming a conflict or a failed precondition (yes), other
// error text (no), no error text (yes: Jepsen's convention for a :fail of
// a :cas). Under Options.FailedCASNoOp the answer is always no.
func conflicted(ix *index, op *rop, r casReading) bool {
	if r.noOp || op.fl&flNoConflict != 0 {
		return false
	}
	e := strings.ToLower(strings.TrimSpace(ix.errText(op)))
	if m, ok := maelstromMismatch[errorCode(e)]; ok && e != "" {
		return m
	}
	if op.fl&flConflict != 0 {
		return true
	}
	if r.flagged {
		return false
	}
	if e == "" {
		return true
	}
	return strings.Contains(e, "conflict") || strings.Contains(e, "precondition")
}

// errorCode is the first token of an error: "22" of "[22 \"expected 3\"]",
// "precondition-failed" of ":precondition-failed".
func errorCode(e string) string {
	e = strings.TrimLeft(e, "[( ")
	end := strings.IndexAny(e, " ,])\t\"")
	if end >= 0 {
		e = e[:end]
	}
	return strings.TrimPrefix(e, ":")
}
