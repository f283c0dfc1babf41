package checker

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestReportJSONAndText(t *testing.T) {
	var b hb
	b.put(2, "", "x", "old", 0, 1)
	w := b.put(1, "", "x", "new", 5, 6)
	r := b.get(1, "", "x", "old", 10, 11)
	rep := Check(b.h, Options{})
	require.Equal(t, Invalid, rep.Verdict)

	raw, err := json.Marshal(rep)
	require.NoError(t, err)
	var back struct {
		Verdict string `json:"verdict"`
		Checks  []struct {
			Check     string `json:"check"`
			Status    string `json:"status"`
			Anomalies []struct {
				Kind string `json:"kind"`
				Ops  []int  `json:"ops"`
			} `json:"anomalies"`
		} `json:"checks"`
	}
	require.NoError(t, json.Unmarshal(raw, &back))
	assert.Equal(t, "invalid", back.Verdict)
	require.Len(t, back.Checks, len(allChecks))
	found := false
	for _, c := range back.Checks {
		for _, a := range c.Anomalies {
			if a.Kind == "read-your-writes" {
				found = true
				assert.Equal(t, []int{w, r}, a.Ops)
			}
		}
	}
	assert.True(t, found, string(raw))

	text := rep.Text()
	assert.Contains(t, text, "verdict: invalid")
	assert.Contains(t, text, "[read-your-writes]")
	assert.Contains(t, text, "linearizable: violated")
}

func TestOptionsErrorsNameTheField(t *testing.T) {
	rep := Check(history0(), Options{Model: "graph"})
	assert.Equal(t, Unknown, rep.Verdict)
	assert.Contains(t, rep.Error, "Options.Model")
	_, err := Options{Checks: []Name{"nope"}}.withDefaults()
	assert.ErrorContains(t, err, `Options.Checks: unknown check "nope"`)
	assert.Contains(t, Check(history0(), Options{Checks: []Name{"nope"}}).Error, `Options.Checks: unknown check "nope"`)
	_, err = Options{Expect: "strict"}.withDefaults()
	assert.ErrorContains(t, err, "Options.Expect")
	_, err = Options{}.withDefaults()
	assert.NoError(t, err)
}

func TestModelMustSupportOps(t *testing.T) {
	var b hb
	b.update(1, "c", "", "1", 0, 1)
	rep := Check(b.h, Options{Model: "register", Checks: []Name{Linearizable}})
	res, _ := rep.Result(Linearizable)
	assert.Equal(t, StatusSkipped, res.Status)
	assert.Contains(t, res.Explanation, "op 0 is an update, and the register model has no update: check with --model kv")
	assert.Equal(t, Unknown, rep.Verdict, "an unjudged history is not valid")
}

func TestLinearizabilityTimeoutIsUnknown(t *testing.T) {
	// Many concurrent unknown writes and reads make the search large; a
	// 1 ns budget cannot finish it.
	var b hb
	for i := 0; i < 40; i++ {
		b.put(i, "", "x", string(rune('a'+i%26))+string(rune('a'+i/26)), int64(i), int64(1000+i))
	}
	for i := 0; i < 40; i++ {
		b.get(100+i, "", "x", string(rune('a'+i%26))+string(rune('a'+i/26)), int64(500+i), int64(2000+i))
	}
	rep := Check(b.h, Options{Checks: []Name{Linearizable}, Timeout: 1, NoFastPath: true})
	res, _ := rep.Result(Linearizable)
	if res.Status == StatusUnknown {
		assert.Equal(t, Unknown, rep.Verdict)
		assert.Contains(t, res.Explanation, "NOT a pass")
	} else {
		assert.NotEqual(t, StatusOK, res.Status, "a 1ns search cannot prove this history linearizable")
	}
}
