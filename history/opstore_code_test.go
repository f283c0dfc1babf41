package history

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestStatusUnknownCode(t *testing.T) {
	assert.Equal(t, code(statusCodes, StatusUnknown), uint8(statusUnknownCode))
}
