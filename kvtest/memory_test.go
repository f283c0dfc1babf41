package kvtest_test

import (
	"testing"

	"github.com/kvchaos/kvchaos/kvtest"
)

func TestRunMemory(t *testing.T) {
	kvtest.Run(t, kvtest.MemoryHarness())
}
