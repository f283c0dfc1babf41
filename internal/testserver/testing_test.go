package testserver

import (
	"errors"
	"os"
	"os/exec"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// childEnv makes TestMissingServerPolicy act as the child it starts.
const childEnv = "TESTSERVER_MISSING_CHILD"

// startMissing fails the way a Start function does when its binary is not
// installed.
func startMissing() (*Redis, error) {
	_, err := findBinary("kvchaos-no-such-server", "kvchaos-no-such-package")
	return nil, err
}

// TestMissingServerPolicy runs itself as a child process of the test binary
// asking for a server whose binary is not installed, through Shared.Get and
// Require: with CI unset the child's tests are skipped with the install
// hint; with CI=true they fail.
func TestMissingServerPolicy(t *testing.T) {
	if os.Getenv(childEnv) == "1" {
		t.Run("shared", func(t *testing.T) {
			NewShared(startMissing).Get(t)
			t.Fatal("Shared.Get returned without a server")
		})
		t.Run("require", func(t *testing.T) {
			Require(t, startMissing)
			t.Fatal("Require returned without a server")
		})
		return
	}
	for _, ci := range []string{"", "true"} {
		cmd := exec.CommandContext(t.Context(), os.Args[0], "-test.run=^TestMissingServerPolicy$", "-test.v", "-test.count=1")
		cmd.Env = append(os.Environ(), childEnv+"=1", "CI="+ci)
		out, err := cmd.CombinedOutput()
		text := string(out)
		assert.Contains(t, text, "apt-get install kvchaos-no-such-package", "CI=%q: the install hint", ci)
		for _, sub := range []string{"shared", "require"} {
			if ci == "true" {
				assert.Contains(t, text, "--- FAIL: TestMissingServerPolicy/"+sub+" ", "CI=true: a missing server fails")
			} else {
				assert.Contains(t, text, "--- SKIP: TestMissingServerPolicy/"+sub+" ", "outside CI a missing server skips")
			}
		}
		var exit *exec.ExitError
		if ci == "true" {
			require.True(t, errors.As(err, &exit), "CI=true: the child passed:\n%s", text)
		} else {
			require.NoError(t, err, "outside CI the child passes (skipped):\n%s", text)
		}
	}
}
