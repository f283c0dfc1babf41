package checker

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kvchaos/kvchaos/history"
)

// casAfterWrite: x is written 1, then a cas 1→2 fails with extra (EDN
// keys); the compare would have matched, so reading the failure as a
// mismatch is a violation and reading it as "no effect" is not.
func casAfterWrite(t *testing.T, extra string) history.History {
	t.Helper()
	in := `{:process 0, :type :invoke, :f :write, :value 1}
{:process 0, :type :ok, :f :write, :value 1}
{:process 1, :type :invoke, :f :cas, :value [1 2]}
{:process 1, :type :fail, :f :cas, :value [1 2]` + extra + `}
{:process 2, :type :invoke, :f :read, :value nil}
{:process 2, :type :ok, :f :read, :value 1}`
	h, err := history.ReadEDN(strings.NewReader(in))
	require.NoError(t, err)
	return h
}

func linOf(h history.History, o Options) Status {
	o.Checks = []Name{Linearizable}
	res, _ := Check(h, o).Result(Linearizable)
	return res.Status
}

// :conflict is honoured per op, with no other op carrying the flag.
func TestConflictFalseIsHonouredPerOp(t *testing.T) {
	assert.Equal(t, StatusViolated, linOf(casAfterWrite(t, ""), Options{}), "Jepsen's :fail of a :cas is a mismatch")
	assert.Equal(t, StatusOK, linOf(casAfterWrite(t, ", :conflict false"), Options{}), ":conflict false: no mismatch, no effect")
}

// Maelstrom's definite error codes decide whether a failed cas was a
// mismatch: only 20 (key-does-not-exist) and 22 (precondition-failed).
func TestMaelstromErrorCodesDecideTheMismatch(t *testing.T) {
	for _, e := range []string{`[10 "not supported"]`, `[11 "temporarily unavailable"]`, `[14 "abort"]`, `[30 "txn conflict"]`, `:temporarily-unavailable`, `11`} {
		assert.Equal(t, StatusOK, linOf(casAfterWrite(t, ", :error "+e), Options{}), e)
	}
	for _, e := range []string{`[22 "expected 0, had 1"]`, `[20 "no such key"]`, `:precondition-failed`, `22`} {
		assert.Equal(t, StatusViolated, linOf(casAfterWrite(t, ", :error "+e), Options{}), e)
	}
}

// --failed-cas no-op reads every failure as Knossos does: no effect.
func TestFailedCASNoOpDropsFailedCAS(t *testing.T) {
	h := casAfterWrite(t, "")
	assert.Equal(t, StatusOK, linOf(h, Options{FailedCASNoOp: true}))
}

// --initial: two updates that both read an initial value nobody recorded
// writing lose one of them; Knossos's (cas-register 0) histories read 0
// before any write.
func TestInitialValueIsSeenByEveryCheck(t *testing.T) {
	var b hb
	b.update(1, "c", "a", "a,x", 0, 10)
	b.update(2, "c", "a", "a,y", 1, 11)
	b.get(3, "", "c", "a,y", 20, 21)
	initial := "a"
	rep := Check(b.h, Options{Initial: &initial})
	lu, _ := rep.Result(LostUpdates)
	assert.Equal(t, []AnomalyKind{KindLostUpdate}, kinds(lu), lu.Explanation)
	require.NotNil(t, lu.Lost)
	assert.Equal(t, int64(1), lu.Lost.Lost)
	assert.Equal(t, Invalid, rep.Verdict)
	assert.Equal(t, 3, rep.Ops, "the setup writes are not the history's ops")

	without := Check(b.h, Options{})
	lu, _ = without.Result(LostUpdates)
	assert.Zero(t, lu.AnomalyCount, "without --initial the value a has no known writer")

	zero := "0"
	in := `{:process 0, :type :invoke, :f :read, :value nil}
{:process 0, :type :ok, :f :read, :value 0}`
	h, err := history.ReadEDN(strings.NewReader(in))
	require.NoError(t, err)
	assert.Equal(t, StatusOK, linOf(h, Options{Initial: &zero, Model: "cas-register"}))
	assert.Equal(t, StatusViolated, linOf(h, Options{Model: "cas-register"}), "0 read from a register never written")
}

// Ops a model lacks, or no model has, are named plainly: the register
// model has no cas (use cas-register), and a :txn is out of scope (Elle).
func TestOutOfScopeOpsAreNamed(t *testing.T) {
	read := func(in string) history.History {
		h, err := history.ReadEDN(strings.NewReader(in))
		require.NoError(t, err)
		return h
	}
	cas := read("{:process 0, :type :invoke, :f :cas, :value [0 1]}\n{:process 0, :type :ok, :f :cas, :value [0 1]}")
	zero := "0"
	rep := Check(cas, Options{Model: "register", Initial: &zero})
	assert.Equal(t, Unknown, rep.Verdict)
	assert.Equal(t, "linearizable promise not decided: linearizable could not judge the ops: op 0 is a cas, and the register model has no cas: check with --model cas-register", rep.Store.Summary)
	assert.NotContains(t, rep.Text(), "timeout")

	txn := read("{:process 0, :type :invoke, :f :txn, :value [[:r 1 nil]]}\n{:process 0, :type :ok, :f :txn, :value [[:r 1 2]]}")
	rep = Check(txn, Options{})
	assert.Equal(t, Unknown, rep.Verdict)
	assert.Contains(t, rep.Error, "no operations to judge: all 1 operations are out of scope; op 0 is a txn")
	assert.Contains(t, rep.Error, "check them with Elle")
}
