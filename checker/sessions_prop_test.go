package checker

import (
	"fmt"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/kvchaos/kvchaos/history"
)

// crossKeyByScan is what crossKey finds, by scanning every op of the
// observed client for its newest floor instead of following cursors: the
// op IDs of each monotonic-writes or writes-follow-reads anomaly, in
// order.
func crossKeyByScan(ix *index) []string {
	var out []string
	for _, c := range ix.clients {
		var seen []observed
		for _, i := range ix.byClient[c] {
			op := ix.at(i)
			src := ix.src[i]
			if !op.reads() || src == srcUnknown {
				continue
			}
			for _, obs := range seen {
				w2 := ix.at(obs.write)
				if w2.key == op.key {
					continue
				}
				last := int32(-1)
				for _, j := range ix.byClient[obs.client] {
					jo := ix.at(j)
					if jo.key != op.key || jo.call >= w2.call {
						continue
					}
					if jo.reads() {
						if ix.src[j] >= 0 {
							last = ix.src[j]
						}
					} else if jo.okWrite() {
						last = j
					}
				}
				if last >= 0 && ix.olderThan(src, last) {
					out = append(out, fmt.Sprint(obs.client, w2.id, ix.at(obs.read).id, op.id))
				}
			}
			if src >= 0 && ix.opClient(ix.at(src)) != c {
				seen = noteSeen(ix, seen, observed{client: ix.opClient(ix.at(src)), write: src, read: i})
			}
		}
	}
	return out
}

// Writes are ok, unknown or failed, some with a TTL: the paths the
// caught-up skip (caughtup.go) relies on.
func TestSessionCursorsAgreeWithAScan(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		var h history.History
		n := rapid.IntRange(1, 40).Draw(t, "n")
		for i := range n {
			call := rapid.Int64Range(0, 100).Draw(t, "call")
			op := history.Op{ID: i, Client: rapid.IntRange(0, 3).Draw(t, "client"),
				Key: rapid.SampledFrom([]string{"a", "b", "c"}).Draw(t, "key"), Outcome: history.OutcomeOK,
				Call: call, Return: call + rapid.Int64Range(0, 20).Draw(t, "len")}
			switch rapid.IntRange(0, 2).Draw(t, "f") {
			case 0:
				op.Func = history.FuncPut
				op.Input.Value = fmt.Sprint("v", i)
				if rapid.IntRange(0, 4).Draw(t, "ttl") == 0 {
					op.Input.TTLMillis = 1000 // the key may expire: absent is never older
				}
				op.Outcome = writeOutcome(t)
			case 1:
				op.Func = history.FuncDelete
				op.Outcome = writeOutcome(t)
			default:
				op.Func = history.FuncGet
				if v := rapid.IntRange(-1, n-1).Draw(t, "read"); v >= 0 {
					op.Output = history.Output{Found: true, Value: fmt.Sprint("v", v)}
				}
			}
			h.Ops = append(h.Ops, op)
		}
		ix := newIndex(h).full()
		res := checkSessions(ix, Options{MaxAnomalies: 1 << 20})
		var got []string
		for _, a := range res.Anomalies {
			if a.Kind == KindMonotonicWrites || a.Kind == KindWritesFollow {
				got = append(got, fmt.Sprint(clientOf(h, a.Ops[0]), a.Ops[1], a.Ops[2], a.Ops[3]))
			}
		}
		want := crossKeyByScan(ix)
		slices.Sort(got)
		slices.Sort(want)
		require.Equal(t, want, got)
	})
}

// writeOutcome draws a write's outcome: mostly ok, sometimes unknown (it
// may have taken effect at any later time) or failed.
func writeOutcome(t *rapid.T) history.Outcome {
	return rapid.SampledFrom([]history.Outcome{history.OutcomeOK, history.OutcomeOK, history.OutcomeOK,
		history.OutcomeUnknown, history.OutcomeFail}).Draw(t, "outcome")
}

// clientOf is the client of op id.
func clientOf(h history.History, id int) int { return h.Ops[id].Client }
