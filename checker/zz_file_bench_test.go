package checker

import (
	"os"
	"testing"

	"github.com/kvchaos/kvchaos/history"
)

func BenchmarkZZFile(b *testing.B) {
	for b.Loop() {
		f, _ := os.Open(os.Getenv("KVF"))
		h, _, err := history.ReadJSONL(f)
		f.Close()
		if err != nil {
			b.Fatal(err)
		}
		if rep := Check(h, Options{}); rep.Verdict != Valid {
			b.Fatal(rep.Text())
		}
	}
}
