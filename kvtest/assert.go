package kvtest

import (
	"fmt"
	"slices"
	"strings"

	"github.com/kvchaos/kvchaos/checker"
)

// AssertNo checks this case's history with checker.Check and fails the
// case when it shows a finding of one of kinds, with the checker's own
// explanation, clients named as in the interleaving:
//
//	s.Run()
//	s.AssertNo(checker.KindLostUpdate, checker.KindCounterBounds)
//
// Call it after Run (and Quiesce, for the eventual presets' final reads).
func (s *Sim) AssertNo(kinds ...checker.AnomalyKind) {
	s.T.Helper()
	if len(kinds) == 0 {
		s.T.Fatalf("kvtest: AssertNo needs at least one checker.AnomalyKind")
	}
	names := s.ClientNames()
	var found []string
	n := 0
	for _, res := range checker.Check(s.Cluster.History(), checker.Options{}).Results {
		for _, a := range res.Anomalies {
			if !slices.Contains(kinds, a.Kind) {
				continue
			}
			n++
			if len(found) < 3 {
				found = append(found, fmt.Sprintf("[%s] %s", a.Kind, nameClients(a.Text, names)))
			}
		}
	}
	if n > 0 {
		more := ""
		if n > len(found) {
			more = fmt.Sprintf("\n(%d findings in all)", n)
		}
		s.T.Fatalf("the history shows %d finding(s) of %s:\n%s%s", n, kindNames(kinds), strings.Join(found, "\n"), more)
	}
}

// kindNames joins kinds for a message.
func kindNames(kinds []checker.AnomalyKind) string {
	out := make([]string, len(kinds))
	for i, k := range kinds {
		out[i] = string(k)
	}
	return strings.Join(out, ", ")
}
