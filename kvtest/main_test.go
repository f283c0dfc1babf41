package kvtest_test

import (
	"flag"
	"os"
	"testing"
)

// TestMain fixes rapid's seed (unless -rapid.seed is given) so every run of
// these tests draws the same cases, and keeps rapid from writing fail files
// into the source tree for the failures these tests provoke on purpose.
func TestMain(m *testing.M) {
	flag.Parse()
	set := map[string]bool{}
	flag.Visit(func(f *flag.Flag) { set[f.Name] = true })
	if !set["rapid.seed"] {
		_ = flag.Set("rapid.seed", "1")
	}
	if !set["rapid.nofailfile"] {
		_ = flag.Set("rapid.nofailfile", "true")
	}
	os.Exit(m.Run())
}
