package report

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/kvchaos/kvchaos/checker"
)

func TestDataLossCountsLostIncrementsOfEveryCounter(t *testing.T) {
	r := checker.Report{Verdict: checker.Invalid, Expect: checker.ExpectEventual, Results: []checker.Result{{
		Check: checker.LostUpdates, Status: checker.StatusViolated, AnomalyCount: 21,
		Counters: []checker.CounterBound{
			{Key: "k0", Final: 39, Lower: 57, Upper: 57, Acknowledged: 57, Lost: 18},
			{Key: "k1", Final: 20, Lower: 73, Upper: 73, Acknowledged: 73, Lost: 53},
			{Key: "k2", Final: 22, Lower: 70, Upper: 70, Acknowledged: 70, Lost: 48},
		},
	}}}
	loss := dataLoss(r)
	assert.Equal(t, "Yes", loss.Word)
	assert.Equal(t, "bad", loss.Class)
	assert.Equal(t, "lost 119 of 200 acknowledged increments (3 counters); 18 acknowledged writes overwritten unseen by a write that read the same state", loss.Detail)
	assert.Equal(t, "lost-updates", loss.Check)
}

func TestDataLossSaysNoOnlyOnEvidence(t *testing.T) {
	ok := checker.Report{Results: []checker.Result{{Check: checker.LostUpdates, Status: checker.StatusOK, Explanation: "read-modify-writes on 1 key(s): fine",
		Counters: []checker.CounterBound{{Key: "k", Final: 5, Lower: 5, Upper: 5, Acknowledged: 5}}}}}
	a := dataLoss(ok)
	assert.Equal(t, "No", a.Word)
	assert.Equal(t, "all 5 acknowledged increments are in the final value of 1 counter", a.Detail)

	skipped := checker.Report{Results: []checker.Result{{Check: checker.LostUpdates, Status: checker.StatusSkipped, Explanation: "no read-modify-write workload found"}}}
	assert.Equal(t, "Not judged", dataLoss(skipped).Word, "nothing to lose is not a pass")
	assert.Equal(t, "Not judged", dataLoss(checker.Report{}).Word)
	unknown := checker.Report{Results: []checker.Result{{Check: checker.LostUpdates, Status: checker.StatusUnknown, Explanation: "x"}}}
	assert.Equal(t, "Unknown", dataLoss(unknown).Word)
}

func TestPromiseNamesWhatBrokeIt(t *testing.T) {
	r := checker.Report{Verdict: checker.Invalid, Expect: checker.ExpectLinearizable, Results: []checker.Result{
		{Check: checker.Linearizable, Status: checker.StatusViolated, AnomalyCount: 3, Linearizability: &checker.LinearizabilityDetail{IllegalKeys: []string{"a", "b", "c"}}},
		{Check: checker.Staleness, Status: checker.StatusViolated, AnomalyCount: 4, Staleness: &checker.StalenessDetail{Reads: 88, Stale: 4}},
	}}
	p := promise(r)
	assert.Equal(t, "Did the store keep its promise (linearizable)?", p.Question)
	assert.Equal(t, "No", p.Word)
	assert.Equal(t, "3 keys not linearizable; 4 of 88 reads stale", p.Detail)

	r.Verdict, r.Expect = checker.Valid, checker.ExpectEventual
	p = promise(r)
	assert.Equal(t, "Yes", p.Word)
	assert.Contains(t, p.Detail, "findings outside the promise: 3 keys not linearizable; 4 of 88 reads stale")

	r.Verdict, r.Error = checker.Unknown, "bad options"
	assert.Equal(t, "Unknown", promise(r).Word)
	assert.Equal(t, "bad options", promise(r).Detail)
}

func TestAnswersFollowTheCheckersTwoPartVerdict(t *testing.T) {
	r := checker.Report{Expect: checker.ExpectEventual, Verdict: checker.Invalid,
		Store:  checker.StoreVerdict{Expect: checker.ExpectEventual, Verdict: checker.Valid, Summary: "kept its eventual promise"},
		Client: checker.ClientVerdict{Verdict: checker.Invalid, Checked: true, Summary: "lost 3 of 9 acknowledged writes (get+put)"}}
	got := answers(r)
	assert.Equal(t, "answer-loss", got[0].ID, "the loss comes first")
	assert.Equal(t, "Yes", got[0].Word)
	assert.Equal(t, "lost 3 of 9 acknowledged writes (get+put)", got[0].Detail, "the checker's count when the results hold none")
	assert.Equal(t, "Yes", got[1].Word, "the store kept its promise although the run is invalid")

	r.Client = checker.ClientVerdict{Verdict: checker.Valid, Checked: false, Summary: "no read-modify-write in the history"}
	assert.Equal(t, "Not judged", answers(r)[0].Word)
	r.Client = checker.ClientVerdict{Verdict: checker.Unknown, Summary: "not judged: nothing to judge"}
	r.Store = checker.StoreVerdict{Verdict: checker.Unknown, Summary: "not judged: nothing to judge"}
	got = answers(r)
	assert.Equal(t, "Unknown", got[0].Word)
	assert.Equal(t, "Unknown", got[1].Word)
	assert.Equal(t, "not judged: nothing to judge", got[1].Detail)
}
