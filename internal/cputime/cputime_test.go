//go:build unix

package cputime

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestProcessGrowsWithWork(t *testing.T) {
	before := Process()
	assert.Positive(t, before, "a running test has used some CPU")
	x := 0
	for i := range 50_000_000 {
		x ^= i * i
	}
	assert.NotZero(t, x|1)
	assert.Greater(t, Process(), before, "spinning used CPU time")
}
