package checker

import (
	"fmt"

	"github.com/kvchaos/kvchaos/history"
	"github.com/kvchaos/kvchaos/internal/kvrule"
)

// troubledShare is the share of failed or unknown operations from which a
// report warns that its checks judged little.
const troubledShare = 0.25

// Evidence counts a history's operations by outcome: what the checks had
// to judge. A verdict is only reached on evidence: a history in which no
// operation succeeded, or in which nothing was written and no read found
// a value, has nothing to judge and its verdict is Unknown.
type Evidence struct {
	// Ops counts every op; OK, Failed and Unknown split them by status.
	Ops     int `json:"ops"`
	OK      int `json:"ok"`
	Failed  int `json:"failed"`
	Unknown int `json:"unknown"`
	// Writes counts the write ops (put, delete, append, cas, update);
	// WritesOK the acknowledged ones. FoundReads counts ok reads that
	// found a value.
	Writes     int `json:"writes"`
	WritesOK   int `json:"writes_ok"`
	FoundReads int `json:"found_reads"`
	// FirstError describes the first op (by id) that did not succeed:
	// "op 3 (put "k", client 1): the error text". Empty when all did.
	FirstError string `json:"first_error,omitempty"`
	// OutOfScope counts ops no check of kvchaos judges (a :txn, an :add);
	// FirstOutOfScope says why the first one is, and what to use instead.
	OutOfScope      int    `json:"out_of_scope,omitempty"`
	FirstOutOfScope string `json:"first_out_of_scope,omitempty"`
}

// evidenceOf counts the ops of h.
func evidenceOf(h history.History) Evidence {
	var c evidenceCount
	for i := range h.Ops {
		c.add(&h.Ops[i])
	}
	return c.done()
}

// evidenceCount counts ops one at a time.
type evidenceCount struct {
	e     Evidence
	first *history.Op // the op with the lowest ID that did not succeed
}

func (c *evidenceCount) add(op *history.Op) {
	e := &c.e
	e.Ops++
	if why := outOfScope(op); why != "" {
		e.OutOfScope++
		if e.FirstOutOfScope == "" {
			e.FirstOutOfScope = why
		}
		return
	}
	w := isWrite(op.Func)
	if w {
		e.Writes++
	}
	switch op.Outcome {
	case history.OutcomeOK:
		e.OK++
		if w {
			e.WritesOK++
		} else if op.Output.Found {
			e.FoundReads++
		}
		return
	case history.OutcomeFail:
		e.Failed++
	default:
		e.Unknown++
	}
	if c.first == nil || op.ID < c.first.ID {
		cp := *op
		c.first = &cp
	}
}

func (c *evidenceCount) done() Evidence {
	e := c.e
	if op := c.first; op != nil {
		msg := op.Error
		if msg == "" {
			msg = "(no error text recorded)"
		}
		e.FirstError = fmt.Sprintf("op %d (%s %s, client %d): %s", op.ID, op.Func, kvrule.QuoteKey(op.Key), op.Client, msg)
	}
	return e
}

// noEvidence says why the history has nothing to judge; "" when it has.
func (e Evidence) noEvidence() string {
	const lead = "no operations to judge: "
	switch {
	case e.Ops == 0:
		return lead + "the history holds no operation (is it empty, or only a header?)"
	case e.OutOfScope == e.Ops:
		return fmt.Sprintf(lead+"all %d operations are out of scope; %s", e.Ops, e.FirstOutOfScope)
	case e.OK == 0:
		return fmt.Sprintf(lead+"all %d operations failed (%d) or have an unknown outcome (%d), so the store was never really tested "+
			"(is it reachable, and the credential right?); the first error, %s", e.Ops, e.Failed, e.Unknown, e.FirstError)
	case e.WritesOK == 0 && e.FoundReads == 0:
		what := "the history has no write"
		if e.Writes > 0 {
			what = fmt.Sprintf("none of its %d writes succeeded", e.Writes)
		}
		msg := fmt.Sprintf(lead+"%s and no read found a value, so nothing about the store was tested", what)
		if e.FirstError != "" {
			msg += "; the first error, " + e.FirstError
		}
		return msg
	}
	return ""
}

// warnings are set when some ops are out of scope, or a large share of
// the ops did not succeed.
func (e Evidence) warnings() []string {
	var ws []string
	if e.OutOfScope > 0 && e.OutOfScope < e.Ops {
		ws = append(ws, fmt.Sprintf("%d of %d operations are out of scope and were not judged; %s", e.OutOfScope, e.Ops, e.FirstOutOfScope))
	}
	if w := e.failures(); w != "" {
		ws = append(ws, w)
	}
	return ws
}

// failures is set when a large share of the ops did not succeed.
func (e Evidence) failures() string {
	bad := e.Failed + e.Unknown
	if e.Ops == 0 || bad == 0 || float64(bad) < troubledShare*float64(e.Ops) {
		return ""
	}
	return fmt.Sprintf("%d of %d operations (%.0f%%) failed (%d) or have an unknown outcome (%d): the checks judged only the rest; the first error, %s",
		bad, e.Ops, 100*float64(bad)/float64(e.Ops), e.Failed, e.Unknown, e.FirstError)
}
