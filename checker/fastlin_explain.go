package checker

import "fmt"

// The fast path's proofs that a key has no linearization. Each names the
// ops it rests on; the witness op is the one that cannot be placed.

// desc names op i: "op 7 (client 2), get("k") -> "v3"".
func (k *fastKey) desc(i int) string {
	if i == initOp {
		return "the initial state"
	}
	op := k.ix.op(k.pos[i])
	return fmt.Sprintf("op %d (client %d), %s", op.ID, op.Client, k.pm.DescribeOperation(&op, &op))
}

// id is op i's ID (read from the table: the copy in k.ops is not a
// record of it, see index.opID).
func (k *fastKey) id(i int) int { return k.ix.opID(k.ix.at(k.pos[i])) }

// value names what cluster c's writer stored.
func (k *fastKey) value(c int) string {
	w := k.clusters[c].writer
	switch {
	case w == initOp:
		return "absent (its initial state)"
	case k.ops[w].f == fDelete:
		return fmt.Sprintf("absent (deleted by op %d)", k.id(w))
	}
	return fmt.Sprintf("%q (written by op %d)", k.ix.str(k.ops[w].in), k.id(w))
}

// jobValues names the values of a chain of blocks.
func (k *fastKey) jobValues(j flJob) string {
	if len(j.blocks) == 1 {
		return k.value(j.blocks[0])
	}
	return fmt.Sprintf("%s and the %d values the cas ops after it chain to", k.value(j.blocks[0]), len(j.blocks)-1)
}

func (k *fastKey) proof(op int, format string, args ...any) witness {
	return witness{op: k.id(op), text: fmt.Sprintf(format, args...)}
}

// proofNoWriter: op i observed value v, which no write stores.
func (k *fastKey) proofNoWriter(i int, v uint32) witness {
	return k.proof(i, "%s, observed %q, a value no write of %q that may have taken effect stores", k.desc(i), k.ix.str(v), k.key)
}

// proofTwoSuccessors: ops a and b both replaced cluster c's value.
func (k *fastKey) proofTwoSuccessors(c, a, b int) witness {
	return k.proof(b, "%s, and %s, both replaced %s; after the first did, %q never holds that value again (every write stores a distinct value)",
		k.desc(b), k.desc(a), k.value(c), k.key)
}

// proofReadBeforeWrite: an op of cl returned before cl's writer was
// called.
func (k *fastKey) proofReadBeforeWrite(cl *flCluster) witness {
	return k.proof(cl.fOp, "%s, returned before %s, the only write of the value it observed, was called",
		k.desc(cl.fOp), k.desc(cl.writer))
}

// proofChain: the cas ops of a chain put block from before block to, but
// an op of to returned before an op of from was called.
func (k *fastKey) proofChain(from, fromOp, to int) witness {
	toOp := k.clusters[to].fOp
	return k.proof(toOp, "%s, returned before %s was called, yet the cas ops that replaced one value by the next put %s before %s in every order",
		k.desc(toOp), k.desc(fromOp), k.value(from), k.value(to))
}

// proofConflict: neither job can come first. Each holds its value(s)
// from an op that returned (dOp) to an op called later (sOp); an op of
// each returned before the other's last op was called.
func (k *fastKey) proofConflict(a, b flJob) witness {
	first := fmt.Sprintf("%s, was called after %s, returned, so the ops of %s cannot all come before those of %s",
		k.desc(a.sOp), k.desc(b.dOp), k.jobValues(a), k.jobValues(b))
	if a.dOp == initOp {
		return k.proof(a.sOp, "%s; yet the initial state comes before every write", first)
	}
	return k.proof(a.sOp, "%s; nor after them, as %s, returned before %s, was called; one value would have to come back after being replaced, and no write stores a value twice",
		first, k.desc(a.dOp), k.desc(b.sOp))
}
