package checker

import (
	"path/filepath"
	"testing"
)

// BenchmarkIllegalKV checks porcupine's non-linearizable kv histories for
// linearizability alone: finding the illegal keys, naming their witnesses
// and drawing the visualization.
func BenchmarkIllegalKV(b *testing.B) {
	for _, name := range []string{"c10-bad", "c50-bad"} {
		h := readEDNFile(b, filepath.Join(porcupineDir(b), "test_data/kv", name+".txt"), false)
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if rep := Check(h, Options{Checks: []Name{Linearizable}}); rep.Verdict != Invalid {
					b.Fatal(rep.Text())
				}
			}
		})
	}
}
