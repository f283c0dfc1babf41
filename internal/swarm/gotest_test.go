package swarm

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestRunPatternSelectsExactlyTheTest(t *testing.T) {
	assert.Equal(t, "^TestA$", RunPattern("TestA"))
	assert.Equal(t, `^TestA$/^case_1\.x$`, RunPattern("TestA/case_1.x"))
}
