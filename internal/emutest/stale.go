package emutest

import (
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kvchaos/kvchaos/checker"
	"github.com/kvchaos/kvchaos/history"
	"github.com/kvchaos/kvchaos/kv"
)

// WriterReader records a history that tells an eventually consistent
// store from a linearizable one: through adapters opened with open, a
// writer in the cluster's first region puts "x" = 1..n while a reader in
// the second region reads x after each acknowledged put, the virtual clock
// moving step between rounds; then the cluster is quiesced and x is read
// in every region (the convergence reads). Everything runs in one
// goroutine, so the history's real-time order is the program's. The
// cluster needs at least two regions.
func WriterReader(t *testing.T, srv *Server, open Open, n int, step time.Duration) history.History {
	t.Helper()
	regions := srv.Cluster.Regions()
	if len(regions) < 2 {
		t.Fatalf("emutest.WriterReader: need two regions, the cluster has %q", regions)
	}
	rec := history.NewRecorder()
	ctx := t.Context()
	w := history.Record(open(t, srv.URL, regions[0]), rec, 0, regions[0])
	r := history.Record(open(t, srv.URL, regions[1]), rec, 1, regions[1])
	for i := 1; i <= n; i++ {
		if err := w.Put(ctx, "x", []byte(strconv.Itoa(i)), kv.PutOptions{}); err != nil {
			t.Fatalf("emutest.WriterReader: put %d: %v", i, err)
		}
		if _, err := r.Get(ctx, "x"); err != nil && !errors.Is(err, kv.ErrNotFound) {
			t.Fatalf("emutest.WriterReader: read after put %d: %v", i, err)
		}
		if err := srv.Cluster.Advance(step); err != nil {
			t.Fatalf("emutest.WriterReader: %v", err)
		}
	}
	if err := srv.Cluster.Quiesce(); err != nil {
		t.Fatalf("emutest.WriterReader: %v", err)
	}
	now := rec.Now()
	rec.Annotate(history.Annotation{Kind: history.AnnotationQuiescent, Text: "quiesced", Start: now, End: now})
	for i, region := range regions {
		b := history.Record(open(t, srv.URL, region), rec, 2+i, region)
		if _, err := b.Get(ctx, "x"); err != nil {
			t.Fatalf("emutest.WriterReader: convergence read in %s: %v", region, err)
		}
	}
	return rec.History()
}

// RequireEventualNotLinearizable fails t unless the checker finds h not
// linearizable, naming stale reads, while h meets checker.ExpectEventual
// (it converges): what a WriterReader history over an edge preset must
// show.
func RequireEventualNotLinearizable(t testing.TB, h history.History) {
	t.Helper()
	lin := checker.Check(h, checker.Options{Expect: checker.ExpectLinearizable})
	if res, ok := lin.Result(checker.Linearizable); lin.Verdict != checker.Invalid || !ok || res.Status != checker.StatusViolated {
		t.Fatalf("emutest: the history passed linearizability (verdict %s):\n%s", lin.Verdict, lin.Text())
		return
	}
	if !strings.Contains(lin.Text(), "stale-read") {
		t.Fatalf("emutest: no stale read named:\n%s", lin.Text())
		return
	}
	if ev := checker.Check(h, checker.Options{Expect: checker.ExpectEventual}); ev.Verdict != checker.Valid {
		t.Fatalf("emutest: the history fails eventual consistency (verdict %s):\n%s", ev.Verdict, ev.Text())
	}
}
