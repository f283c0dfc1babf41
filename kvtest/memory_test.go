package kvtest_test

import (
	"testing"

	"github.com/kvchaos/kvchaos/kvtest"
)

func TestRunMemory(t *testing.T) {
	t.Parallel()
	kvtest.Run(t, kvtest.MemoryHarness())
}
