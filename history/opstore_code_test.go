package history

import (
	"testing"
	"unsafe"

	"github.com/stretchr/testify/assert"
)

func TestCodes(t *testing.T) {
	assert.Equal(t, code(statusCodes, OutcomeOK), statusOKCode)
	assert.Equal(t, code(statusCodes, OutcomeFail), statusFailCode)
	assert.Equal(t, code(statusCodes, OutcomeUnknown), statusUnknownCode)
	assert.Equal(t, []uint8{codeGet, codePut, codeDelete, codeList, codeAppend, codeCAS, codeUpdate},
		[]uint8{code(funcCodes, FuncGet), code(funcCodes, FuncPut), code(funcCodes, FuncDelete), code(funcCodes, FuncList),
			code(funcCodes, FuncAppend), code(funcCodes, FuncCAS), code(funcCodes, FuncUpdate)})
}

// The opStore's doc promises 48 bytes per op.
func TestRecSize(t *testing.T) {
	assert.Equal(t, uintptr(48), unsafe.Sizeof(rec{}))
}
