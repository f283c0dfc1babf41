package recipes_test

import (
	"flag"
	"os"
	"testing"
)

// TestMain fixes rapid's seed (unless -rapid.seed is given), so every run
// draws the same cases.
func TestMain(m *testing.M) {
	flag.Parse()
	set := map[string]bool{}
	flag.Visit(func(f *flag.Flag) { set[f.Name] = true })
	if !set["rapid.seed"] {
		_ = flag.Set("rapid.seed", "1")
	}
	os.Exit(m.Run())
}
