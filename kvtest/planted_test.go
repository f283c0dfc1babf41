package kvtest_test

import (
	"errors"
	"os"
	"os/exec"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kvchaos/kvchaos/kvtest"
)

// plantedEnv selects the bug TestPlantedBugSuite plants; unset, it plants
// none and the suite must pass.
const plantedEnv = "KVTEST_PLANTED_BUG"

// TestPlantedBugSuite runs Run against Memory with the bug named by
// $KVTEST_PLANTED_BUG planted. Run directly (no bug) it is the control: the
// wrapper itself must not break Memory. TestPlantedBugsAreCaught runs it in
// a child process per bug and requires it to fail.
func TestPlantedBugSuite(t *testing.T) {
	kvtest.Run(t, buggedHarness(bug(os.Getenv(plantedEnv))))
}

// TestPlantedBugsAreCaught runs the suite once per planted bug, each in a
// child process of this test binary (kvtest.Run takes a *testing.T, so a
// failing suite is observed the way a user sees it: a failed go test), and
// requires it to fail in the part that should catch the bug.
func TestPlantedBugsAreCaught(t *testing.T) {
	catches := map[bug][]string{
		bugDeleteNoop:    {"TestPlantedBugSuite/sequential", "TestPlantedBugSuite/edge/max-length-keys", "TestPlantedBugSuite/concurrent/checked-history"},
		bugCASIgnoresVer: {"TestPlantedBugSuite/sequential", "TestPlantedBugSuite/concurrent/update-atomic"},
		bugListDropsEdge: {"TestPlantedBugSuite/sequential", "TestPlantedBugSuite/edge/list-pages-of-one"},
		bugListNoPrefix:  {"TestPlantedBugSuite/sequential", "TestPlantedBugSuite/edge/unicode-keys"},
		bugStaleReads:    {"TestPlantedBugSuite/sequential", "TestPlantedBugSuite/concurrent/checked-history"},
		bugTTLIgnored:    {"TestPlantedBugSuite/ttl", "TestPlantedBugSuite/sequential"},
	}
	for _, b := range plantedBugs {
		t.Run(string(b), func(t *testing.T) {
			t.Parallel()
			cmd := exec.CommandContext(t.Context(), os.Args[0], "-test.run=^TestPlantedBugSuite$", "-test.v", "-test.count=1",
				"-rapid.nofailfile", "-rapid.seed=1", "-rapid.shrinktime=1s")
			cmd.Env = append(os.Environ(), plantedEnv+"="+string(b))
			out, err := cmd.CombinedOutput()
			var exit *exec.ExitError
			require.True(t, errors.As(err, &exit), "the suite passed with bug %q planted:\n%s", b, out)
			for _, part := range catches[b] {
				assert.Contains(t, string(out), "--- FAIL: "+part+" ", "bug %q was not caught by %s", b, part)
			}
		})
	}
}
