package history

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestOutcomeUnknownCode(t *testing.T) {
	assert.Equal(t, code(statusCodes, OutcomeUnknown), uint8(statusUnknownCode))
}
